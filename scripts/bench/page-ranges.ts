/**
 * StaticRange or live Range for the highlights (issue 4: "prefer StaticRange; measure both").
 *
 * Real Chromium, no extension: one corpus page (wikipedia-2, the corpus's heaviest page for
 * mentions) served from 127.0.0.1, and in its own world the same highlight the content script
 * draws (one `Highlight`, the shipped tint, registered in `CSS.highlights`) over N capitalized
 * words spread evenly over the page, made either as `StaticRange`s (what ships) or as live
 * `Range`s, or no highlight at all (the page's own cost, subject `limit`). Each variant gets a
 * fresh load of the page, by turns over several rounds, in one browser. Measured:
 *
 * - **make**: creating the N ranges and registering the highlight, synchronous script;
 * - **a text edit per frame**: in an animation-frame callback, one text node outside every range
 *   changes (a ticker, a live blog's clock); then the rest of that frame, timed from after the
 *   change to a task posted from the callback, which runs once the frame's style, layout,
 *   pre-paint and paint are done. The median of 30 frames;
 * - **an element added to `<html>` per frame** (what the card's host is on its first use; it is
 *   removed again between frames): timed the same way;
 * - **a burst of 1,000 mutations** (text nodes replaced in 100 paragraphs outside every range,
 *   the churn page's work of a second at once): the synchronous time of the mutations (a live
 *   range is updated by every mutation of its document; a StaticRange by none), then the frame
 *   after it. The median of 10 bursts.
 *
 * The frame figures are main-thread wall time, so they include Blink's
 * `HighlightRegistry::ValidateHighlightMarkers` (docs/page.md, "The card"), the cost that grows
 * with the page's ranges. The results are in docs/page.md ("StaticRange or Range").
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { startStaticServer } from '../lib/server';
import { CORPUS_DIR } from './corpus';
import { launchContext, median } from './page';
import type { BenchRow } from './sync';

const PAGES_DIR = join(CORPUS_DIR, 'pages');
const PAGE = 'wikipedia-2.html';
const KINDS = ['none', 'static', 'live'] as const;
type Kind = (typeof KINDS)[number];
const LABEL: Record<Kind, string> = { none: 'no highlight', static: 'StaticRange (shipped)', live: 'live Range' };

/** The page-world measuring code: defines window.__bsRanges(kind, n) → figures. */
const RANGES_SCRIPT = String.raw`(() => {
  const nextFrame = () => new Promise((r) => requestAnimationFrame(() => r()));
  // Runs change() inside an animation-frame callback; resolves with its synchronous time and
  // the time from its end to a task posted there (the rest of the frame: style, layout,
  // pre-paint, paint).
  const frameAfter = (change) => new Promise((resolve) => requestAnimationFrame(() => {
    const t0 = performance.now();
    change();
    const t1 = performance.now();
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve({ sync: t1 - t0, frame: performance.now() - t1 });
    ch.port2.postMessage(0);
  }));
  const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
  window.__bsRanges = async (kind, n) => {
    // Capitalized words of the page's visible text, where a reader's names would be.
    const skip = /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE|TITLE|TEXTAREA)$/;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
      acceptNode: (t) => (t.parentNode && skip.test(t.parentNode.nodeName) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    const spots = [];
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const re = /\p{Lu}\p{Ll}+/gu;
      for (let m = re.exec(t.data); m; m = re.exec(t.data)) spots.push([t, m.index, m.index + m[0].length]);
    }
    const picked = [];
    const step = spots.length / n;
    for (let i = 0; i < n && i < spots.length; i++) picked.push(spots[Math.floor(i * step)]);

    // What the page changes: a ticker line and 100 paragraphs, outside every range.
    const ticker = document.createElement('div');
    ticker.textContent = 'tick 0';
    const box = document.createElement('div');
    for (let i = 0; i < 100; i++) {
      const p = document.createElement('p');
      p.textContent = 'paragraph ' + i;
      box.append(p);
    }
    document.body.append(ticker, box);
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('::highlight(bench-ranges) { background-color: rgb(0 180 140 / 0.26); }');
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    await nextFrame();
    await nextFrame();

    const t0 = performance.now();
    if (kind !== 'none') {
      const h = new Highlight();
      for (const [node, s, e] of picked) {
        if (kind === 'static') {
          h.add(new StaticRange({ startContainer: node, startOffset: s, endContainer: node, endOffset: e }));
        } else {
          const r = document.createRange();
          r.setStart(node, s);
          r.setEnd(node, e);
          h.add(r);
        }
      }
      CSS.highlights.set('bench-ranges', h);
    }
    const make = performance.now() - t0;
    // Let the first paint of the highlights and any late work of the page settle.
    for (let i = 0; i < 10; i++) await nextFrame();

    const idle = [];
    for (let i = 0; i < 30; i++) idle.push((await frameAfter(() => {})).frame);
    const edit = [];
    for (let i = 0; i < 30; i++) edit.push((await frameAfter(() => { ticker.firstChild.data = 'tick ' + (i + 1); })).frame);
    const host = [];
    for (let i = 0; i < 30; i++) {
      const el = document.createElement('bench-host');
      host.push((await frameAfter(() => document.documentElement.append(el))).frame);
      el.remove();
      await nextFrame();
    }
    const burstSync = [];
    const burstFrame = [];
    for (let b = 0; b < 10; b++) {
      const r = await frameAfter(() => {
        for (let i = 0; i < 1000; i++) {
          const p = box.children[i % 100];
          p.replaceChild(document.createTextNode('paragraph ' + i + ' of burst ' + b), p.firstChild);
        }
      });
      burstSync.push(r.sync);
      burstFrame.push(r.frame);
      await nextFrame();
    }
    return {
      count: kind === 'none' ? 0 : picked.length,
      make,
      idle: med(idle),
      edit: med(edit),
      host: med(host),
      burstSync: med(burstSync),
      burstFrame: med(burstFrame),
    };
  };
})()`;

