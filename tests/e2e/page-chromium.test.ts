/// <reference types="chrome" />
/**
 * The page side in Chromium: the shared suites (page-suite.ts, page-robustness.ts), then what needs the extension's
 * service worker: the `next-mention` keyboard command, settings applied live, and switching a site
 * off and on from the popup's `Highlight on this site` with two tabs open.
 *
 * The command: Playwright cannot press browser-level shortcuts, so the test does what the
 * background's `commands.onCommand` listener does (src/background/commands.ts): it sends the
 * `nextMention` tab message to the tab's top frame, from the service worker itself.
 */
import type { BrowserContext, Page as PwPage, Worker } from 'playwright-core';
import { expect, test } from 'vitest';
import { hoverMention, mentionPoint, pointerAway } from '../../scripts/lib/actions';
import { sleep, waitFor, type Card, type Tab } from '../../scripts/lib/browsers';
import { robustnessTests } from './page-robustness';
import { highlightTextsInFrame, mentionTexts, pageSuite, rangeCountScript, type PageContext } from './page-suite';

const pw = (tab: Tab): PwPage => (tab as unknown as { page: PwPage }).page;

async function worker(context: BrowserContext): Promise<Worker> {
  const find = (): Worker | undefined => context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
  return find() ?? context.waitForEvent('serviceworker', { timeout: 20_000 });
}

/** The browser tab id of `tab`, asked of the extension. */
async function tabId(sw: Worker, tab: Tab): Promise<number> {
  return sw.evaluate(async (url) => {
    const tabs = await chrome.tabs.query({});
    const found = tabs.find((t) => t.url === url);
    if (found?.id === undefined) throw new Error(`no tab at ${url}`);
    return found.id;
  }, tab.url());
}

/** What `commands.onCommand('next-mention')` sends: `nextMention` to the top frame. */
async function nextMention(sw: Worker, id: number): Promise<{ opened: boolean; index: number; count: number }> {
  return sw.evaluate((tid) => chrome.tabs.sendMessage(tid, { type: 'nextMention' }, { frameId: 0 }), id);
}

const activeId = (tab: Tab): Promise<string> =>
  tab.evaluate<string>(`(() => { const a = document.activeElement; return a ? (a.id || a.localName.replace(/^(backstory-card)-[a-z0-9]+$/, '$1')) : ''; })()`);

/**
 * Waits up to 3 s for `read` to give `want` (a switch applies at once). A timeout says what it
 * last gave, what it gives 5 s later (slow, or stuck?), and whether the background holds the site
 * on (its answer to a scan from `page`, an extension page): a CI run failed here once, without
 * a trace of why.
 */
async function waitForSwitch(read: () => Promise<number>, want: number, what: string, page: Tab, host: string): Promise<void> {
  let last: number | undefined;
  try {
    await waitFor(async () => (last = await read()) === want, { timeout: 3_000, message: () => `${what} (${want} wanted, last ${last})` });
  } catch (error) {
    await sleep(5_000);
    const later = await read().catch((e: unknown) => String(e));
    const answer = await page.evaluate<unknown>(`chrome.runtime.sendMessage({ type: 'match', blocks: [], host: ${JSON.stringify(host)} })`).catch((e: unknown) => String(e));
    throw new Error(`${(error as Error).message}; 5 s later ${later}; the background answers a scan of ${host}: ${JSON.stringify(answer)}`);
  }
}

/** How many ranges the cross-origin frame `id` has drawn, as its cross-site-frame.js answers. */
async function highlightsInFrame(tab: Tab, id: string): Promise<number> {
  return (await highlightTextsInFrame(tab, id)).length;
}

async function cardNamed(tab: Tab, name: string): Promise<Card> {
  let last: Card | null = null;
  return waitFor(async () => {
    last = await tab.readCard();
    return last && last.accessibleName.startsWith(name) ? last : null;
  }, { timeout: 5_000, message: () => `a card named "${name}" (seen ${JSON.stringify(last)})` });
}

