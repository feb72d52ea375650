/**
 * esbuild plugin: `import run from 'deferred:./module'` bundles that module (with everything it
 * imports) as the body of `run`, so none of it is evaluated until `run()` is called (once; later
 * calls return the same exports, and never evaluate it again). `run()` returns the module's
 * exports, so the caller can evaluate the code in one task and call into it in another. The
 * content script uses it so that a frame with no text (up to 34 ad slots on a corpus page) pays
 * only for its small watcher: evaluating the whole bundle's top level (its functions, classes,
 * the polyfill) cost about 30 kB of heap per frame (docs/page.md, "Content-script heap"). The
 * inner bundle is built with the outer build's target, define and minify options.
 */
import { build, type Plugin } from 'esbuild';
import { dirname, relative, resolve as resolvePath } from 'node:path';

const PREFIX = 'deferred:';
/** The inner bundle's exports, a local of `run`. */
const EXPORTS = '__deferredExports';

export const deferredModules: Plugin = {
  name: 'deferred-modules',
  setup(outer) {
    const root = outer.initialOptions.absWorkingDir ?? process.cwd();
    // The path shown in the bundle's comments is relative, as esbuild shows other modules.
    outer.onResolve({ filter: /^deferred:/ }, (args) => {
      const file = resolvePath(args.resolveDir, args.path.slice(PREFIX.length));
      return { path: relative(root, file), namespace: 'deferred', pluginData: file };
    });
    outer.onLoad({ filter: /.*/, namespace: 'deferred' }, async (args) => {
      const file = args.pluginData as string;
      const { target, define, minify, charset, legalComments } = outer.initialOptions;
      const inner = await build({
        entryPoints: [file],
        bundle: true,
        write: false,
        format: 'iife',
        globalName: EXPORTS,
        platform: 'browser',
        logLevel: 'warning',
        metafile: true,
        target,
        define,
        minify,
        charset,
        legalComments,
      });
      // The outer bundle is strict already: the inner one's directive would be a stray statement.
      const code = inner.outputFiles[0].text.replace(/^"use strict";\n/, '');
      return {
        contents: `let ran = false;\nlet exported;\nexport default function run() {\n  if (ran) return exported;\n  ran = true;\n${code}  exported = ${EXPORTS};\n  return exported;\n}\n`,
        loader: 'js',
        resolveDir: dirname(file),
        // Rebuilds (none today) would see changes to any of the inner bundle's files.
        watchFiles: Object.keys(inner.metafile.inputs).map((p) => resolvePath(p)),
      };
    });
  },
};
