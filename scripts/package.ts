/**
 * `npm run package`: builds minified, lints the Firefox build with `web-ext lint` (errors fail),
 * and writes store-ready zips to `artifacts/`:
 *   artifacts/backstory-chrome-<version>.zip   for the Chrome Web Store
 *   artifacts/backstory-firefox-<version>.zip  for addons.mozilla.org
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildExtension } from './build';

const root = join(import.meta.dirname ?? process.cwd(), '..');
const webExt = join(root, 'node_modules', '.bin', 'web-ext');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

await buildExtension({ minify: true });
execFileSync(webExt, ['lint', '--source-dir', 'dist/firefox', '--self-hosted=false', '--warnings-as-errors=false'], { cwd: root, stdio: 'inherit' });
for (const browser of ['chrome', 'firefox']) {
  execFileSync(webExt, ['build', '--source-dir', `dist/${browser}`, '--artifacts-dir', 'artifacts', '--filename', `backstory-${browser}-${version}.zip`, '--overwrite-dest'], { cwd: root, stdio: 'inherit' });
}
console.log(`packaged artifacts/backstory-chrome-${version}.zip and artifacts/backstory-firefox-${version}.zip`);