pageSuite('chromium', (ctx: () => PageContext) => {
  robustnessTests(ctx);

  test('keyboard: the command skips mentions with no box (a hidden banner), in its walk and its count', async () => {
    const { browser, url } = ctx();
    const tab = await browser.newTab(url('names.html'));
    try {
      const sw = await worker(pw(tab).context());
      const id = await tabId(sw, tab);
      await waitFor(async () => (await tab.evaluate<number>(rangeCountScript)) === 5, { message: 'five mentions' });
      await tab.evaluate(`document.body.insertAdjacentHTML('afterbegin', '<div style="display:none"><p>Tokyo, in a hidden banner.</p></div>')`);
      await waitFor(async () => (await tab.evaluate<number>(rangeCountScript)) === 6, { message: 'the hidden mention drawn too' });
      await tab.bringToFront();
      await tab.evaluate(`document.getElementById('start').focus()`);
      expect(await nextMention(sw, id)).toEqual({ opened: true, index: 0, count: 5 });
      const card = await cardNamed(tab, 'Rajnath Singh');
      expect(card.text).toContain('mention 1 of 5 on this page');
      await tab.press('Escape');
      await waitFor(async () => (await tab.readCard()) === null, { timeout: 3_000, message: 'Escape to close the card' });
    } finally {
      await tab.close();
    }
  });

  test('keyboard: a mention clipped by a carousel or an inner box, or under a sticky header, is scrolled into view before its card opens', async () => {
    const { browser, url } = ctx();
    const tab = await browser.newTab(url('clipped.html'));
    try {
      const sw = await worker(pw(tab).context());
      const id = await tabId(sw, tab);
      await waitFor(async () => (await tab.evaluate<number>(rangeCountScript)) === 4, { message: 'four mentions' });
      await tab.bringToFront();
      // Scrolled so that the first mention stands under the sticky header.
      await tab.evaluate(`(window.scrollTo(0, document.getElementById('start').offsetTop - 40), true)`);
      const onTop = (name: string) => tab.evaluate<boolean>(`(() => {
        for (const [, h] of CSS.highlights) for (const r of h) {
          if (r.startContainer.data.slice(r.startOffset, r.endOffset) !== ${JSON.stringify(name)}) continue;
          const live = document.createRange(); live.setStart(r.startContainer, r.startOffset); live.setEnd(r.endContainer, r.endOffset);
          const b = live.getClientRects()[0];
          const hit = document.elementFromPoint((b.left + b.right) / 2, (b.top + b.bottom) / 2);
          return hit === r.startContainer.parentElement;
        }
        return false;
      })()`);
      for (const [index, name] of ['Paris', 'Tokyo', 'UNESCO', 'Georgia'].entries()) {
        expect(await nextMention(sw, id)).toEqual({ opened: true, index, count: 4 });
        await cardNamed(tab, name);
        expect(await onTop(name), `${name} in view, on top, with its card open`).toBe(true);
      }
      await tab.press('Escape');
    } finally {
      await tab.close();
    }
  });

  test('keyboard: the next-mention command opens cards in reading order with focus in them; Escape closes and returns focus; Edit opens the popup', async () => {
    const { browser, url } = ctx();
    const tab = await browser.newTab(url('names.html'));
    try {
      const page = pw(tab);
      const sw = await worker(page.context());
      const id = await tabId(sw, tab);
      await waitFor(async () => (await tab.evaluate<number>(rangeCountScript)) === 5, { message: 'five mentions' });
      await tab.bringToFront();
      await tab.evaluate(`document.getElementById('start').focus()`);

      expect(await nextMention(sw, id)).toEqual({ opened: true, index: 0, count: 5 });
      let card = await cardNamed(tab, 'Rajnath Singh');
      expect(card.text).toContain('“Rajnath Singh”: mention 1 of 5 on this page');
      expect(await activeId(tab), 'focus moved into the card').toBe('backstory-card');

      expect(await nextMention(sw, id)).toEqual({ opened: true, index: 1, count: 5 });
      await cardNamed(tab, 'Paris');
      // The pointer resting on another mention leaves the keyboard's card, and its focus, alone.
      const unesco = await mentionPoint(tab, 'UNESCO');
      await tab.mouseMove(unesco.x - 3, unesco.y);
      await tab.mouseMove(unesco.x, unesco.y);
      await sleep(900);
      expect((await tab.readCard())?.accessibleName, 'the keyboard card after a rest elsewhere').toMatch(/^Paris/);
      expect(await activeId(tab), 'focus still in the card').toBe('backstory-card');
      await tab.press('Escape');
      await waitFor(async () => (await tab.readCard()) === null, { timeout: 3_000, message: 'Escape to close the card' });
      expect(await activeId(tab), 'focus is back where it was').toBe('start');

      // After Escape the walk goes on: the short form, announced as such.
      expect((await nextMention(sw, id)).index).toBe(2);
      card = await cardNamed(tab, 'Rajnath Singh');
      expect(card.text).toContain('Mentioned as “Singh”');
      expect(card.text).toContain('mention 3 of 5');
      await tab.press('Escape');
      await waitFor(async () => (await tab.readCard()) === null, { timeout: 3_000, message: 'Escape to close the card' });

      // A caret inside a mention opens that mention's card (the ambiguous one here).
      await tab.evaluate(`(() => {
        const t = document.getElementById('ambiguous').firstChild;
        const r = document.createRange(); r.setStart(t, t.data.indexOf('Georgia') + 3); r.collapse(true);
        getSelection().removeAllRanges(); getSelection().addRange(r);
      })()`);
      expect((await nextMention(sw, id)).index).toBe(3);
      card = await cardNamed(tab, 'Georgia');
      expect(card.text).toContain('State of Georgia');

      // Tab reaches the card's first control, Edit; Enter opens the entity in the popup page.
      const opened = page.context().waitForEvent('page', { timeout: 10_000 });
      await tab.press('Tab');
      await tab.press('Enter');
      const editor = await opened;
      await waitFor(async () => editor.url().includes('popup.html?entity=georgia-country'), { message: () => `popup.html?entity=georgia-country (at ${editor.url()})` });
      // The popup page starts on that entity's editor.
      await editor.getByLabel('Notes', { exact: true }).waitFor({ timeout: 10_000 });
      expect(await editor.getByLabel('Name', { exact: true }).inputValue()).toBe('Georgia');
      expect(await editor.getByLabel('Notes', { exact: true }).inputValue()).toBe('Capital: Tbilisi.');
      await editor.close();
      await tab.bringToFront();

      // Past the last mention the walk wraps round to the first.
      await tab.evaluate(`getSelection().removeAllRanges()`);
      expect((await nextMention(sw, id)).index).toBe(4);
      await cardNamed(tab, 'UNESCO');
      // Tab past the card's last control, on to the page's first one: the card closes rather than
      // cover what now has focus (it stayed open until 2026-12-07).
      let tabs = 0;
      while ((await activeId(tab)) !== 'start' && tabs++ < 10) await tab.press('Tab');
      expect(await activeId(tab), 'focus went round to the page\'s first control').toBe('start');
      await waitFor(async () => (await tab.readCard()) === null, { timeout: 3_000, message: 'the card closed as focus left it' });
      expect((await nextMention(sw, id)).index).toBe(0);
      await cardNamed(tab, 'Rajnath Singh');
      await tab.press('Escape');
    } finally {
      await tab.close();
    }
  });

  test('keyboard: the command walks mentions in shadow roots where their hosts render them (the flat tree)', async () => {
    const { browser, url } = ctx();
    const tab = await browser.newTab(url('shadow.html'));
    try {
      const sw = await worker(pw(tab).context());
      const id = await tabId(sw, tab);
      await waitFor(async () => (await tab.evaluate<number>(rangeCountScript)) === 4, { message: 'four mentions' });
      await tab.bringToFront();
      // Light UNESCO, Tokyo and Paris in shadow roots, Georgia slotted from the light DOM into a
      // root after them: until 2026-12-07 Chromium walked both roots' mentions last.
      for (const [index, name] of ['UNESCO', 'Tokyo', 'Paris', 'Georgia'].entries()) {
        expect(await nextMention(sw, id)).toEqual({ opened: true, index, count: 4 });
        const card = await cardNamed(tab, name);
        expect(card.text).toContain(`mention ${index + 1} of 4 on this page`);
      }
      await tab.press('Escape');
    } finally {
      await tab.close();
    }
  });

  test('settings: the highlight style and hover delay from the options apply to an open tab at once', async () => {
    const { browser, url } = ctx();
    const tab = await browser.newTab(url('names.html'));
    try {
      const sw = await worker(pw(tab).context());
      await waitFor(async () => (await tab.evaluate<number>(rangeCountScript)) === 5, { message: 'five mentions' });
      const ruleOf = `(() => { for (const s of document.adoptedStyleSheets) for (const r of s.cssRules) if (r.cssText.startsWith('::highlight(backstory-place)')) return r.cssText; return ''; })()`;
      expect(await tab.evaluate<string>(ruleOf)).not.toContain('underline');
      // The options page writes exactly this (src/options/Appearance.tsx).
      await sw.evaluate(() => chrome.storage.local.set({ 'backstory.settings': { highlightStyle: 'underline', hoverDelayMs: 1200 } }));
      await waitFor(async () => (await tab.evaluate<string>(ruleOf)).includes('underline'), { message: 'the underline style in the open tab' });

      // A 1.2 s dwell: no card after 700 ms of rest, a card after 1.2 s.
      const started = Date.now();
      await hoverMention(tab, 'Paris', { timeout: 4_000 });
      expect(Date.now() - started, 'the card waited for the longer delay').toBeGreaterThanOrEqual(1100);
      await pointerAway(tab);

      await sw.evaluate(() => chrome.storage.local.set({ 'backstory.settings': { highlightStyle: 'tint', hoverDelayMs: 400 } }));
      await waitFor(async () => !(await tab.evaluate<string>(ruleOf)).includes('underline'), { message: 'back to the tint style' });

      // Per type, from the options page: a colour, and a type not shown (unpainted, no card).
      const options = await browser.openExtensionPage('options.html');
      try {
        await waitFor(() => options.evaluate<boolean>(`!!document.querySelector('input[type=color]') && !document.querySelector('fieldset[disabled]')`), { message: 'the appearance settings' });
        // The dwell slider's shown value is no status region beside the ones CONTRACT §4 names.
        expect(await pw(options).locator('section:has(#hover-delay)').getByRole('status').count()).toBe(0);
        await options.evaluate(`(() => {
          const input = [...document.querySelectorAll('input[type=color]')].find((i) => i.getAttribute('aria-label') === 'Colour of place mentions');
          input.value = '#ff0000';
          input.dispatchEvent(new Event('input', { bubbles: true }));
          return true;
        })()`);
        // The browser writes the rule back in its own colour syntax (rgba(255, 0, 0, 0.26)).
        const hasColour = (css: string, r: number, g: number, b: number) => css.replace(/[\s,]+/g, ' ').includes(`(${r} ${g} ${b}`);
        await waitFor(async () => hasColour(await tab.evaluate<string>(ruleOf), 255, 0, 0), { message: 'the chosen place colour in the open tab' });
        // A place's card open while places are switched off closes.
        await hoverMention(tab, 'Paris');
        await options.setChecked('Show place mentions', false);
        await waitFor(async () => (await tab.evaluate<string>(ruleOf)).includes('transparent'), { message: 'places unpainted in the open tab' });
        await waitFor(async () => (await tab.readCard()) === null, { timeout: 3_000, message: 'the open place card closed' });
        expect(await tab.evaluate<number>(rangeCountScript), 'their ranges stay registered (CONTRACT §4)').toBe(5);
        const paris = await mentionPoint(tab, 'Paris');
        await tab.mouseMove(paris.x - 3, paris.y);
        await tab.mouseMove(paris.x, paris.y);
        await sleep(1000);
        expect(await tab.readCard(), 'no card for a type not shown').toBeNull();
        // Nor from the keyboard: the command walks the three mentions of shown types.
        const id = await tabId(sw, tab);
        expect(await nextMention(sw, id)).toEqual({ opened: true, index: 0, count: 3 });
        expect((await cardNamed(tab, 'Rajnath Singh')).text).toContain('“Rajnath Singh”: mention 1 of 3 on this page');
        expect(await nextMention(sw, id)).toEqual({ opened: true, index: 1, count: 3 });
        expect((await cardNamed(tab, 'Rajnath Singh')).text).toContain('“Singh”: mention 2 of 3 on this page');
        await tab.press('Escape');
        await waitFor(async () => (await tab.readCard()) === null, { timeout: 3_000, message: 'Escape to close the card' });
        await options.click('Reset appearance', ['button']);
        await waitFor(async () => hasColour(await tab.evaluate<string>(ruleOf), 0, 180, 140), { message: 'the default place tint again' });
        await hoverMention(tab, 'Paris');
        await pointerAway(tab);
      } finally {
        await options.close();
      }
    } finally {
      await tab.close();
    }
  });

  test('a site switched off reaches its frames inside other sites\' tabs, and leaves other sites\' frames in its own tabs alone', async () => {
    const { browser, url } = ctx();
    // A 127.0.0.1 page holding a localhost frame, and a localhost page of its own.
    const outer = await browser.newTab(url('cross-site.html'));
    const frameUrl = url('cross-site-frame.html').replace('//127.0.0.1:', '//localhost:');
    const local = await browser.newTab(url('names.html').replace('//127.0.0.1:', '//localhost:'));
    const popups: Tab[] = [];
    try {
      await outer.evaluate(`new Promise((resolve) => { const f = document.getElementById('embed'); f.onload = () => resolve(true); f.src = ${JSON.stringify(frameUrl)}; })`);
      const inFrame = () => highlightsInFrame(outer, 'embed');
      await waitFor(async () => (await inFrame()) === 3, { message: 'three mentions in the localhost frame' });
      await waitFor(async () => (await outer.evaluate<number>(rangeCountScript)) === 1, { message: 'Paris in the top page' });
      const sw = await worker(pw(outer).context());
      const toggle = async (tab: Tab, on: boolean) => {
        const popup = await browser.openExtensionPage(`popup.html?tab=${await tabId(sw, tab)}`);
        popups.push(popup);
        await popup.setChecked('Highlight on this site', on);
      };
      // 127.0.0.1 off: its top page goes dark, the localhost frame in it stays.
      await toggle(outer, false);
      await waitFor(async () => (await outer.evaluate<number>(rangeCountScript)) === 0, { timeout: 3_000, message: 'the 127.0.0.1 page off' });
      await sleep(500);
      expect(await inFrame(), 'the localhost frame, another site, stays on').toBe(3);
      await toggle(outer, true);
      await waitForSwitch(() => outer.evaluate<number>(rangeCountScript), 1, 'the 127.0.0.1 page on again', popups[popups.length - 1], '127.0.0.1');
      // localhost off from its own tab: its frame inside the 127.0.0.1 tab goes dark too, and back.
      await waitFor(async () => (await local.evaluate<number>(rangeCountScript)) === 5, { message: 'the localhost page' });
      await toggle(local, false);
      await waitFor(async () => (await inFrame()) === 0, { timeout: 3_000, message: 'the localhost frame in the other tab off' });
      expect(await outer.evaluate<number>(rangeCountScript), 'the 127.0.0.1 page stays on').toBe(1);
      await toggle(local, true);
      await waitForSwitch(inFrame, 3, 'the localhost frame on again', popups[popups.length - 1], 'localhost');
    } finally {
      for (const t of popups) await t.close();
      await outer.close();
      await local.close();
    }
  });

  test('a sandboxed srcdoc frame (opaque origin) is highlighted as its page\'s own, and goes dark with its site', async () => {
    const { browser, url } = ctx();
    const tab = await browser.newTab(url('sandboxed.html'));
    const popups: Tab[] = [];
    try {
      const inFrame = () => highlightsInFrame(tab, 'sandboxed');
      await waitFor(async () => (await tab.evaluate<number>(rangeCountScript)) === 1, { message: 'Paris in the top page' });
      // It cannot reach its <iframe> element to say it has text; until 2026-12-07 it got the
      // content script only when another written frame of the tab asked for theirs.
      await waitFor(async () => (await inFrame()) === 2, { message: 'UNESCO and Tokyo in the sandboxed frame' });
      const sw = await worker(pw(tab).context());
      const popup = await browser.openExtensionPage(`popup.html?tab=${await tabId(sw, tab)}`);
      popups.push(popup);
      // Its site is its page's (its parent's origin): until 2026-12-07 it had no host, and stayed lit.
      await popup.setChecked('Highlight on this site', false);
      await waitFor(async () => (await tab.evaluate<number>(rangeCountScript)) === 0, { timeout: 3_000, message: 'the page off' });
      await waitFor(async () => (await inFrame()) === 0, { timeout: 3_000, message: 'the sandboxed frame off with its site' });
      await popup.setChecked('Highlight on this site', true);
      await waitForSwitch(inFrame, 2, 'the sandboxed frame on again', popup, '127.0.0.1');
    } finally {
      for (const p of popups) await p.close();
      await tab.close();
    }
  });

  test('Highlight on this site, switched off and on in the popup, applies to every open tab of the site at once', async () => {
    const { browser, url } = ctx();
    const names = await browser.newTab(url('names.html'));
    const live = await browser.newTab(url('live.html'));
    const popupTabs: Tab[] = [];
    try {
      const sw = await worker(pw(names).context());
      await waitFor(async () => (await names.evaluate<number>(rangeCountScript)) === 5, { message: 'five mentions' });
      await waitFor(async () => (await live.evaluate<number>(rangeCountScript)) === 1, { message: 'one mention' });
      const popup = await browser.openExtensionPage(`popup.html?tab=${await tabId(sw, names)}`);
      popupTabs.push(popup);
      await popup.setChecked('Highlight on this site', false);
      await waitFor(async () => (await names.evaluate<number>(rangeCountScript)) === 0, { timeout: 3_000, message: 'no highlight left in the tab' });
      await waitFor(async () => (await live.evaluate<number>(rangeCountScript)) === 0, { timeout: 3_000, message: 'no highlight left in the other tab of the site' });
      // Switched off, new text is not matched either.
      await live.evaluate(`document.getElementById('feed').append(Object.assign(document.createElement('p'), { textContent: 'Tokyo' }))`);
      await sleep(600);
      expect(await live.evaluate<number>(rangeCountScript)).toBe(0);

      await popup.setChecked('Highlight on this site', true);
      await waitFor(async () => (await names.evaluate<number>(rangeCountScript)) === 5, { timeout: 3_000, message: 'highlights back in the tab' });
      await waitFor(async () => (await live.evaluate<number>(rangeCountScript)) === 2, { timeout: 3_000, message: 'highlights back in the other tab, the new text too' });
      expect(await mentionTexts(live)).toEqual(['Paris', 'Tokyo']);
    } finally {
      for (const t of popupTabs) await t.close();
      await names.close();
      await live.close();
    }
  });

  test('a frame the page writes itself gets no isolated world while it has no text (only its page-world watcher runs)', async () => {
    const { browser, url } = ctx();
    const tab = await browser.newTab(url('frames.html'));
    try {
      const inFrame = (id: string) => `(() => { const w = document.getElementById(${JSON.stringify(id)}).contentWindow; let n = 0; for (const [k, h] of w.CSS.highlights) if (k.startsWith('backstory')) n += h.size; return n; })()`;
      // Every frame with text is highlighted, the filled about:blank and srcdoc="" ones included.
      for (const id of ['same', 'srcdoc', 'blank', 'srcdoc-late', 'written']) await waitFor(async () => (await tab.evaluate<number>(inFrame(id))) > 0, { message: `highlights in frame ${id}` });
      // The browser's own list of JavaScript worlds: the extension's are the isolated ones made
      // for its content script, one per frame it runs in. Runtime.enable reports all that exist.
      const cdp = await pw(tab).context().newCDPSession(pw(tab));
      const worlds: { name: string; auxData?: { type?: string; frameId?: string } }[] = [];
      cdp.on('Runtime.executionContextCreated', (e: { context: { name: string; auxData?: { type?: string; frameId?: string } } }) => void worlds.push(e.context));
      await cdp.send('Runtime.enable');
      await sleep(200);
      await cdp.detach();
      const ours = worlds.filter((w) => w.auxData?.type === 'isolated' && w.name === 'Backstory');
      // Top, same-origin frame.html, srcdoc with text, and the three the page filled (one written
      // with document.write): not "empty".
      expect(ours.length, JSON.stringify(worlds.map((w) => [w.name, w.auxData?.type]))).toBe(6);
      expect(new Set(ours.map((w) => w.auxData?.frameId)).size).toBe(6);
    } finally {
      await tab.close();
    }
  });

  test('a site switched off by name on the options page, and back with Highlight again, applies to its open tab at once', async () => {
    const { browser, url } = ctx();
    const names = await browser.newTab(url('names.html'));
    const options = await browser.openExtensionPage('options.html');
    try {
      await waitFor(async () => (await names.evaluate<number>(rangeCountScript)) === 5, { message: 'five mentions' });
      await options.fill('Site to switch off', 'nonsense');
      await options.click('Switch off');
      await waitFor(async () => (await options.evaluate<string>(`document.getElementById('site-off-error')?.textContent ?? ''`)) !== '', { message: 'the message for text that names no site' });
      // An internationalized host is listed as the reader wrote it, not in its xn-- form.
      const sitesShown = () => options.evaluate<string[]>(`[...document.querySelectorAll('section[aria-labelledby=h-sites] li span')].map((s) => s.textContent)`);
      await options.fill('Site to switch off', 'https://bücher.de/neu');
      await options.click('Switch off');
      await waitFor(async () => (await sitesShown()).length === 1, { message: 'the site listed' });
      expect(await sitesShown()).toEqual(['bücher.de']);
      await options.click('Highlight again');
      await waitFor(async () => (await sitesShown()).length === 0, { message: 'the site switched on again' });
      await options.fill('Site to switch off', url('names.html')); // an address on the site: its host is taken
      await options.click('Switch off');
      await waitFor(async () => (await names.evaluate<number>(rangeCountScript)) === 0, { timeout: 3_000, message: 'no highlight left in the tab' });
      await options.click('Highlight again');
      await waitForSwitch(() => names.evaluate<number>(rangeCountScript), 5, 'highlights back', options, new URL(url('names.html')).hostname);

      // The open Sites list and an open popup follow each other's switches (until 2026-12-07 the
      // list showed what it had loaded, found by a probe).
      const sw = await worker(pw(names).context());
      const popup = await browser.openExtensionPage(`popup.html?tab=${await tabId(sw, names)}`);
      try {
        const sitesListed = () => options.evaluate<string[]>(`[...document.querySelectorAll('section[aria-labelledby=h-sites] li span')].map((s) => s.textContent)`);
        const popupChecked = () => popup.evaluate<boolean | null>(`document.querySelector('input[type=checkbox]:not([disabled])')?.checked ?? null`);
        await waitFor(async () => (await popupChecked()) === true, { message: 'the popup shows the site on' });
        expect(await sitesListed()).toEqual([]);
        await popup.setChecked('Highlight on this site', false);
        await waitFor(async () => (await sitesListed()).length === 1, { timeout: 3_000, message: 'the options page lists the site switched off in the popup' });
        expect(await sitesListed()).toEqual([new URL(url('names.html')).hostname]);
        await options.click('Highlight again');
        await waitFor(async () => (await popupChecked()) === true, { timeout: 3_000, message: 'the open popup shows the site on again' });
        await waitFor(async () => (await names.evaluate<number>(rangeCountScript)) === 5, { timeout: 3_000, message: 'highlights back again' });
      } finally {
        await popup.close();
      }
    } finally {
      await options.close();
      await names.close();
    }
  });
});
