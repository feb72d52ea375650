// CONTRACT / issue 6 "live, inside one browser": an edit reaches every open tab at once. The
// article tab polls its own CSS.highlights every 2 ms; the time from sending the edit to the new
// highlight is printed (a figure, not a timed assertion: speed belongs in
// the bench) and the highlight must come and go.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importEntities } from '../../scripts/lib/actions';
import { launchChromium, waitFor, type ExtBrowser, type Tab } from '../../scripts/lib/browsers';
import { demoDir } from '../../scripts/lib/paths';
import { startStaticServer, type StaticServer } from '../../scripts/lib/server';

/** In the article: resolves with Date.now() when a `backstory-org` range reads `text` (or its absence). */
const watchScript = (text: string, present: boolean) => `new Promise((resolve) => {
  const has = () => [...(CSS.highlights.get('backstory-org') ?? [])].some((r) => {
    const range = document.createRange();
    range.setStart(r.startContainer, r.startOffset);
    range.setEnd(r.endContainer, r.endOffset);
    return range.toString() === ${JSON.stringify(text)};
  });
  const started = Date.now();
  const poll = () => (has() === ${present} ? resolve(Date.now()) : Date.now() - started > 5000 ? resolve(-1) : setTimeout(poll, 2));
  poll();
})`;

/** In an extension page: save a patch through the protocol; resolves with Date.now() when it was sent. */
const saveScript = (id: string, aliases: string[]) =>
  `(() => { const sent = Date.now(); return chrome.runtime.sendMessage({ type: 'saveEntity', id: ${JSON.stringify(id)}, patch: { aliases: ${JSON.stringify(aliases)} } }).then(() => sent); })()`;

describe('live updates in Chromium', () => {
  let browser: ExtBrowser;
  let server: StaticServer;
  let article: Tab;
  let page: Tab;

  beforeAll(async () => {
    server = await startStaticServer({ '/demo/': demoDir });
    browser = await launchChromium();
    expect(await importEntities(browser, join(demoDir, 'entities.json'))).toMatch(/^Imported \d+ entities$/);
    article = await browser.newTab(server.url('/demo/article.html'));
    await waitFor(async () => (await article.evaluate<number>(`CSS.highlights.size`)) > 0, { message: 'highlights on the article' });
    page = await browser.openExtensionPage('options.html');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('an alias added in one context is highlighted in an open tab, and goes when removed', async () => {
    const appears = article.evaluate<number>(watchScript('Meridian Post', true));
    const saved = await page.evaluate<number>(saveScript('ani', ['Asian News International', 'Meridian Post']));
    const shown = await appears;
    expect(shown).toBeGreaterThan(0);
    console.log(`live update: alias added → highlighted in the open tab ${shown - saved} ms after the edit was sent`);

    const goes = article.evaluate<number>(watchScript('Meridian Post', false));
    const removedAt = await page.evaluate<number>(saveScript('ani', ['Asian News International']));
    const gone = await goes;
    expect(gone).toBeGreaterThan(0);
    console.log(`live update: alias removed → highlight gone ${gone - removedAt} ms after the edit was sent`);
  });
});