interface Figures {
  count: number;
  make: number;
  idle: number;
  edit: number;
  host: number;
  burstSync: number;
  burstFrame: number;
}

async function measure(page: Page, url: string, kind: Kind, n: number): Promise<Figures> {
  await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
  await page.evaluate(RANGES_SCRIPT);
  return page.evaluate(`window.__bsRanges(${JSON.stringify(kind)}, ${n})`) as Promise<Figures>;
}

export async function benchPageRanges(options: { log?: (m: string) => void; quick?: boolean } = {}): Promise<BenchRow[]> {
  const log = options.log ?? ((m: string) => console.error(m));
  if (!existsSync(join(PAGES_DIR, PAGE))) {
    log(`page-ranges bench: skipped (${PAGES_DIR} not found: the shared corpus sits beside the repository)`);
    return [];
  }
  const rounds = Number(process.env.BENCH_RANGES_ROUNDS ?? (options.quick ? 1 : 3));
  const counts = [2000, 200];
  const server = await startStaticServer({ '/pages/': PAGES_DIR });
  // The page bench's browser without the extension, and without its probe: no timer of ours in
  // the page while frames are timed.
  const { context, close } = await launchContext(false, undefined, false);
  const rows: BenchRow[] = [];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const url = server.url(`/pages/${PAGE}`);
    const results = new Map<string, Figures[]>();
    for (let round = 0; round < rounds; round++) {
      for (const n of counts) {
        // By turns, and in another order each round, so drift spreads over every variant.
        const order = round % 2 === 0 ? KINDS : [...KINDS].reverse();
        for (const kind of order) {
          const f = await measure(page, url, kind, n);
          const key = `${kind}:${n}`;
          results.set(key, [...(results.get(key) ?? []), f]);
          log(`  ${PAGE} ${LABEL[kind]}, ${f.count} ranges: make ${f.make.toFixed(1)} ms, frame idle ${f.idle.toFixed(2)} / after a text edit ${f.edit.toFixed(2)} / after an element on <html> ${f.host.toFixed(2)} ms, 1,000 mutations ${f.burstSync.toFixed(2)} ms + frame ${f.burstFrame.toFixed(2)} ms`);
        }
      }
    }
    const of = (kind: Kind, n: number, pick: (f: Figures) => number): number => median((results.get(`${kind}:${n}`) ?? []).map(pick));
    const row = (bench: string, subject: string, metric: string, unit: string, value: number): void => {
      rows.push({ bench, subject, metric, unit, better: 'lower', value: Math.round(value * 100) / 100 });
    };
    for (const n of counts) {
      const figures: [string, (f: Figures) => number][] = [
        ['make the ranges and register the highlight', (f) => f.make],
        ['the frame after a text edit outside every range', (f) => f.edit],
        ['the frame after an element is added to <html>', (f) => f.host],
        ['1,000 mutations outside every range, synchronous', (f) => f.burstSync],
        ['the frame after those 1,000 mutations', (f) => f.burstFrame],
      ];
      for (const [what, pick] of figures) {
        const bench = `page ranges: ${n} highlight ranges on ${PAGE.replace('.html', '')}, ${what} (median of ${rounds} loads)`;
        row(bench, 'backstory', 'with StaticRange (shipped)', 'ms', of('static', n, pick));
        row(bench, 'backstory', 'with live Range (the alternative)', 'ms', of('live', n, pick));
        row(bench, 'limit', 'without any highlight', 'ms', of('none', n, pick));
      }
    }
  } finally {
    await close();
    await server.close();
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await benchPageRanges();
  for (const r of rows) console.log(`${r.bench} | ${r.subject} ${r.metric}: ${r.value} ${r.unit}`);
}
