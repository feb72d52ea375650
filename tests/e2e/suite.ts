/**
 * The end-to-end checks, written once and run in each browser by `chromium.test.ts` and
 * `firefox.test.ts` (one browser per file, shared by the file's tests, which run in order and
 * build on each other: import, then read highlights, hover, edit notes in the popup, refuse a
 * broken import). Everything is done through the extension's UI as CONTRACT §4 names it, on the
 * repository's demo page served from 127.0.0.1.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  allMentions,
  exportEntities,
  hoverMention,
  importEntities,
  pointerAway,
  summarizeHighlights,
  textsOf,
  waitForHighlights,
} from '../../scripts/lib/actions';
import { launch, readHighlights, sleep, waitFor, type BrowserKind, type ExtBrowser, type LaunchOptions, type Tab } from '../../scripts/lib/browsers';
import { readMentionsInOrderScript, type HighlightMap, type OrderedMention } from '../../scripts/lib/page-scripts';
import { demoDir, e2eFixturesDir } from '../../scripts/lib/paths';
import { startStaticServer, type StaticServer } from '../../scripts/lib/server';

/** In the page: is `document.body` exactly as the server sent it (highlights and cards never change it)? */
const BODY_AS_SERVED = `fetch(location.href).then((r) => r.text()).then((html) => new DOMParser().parseFromString(html, 'text/html').body.innerHTML === document.body.innerHTML)`;

export interface DemoEntity {
  id?: string;
  name: string;
  type?: string;
  summary?: string;
  notes?: string;
  links?: { title?: string; url: string }[];
}

export function loadDemoEntities(): DemoEntity[] {
  const parsed = JSON.parse(readFileSync(join(demoDir, 'entities.json'), 'utf8')) as { entities: DemoEntity[] } | DemoEntity[];
  return Array.isArray(parsed) ? parsed : parsed.entities;
}

/** demo/expected-mentions.json: the mentions the demo page must produce, in document order. */
export function loadExpectedMentions(): { highlight: string; text: string; entity: string; where: string }[] {
  const parsed = JSON.parse(readFileSync(join(demoDir, 'expected-mentions.json'), 'utf8')) as {
    mentions: { highlight: string; text: string; entity: string; where: string }[];
  };
  return parsed.mentions;
}

export const demoEntitiesFile = join(demoDir, 'entities.json');
const fixture = (name: string): string => join(e2eFixturesDir, name);
const norm = (s: string | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();
/** The first `n` characters of a text, cut at a word, for "shows this text" checks. */
const opening = (s: string | undefined, n = 60): string => {
  const t = norm(s);
  if (t.length <= n) return t;
  const cut = t.slice(0, n);
  return cut.slice(0, cut.lastIndexOf(' ') > 20 ? cut.lastIndexOf(' ') : n);
};

/** The demo's full names the article is written around (see demo/article.html). */
const hasCoreMentions = (map: HighlightMap): boolean =>
  textsOf(map, 'backstory-person').includes('Rajnath Singh') && textsOf(map, 'backstory-place').includes('Pahalgam');

/** Reads highlights until two reads 400 ms apart agree (the content script works in slices). */
export async function settledHighlights(tab: Tab, timeout = 15_000): Promise<HighlightMap> {
  await waitForHighlights(tab, hasCoreMentions, timeout);
  let previous = JSON.stringify(canonical(await readHighlights(tab)));
  return waitFor(
    async () => {
      await sleep(400);
      const map = await readHighlights(tab);
      const now = JSON.stringify(canonical(map));
      const same = now === previous;
      previous = now;
      return same ? map : null;
    },
    { timeout, message: 'highlights to settle' },
  );
}

/** Highlight name → sorted range texts with their context: order-free comparison. */
function canonical(map: HighlightMap): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, ranges] of Object.entries(map).sort(([a], [b]) => a.localeCompare(b))) {
    if (!name.startsWith('backstory')) continue;
    out[name] = ranges.map((r) => `${r.before}[${r.text}]${r.after}`).sort();
  }
  return out;
}

