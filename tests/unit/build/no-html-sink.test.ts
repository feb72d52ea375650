/**
 * The popup and options bundles carry no HTML sink: Preact's `dangerouslySetInnerHTML` branch is
 * taken out at build time (scripts/lib/no-html-sink.ts), so `web-ext lint` has nothing to warn
 * about and no stored text could ever be parsed as HTML through it.
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { noPreactHtmlSink } from '../../../scripts/lib/no-html-sink';

async function bundle(plugins: typeof noPreactHtmlSink[]): Promise<string> {
  const result = await build({
    stdin: { contents: "import { h, render } from 'preact'; render(h('p', null, 'x'), document.body);", resolveDir: process.cwd(), loader: 'js' },
    bundle: true, write: false, format: 'iife', minify: true, logLevel: 'silent', plugins,
  });
  return result.outputFiles[0].text;
}

describe('no HTML sink from Preact', () => {
  it('removes the one innerHTML assignment of a dynamic value, and nothing else', async () => {
    const dynamicAssignment = /\.innerHTML=(?!"")/;
    expect(await bundle([])).toMatch(dynamicAssignment); // the check can see it
    const cleaned = await bundle([noPreactHtmlSink]);
    expect(cleaned).not.toMatch(dynamicAssignment);
    expect(cleaned).toContain('dangerouslySetInnerHTML is not supported');
  });
});
