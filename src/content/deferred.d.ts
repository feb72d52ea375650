/**
 * `import run from 'deferred:./module'` (scripts/lib/deferred.ts): the module, bundled as the
 * body of `run`, is evaluated only when `run()` is first called.
 */
declare module 'deferred:*' {
  const run: () => void;
  export default run;
}
