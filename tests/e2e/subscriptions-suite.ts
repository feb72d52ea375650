/**
 * Subscriptions end to end, written once and run in each browser by
 * `subscriptions-chromium.test.ts` and `subscriptions-firefox.test.ts` (CONTRACT §2 "Published lists", §4 `List URL`,
 * `Subscribe`, `Unsubscribe`, `Subscribed: N entities` / `Subscription refused: <reason>`).
 * A published list is served from 127.0.0.1 by a node `http` server with ETag and Last-Modified
 * (answering 304 to conditional requests), beside a news page that mentions its entities.
 *
 * The tests run in order and build on each other: subscribe, highlights, read-only entities with
 * the reader's own notes, a refused HTML answer, a changed list, a broken list, unsubscribe.
 *
 * The list's refresh runs on an alarm (at most every 4 hours per list), which a test cannot
 * wait for; Subscribe to a URL already kept fetches the list again at once (documented in
 * docs/subscriptions.md), so that is how these tests see a changed or a broken list.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { exportEntities, hoverMention, pointerAway, summarizeHighlights, textsOf, waitForHighlights } from '../../scripts/lib/actions';
import { launch, readHighlights, sleep, waitFor, type BrowserKind, type Card, type ExtBrowser, type Tab } from '../../scripts/lib/browsers';
import type { HighlightMap } from '../../scripts/lib/page-scripts';
import {
  fieldStateScript,
  openInPopup,
  startListServer,
  subscribeTo,
  subscriptionItemsScript,
  writeNotesInPopup,
  type FieldState,
  type ListServer,
  type SubscriptionItem,
} from './sync-helpers';

const LIST_PATH = '/lists/morvan-watch.json';
const PORTAL_PATH = '/portal/list.json';
const PAGE_PATH = '/news/morvan.html';
const TITLE = 'Morvan basin watch list';

const ilseNotes = 'Hydrologist; publishes the basin readings every Monday.';
const readerNotes = 'My note: she answered my email within a day (reader, e2e).';

interface ListEntity {
  id: string;
  name: string;
  type: 'person' | 'place' | 'org';
  summary: string;
  notes?: string;
  aliases?: string[];
  tags?: string[];
  links?: { title: string; url: string }[];
}

const firstEntities: ListEntity[] = [
  {
    id: 'ilse-varga', name: 'Ilse Varga', type: 'person', summary: 'Director of the Zephyria Institute.', notes: ilseNotes,
    tags: ['water'], links: [{ title: 'Institute page', url: 'https://example.org/ilse-varga' }],
  },
  { id: 'zephyria-institute', name: 'Zephyria Institute', type: 'org', summary: 'Research institute on lake basins.' },
  { id: 'lake-morvan', name: 'Lake Morvan', type: 'place', summary: 'Shrinking lake in the Morvan basin.', aliases: ['Morvan Lake'] },
];
const portCavell: ListEntity = { id: 'port-cavell', name: 'Port Cavell', type: 'place', summary: 'Harbour town on the lake\'s southern shore.' };

function listBody(entities: ListEntity[], lastModified: string): string {
  return JSON.stringify({ format: 'backstory.entities', version: 1, title: TITLE, homepage: 'https://example.org/morvan', expires: '1 day', lastModified, entities }, null, 2);
}

const pageHtml = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lake Morvan in the news</title></head>
<body>
<article>
  <h1>A summer without rain</h1>
  <p>Ilse Varga, who directs the Zephyria Institute, said Lake Morvan fell two metres this summer.</p>
  <p>Boats from Port Cavell no longer reach the northern shore.</p>
</article>
</body></html>`;

const htmlPortal = '<!doctype html><html><head><title>Hotel Wi-Fi</title></head><body><p>Sign in to continue.</p></body></html>';
const garbage = '{"format": "backstory.entities", "version": 1, "entities": [{"name": "Ilse Var';

/** The backstory highlight texts as one flat list. */
const mentioned = (map: HighlightMap): string[] =>
  Object.entries(map).filter(([name]) => name.startsWith('backstory')).flatMap(([, ranges]) => ranges.map((r) => r.text));

