/**
 * The popup's search over names and aliases, answered from the background's memory so the popup
 * never loads the whole table (CONTRACT §4 `Search entities`, issue 5: ≤ 16 ms per keystroke at
 * 100k entities).
 *
 * Structure (measured in scripts/bench/search.ts):
 * - every name and alias is folded (case, accents, `ß ø ł…`, full-width forms) and every word
 *   start inside it becomes a key ("new delhi" → "new delhi", "delhi"), so a query finds a name by
 *   any of its words;
 * - the keys live in one array sorted by code unit, so a prefix is a binary search plus a walk
 *   over the matching range, instead of a scan of every name;
 * - queries of 4 characters or more also take a bounded typo-tolerant pass over the keys that
 *   start with the query's first letter: one substitution, insertion, deletion or swap of two
 *   neighbours (the first letter is trusted: that keeps the pass to a twentieth of the keys);
 * - edits made after the sort go to a small unsorted overlay that is scanned linearly; past
 *   COMPACT_AFTER of them the sorted arrays are rebuilt from memory (never from the store).
 *
 * Ranking: exact name, exact alias, name prefix, alias prefix, a later word's prefix, then typo
 * matches; within a rank, alphabetical by folded key.
 *
 * The parts: the rows (search-rows.ts), their sorted keys (search-sorted-keys.ts), the ranking
 * (search-ranking.ts) and the stored form (search-stored.ts); this file keeps the index that
 * joins them, takes the edits and answers queries.
 */
import type { EntitySummary } from '../shared/protocol';
import { after, foldForSearch, lowerBound, typoRanges, wordStarts } from '../core/search/keys';
import { namesakeDetails, setDetail } from './namesake-details';
import { rankOf, RankTally, TYPO_MIN_LENGTH } from './search-ranking';
import { SearchRows, type Searchable } from './search-rows';
import { noKeys, sortKeys, type SortedKeys } from './search-sorted-keys';
import { restoreIndex, storeIndex, type StoredSearchIndex } from './search-stored';

export { foldForSearch, withinOneEdit } from '../core/search/keys';
export { TYPO_MIN_LENGTH } from './search-ranking';
export type { Searchable } from './search-rows';
export type { StoredSearchIndex } from './search-stored';

export interface SearchAnswer {
  results: EntitySummary[];
  /** Every entity the query finds (the popup sizes its virtual list with it). */
  total: number;
}

/** Rebuild the sorted arrays once this many entities changed since the last build. */
const COMPACT_AFTER = 512;

export class SearchIndex {
  private rows = new SearchRows();
  /**
   * Each namesake's detail (namesake-details.ts), by id, kept here so that search answers carry
   * it without a store read (packed entities cost whole packs: 50-150 ms a keystroke at 100k).
   * Entities changed since the last build keep theirs whether namesakes or not (a few).
   */
  private details = new Map<string, string>();
  private sorted: SortedKeys = noKeys();
  /** Rows added since the last build: scanned linearly. */
  private fresh: number[] = [];
  private readonly tally = new RankTally();
  /** Rows as of the last build: their data never changes after it (only whether they live). */
  private builtRows = 0;
  /** Counts builds (a load, or a compaction after many edits): what a persisted copy must follow. */
  builds = 0;

  /** Index these entities, replacing whatever was indexed. */
  load(entities: readonly Searchable[]): void {
    this.rows = new SearchRows();
    for (const e of entities) this.rows.add(e);
    // Row r is entity r here: its folded name is already made.
    this.details = namesakeDetails(entities, entities.map((_, r) => this.rows.nameKey(r)));
    this.build();
  }

  /** An entity was created or changed. */
  upsert(entity: Searchable): void {
    // Its name and aliases as they were (an edit of the notes, the summary, the type): the row
    // keeps its place. A new row goes after every row of its rank until the next compaction, so
    // the Paris just edited fell from first to ninth among its namesakes (found by a probe).
    const row = this.rows.find(entity.id);
    if (entity.summary !== undefined || entity.tags !== undefined) setDetail(this.details, entity);
    if (row !== undefined && this.rows.name(row) === entity.name && sameList(this.rows.aliasesOf(row), entity.aliases)) {
      this.rows.setType(row, entity.type);
      return;
    }
    this.rows.remove(entity.id);
    this.fresh.push(this.rows.add(entity));
    if (this.fresh.length > COMPACT_AFTER) this.compact();
  }

  /** An entity was removed. */
  remove(id: string): void {
    this.rows.remove(id);
    this.details.delete(id);
  }

  get size(): number {
    return this.rows.live;
  }

  /** Up to `n` names spread over the name order (what a warm-up types). */
  sampleNames(n: number): string[] {
    const order = this.sorted.nameOrder;
    const step = Math.max(1, Math.floor(order.length / n));
    const names: string[] = [];
    for (let i = 0; i < order.length && names.length < n; i += step) if (this.rows.isAlive(order[i])) names.push(this.rows.name(order[i]));
    return names;
  }

  search(query: string, limit: number, offset = 0): SearchAnswer {
    const q = foldForSearch(query);
    return q === '' ? this.everything(limit, offset) : this.find(q, limit, offset);
  }

