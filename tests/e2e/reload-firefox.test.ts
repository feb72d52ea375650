/**
 * Firefox reloads the extension (an update, or `runtime.reload()`) under an open tab with
 * highlights and an open card: the tab's content-script world outlives the old version, whose
 * listeners and timers no longer run, and whose `Highlight`s can no longer be read. The new
 * version, injected into the open tab, must take over: the old card gone, the highlights its
 * own (a new entity shows), and cards open again. Until 2026-12-07 the tab kept dead highlights
 * and a card that no pointer or key could close (found by a probe; docs/page.md "Lifecycle").
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hoverMention, importEntities, textsOf, waitForHighlights } from '../../scripts/lib/actions';
import { launch, sleep, waitFor, type ExtBrowser } from '../../scripts/lib/browsers';
import { startStaticServer, type StaticServer } from '../../scripts/lib/server';
import { pageFixturesDir } from './page-suite';

describe('Backstory in firefox: reloaded under an open tab', () => {
  let browser: ExtBrowser;
  let server: StaticServer;

  beforeAll(async () => {
    server = await startStaticServer({ '/page/': pageFixturesDir });
    browser = await launch('firefox');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the new version takes the tab over: the old card closes, its highlights are replaced, new entities show', async () => {
    expect(await importEntities(browser, join(pageFixturesDir, 'entities.json'))).toMatch(/^Imported \d+ entities$/);
    const tab = await browser.newTab(server.url('/page/names.html'));
    await waitForHighlights(tab, (m) => textsOf(m, 'backstory-person').includes('Rajnath Singh'));
    const card = await hoverMention(tab, 'Rajnath Singh');
    expect(card.accessibleName).toMatch(/^Rajnath Singh/);
    const options = await browser.openExtensionPage('options.html');
    await options.evaluate('(setTimeout(() => browser.runtime.reload(), 50), true)').catch(() => undefined);
    await waitFor(async () => (await tab.readCard()) === null, { timeout: 10_000, message: 'the old card gone after the reload' });
    await sleep(500);
    // A new entity reaches the tab that was open across the reload.
    const file = join(mkdtempSync(join(tmpdir(), 'backstory-reload-')), 'after-reload.json');
    writeFileSync(file, JSON.stringify([{ id: 'after-reload', name: 'Later', type: 'event' }]));
    expect(await importEntities(browser, file)).toBe('Imported 1 entities');
    await waitForHighlights(tab, (m) => textsOf(m, 'backstory-event').includes('Later'), 10_000);
    const again = await hoverMention(tab, 'Rajnath Singh');
    expect(again.accessibleName).toMatch(/^Rajnath Singh/);
  });
});
