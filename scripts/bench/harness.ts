/**
 * What every bench module shares: the row format of CONTRACT §1, timing and memory helpers.
 *
 * A bench module is a file `scripts/bench/<name>.bench.ts` whose default export is a
 * BenchModule; scripts/bench.ts finds and runs them all in one process, so every subject of a
 * bench is measured in the same run, on the same machine state.
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';

export interface Row {
  bench: string;
  subject: string;
  metric: string;
  unit: string;
  better: 'higher' | 'lower';
  value: number;
}

export interface BenchContext {
  /** Progress lines (stderr), so stdout keeps only the table. */
  log: (msg: string) => void;
  /** True for `npm run bench -- --quick`: fewer repetitions, smaller inputs (a smoke run). */
  quick: boolean;
}

export interface BenchModule {
  name: string;
  run: (ctx: BenchContext) => Promise<Row[]>;
}

/** Runs `fn` (one full pass) until `minMs` have passed and at least `minReps` times; median ms. */
export function medianMs(fn: () => void, minMs = 1000, minReps = 3, maxReps = 200): number {
  fn(); // warm-up: JIT and lazily built tables are not what we measure
  const times: number[] = [];
  const t0 = performance.now();
  while (times.length < maxReps && (times.length < minReps || performance.now() - t0 < minMs)) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

setFlagsFromString('--expose-gc');
const gcFn = runInNewContext('gc') as () => void;

/** Collects garbage twice (weak references and finalizers settle). */
export function gc(): void {
  gcFn();
  gcFn();
}

/** Retained JS heap plus ArrayBuffers, in bytes, after a full collection. */
export function retainedBytes(): number {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Memory (MB) retained by what `build` returns, and its build time (ms). */
export function buildAndMeasure<T>(build: () => T): { ms: number; mb: number; value: T } {
  const before = retainedBytes();
  const t = performance.now();
  const value = build();
  const ms = performance.now() - t;
  const mb = (retainedBytes() - before) / 1048576;
  return { ms, mb, value };
}

export function printTable(rows: Row[]): string {
  const head = ['bench', 'subject', 'metric', 'value', 'unit', 'better'];
  const body = rows.map((r) => [r.bench, r.subject, r.metric, fmt(r.value), r.unit, r.better]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string => '| ' + cells.map((c, i) => (i === 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ') + ' |';
  return [line(head), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...body.map(line)].join('\n');
}

function fmt(v: number): string {
  if (v >= 1e6) return (v / 1e6).toFixed(1) + 'M';
  if (v >= 1000) return Math.round(v).toLocaleString('en-US');
  return v >= 100 ? v.toFixed(0) : v.toFixed(2);
}

/**
 * Peers that are the platform's own, not packages: named by what they are (CONTRACT §1 names a
 * row's subject `backstory`, a peer package, or `limit`; the issues ask for these peers too).
 */
export const PLATFORM_PEERS: readonly string[] = ['RegExp', 'Array.filter', 'IndexedDB'];

/**
 * What is wrong with rows against CONTRACT §1: a subject that is not `backstory`, `limit`, one of
 * `packages` (the peer packages, from package.json) or a platform peer; a `better` other than
 * higher/lower; a value that is not a finite number; an empty bench, metric or unit. Empty when
 * all is well.
 */
export function rowProblems(rows: readonly Row[], packages: readonly string[]): string[] {
  const subjects = new Set(['backstory', 'limit', ...packages, ...PLATFORM_PEERS]);
  const problems: string[] = [];
  for (const r of rows) {
    const where = `${r.bench} / ${r.subject} / ${r.metric}`;
    if (!subjects.has(r.subject)) problems.push(`${where}: subject "${r.subject}" is not backstory, limit or a peer package`);
    if (r.better !== 'higher' && r.better !== 'lower') problems.push(`${where}: better is "${String(r.better)}"`);
    if (typeof r.value !== 'number' || !Number.isFinite(r.value)) problems.push(`${where}: value ${String(r.value)} is not a finite number`);
    if (!r.bench || !r.metric || !r.unit) problems.push(`${where}: an empty bench, metric or unit`);
  }
  return problems;
}
