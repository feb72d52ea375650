/**
 * Builds the extension once before the end-to-end files run (`npm run build` → dist/chrome,
 * dist/firefox). Set BACKSTORY_BUILD_FRESH=1 to skip it when dist/ was just built (`npm test`
 * and `.ci/run` do not: they let this build).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { distChrome, distFirefox, repoRoot } from '../../scripts/lib/paths';

export default function setup(): void {
  const fresh = process.env.BACKSTORY_BUILD_FRESH === '1' && existsSync(join(distChrome, 'manifest.json')) && existsSync(join(distFirefox, 'manifest.json'));
  if (fresh) return;
  const started = Date.now();
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit', env: process.env });
  if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status ?? result.signal})`);
  console.log(`e2e: built the extension in ${Date.now() - started} ms`);
}
