/**
 * esbuild plugin: takes out the one HTML sink of Preact, the branch of its DOM diff that applies
 * `dangerouslySetInnerHTML` (`dom.innerHTML = props.dangerouslySetInnerHTML.__html`). Backstory
 * never uses that prop (everything from the store reaches the DOM as text), and with the branch
 * gone `web-ext lint` has no innerHTML assignment to warn about in the popup and options page.
 * The branch now throws if anything ever takes it. The build fails if Preact's code no longer
 * has exactly one such assignment, so an update of Preact cannot slip past this silently.
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

const ASSIGNMENT = /\((\w+)\.innerHTML=(\w+)\.__html\)/g;

export const noPreactHtmlSink: Plugin = {
  name: 'no-preact-html-sink',
  setup(build) {
    build.onLoad({ filter: /[\\/]preact[\\/]dist[\\/]preact\.(module\.js|mjs)$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const found = source.match(ASSIGNMENT) ?? [];
      if (found.length !== 1) throw new Error(`${args.path}: expected one dangerouslySetInnerHTML assignment, found ${found.length}`);
      const contents = source.replace(ASSIGNMENT, '(()=>{throw new Error("dangerouslySetInnerHTML is not supported")})()');
      return { contents, loader: 'js' };
    });
  },
};