/** The entities of an export, keyed by id, for comparisons that ignore the file's own header. */
function exportedEntities(text: string): Record<string, unknown>[] {
  const parsed = JSON.parse(text) as { entities?: Record<string, unknown>[] } | Record<string, unknown>[];
  const list = Array.isArray(parsed) ? parsed : (parsed.entities ?? []);
  return [...list].sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

export function extensionSuite(kind: BrowserKind, launchOptions: LaunchOptions = {}): void {
  describe(`Backstory in ${kind}`, () => {
    let browser: ExtBrowser;
    let server: StaticServer;
    let article: Tab;
    const demo = loadDemoEntities();
    const byName = (name: string): DemoEntity => {
      const e = demo.find((d) => d.name === name);
      if (!e) throw new Error(`demo/entities.json has no "${name}"`);
      return e;
    };
    const articleUrl = (): string => server.url('/demo/article.html');

    beforeAll(async () => {
      server = await startStaticServer({ '/demo/': demoDir, '/fixtures/': e2eFixturesDir });
      browser = await launch(kind, launchOptions);
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    test('imports the demo entities through the options page', async () => {
      const status = await importEntities(browser, demoEntitiesFile);
      expect(status).toBe(`Imported ${demo.length} entities`);
    });

    test('highlights the mentions on the demo article, by type, following the matching rules', async () => {
      article = await browser.newTab(articleUrl());
      const map = await settledHighlights(article);
      const summary = summarizeHighlights(map);
      const mentions = allMentions(map);

      for (const name of Object.keys(map).filter((n) => n.startsWith('backstory'))) {
        expect(name, 'every backstory highlight is backstory-<type>').toMatch(/^backstory-(person|place|org|event|other)$/);
      }
      expect(textsOf(map, 'backstory-person'), summary).toEqual(expect.arrayContaining(['Rajnath Singh', 'Gen Nakatani']));
      expect(textsOf(map, 'backstory-place'), summary).toEqual(expect.arrayContaining(['Pahalgam', 'Jammu and Kashmir', 'New Delhi', 'India', 'Japan', 'Indo-Pacific']));
      expect(textsOf(map, 'backstory-org'), summary).toContain('ANI');

      // Japan in Japan's / Japan’s / India-Japan, never inside Japanese.
      const japan = mentions.filter((m) => m.text === 'Japan');
      expect(japan.some((m) => /^['’]s/.test(m.after)), `Japan's is a mention: ${summary}`).toBe(true);
      expect(japan.filter((m) => /^\p{L}/u.test(m.after)), 'no Japan inside a longer word (Japanese)').toEqual([]);
      expect(mentions.filter((m) => /^Japanes/i.test(m.text + m.after)), 'nothing highlighted inside Japanese').toEqual([]);

      // New Delhi is one mention, never also Delhi; Jammu and Kashmir never also Kashmir.
      expect(mentions.filter((m) => m.text === 'New Delhi').length, summary).toBeGreaterThanOrEqual(1);
      expect(mentions.filter((m) => m.text.toLowerCase() === 'delhi' && /new $/i.test(m.before)), 'no separate Delhi inside New Delhi').toEqual([]);
      expect(mentions.filter((m) => m.text === 'Kashmir' && /and $/.test(m.before)), 'no separate Kashmir inside Jammu and Kashmir').toEqual([]);

      // Nothing from excluded parts of the page (textarea, button, svg, script…).
      expect(mentions.filter((m) => m.excluded), 'no mention inside excluded elements').toEqual([]);
    });

    test('produces exactly the mentions listed in demo/expected-mentions.json, in document order, never overlapping', async () => {
      const expected = loadExpectedMentions().map((m) => `${m.highlight} ${norm(m.text)}  (${m.entity}, ${m.where})`);
      const actual = await waitFor(
        async () => {
          const list = await article.evaluate<OrderedMention[]>(readMentionsInOrderScript);
          return list.length >= expected.length ? list : null;
        },
        { timeout: 10_000, message: `${expected.length} mentions` },
      ).catch(() => article.evaluate<OrderedMention[]>(readMentionsInOrderScript));
      const strip = (s: string): string => s.replace(/ {2}\(.*\)$/, '');
      expect(actual.map((m) => `${m.highlight} ${norm(m.text)}`)).toEqual(expected.map(strip));
      expect(actual.filter((m) => m.overlapsPrevious), 'no two mentions overlap').toEqual([]);
    });

    test('resting the pointer on a mention opens its card; Escape closes it', async () => {
      const rajnath = byName('Rajnath Singh');
      const card = await hoverMention(article, 'Rajnath Singh');
      expect(card.accessibleName, 'the dialog is named by the entity (accessibility tree)').toMatch(/^Rajnath Singh/);
      // The type as written, not as CSS shows it (text-transform reaches Chromium's tree).
      if (card.accessibleTexts) expect(card.accessibleTexts, 'the type in the accessibility tree').toContain('Person');
      expect(card.hostAfterBody, 'the card host is a child of <html> after <body>').toBe(true);
      expect(card.text).toContain(opening(rajnath.summary));
      if (rajnath.notes) expect(card.text).toContain(opening(rajnath.notes));
      const wiki = rajnath.links?.find((l) => l.url.startsWith('https://'));
      expect(wiki, 'the demo gives Rajnath Singh an https link').toBeDefined();
      expect(card.links).toContainEqual(expect.objectContaining({ name: wiki?.title ?? wiki?.url, href: wiki?.url, target: '_blank' }));

      // The page's DOM is not changed by highlights or by the open card.
      expect(await article.evaluate<boolean>(BODY_AS_SERVED), 'document.body is exactly as served while the card is open').toBe(true);

      await article.press('Escape');
      await waitFor(async () => (await article.readCard()) === null, { timeout: 3_000, message: 'Escape to close the card' });
    });

    test('a card over an element with a title (the demo’s <abbr title> around ANI) changes nothing in <body>', async () => {
      await pointerAway(article);
      const card = await hoverMention(article, 'ANI');
      expect(card.accessibleName).toMatch(/^ANI/);
      expect(await article.evaluate<boolean>(BODY_AS_SERVED), 'document.body is exactly as served while the card is open').toBe(true);
      await article.press('Escape');
      await waitFor(async () => (await article.readCard()) === null, { timeout: 3_000, message: 'Escape to close the card' });
    });

    test('a card shows notes, and only http(s) links are clickable', async () => {
      await pointerAway(article);
      const pahalgam = byName('Pahalgam');
      const card = await hoverMention(article, 'Pahalgam');
      expect(card.accessibleName).toMatch(/^Pahalgam/);
      expect(card.text).toContain(opening(pahalgam.notes));
      await article.press('Escape');
      await waitFor(async () => (await article.readCard()) === null, { timeout: 3_000, message: 'Escape to close the card' });

      const indo = byName('Indo-Pacific');
      const other = indo.links?.find((l) => !/^https?:/.test(l.url));
      const card2 = await hoverMention(article, 'Indo-Pacific');
      expect(card2.links.length).toBeGreaterThan(0);
      expect(card2.links.every((l) => /^https?:\/\//.test(l.href)), `only http(s) links are <a href>: ${JSON.stringify(card2.links)}`).toBe(true);
      if (other) expect(card2.text, 'a non-http link is shown as text').toContain(other.title ?? other.url);
      await article.press('Escape');
    });

    test('notes edited in the popup appear in the card of an already open tab', async () => {
      const notes = `Edited in the popup (${kind} e2e ${Date.now()}): ask about the new consultative body.`;
      const popup = await browser.openExtensionPage('popup.html');
      try {
        await popup.fill('Search entities', 'Rajnath');
        await popup.click('Rajnath Singh', ['button']);
        await popup.fill('Notes', notes);
        await waitFor(async () => (await popup.statusTexts()).includes('Saved'), { timeout: 10_000, message: 'the notes status "Saved"' });
        expect(await popup.fieldValue('Notes'), 'the focused Notes field keeps what was typed').toBe(notes);
      } finally {
        await popup.close();
      }
      await pointerAway(article).catch(() => undefined);
      const card = await waitFor(
        async () => {
          const c = await hoverMention(article, 'Rajnath Singh');
          if (c.text.includes(notes)) return c;
          await pointerAway(article);
          return null;
        },
        { timeout: 15_000, message: 'the edited notes in the card' },
      );
      expect(card.text).toContain(notes);
      await article.press('Escape');
    });

    test('a broken import is refused, naming the entity and field, and changes nothing', async () => {
      const exportBefore = exportedEntities(await exportEntities(browser));
      const demoIds = demo.map((d) => d.id).filter((id): id is string => !!id);
      expect(exportBefore.map((e) => e.id)).toEqual(expect.arrayContaining(demoIds));
      const before = await browser.newTab(articleUrl());
      const highlightsBefore = canonical(await settledHighlights(before));
      await before.close();

      const noName = await importEntities(browser, fixture('refused-missing-name.json'));
      expect(noName).toMatch(/^Import refused: /);
      expect(noName, 'names the 2nd entity').toMatch(/\b2\b/);
      expect(noName, 'names the field').toMatch(/\bname\b/i);

      const badType = await importEntities(browser, fixture('refused-unknown-type.json'));
      expect(badType).toMatch(/^Import refused: /);
      expect(badType, 'names the 3rd entity').toMatch(/\b3\b/);
      expect(badType, 'names the field').toMatch(/\btype\b/i);

      expect(exportedEntities(await exportEntities(browser)), 'the export is unchanged').toEqual(exportBefore);
      const after = await browser.newTab(articleUrl());
      try {
        const highlightsAfter = canonical(await settledHighlights(after));
        expect(highlightsAfter, 'a new tab shows the same highlights').toEqual(highlightsBefore);
      } finally {
        await after.close();
      }
    });

    if (kind === 'chromium') {
      test('a stopped service worker wakes up and still answers', async () => {
        const how = await browser.stopBackground();
        console.log(`chromium: ${how}`);
        const tab = await browser.newTab(articleUrl());
        try {
          await waitForHighlights(tab, hasCoreMentions, 20_000);
          const card = await hoverMention(tab, 'Gen Nakatani');
          expect(card.accessibleName).toMatch(/^Gen Nakatani/);
        } finally {
          await tab.close();
        }
      });
    }
  });
}

/**
 * Firefox's event page: launched with a short `extensions.background.idle.timeout`, the background
 * goes idle (checked in Firefox's parent process), and a new tab still gets highlights and cards.
 */
export function wakeSuite(kind: BrowserKind, idleTimeoutMs: number): void {
  describe(`Backstory in ${kind}: the background wakes after going idle`, () => {
    let browser: ExtBrowser;
    let server: StaticServer;
    const demo = loadDemoEntities();

    beforeAll(async () => {
      server = await startStaticServer({ '/demo/': demoDir });
      browser = await launch(kind, { backgroundIdleTimeoutMs: idleTimeoutMs });
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    test('imports, goes idle, and a new tab still gets highlights and a card', async () => {
      expect(await importEntities(browser, demoEntitiesFile)).toBe(`Imported ${demo.length} entities`);
      const how = await browser.stopBackground();
      console.log(`${kind}: ${how}`);
      expect(how, 'the background went idle by itself').toMatch(/went idle by itself/);
      const tab = await browser.newTab(server.url('/demo/article.html'));
      const map = await waitForHighlights(tab, hasCoreMentions, 20_000);
      expect(textsOf(map, 'backstory-person')).toContain('Rajnath Singh');
      const card = await hoverMention(tab, 'Rajnath Singh');
      expect(card.accessibleName).toMatch(/^Rajnath Singh/);
    });
  });
}