export function subscriptionsSuite(kind: BrowserKind): void {
  describe(`Subscriptions in ${kind}`, () => {
    let lists: ListServer;
    let browser: ExtBrowser;
    let options: Tab;
    let news: Tab;
    const listUrl = (): string => lists.url(LIST_PATH);

    const items = (): Promise<SubscriptionItem[]> => options.evaluate<SubscriptionItem[]>(subscriptionItemsScript);
    const listRequests = (): number => lists.requests.filter((r) => r.path === LIST_PATH).length;

    /** Hovers `text` until the card shows every one of `expected` (the open tab gets updates). */
    async function cardShowing(tab: Tab, text: string, expected: string[]): Promise<Card> {
      let last: Card | null = null;
      return waitFor(
        async () => {
          await pointerAway(tab).catch(() => undefined);
          last = await hoverMention(tab, text);
          return expected.every((e) => last?.text.includes(e)) ? last : null;
        },
        { timeout: 20_000, message: () => `a card for "${text}" showing ${JSON.stringify(expected)} (last card text: ${JSON.stringify(last?.text)})` },
      );
    }

    beforeAll(async () => {
      lists = await startListServer();
      lists.set(LIST_PATH, listBody(firstEntities, '2025-06-01T00:00:00Z'));
      lists.set(PORTAL_PATH, htmlPortal, 'text/html; charset=utf-8');
      lists.set(PAGE_PATH, pageHtml, 'text/html; charset=utf-8');
      browser = await launch(kind);
      options = await browser.openExtensionPage('options.html');
    });

    afterAll(async () => {
      await browser?.close();
      await lists?.close();
    });

    test('the list server answers 304 to conditional requests (sanity check of the fixture)', async () => {
      const first = await fetch(listUrl());
      const etag = first.headers.get('etag');
      const lastModified = first.headers.get('last-modified');
      expect(first.status).toBe(200);
      expect(etag).toBeTruthy();
      expect(lastModified).toBeTruthy();
      expect((await fetch(listUrl(), { headers: { 'If-None-Match': etag ?? '' } })).status).toBe(304);
      expect((await fetch(listUrl(), { headers: { 'If-Modified-Since': lastModified ?? '' } })).status).toBe(304);
      lists.requests.length = 0;
    });

    test('Subscribe fetches the list at once: "Subscribed: 3 entities", listed with its last update and an Unsubscribe button', async () => {
      expect(await items()).toEqual([]);
      const status = await subscribeTo(options, listUrl());
      expect(status).toBe(`Subscribed: ${firstEntities.length} entities`);
      expect(listRequests(), 'one request for the list').toBe(1);

      const listed = await waitFor(async () => {
        const now = await items();
        return now.length > 0 ? now : null;
      }, { message: 'the subscription in the list' });
      expect(listed).toHaveLength(1);
      const [item] = listed;
      expect(item.text).toContain(TITLE);
      expect(item.text).toContain(listUrl());
      expect(item.text, 'the list shows its last update, a date').toMatch(/updated\b[^·]*\d/);
      expect(item.text).not.toMatch(/updated never/);
      expect(item.buttons).toContain('Unsubscribe');
    });

    test('the list\'s entities highlight on a page', async () => {
      news = await browser.newTab(lists.url(PAGE_PATH));
      const map = await waitForHighlights(news, (m) => textsOf(m, 'backstory-person').includes('Ilse Varga') && textsOf(m, 'backstory-place').includes('Lake Morvan'));
      const summary = summarizeHighlights(map);
      expect(textsOf(map, 'backstory-person'), summary).toContain('Ilse Varga');
      expect(textsOf(map, 'backstory-org'), summary).toContain('Zephyria Institute');
      expect(textsOf(map, 'backstory-place'), summary).toContain('Lake Morvan');
      expect(mentioned(map), 'Port Cavell is not in the list yet').not.toContain('Port Cavell');
      const card = await hoverMention(news, 'Ilse Varga');
      expect(card.text).toContain(ilseNotes);
      await news.press('Escape');
    });

    test('list entities are read-only in the popup, but the reader\'s notes can be added and show in the card', async () => {
      const popup = await openInPopup(browser, 'Ilse', 'Ilse Varga');
      try {
        for (const label of ['Name', 'Aliases', 'Type', 'Summary', 'Tags', 'Links']) {
          const state = await popup.evaluate<FieldState | null>(fieldStateScript(label));
          expect(state, `the popup has a ${label} field`).not.toBeNull();
          expect(state?.disabled || state?.readOnly, `${label} is disabled for a list entity`).toBe(true);
          // Text fields are read-only, not disabled: Tab reaches them and their text can be
          // copied (the type's <select> has no read-only state).
          if (label !== 'Type') expect(state?.disabled, `${label} is read-only, not disabled`).toBe(false);
        }
        const notes = await popup.evaluate<FieldState | null>(fieldStateScript('Notes'));
        expect(notes?.disabled, 'Notes stays editable').toBe(false);
        expect(notes?.readOnly).toBe(false);
        const deleteButtons = await popup.evaluate<number>(
          `[...document.querySelectorAll('button')].filter((b) => (b.textContent || '').trim() === 'Delete' && !b.disabled).length`,
        );
        expect(deleteButtons, 'no Delete for a list entity').toBe(0);
      } finally {
        await popup.close();
      }

      await writeNotesInPopup(browser, 'Ilse', 'Ilse Varga', readerNotes);
      const card = await cardShowing(news, 'Ilse Varga', [ilseNotes, readerNotes]);
      expect(card.text).toContain(readerNotes);
      await news.press('Escape');
      // CONTRACT §2: Export leaves the list's entities out but writes the reader's notes on them.
      const file = JSON.parse(await exportEntities(browser)) as { entities: { name: string }[]; listNotes?: { name?: string; notes: string }[] };
      expect(file.entities.map((e) => e.name)).not.toContain('Ilse Varga');
      expect(file.listNotes?.find((n) => n.name === 'Ilse Varga')?.notes).toBe(readerNotes);
    });

    test('an HTML page answered with 200 is refused: "Subscription refused: …", nothing added', async () => {
      const before = listRequests();
      const status = await subscribeTo(options, lists.url(PORTAL_PATH));
      expect(status).toMatch(/^Subscription refused: \p{L}/u);
      console.log(`${kind} subscriptions, HTML: ${status}`);
      expect(status, 'the reason names what was wrong').toMatch(/HTML|web page/i);
      await sleep(300);
      const now = await items();
      expect(now, 'still only the first list').toHaveLength(1);
      expect(now[0]?.text).toContain(TITLE);
      expect(listRequests()).toBe(before);
      expect(mentioned(await readHighlights(news))).toEqual(expect.arrayContaining(['Ilse Varga', 'Zephyria Institute', 'Lake Morvan']));
    });

    test('a List URL that is not a web address, or none at all, is refused in words, and the focus stays on Subscribe', async () => {
      for (const url of ['not a web address', '']) {
        const status = await subscribeTo(options, url);
        expect(status, JSON.stringify(url)).toMatch(/^Subscription refused: \S/);
        expect(status, JSON.stringify(url)).toMatch(/URL|address/i);
        expect(await options.evaluate<string>('document.activeElement?.textContent?.trim() ?? ""'), 'focus on Subscribe').toBe('Subscribe');
      }
      expect(await items(), 'still only the first list').toHaveLength(1);
    });

    test('the list changes: subscribing again fetches it, the new entity highlights, the reader\'s notes stay', async () => {
      lists.set(LIST_PATH, listBody([...firstEntities, portCavell], '2025-06-02T00:00:00Z'));
      const before = listRequests();
      const status = await subscribeTo(options, listUrl());
      expect(status).toBe(`Subscribed: ${firstEntities.length + 1} entities`);
      expect(lists.requests.filter((r) => r.path === LIST_PATH).slice(before).map((r) => r.status), 'the new copy was fetched').toContain(200);
      const listed = await waitFor(async () => {
        const now = await items();
        return now.length === 1 && now[0]?.text.includes(`${firstEntities.length + 1} entities`) ? now : null;
      }, { message: () => 'the subscription listed with 4 entities' });
      expect(listed[0]?.buttons).toContain('Unsubscribe');

      // The open page picks up the new entity.
      const map = await waitForHighlights(news, (m) => textsOf(m, 'backstory-place').includes('Port Cavell'), 15_000);
      expect(mentioned(map)).toEqual(expect.arrayContaining(['Ilse Varga', 'Zephyria Institute', 'Lake Morvan', 'Port Cavell']));
      const card = await cardShowing(news, 'Ilse Varga', [ilseNotes, readerNotes]);
      expect(card.text).toContain(readerNotes);
      await news.press('Escape');
    });

    test('a broken list (garbage) is refused and the last good copy stays', async () => {
      lists.set(LIST_PATH, garbage);
      const status = await subscribeTo(options, listUrl());
      console.log(`${kind} subscriptions, garbage: ${status}`);
      expect(status).toMatch(/^Subscription refused: \p{L}/u);
      const listed = await waitFor(async () => {
        const now = await items();
        return now.length === 1 && /failed/i.test(now[0]?.text ?? '') ? now : null;
      }, { message: 'the subscription listed with its failed check' }).catch(() => items());
      expect(listed).toHaveLength(1);
      expect(listed[0]?.text, 'the kept copy still counts 4 entities').toContain(`${firstEntities.length + 1} entities`);

      const fresh = await browser.newTab(lists.url(PAGE_PATH));
      try {
        const map = await waitForHighlights(fresh, (m) => textsOf(m, 'backstory-place').includes('Port Cavell'));
        expect(mentioned(map)).toEqual(expect.arrayContaining(['Ilse Varga', 'Zephyria Institute', 'Lake Morvan', 'Port Cavell']));
      } finally {
        await fresh.close();
      }
      const popup = await openInPopup(browser, 'Ilse', 'Ilse Varga');
      try {
        expect(await popup.fieldValue('Notes'), 'the reader\'s notes survive a refused copy').toBe(readerNotes);
      } finally {
        await popup.close();
      }
    });

    test('Unsubscribe removes the highlights and keeps the reader\'s notes: subscribing again shows them', async () => {
      await options.bringToFront();
      // The good copy back, fetched again: the status says `Subscribed: N entities`.
      lists.set(LIST_PATH, listBody([...firstEntities, portCavell], '2025-06-02T00:00:00Z'));
      expect(await subscribeTo(options, listUrl())).toBe(`Subscribed: ${firstEntities.length + 1} entities`);
      // Its Unsubscribe is described by the list's title: several lists give several such buttons.
      expect(await options.evaluate<string>(`(() => { const b = [...document.querySelectorAll('button')].find((x) => x.textContent === 'Unsubscribe'); return document.getElementById(b.getAttribute('aria-describedby')).textContent; })()`)).toBe(TITLE);
      await options.click('Unsubscribe', ['button']);
      await waitFor(async () => (await items()).length === 0, { message: 'the subscription to leave the list' });
      // The last list gone, focus goes to the section's heading; it fell to <body>.
      await waitFor(async () => (await options.evaluate<string>('document.activeElement.id')) === 'h-subscriptions', { timeout: 3_000, message: 'focus on the Subscriptions heading' });
      // Only the latest outcome (CONTRACT §4): no `Subscribed: N entities` left standing for a removed list.
      await waitFor(async () => ((await options.statusTexts()).some((s) => s.startsWith('Subscribed: ')) ? null : true), { timeout: 3_000, message: 'the Subscribed status to go' });

      let left: string[] = [];
      await waitFor(
        async () => {
          left = mentioned(await readHighlights(news));
          return left.length === 0;
        },
        { timeout: 15_000, message: () => `no highlights left on the open page (still: ${left.join(', ')})` },
      );
      const fresh = await browser.newTab(lists.url(PAGE_PATH));
      try {
        await sleep(1500);
        expect(mentioned(await readHighlights(fresh)), 'a new tab highlights nothing').toEqual([]);
      } finally {
        await fresh.close();
      }

      lists.set(LIST_PATH, listBody([...firstEntities, portCavell], '2025-06-02T00:00:00Z'));
      expect(await subscribeTo(options, listUrl())).toBe(`Subscribed: ${firstEntities.length + 1} entities`);
      await waitForHighlights(news, (m) => textsOf(m, 'backstory-person').includes('Ilse Varga'), 15_000);
      const card = await cardShowing(news, 'Ilse Varga', [ilseNotes, readerNotes]);
      expect(card.text).toContain(readerNotes);
      await news.press('Escape');
      const popup = await openInPopup(browser, 'Ilse', 'Ilse Varga');
      try {
        expect(await popup.fieldValue('Notes')).toBe(readerNotes);
      } finally {
        await popup.close();
      }
    });
  });
}
