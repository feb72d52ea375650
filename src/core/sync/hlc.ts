/**
 * Hybrid logical clocks as sortable strings: `<ms, 15 digits>-<counter, 5 digits>-<node>`.
 *
 * Why strings: they compare with `<`, survive JSON on the server unchanged, and fit the
 * `SyncRecord.clock` map as they are. Why hybrid: the wall time keeps "the later edit wins"
 * meaningful to a reader, while `tick` guarantees that an edit made after seeing a value gets a
 * larger clock than that value even when this device's wall clock is behind.
 */
export type Hlc = string;

const MS_DIGITS = 15;
const COUNTER_DIGITS = 5;

function pad(n: number, digits: number): string {
  return Math.max(0, Math.floor(n)).toString().padStart(digits, '0');
}

export function makeHlc(ms: number, counter: number, node: string): Hlc {
  return `${pad(ms, MS_DIGITS)}-${pad(counter, COUNTER_DIGITS)}-${node}`;
}

export function parseHlc(hlc: Hlc): { ms: number; counter: number; node: string } {
  const ms = Number(hlc.slice(0, MS_DIGITS));
  const counter = Number(hlc.slice(MS_DIGITS + 1, MS_DIGITS + 1 + COUNTER_DIGITS));
  const node = hlc.slice(MS_DIGITS + COUNTER_DIGITS + 2);
  return { ms: Number.isFinite(ms) ? ms : 0, counter: Number.isFinite(counter) ? counter : 0, node };
}

/** The clock of an edit stamped with an ISO time (an unreadable time counts as the epoch). */
export function hlcFromTime(iso: string | undefined, node: string): Hlc {
  const ms = iso ? Date.parse(iso) : NaN;
  return makeHlc(Number.isFinite(ms) ? ms : 0, 0, node);
}

/** A clock strictly after `seen` and no earlier than `atLeastMs`: the clock of an edit made after seeing `seen`. */
export function tick(seen: Hlc | undefined, atLeastMs: number, node: string): Hlc {
  if (!seen) return makeHlc(atLeastMs, 0, node);
  const prev = parseHlc(seen);
  if (atLeastMs > prev.ms) return makeHlc(atLeastMs, 0, node);
  return makeHlc(prev.ms, prev.counter + 1, node);
}

/** The later of two clocks (undefined counts as earliest). */
export function maxHlc(a: Hlc | undefined, b: Hlc | undefined): Hlc | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a >= b ? a : b;
}

/** -1, 0 or 1; undefined counts as earliest. */
export function compareHlc(a: Hlc | undefined, b: Hlc | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return a < b ? -1 : 1;
}
