/**
 * `import run from 'deferred:./module'` (scripts/lib/deferred.ts): the module, bundled as the
 * body of `run`, is evaluated only when `run()` is first called, which returns its exports.
 */
declare module 'deferred:./run' {
  const run: () => typeof import('./run');
  export default run;
}
