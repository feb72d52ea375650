/**
 * Where DCL → all drawn goes, page by page (docs/page.md, "Where the time goes"): not a bench
 * module (it prints a breakdown, no rows, and does nothing when `npm run bench` imports it). Builds a traced copy of the content script
 * (`__BACKSTORY_TRACE__`, see src/content/trace.ts) next to the shipped build, imports the
 * countries and the 100k cities, then loads each corpus page with the traced extension (worker
 * warm) and the same page in a browser without it, and prints per page: the probe's DCL → drawn,
 * when the scan began, the slices and the time spent waiting between them, each `match` round
 * trip, walk end, answers, resolve and draw, and the page's own busy time (heartbeat gaps over
 * 6 ms) in the same window without the extension.
 *
 * `npx tsx scripts/bench/page-trace.ts` (after `npm run build`); `BENCH_PAGE_LIMIT=n` for the first n pages.
 * `BENCH_TRACE_AGAINST=<dir>` (another build's `dist/chrome`, e.g. of main) also loads each page,
 * in the same run and right after, with that build, and prints its DCL → drawn in the last
 * column: variants compared under the same load.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { BrowserContext } from 'playwright-core';
import { distChrome, repoRoot } from '../lib/paths';
import { startStaticServer } from '../lib/server';
import { deferredModules } from '../lib/deferred';
import { CORPUS_DIR } from './corpus';
import { extensionBase, importFile, launchContext, median, type ProbeState } from './page';

const PAGES_DIR = join(CORPUS_DIR, 'pages');

interface Mark { name: string; at: number }

interface Loaded { state: ProbeState; marks: Mark[]; origin: number; scriptMs: number }

async function load(context: BrowserContext, url: string, windowMs?: number): Promise<Loaded | null> {
  const page = await context.newPage();
  try {
    // The renderer's script time (every world of the page) from its start to the reading below.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.addInitScript({ content: 'window.__bsLimit = 10000;' });
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 }).catch(() => undefined);
    await page.bringToFront();
    if (windowMs === undefined) {
      await page.waitForFunction('window.__bsBench && window.__bsBench.done >= 0', null, { timeout: 70_000, polling: 50 });
    } else {
      await page.waitForFunction(`window.__bsBench && window.__bsBench.dcl >= 0 && performance.now() > window.__bsBench.dcl + ${windowMs + 50}`, null, { timeout: 70_000, polling: 50 });
    }
    const state = await page.evaluate<ProbeState>('window.__bsBench');
    const origin = await page.evaluate<number>('performance.timeOrigin');
    const marks = await page.evaluate<Mark[]>(`performance.getEntriesByType('mark').filter((m) => m.name.startsWith('bs:')).map((m) => ({ name: m.name.slice(3), at: m.startTime }))`);
    const { metrics } = await cdp.send('Performance.getMetrics');
    const scriptMs = (metrics.find((m) => m.name === 'ScriptDuration')?.value ?? NaN) * 1000;
    return { state, marks, origin, scriptMs };
  } catch {
    return null;
  } finally {
    await page.close().catch(() => undefined);
  }
}

const r = (x: number): string => (Number.isFinite(x) ? String(Math.round(x)) : '-');

async function main(): Promise<void> {
  if (!existsSync(join(distChrome, 'manifest.json'))) throw new Error('build first (npm run build)');
  const traced = mkdtempSync(join(tmpdir(), 'backstory-trace-'));
  cpSync(distChrome, traced, { recursive: true });
  await build({
    entryPoints: [join(repoRoot, 'src/content/index.ts')], outfile: join(traced, 'content.js'), bundle: true, format: 'iife',
    target: ['chrome128'], platform: 'browser', define: { __BACKSTORY_TRACE__: 'true' }, logLevel: 'warning', charset: 'utf8', plugins: [deferredModules],
  });
  const meta = JSON.parse(readFileSync(join(CORPUS_DIR, 'pages.json'), 'utf8')) as { pages: { slug: string; file: string }[] };
  const pages = meta.pages.slice(0, Number(process.env.BENCH_PAGE_LIMIT ?? meta.pages.length));
  const server = await startStaticServer({ '/pages/': PAGES_DIR });
  const ext = await launchContext(true, traced);
  const plain = await launchContext(false);
  const againstDir = process.env.BENCH_TRACE_AGAINST;
  const against = againstDir ? await launchContext(true, againstDir) : null;
  try {
    const base = await extensionBase(ext.context);
    console.error(await importFile(ext.context, base, join(CORPUS_DIR, 'entities-countries.json'), true));
    console.error(await importFile(ext.context, base, join(CORPUS_DIR, 'entities-cities-100k.json'), false));
    if (against) {
      const otherBase = await extensionBase(against.context);
      console.error(await importFile(against.context, otherBase, join(CORPUS_DIR, 'entities-countries.json'), true));
      console.error(await importFile(against.context, otherBase, join(CORPUS_DIR, 'entities-cities-100k.json'), false));
    }
    const urlOf = (p: { file: string }): string => server.url(`/pages/${p.file.replace(/^pages\//, '')}`);
    // A heartbeat in the worker too: is it busy when the page's questions arrive?
    const sw = ext.context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
    await sw?.evaluate(`(() => {
      globalThis.__bsBeats = [];
      let last = performance.timeOrigin + performance.now();
      setInterval(() => {
        const now = performance.timeOrigin + performance.now();
        if (now - last > 8) globalThis.__bsBeats.push([now, now - last]);
        last = now;
      }, 4);
    })()`);
    // One warm-up load, so the first page does not pay for the worker's first match.
    await load(ext.context, urlOf(pages[0]));
    if (against) await load(against.context, urlOf(pages[0]));
    console.log('page | drawn | ranges | scan@ | probe@ | slices | walk cpu | wait between slices | sends: at+rtt | walked@ | answered@ | resolved@ | drawn@ | page busy (no ext) | page max gap (no ext) | worker busy | worker max gap | other build: drawn | DCL from navigation: this/other/no ext | largest stall navigation → drawn: this/other/no ext | script time of the renderer: this/other/no ext');
    const drawnMs: number[] = [];
    const loadRows: number[][] = [];
    const otherDrawnMs: number[] = [];
    for (const p of pages) {
      const run = await load(ext.context, urlOf(p));
      if (!run) {
        console.log(`${p.slug} | failed`);
        continue;
      }
      const { state, marks } = run;
      const dcl = state.dcl;
      const swBeats = (await sw?.evaluate<[number, number][]>('globalThis.__bsBeats.splice(0)')) ?? [];
      const from = run.origin + dcl;
      const swIn = swBeats.filter(([t, g]) => t >= from && t - g <= run.origin + state.done);
      const swBusy = swIn.reduce((s, [, g]) => s + g, 0);
      const swMax = Math.max(0, ...swIn.map(([, g]) => g));
      const at = (name: string): number => (marks.find((m) => m.name === name)?.at ?? NaN) - dcl;
      let waits = 0;
      let slices = 1;
      let yieldAt = -1;
      const sends: string[] = [];
      const open: number[] = [];
      for (const m of marks) {
        if (m.name === 'yield' || m.name === 'yield-priority') yieldAt = m.at;
        else if (m.name === 'resume' && yieldAt >= 0) {
          waits += m.at - yieldAt;
          slices++;
        } else if (m.name.startsWith('send-')) open.push(m.at);
        else if (m.name.startsWith('answer-')) {
          const sent = open.shift() ?? NaN;
          sends.push(`${m.name.slice(7)}b@${r(sent - dcl)}+${r(m.at - sent)}`);
        }
      }
      const scanAt = at('dcl');
      const walked = at('walked');
      const window = Math.max(300, state.done - dcl);
      const base = await load(plain.context, urlOf(p), window);
      let busy = NaN;
      let maxGap = NaN;
      if (base) {
        const b0 = base.state.dcl;
        const gaps = base.state.beats.filter(([t, g]) => t >= b0 && t - g <= b0 + window);
        busy = gaps.reduce((s, [, g]) => s + g, 0);
        maxGap = Math.max(0, ...gaps.map(([, g]) => g));
      }
      const other = against ? await load(against.context, urlOf(p)) : null;
      const otherMs = other && other.state.count > 0 ? other.state.done - other.state.dcl : NaN;
      // The page's load itself: DCL from navigation start, and the largest stall from navigation
      // start to drawn (scanning while the page parses must not slow its parsing down).
      const gapTo = (st: ProbeState | undefined, to: number): number => (st ? Math.max(0, ...st.beats.filter(([t, g]) => t - g <= to).map(([, g]) => g)) : NaN);
      const loads = [state, other?.state, base?.state];
      loadRows.push(loads.map((st) => st?.dcl ?? NaN), loads.map((st, i) => gapTo(st, i === 2 ? state.done : (st?.done ?? NaN))), [run.scriptMs, other?.scriptMs ?? NaN, base?.scriptMs ?? NaN]);
      if (state.count > 0) drawnMs.push(state.done - dcl);
      if (Number.isFinite(otherMs)) otherDrawnMs.push(otherMs);
      if (process.env.BENCH_TRACE_MARKS) console.log(marks.map((m) => `${m.name}@${r(m.at - dcl)}`).join(' '));
      console.log([p.slug, r(state.done - dcl), state.count, r(scanAt), r(at('probe-answer')), slices, r(walked - scanAt - waits), r(waits), sends.join(' '), r(walked), r(at('answered')), r(at('resolved')), r(at('drawn')), r(busy), r(maxGap), r(swBusy), r(swMax), r(otherMs), loadRows.at(-3)?.map(r).join('/'), loadRows.at(-2)?.map(r).join('/'), loadRows.at(-1)?.map(r).join('/')].join(' | '));
    }
    const col = (k: number, j: number): number[] => loadRows.filter((_, i) => i % 3 === k).map((row) => row[j]).filter(Number.isFinite);
    console.log(`DCL from navigation start, median: this ${r(median(col(0, 0)))}, other ${r(median(col(0, 1)))}, no extension ${r(median(col(0, 2)))} ms; largest stall navigation → drawn, median / worst: this ${r(median(col(1, 0)))} / ${r(Math.max(...col(1, 0)))}, other ${r(median(col(1, 1)))} / ${r(Math.max(...col(1, 1)))}, no extension ${r(median(col(1, 2)))} / ${r(Math.max(...col(1, 2)))} ms; renderer script time, median: this ${r(median(col(2, 0)))}, other ${r(median(col(2, 1)))}, no extension ${r(median(col(2, 2)))} ms`);
    console.log(`DCL → drawn, pages with highlights: this build median ${r(median(drawnMs))} / worst ${r(Math.max(...drawnMs))} ms (${drawnMs.length} pages)`
      + (against ? `; other build median ${r(median(otherDrawnMs))} / worst ${r(Math.max(...otherDrawnMs))} ms (${otherDrawnMs.length} pages)` : ''));
  } finally {
    await ext.close();
    await plain.close();
    await against?.close();
    await server.close();
    rmSync(traced, { recursive: true, force: true });
  }
}

// Run only as a script: `npm run bench -- page` imports every scripts/bench file named *page*.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