  /** The index as its last build left it (edits since then are not in it). */
  toStored(): StoredSearchIndex {
    return storeIndex({ rows: this.rows, sorted: this.sorted, details: this.details }, this.builtRows);
  }

  /** An index from `toStored()`: strings cut out of the packs, nothing folded or sorted again. */
  static fromStored(stored: StoredSearchIndex): SearchIndex {
    const built = restoreIndex(stored);
    const index = new SearchIndex();
    index.rows = built.rows;
    index.sorted = built.sorted;
    index.details = built.details;
    index.builtRows = built.rows.count;
    return index;
  }

  // -------------------------------------------------------------------------------------------

  /** Drop dead rows and sort everything again (in memory). */
  private compact(): void {
    const live = this.rows.liveEntities();
    const details = this.details;
    this.load(live);
    // The entities carry no summaries here: every detail known stays (it is the same entity).
    this.details = details;
  }

  private build(): void {
    this.sorted = sortKeys(this.rows);
    this.fresh = [];
    this.builtRows = this.rows.count;
    this.builds += 1;
  }

  private summary(row: number, field = 0): EntitySummary {
    const s: EntitySummary = { id: this.rows.id(row), name: this.rows.name(row), type: this.rows.typeOf(row) };
    if (field > 0) s.matchedAlias = this.rows.alias(row, field - 1);
    if (this.hasNamesake(row)) {
      s.namesake = true;
      const detail = this.details.get(s.id);
      if (detail) s.detail = detail;
    }
    return s;
  }

  /**
   * Whether another live entity has the same folded name (`Paris` and `París`): such rows look
   * alike in the popup, which then shows the start of each one's summary. A binary search in the
   * sorted keys, plus the overlay of fresh rows.
   */
  private hasNamesake(row: number): boolean {
    const { keys, keyRow, keyField } = this.sorted;
    const key = this.rows.nameKey(row);
    if (key === '') return false;
    for (let k = lowerBound(keys, key); k < keys.length && keys[k] === key; k++) {
      const other = keyRow[k];
      if (keyField[k] === 0 && other !== row && this.rows.isAlive(other)) return true;
    }
    for (const other of this.fresh) if (other !== row && this.rows.isAlive(other) && this.rows.nameKey(other) === key) return true;
    return false;
  }

  /** The empty query: every entity in name order (the built order merged with fresh rows). */
  private everything(limit: number, offset: number): SearchAnswer {
    const rows = this.rows;
    const nameOrder = this.sorted.nameOrder;
    const fresh = this.fresh.filter((r) => rows.isAlive(r)).sort((a, b) => (rows.nameKey(a) < rows.nameKey(b) ? -1 : 1));
    const results: EntitySummary[] = [];
    let seen = 0;
    let i = 0;
    let j = 0;
    while (results.length < limit && (i < nameOrder.length || j < fresh.length)) {
      let row: number;
      if (j >= fresh.length || (i < nameOrder.length && rows.nameKey(nameOrder[i]) <= rows.nameKey(fresh[j]))) row = nameOrder[i++];
      else row = fresh[j++];
      if (!rows.isAlive(row)) continue;
      if (seen++ >= offset) results.push(this.summary(row));
    }
    return { results, total: rows.live };
  }

  private find(q: string, limit: number, offset: number): SearchAnswer {
    const { rows, tally } = this;
    const { keys, keyRow, keyField } = this.sorted;
    tally.begin(rows.count);
    const typos = q.length >= TYPO_MIN_LENGTH;

    const consider = (row: number, field: number, key: string): void => {
      if (!rows.isAlive(row)) return;
      const rank = rankOf(q, key, field, typos);
      if (rank >= 0) tally.note(row, field, rank);
    };

    // Sorted keys: the exact prefix range, or with typos the keys starting with the first letter
    // that can be within one edit (typoRanges), in key order either way.
    const from = lowerBound(keys, typos ? q[0] : q);
    const ranges = typos ? typoRanges(keys, q, from, lowerBound(keys, after(q[0]))) : [from, keys.length];
    walk: for (let r = 0; r < ranges.length; r += 2) {
      for (let k = ranges[r]; k < ranges[r + 1]; k++) {
        const key = keys[k];
        if (!typos && !key.startsWith(q)) break walk;
        consider(keyRow[k], keyField[k], key);
      }
    }
    // Fresh rows: every key and word start, linearly.
    for (const row of this.fresh) {
      const fields = rows.foldedOf(row);
      for (let f = 0; f < fields.length; f++) {
        consider(row, f, fields[f]);
        for (const at of wordStarts(fields[f])) consider(row, -f - 1, fields[f].slice(at));
      }
    }

    const results = tally.page(limit, offset, (row, field) => this.summary(row, field));
    return { results, total: tally.total };
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Apply one entity change to a loaded index (the background's `changed()`); returns the index. */
export function applyToSearch(index: SearchIndex, change: { upsert: Searchable } | { remove: string }): SearchIndex {
  if ('upsert' in change) index.upsert(change.upsert);
  else index.remove(change.remove);
  return index;
}
