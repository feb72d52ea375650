/**
 * Scan throughput on the text of all corpus pages, with the 250 countries (all aliases) and
 * with the 100k cities. Subjects, in the same run and on the same blocks:
 * - backstory: the whole path, page text to resolved mentions (scan + resolveMentions);
 * - modern-ahocorasick: leftmost-longest search over every name and alias;
 * - RegExp: one alternation of every escaped name, longest first, between `\b`s (ASCII word
 *   boundaries: the cheap and common way; Unicode look-arounds measured 100x slower still);
 * - limit: a plain charCodeAt loop over the same text.
 *
 * backstory is measured twice: as loaded here (tsx compiles each module on its own and turns
 * imported bindings into getter calls) and as the extension runs it, esbuild-bundled into one
 * module (imports become plain locals). The bundled one is the `scan throughput` row, the figure
 * to hold against the targets; the other, `scan throughput, source modules under tsx`, shows
 * what the dev loader costs (both subject `backstory`, as CONTRACT §1 names subjects).
 *
 * Both backstory variants, modern-ahocorasick and limit are timed in turns, one pass of
 * each per round (medians), so that the ratios the targets are stated in hold on a shared,
 * loaded machine: RegExp (minutes per pass with 100k names) is timed on its own afterwards.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import AhoCorasick from 'modern-ahocorasick';
import * as source from '../../src/core/matcher/index';
import type { MatchEntry } from '../../src/core/matcher/types';
import { corpusPresent, loadList, visiblePages } from './corpus';
import type { BenchContext, BenchModule, Row } from './harness';
import { medianMs } from './harness';

/** The matcher as tsx loads it from src/ (the bundled one is `backstory`). */
const SOURCE = 'backstory, source modules';

function limitLoop(blocks: string[]): number {
  let s = 0;
  for (let b = 0; b < blocks.length; b++) {
    const t = blocks[b];
    for (let i = 0; i < t.length; i++) s = (s + t.charCodeAt(i)) | 0;
  }
  return s;
}

type MatcherModule = typeof source;

/**
 * Median ms per pass of each function, timed in turns (one pass of each per round, after one
 * warm-up round) until `minMs` have passed and at least `minRounds` rounds were run.
 */
function interleavedMs(fns: Array<() => void>, minMs: number, minRounds: number): number[] {
  for (const fn of fns) fn();
  const times: number[][] = fns.map(() => []);
  const t0 = performance.now();
  for (let round = 0; round < 200 && (round < minRounds || performance.now() - t0 < minMs); round++) {
    fns.forEach((fn, k) => {
      const t = performance.now();
      fn();
      times[k].push(performance.now() - t);
    });
  }
  return times.map((ts) => ts.sort((a, b) => a - b)[Math.floor(ts.length / 2)]);
}

/** The matcher bundled as the production build bundles it (one ESM file), then imported. */
async function bundledMatcher(): Promise<MatcherModule> {
  const out = join(mkdtempSync(join(tmpdir(), 'bench-matcher-')), 'matcher.mjs');
  const entry = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/core/matcher/index.ts');
  await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'neutral', target: 'es2022', outfile: out, logLevel: 'error' });
  return (await import(pathToFileURL(out).href)) as MatcherModule;
}

function forms(entries: MatchEntry[]): string[] {
  return [...new Set(entries.flatMap((e) => [e.name, ...e.aliases]))];
}

async function run(ctx: BenchContext): Promise<Row[]> {
  if (!corpusPresent()) {
    ctx.log('skipped: ../shared/corpus is not there');
    return [];
  }
  const pages = visiblePages();
  const all = pages.flatMap((p) => p.blocks);
  const chars = all.reduce((n, b) => n + b.length, 0);
  ctx.log(`${pages.length} pages, ${all.length} blocks, ${chars} characters`);
  const bundled = await bundledMatcher();
  const rows: Row[] = [];
  const minMs = ctx.quick ? 200 : 1500;
  const rate = (bench: string, subject: string, ms: number): void => {
    // The bundled matcher is what ships; the source modules are the dev loader's figure.
    const [rowSubject, metric] = subject === SOURCE ? ['backstory', 'scan throughput, source modules under tsx (not what ships)'] : [subject, 'scan throughput'];
    rows.push({ bench, subject: rowSubject, metric, unit: 'chars/s', better: 'higher', value: chars / (ms / 1000) });
    ctx.log(`${bench} ${subject}: ${(chars / ms / 1000).toFixed(1)}M chars/s`);
  };
  for (const [label, file] of [['countries-250', 'entities-countries.json'], ['cities-100k', 'entities-cities-100k.json']] as const) {
    const bench = `scan corpus (${label})`;
    const entries = loadList(file);
    const patterns = forms(entries);
    const ac = new AhoCorasick(patterns);
    const compiled = { [SOURCE]: source.compileMatcher(entries), backstory: bundled.compileMatcher(entries) };
    let sink = 0;
    // The subjects whose ratios are the targets are timed in turns, one pass each per round, so
    // that a shared machine's load swings (other processes come and go within seconds) hit
    // them alike; each rate is the median of its passes.
    const subjects: Array<[string, () => void]> = [
      ...([SOURCE, 'backstory'] as const).map((subject): [string, () => void] => {
        const mod = subject === SOURCE ? source : bundled;
        const m = compiled[subject];
        return [subject, () => {
          for (const p of pages) sink += mod.resolveMentions(m.scan(p.blocks)).length;
        }];
      }),
      ['modern-ahocorasick', () => {
        for (const b of all) sink += ac.search(b, { strategy: 'leftmost-longest' }).length;
      }],
      ['limit', () => {
        sink ^= limitLoop(all);
      }],
    ];
    for (const [subject] of subjects.slice(0, 2)) {
      const m = compiled[subject as 'backstory'];
      const mod = subject === SOURCE ? source : bundled;
      let mentions = 0;
      for (const p of pages) mentions += mod.resolveMentions(m.scan(p.blocks)).length;
      ctx.log(`  ${subject}: ${mentions} mentions`);
    }
    const times = interleavedMs(subjects.map(([, fn]) => fn), minMs * subjects.length, ctx.quick ? 3 : 7);
    subjects.forEach(([subject], k) => rate(bench, subject, times[k]));
    const escaped = patterns.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).sort((a, b) => b.length - a.length);
    const re = new RegExp(`\\b(?:${escaped.join('|')})\\b`, 'g');
    rate(bench, 'RegExp', medianMs(() => {
      for (const b of all) for (const x of b.matchAll(re)) void x;
    }, minMs, 2));
    void sink;
  }
  return rows;
}

const mod: BenchModule = { name: 'matcher-scan', run };
export default mod;
