/**
 * The deferred-module plugin (scripts/lib/deferred.ts): the module's code runs only at the first
 * `run()`, which returns its exports; later calls return the same exports and run nothing again.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { deferredModules } from '../../../scripts/lib/deferred';

const dir = mkdtempSync(join(tmpdir(), 'backstory-deferred-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function bundle(): Promise<string> {
  writeFileSync(join(dir, 'inner.ts'), `log.push('evaluated');\nexport function start(): string { log.push('started'); return 'ok'; }\n`);
  writeFileSync(join(dir, 'entry.ts'), [
    `import run from 'deferred:./inner';`,
    `log.push('entry');`,
    `const first = run();`,
    `log.push('between');`,
    `log.push(first.start());`,
    `const second = run();`,
    `log.push(second === first ? 'same exports' : 'other exports');`,
  ].join('\n'));
  const out = await build({
    entryPoints: [join(dir, 'entry.ts')], bundle: true, write: false, format: 'iife', platform: 'browser',
    absWorkingDir: dir, logLevel: 'silent', plugins: [deferredModules],
  });
  return out.outputFiles[0].text;
}

describe('deferred modules', () => {
  it('evaluate the module at the first run(), return its exports, and never evaluate it again', async () => {
    const code = await bundle();
    const log: string[] = [];
    runInNewContext(code, { log });
    expect(log).toEqual(['entry', 'evaluated', 'between', 'started', 'ok', 'same exports']);
  });
});
