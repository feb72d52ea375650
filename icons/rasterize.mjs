// Re-creates icons/icon-{16,32,48,128}.png from icon.svg (and icon-16.svg, the hand-tuned 16 px
// variant) with the Chromium that the tests use. Run: node icons/rasterize.mjs [path-to-chromium]
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const browser = await chromium.launch({ executablePath: process.argv[2] ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const size of [16, 32, 48, 128]) {
  const svg = readFileSync(join(here, size === 16 ? 'icon-16.svg' : 'icon.svg'), 'utf8')
    .replace(/width="\d+" height="\d+"/, `width="${size}" height="${size}"`)
    .replace('<svg', '<svg style="display:block"');
  const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
  await page.setContent(`<!doctype html><body style="margin:0;background:transparent">${svg}</body>`);
  await page.screenshot({ path: join(here, `icon-${size}.png`), omitBackground: true });
  await page.close();
}
await browser.close();
