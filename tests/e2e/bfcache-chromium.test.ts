// A page restored from the back/forward cache catches up with the entity changes made while it
// was cached (src/content/back-forward.ts). Chromium delivers no message to a cached page, and
// Playwright turns the cache off unless asked (LaunchOptions.backForwardCache), as a reader's
// Chrome does not.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page as PwPage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importEntities, textsOf } from '../../scripts/lib/actions';
import { launchChromium, readHighlights, waitFor, type ExtBrowser } from '../../scripts/lib/browsers';
import { startStaticServer, type StaticServer } from '../../scripts/lib/server';

const entity = (id: string, name: string, type: string) => ({ id, name, type, summary: `${name}.`, updatedAt: '2025-01-01T00:00:00Z' });
const ALL = [entity('rajnath-singh', 'Rajnath Singh', 'person'), entity('paris', 'Paris', 'place'), entity('tokyo', 'Tokyo', 'place')];

describe('back/forward cache in Chromium', () => {
  let browser: ExtBrowser;
  let server: StaticServer;
  let dir: string;
  const file = (name: string) => join(dir, name);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'backstory-bfcache-'));
    await writeFile(file('bf.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bf</title></head><body>
<p>Rajnath Singh flew from Paris to Tokyo.</p>
<script>addEventListener('pageshow', (e) => { window.restoredFromCache = e.persisted; });</script>
</body></html>`);
    await writeFile(file('away.html'), '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>away</title></head><body><p>Elsewhere.</p></body></html>');
    const list = (entities: unknown[]) => JSON.stringify({ format: 'backstory.entities', version: 1, entities });
    await writeFile(file('all.json'), list(ALL));
    await writeFile(file('no-tokyo.json'), list(ALL.filter((e) => e.id !== 'tokyo')));
    server = await startStaticServer({ '/': dir });
    browser = await launchChromium({ backForwardCache: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('after Back, an entity deleted while the page was cached is no longer highlighted, and one added is', async () => {
    expect(await importEntities(browser, file('all.json'), { replace: true })).toBe('Imported 3 entities');
    const tab = await browser.newTab(server.url('/bf.html'));
    const page = (tab as unknown as { page: PwPage }).page;
    const places = async () => textsOf(await readHighlights(tab), 'backstory-place').sort();
    try {
      await waitFor(async () => (await places()).length === 2, { message: 'Paris and Tokyo highlighted' });
      for (const [list, expected] of [['no-tokyo.json', ['Paris']], ['all.json', ['Paris', 'Tokyo']]] as const) {
        await tab.goto(server.url('/away.html'));
        await importEntities(browser, file(list), { replace: true });
        await page.goBack({ waitUntil: 'commit' });
        await waitFor(() => tab.evaluate<boolean>('document.readyState !== "loading" && "restoredFromCache" in window'), { message: 'the page shown again' });
        expect(await tab.evaluate<boolean>('window.restoredFromCache'), 'restored from the back/forward cache').toBe(true);
        let seen: string[] = [];
        await waitFor(async () => JSON.stringify((seen = await places())) === JSON.stringify(expected), {
          timeout: 5_000,
          message: () => `places ${JSON.stringify(expected)} after ${list} (seen ${JSON.stringify(seen)})`,
        });
        expect(textsOf(await readHighlights(tab), 'backstory-person')).toEqual(['Rajnath Singh']);
      }
    } finally {
      await tab.close();
    }
  });
});
