/**
 * How the popup's search (search.ts) ranks what a query finds: exact name, exact alias, name
 * prefix, alias prefix, a later word's prefix, then typo matches, and the per-query tally that
 * keeps each row's best rank and pages through the rows best first (alphabetical within a rank,
 * as the keys were met). Apart from the index because it is the ordering policy, not the data:
 * it knows nothing of how rows and keys are stored, only ranks and row numbers.
 */
import { withinOneEdit } from '../core/search/keys';

/** Typo-tolerant matching starts at this query length: shorter queries match too much. */
export const TYPO_MIN_LENGTH = 4;
/** Ranks, best first. */
const EXACT_NAME = 5;
const EXACT_ALIAS = 4;
const NAME_PREFIX = 3;
const ALIAS_PREFIX = 2;
const WORD_PREFIX = 1;
const TYPO = 0;
const RANKS = 6;

/** The rank of one key for a query, or -1 when it does not match. `field` < 0: a later word. */
export function rankOf(q: string, key: string, field: number, typos: boolean): number {
  if (key.startsWith(q)) {
    if (field < 0) return WORD_PREFIX;
    if (key.length === q.length) return field === 0 ? EXACT_NAME : EXACT_ALIAS;
    return field === 0 ? NAME_PREFIX : ALIAS_PREFIX;
  }
  return typos && key.charCodeAt(0) === q.charCodeAt(0) && withinOneEdit(q, key) ? TYPO : -1;
}

/** Each row's best rank in one query, and the field that gave it; reused from query to query. */
export class RankTally {
  // Per-query scratch, sized to the rows: which query last touched a row, and its best rank.
  private stamp = new Uint32Array(0);
  private best = new Int8Array(0);
  private bestField = new Int32Array(0);
  private generation = 0;
  /** Rows the current query matched, in the order first met. */
  private touched: number[] = [];

  /** Start a query over an index of `rows` rows. */
  begin(rows: number): void {
    this.ensureScratch(rows);
    ++this.generation;
    this.touched = [];
  }

  /** One key of `row` matched with `rank` (`field` < 0: a later word of that field). */
  note(row: number, field: number, rank: number): void {
    if (this.stamp[row] !== this.generation) {
      this.stamp[row] = this.generation;
      this.best[row] = rank;
      this.bestField[row] = field < 0 ? -field - 1 : field;
      this.touched.push(row);
    } else if (rank > this.best[row]) {
      this.best[row] = rank;
      this.bestField[row] = field < 0 ? -field - 1 : field;
    }
  }

  /** How many rows the query matched. */
  get total(): number {
    return this.touched.length;
  }

  /** `limit` matched rows after the first `offset`, best rank first: `pick` gets each row and its best field. */
  page<T>(limit: number, offset: number, pick: (row: number, field: number) => T): T[] {
    // Bucket by rank, keeping the key order within a rank (alphabetical).
    const buckets: number[][] = Array.from({ length: RANKS }, () => []);
    for (const row of this.touched) buckets[this.best[row]].push(row);
    const results: T[] = [];
    let skipped = 0;
    for (let rank = RANKS - 1; rank >= 0 && results.length < limit; rank--) {
      for (const row of buckets[rank]) {
        if (skipped < offset) {
          skipped++;
          continue;
        }
        results.push(pick(row, this.bestField[row]));
        if (results.length >= limit) break;
      }
    }
    return results;
  }

  private ensureScratch(n: number): void {
    if (this.stamp.length >= n) return;
    const size = Math.max(n, this.stamp.length * 2, 1024);
    this.stamp = new Uint32Array(size);
    this.best = new Int8Array(size);
    this.bestField = new Int32Array(size);
    this.generation = 0;
  }
}
