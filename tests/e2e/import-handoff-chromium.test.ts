// Closing the options page the moment after choosing a file never aborts the import (CONTRACT §4):
// the file goes to the background's service worker in the change task (src/options/stage-upload.ts).
// A page the worker does not control (opened in the first second of a fresh profile, or
// hard-reloaded, as here: a force reload bypasses service workers) used to stage the file in its
// own transaction instead, which Chrome aborts when the page closes.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page as PwPage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportEntities } from '../../scripts/lib/actions';
import { launchChromium, waitFor, type ExtBrowser } from '../../scripts/lib/browsers';

describe('import hand-off in Chromium', () => {
  let browser: ExtBrowser;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'backstory-handoff-'));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('a page the worker does not control hands the file to the worker, and closing it at once loses nothing', async () => {
    const entities = Array.from({ length: 3000 }, (_, i) => ({ id: `handed-${i}`, name: `Handed Entity ${i}`, notes: 'x'.repeat(200) }));
    const file = join(dir, 'handed.json');
    await writeFile(file, JSON.stringify({ format: 'backstory.entities', version: 1, entities }));
    const options = await browser.openExtensionPage('options.html');
    const page = (options as unknown as { page: PwPage }).page;
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Page.reload', { ignoreCache: true });
    await waitFor(() => options.evaluate<boolean>(`document.readyState === 'complete' && !!document.querySelector('input[type=file]')`), { message: 'the hard-reloaded options page' });
    expect(await options.evaluate<boolean>('navigator.serviceWorker.controller === null'), 'a hard reload bypasses the worker').toBe(true);
    // Count what leaves the page through a worker's postMessage.
    await options.evaluate(`(() => {
      window.__posted = 0;
      const post = ServiceWorker.prototype.postMessage;
      ServiceWorker.prototype.postMessage = function (...args) { window.__posted++; return post.apply(this, args); };
    })()`);
    await waitFor(() => options.evaluate<boolean>(`navigator.serviceWorker.ready.then(() => true)`), { message: 'the worker registration' });
    await options.setFiles('Import entities', file);
    const posted = await options.evaluate<number>('window.__posted');
    await options.close();
    expect(posted, 'the file was posted to the background worker').toBe(1);
    await waitFor(async () => (JSON.parse(await exportEntities(browser)) as { entities: unknown[] }).entities.length === 3000, {
      timeout: 30_000,
      message: 'the 3,000 entities imported after the page closed',
    });
  });
});
