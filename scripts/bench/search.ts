/**
 * Popup search benchmark (issue 5: ≤ 16 ms per keystroke at 100k entities).
 *
 * Over the 100k-city list of the shared corpus: index build time, then "typing" 300 names
 * picked across the list one keystroke at a time (every prefix up to 14 characters, a typo'd
 * version of each name too), timing every search. The peer is what a popup without an index
 * would do per keystroke: a plain `Array.filter` over the same names with lower-case `includes`
 * (no accent folding, no aliases, no ranking, no typos), so it is a lower bound of that
 * approach's cost. Skipped with a message when ../shared/corpus is absent.
 * Run alone: `npx tsx scripts/bench/search.ts`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SearchIndex, type Searchable } from '../../src/background/search';
import { CORPUS_DIR } from './corpus';
import type { BenchRow } from './sync';

const FILE = join(CORPUS_DIR, 'entities-cities-100k.json');
const LIMIT = 50;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Keystroke sequences: prefixes of names spread over the list, and of a typo'd copy (two letters swapped). */
function keystrokes(entities: Searchable[]): string[] {
  const queries: string[] = [];
  const step = Math.max(1, Math.floor(entities.length / 300));
  for (let i = 0; i < entities.length; i += step) {
    const name = entities[i].name.slice(0, 14);
    const typo = name.length > 4 ? name.slice(0, 2) + name[3] + name[2] + name.slice(4) : name;
    for (const text of [name, typo]) for (let n = 1; n <= text.length; n++) queries.push(text.slice(0, n));
  }
  return queries;
}

export async function benchSearch(): Promise<BenchRow[]> {
  if (!existsSync(FILE)) {
    console.log(`search bench: skipped (${FILE} not found: the shared corpus sits beside the repository)`);
    return [];
  }
  const entities = (JSON.parse(readFileSync(FILE, 'utf8')) as Searchable[]).map(({ id, name, aliases, type }) => ({ id, name, aliases: aliases ?? [], type }));
  const label = `${entities.length.toLocaleString('en-US')} entities`;
  const bench = `popup search: per keystroke over ${label} (cities)`;
  const rows: BenchRow[] = [];
  const row = (b: string, subject: string, metric: string, unit: string, value: number): void => {
    rows.push({ bench: b, subject, metric, unit, better: 'lower', value: Math.round(value * 100) / 100 });
  };

  let t = performance.now();
  const index = new SearchIndex();
  index.load(entities);
  row(`popup search: index build over ${label}`, 'backstory', 'time', 'ms', performance.now() - t);

  const queries = keystrokes(entities);
  const names = entities.map((e) => e.name);
  // Warm both paths up so the figures are of optimized code, as in a popup used for a while.
  for (const q of queries.slice(0, 200)) {
    index.search(q, LIMIT);
    names.filter((n) => n.toLowerCase().includes(q.toLowerCase()));
  }

  const ours: number[] = [];
  const peer: number[] = [];
  for (const q of queries) {
    t = performance.now();
    index.search(q, LIMIT);
    ours.push(performance.now() - t);
    t = performance.now();
    const lower = q.toLowerCase();
    names.filter((n) => n.toLowerCase().includes(lower)).slice(0, LIMIT);
    peer.push(performance.now() - t);
  }
  row(bench, 'backstory', 'p95', 'ms', percentile(ours, 95));
  row(bench, 'backstory', 'p50', 'ms', percentile(ours, 50));
  row(bench, 'backstory', 'max', 'ms', Math.max(...ours));
  row(bench, 'Array.filter', 'p95', 'ms', percentile(peer, 95));
  row(bench, 'Array.filter', 'p50', 'ms', percentile(peer, 50));
  row(bench, 'Array.filter', 'max', 'ms', Math.max(...peer));

  // An edit in the popup: the index takes the change in place (no rebuild from the store).
  t = performance.now();
  for (let i = 0; i < 100; i++) index.upsert({ ...entities[i * 997], name: `${entities[i * 997].name} edited` });
  row(`popup search: 100 entity edits applied to the index over ${label}`, 'backstory', 'time', 'ms', performance.now() - t);
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchSearch().then((rows) => console.table(rows), (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
