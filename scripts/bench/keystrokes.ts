/**
 * Popup search per keystroke in the real popup (issue 5: ≤ 16 ms at 100k entities), measured in
 * Chromium on the whole path a reader waits for: the key pressed (a real key event from the
 * automation protocol) → the popup's message to the background → the background's search index
 * → the answer → Preact's render of the result rows → the next frame. The Node bench
 * (scripts/bench/search.ts) times the index alone; this one adds the message round trip and
 * the rendering.
 *
 * The peer, in the same browser and run, is the popup a reader would get without a background
 * index: an extension page that holds all 100k names in memory and, on each keystroke, runs a
 * plain `Array.filter` with lower-case `includes` and renders the first 50 as buttons (no
 * aliases, no accents, no typos, no ranking: a lower bound of that design's cost).
 *
 * Both pages are typed into the same way by turns, name by name: every prefix of names spread
 * over the list. In the page an observer notes each keystroke (`beforeinput`, which a key and an
 * inserted character both fire) and the last DOM change after it; a keystroke's times are from
 * it to that change (results in the DOM) and to the first
 * frame after it (`requestAnimationFrame`, then a task; this adds the wait for the display's
 * next frame, up to 16.7 ms at 60 Hz, to both subjects alike). Keystrokes that change nothing on
 * screen (the same rows as before) are counted apart.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { sleep, waitFor, type ExtBrowser, type Tab } from '../lib/browsers';
import type { Row } from './harness';

/** Extension-page files of the peer (no inline script: extension pages' CSP forbids it). */
export function writeNaiveSearchPage(extensionDir: string): void {
  writeFileSync(
    join(extensionDir, 'bench-naive-search.html'),
    '<!doctype html><meta charset="utf-8"><title>Naive search</title><label>Search entities <input id="q" autofocus></label><div id="rows"></div><script src="bench-naive-search.js"></script>',
  );
  writeFileSync(
    join(extensionDir, 'bench-naive-search.js'),
    `(async () => {
  const names = (await (await fetch(new URLSearchParams(location.search).get('list'))).json()).map((e) => e.name);
  const lower = names.map((n) => n.toLowerCase());
  const rows = document.getElementById('rows');
  document.getElementById('q').addEventListener('input', (e) => {
    const q = e.target.value.toLowerCase();
    const hits = [];
    if (q) lower.forEach((n, i) => { if (n.includes(q)) hits.push(i); });
    rows.replaceChildren(...hits.slice(0, 50).map((i) => { const b = document.createElement('button'); b.textContent = names[i]; return b; }));
  });
  document.body.dataset.ready = '1';
})();`,
  );
}

/** Installed in the page: the keystroke → last DOM change → the frame after it. */
const RECORDER = `(() => {
  const r = { t0: -1, last: -1, painted: -1 };
  window.__keystroke = r;
  // beforeinput, not keydown: a character the keyboard layout lacks (é, ß, ḩ) is typed as a text
  // insertion with no key events, but every keystroke fires beforeinput before the field changes.
  document.addEventListener('beforeinput', () => { r.t0 = performance.now(); r.last = -1; r.painted = -1; }, true);
  new MutationObserver(() => {
    if (r.t0 < 0) return;
    const at = (r.last = performance.now());
    requestAnimationFrame(() => setTimeout(() => { if (r.last === at) r.painted = performance.now(); }, 0));
  }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
})()`;

interface Sample {
  /** keydown → the last DOM change it caused (null when it changed nothing). */
  dom: number | null;
  /** keydown → the frame after that change. */
  frame: number | null;
}

/** Types `text` key by key into the focused search field; one sample per key. */
async function typeMeasured(page: Page, text: string): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (const ch of text) {
    await page.keyboard.type(ch);
    // Settled: the frame after the last change is out and nothing changed for 150 ms, or 1 s
    // without any change (a keystroke that shows the same rows).
    const started = Date.now();
    let result: { t0: number; last: number; painted: number };
    for (;;) {
      await sleep(30);
      result = await page.evaluate('({ ...window.__keystroke, now: performance.now() })');
      const now = (result as unknown as { now: number }).now;
      if (result.painted > 0 && now - result.last > 150) break;
      if (result.last < 0 && Date.now() - started > 1000) break;
      if (Date.now() - started > 5000) break;
    }
    const changed = result.painted > 0;
    samples.push({ dom: changed ? result.last - result.t0 : null, frame: changed ? result.painted - result.t0 : null });
  }
  return samples;
}

async function clearField(page: Page): Promise<void> {
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await sleep(300);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * The keystroke rows, with the 100k entities already imported in `browser` (a copy of the build
 * with the peer's page written by `writeNaiveSearchPage`). `listUrl` serves the same list to the
 * peer; `names` are the names typed.
 */
export async function keystrokeRows(browser: ExtBrowser, listUrl: string, names: string[], bench: string): Promise<Row[]> {
  const open = async (subject: string): Promise<Tab> => {
    const tab =
      subject === 'backstory'
        ? await browser.openExtensionPage('popup.html')
        : await browser.openExtensionPage(`bench-naive-search.html?list=${encodeURIComponent(listUrl)}`);
    const page = (tab as unknown as { page: Page }).page;
    if (subject !== 'backstory') await waitFor(async () => page.evaluate('document.body.dataset.ready === "1"'), { timeout: 30_000, message: 'the naive page to load its list' });
    await page.getByLabel('Search entities').focus();
    await page.evaluate(RECORDER);
    return tab;
  };
  const subjects = ['backstory', 'Array.filter'] as const;
  const tabs = new Map<string, Tab>();
  for (const s of subjects) tabs.set(s, await open(s));
  const samples = new Map<string, Sample[]>(subjects.map((s) => [s, []]));
  try {
    for (const name of names) {
      for (const s of subjects) {
        const page = (tabs.get(s) as unknown as { page: Page }).page;
        await page.bringToFront();
        // A tab brought to the front draws its first frame late: let that pass before typing.
        await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 200)))');
        const got = await typeMeasured(page, name);
        if (process.env.BENCH_KEYS_DEBUG) process.stderr.write(`${s} ${name}: ${got.map((x) => x.dom?.toFixed(1)).join(" ")}\n`);
        samples.get(s)!.push(...got);
        await clearField(page);
      }
    }
  } finally {
    for (const tab of tabs.values()) await tab.close();
  }
  const rows: Row[] = [];
  const round = (ms: number): number => Math.round(ms * 10) / 10;
  for (const s of subjects) {
    const all = samples.get(s)!;
    for (const [key, metric] of [['dom', 'keystroke → result rows in the DOM'], ['frame', 'keystroke → the frame showing them']] as const) {
      const ms = all.flatMap((x) => (x[key] === null ? [] : [x[key]]));
      rows.push({ bench, subject: s, metric: `${metric}, p95 (${ms.length} keystrokes)`, unit: 'ms', better: 'lower', value: round(percentile(ms, 95)) });
      rows.push({ bench, subject: s, metric: `${metric}, p50`, unit: 'ms', better: 'lower', value: round(percentile(ms, 50)) });
      rows.push({ bench, subject: s, metric: `${metric}, max`, unit: 'ms', better: 'lower', value: round(Math.max(...ms)) });
    }
    rows.push({ bench, subject: s, metric: 'keystrokes that changed nothing on screen (not timed)', unit: 'keystrokes', better: 'lower', value: all.filter((x) => x.dom === null).length });
  }
  return rows;
}
