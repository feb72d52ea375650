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
 */
import { ENTITY_TYPES, type Entity, type EntityType } from '../core/entities/entity';
import type { EntitySummary } from '../shared/protocol';
import { after, foldForSearch, lowerBound, typoRanges, withinOneEdit, wordStarts } from '../core/search/keys';
import { packStrings, unpackStrings, type PackedStrings } from '../core/packed-strings';
import { namesakeDetails, setDetail } from './namesake-details';
import { Ragged } from '../core/search/ragged';

export { foldForSearch, withinOneEdit } from '../core/search/keys';

/** What the index needs of an entity; `summary` and `tags` give a namesake's detail. */
export type Searchable = Pick<Entity, 'id' | 'name' | 'aliases' | 'type'> & Partial<Pick<Entity, 'summary' | 'tags'>>;

/**
 * The index as its last build left it (search-service.ts persists it, so a woken worker answers
 * the popup without reading and indexing every entity again: seconds at 100k). Strings packed,
 * lists of lists as one flat list plus each row's end.
 */
export interface StoredSearchIndex {
  format: 'backstory.search';
  version: 2;
  ids: PackedStrings;
  names: PackedStrings;
  types: Uint8Array;
  aliases: PackedStrings;
  aliasEnds: Int32Array;
  folded: PackedStrings;
  foldedEnds: Int32Array;
  keys: PackedStrings;
  keyRow: Int32Array;
  keyField: Int32Array;
  nameOrder: Int32Array;
  /** Namesakes' details: ids and texts. */
  detailIds: PackedStrings;
  details: PackedStrings;
}

export interface SearchAnswer {
  results: EntitySummary[];
  /** Every entity the query finds (the popup sizes its virtual list with it). */
  total: number;
}

/** Rebuild the sorted arrays once this many entities changed since the last build. */
const COMPACT_AFTER = 512;
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


export class SearchIndex {
  // Rows: one per entity version; a changed entity gets a new row and its old row dies.
  // Per-row lists are flat (one array and each row's end), not an array per row: a woken worker
  // restores them without making 200,000 arrays, and the collector has fewer objects to trace.
  private ids: string[] = [];
  private names: string[] = [];
  /** Index in ENTITY_TYPES. */
  private types: number[] = [];
  private aliases = new Ragged();
  /** Folded name then folded aliases, per row. */
  private folded = new Ragged();
  private alive: boolean[] = [];
  /**
   * Each namesake's detail (namesake-details.ts), by id, kept here so that search answers carry
   * it without a store read (packed entities cost whole packs: 50-150 ms a keystroke at 100k).
   * Entities changed since the last build keep theirs whether namesakes or not (a few).
   */
  private details = new Map<string, string>();
  /** Row of each live id: made on the first edit (searching never needs it). */
  private rowOfId: Map<string, number> | null = new Map();
  private liveCount = 0;

  // Sorted keys of the rows that existed at the last build, with what each key points at.
  private keys: string[] = [];
  private keyRow: Int32Array = new Int32Array(0);
  /** 0 for the name, k for alias k-1; negated when the key starts at a later word. */
  private keyField: Int32Array = new Int32Array(0);
  /** Rows of the last build in folded-name order (the empty query lists everything). */
  private nameOrder: Int32Array = new Int32Array(0);
  /** Rows added since the last build: scanned linearly. */
  private fresh: number[] = [];

  // Per-query scratch, sized to the rows: which query last touched a row, and its best rank.
  private stamp = new Uint32Array(0);
  private best = new Int8Array(0);
  private bestField = new Int32Array(0);
  private generation = 0;
  /** Rows as of the last build: their data never changes after it (only whether they live). */
  private builtRows = 0;
  /** Counts builds (a load, or a compaction after many edits): what a persisted copy must follow. */
  builds = 0;

  /** Index these entities, replacing whatever was indexed. */
  load(entities: readonly Searchable[]): void {
    this.ids = [];
    this.names = [];
    this.types = [];
    this.aliases = new Ragged();
    this.folded = new Ragged();
    this.alive = [];
    this.rowOfId = new Map();
    this.liveCount = 0;
    for (const e of entities) this.addRow(e);
    // Row r is entity r here: its folded name is already made.
    this.details = namesakeDetails(entities, entities.map((_, r) => this.nameKey(r)));
    this.build();
  }

  /** An entity was created or changed. */
  upsert(entity: Searchable): void {
    // Its name and aliases as they were (an edit of the notes, the summary, the type): the row
    // keeps its place. A new row goes after every row of its rank until the next compaction, so
    // the Paris just edited fell from first to ninth among its namesakes (found by a probe).
    const row = this.rowOf().get(entity.id);
    if (entity.summary !== undefined || entity.tags !== undefined) setDetail(this.details, entity);
    if (row !== undefined && this.names[row] === entity.name && sameList(this.aliases.get(row), entity.aliases)) {
      this.types[row] = ENTITY_TYPES.indexOf(entity.type);
      return;
    }
    this.removeRow(entity.id);
    this.fresh.push(this.addRow(entity));
    if (this.fresh.length > COMPACT_AFTER) this.compact();
  }

  /** An entity was removed. */
  remove(id: string): void {
    this.removeRow(id);
    this.details.delete(id);
  }

  get size(): number {
    return this.liveCount;
  }

  /** Up to `n` names spread over the name order (what a warm-up types). */
  sampleNames(n: number): string[] {
    const order = this.nameOrder;
    const step = Math.max(1, Math.floor(order.length / n));
    const names: string[] = [];
    for (let i = 0; i < order.length && names.length < n; i += step) if (this.alive[order[i]]) names.push(this.names[order[i]]);
    return names;
  }

  search(query: string, limit: number, offset = 0): SearchAnswer {
    const q = foldForSearch(query);
    return q === '' ? this.everything(limit, offset) : this.find(q, limit, offset);
  }

  // -------------------------------------------------------------------------------------------

  private addRow(e: Searchable): number {
    const row = this.ids.length;
    this.ids.push(e.id);
    this.names.push(e.name);
    this.types.push(ENTITY_TYPES.indexOf(e.type));
    this.aliases.push(e.aliases);
    this.folded.push([e.name, ...e.aliases].map(foldForSearch));
    this.alive.push(true);
    this.rowOf().set(e.id, row);
    this.liveCount++;
    return row;
  }

  private removeRow(id: string): void {
    const row = this.rowOf().get(id);
    if (row === undefined) return;
    this.alive[row] = false;
    this.rowOf().delete(id);
    this.liveCount--;
  }

  /** Drop dead rows and sort everything again (in memory). */
  private compact(): void {
    const live: Searchable[] = [];
    for (let r = 0; r < this.ids.length; r++) {
      if (this.alive[r]) live.push({ id: this.ids[r], name: this.names[r], type: this.typeOf(r), aliases: this.aliases.get(r) });
    }
    const details = this.details;
    this.load(live);
    // The entities carry no summaries here: every detail known stays (it is the same entity).
    this.details = details;
  }

  private build(): void {
    const keyText: string[] = [];
    const rowList: number[] = [];
    const fieldList: number[] = [];
    for (let r = 0; r < this.ids.length; r++) {
      const fields = this.folded.get(r);
      for (let f = 0; f < fields.length; f++) {
        const key = fields[f];
        if (key === '') continue;
        keyText.push(key);
        rowList.push(r);
        fieldList.push(f);
        for (const at of wordStarts(key)) {
          keyText.push(key.slice(at));
          rowList.push(r);
          fieldList.push(-f - 1);
        }
      }
    }
    const order = Array.from(keyText.keys());
    order.sort((a, b) => (keyText[a] < keyText[b] ? -1 : keyText[a] > keyText[b] ? 1 : rowList[a] - rowList[b]));
    this.keys = order.map((k) => keyText[k]);
    this.keyRow = Int32Array.from(order, (k) => rowList[k]);
    this.keyField = Int32Array.from(order, (k) => fieldList[k]);
    const rows = Array.from(this.ids.keys());
    rows.sort((a, b) => (this.nameKey(a) < this.nameKey(b) ? -1 : this.nameKey(a) > this.nameKey(b) ? 1 : 0));
    this.nameOrder = Int32Array.from(rows);
    this.fresh = [];
    this.builtRows = this.ids.length;
    this.builds += 1;
  }

  /** The index as its last build left it (edits since then are not in it). */
  toStored(): StoredSearchIndex {
    const n = this.builtRows;
    const aliases = this.aliases.stored(n);
    const folded = this.folded.stored(n);
    return {
      format: 'backstory.search',
      version: 2,
      ids: packStrings(this.ids.slice(0, n)),
      names: packStrings(this.names.slice(0, n)),
      types: Uint8Array.from(this.types.slice(0, n)),
      aliases: aliases.packed,
      aliasEnds: aliases.ends,
      folded: folded.packed,
      foldedEnds: folded.ends,
      keys: packStrings(this.keys),
      keyRow: this.keyRow,
      keyField: this.keyField,
      nameOrder: this.nameOrder,
      detailIds: packStrings([...this.details.keys()]),
      details: packStrings([...this.details.values()]),
    };
  }

  /** An index from `toStored()`: strings cut out of the packs, nothing folded or sorted again. */
  static fromStored(stored: StoredSearchIndex): SearchIndex {
    const what = 'Stored search index';
    if (stored.format !== 'backstory.search' || stored.version !== 2) throw new Error(`${what}: unknown format`);
    const index = new SearchIndex();
    const n = stored.types.length;
    index.ids = unpackStrings(stored.ids, what);
    index.names = unpackStrings(stored.names, what);
    index.types = Array.from(stored.types);
    index.aliases = Ragged.fromStored(stored.aliases, stored.aliasEnds, n, what);
    index.folded = Ragged.fromStored(stored.folded, stored.foldedEnds, n, what);
    index.keys = unpackStrings(stored.keys, what);
    if (index.ids.length !== n || index.names.length !== n || index.keys.length !== stored.keyRow.length) throw new Error(`${what}: rows are damaged`);
    index.keyRow = stored.keyRow;
    index.keyField = stored.keyField;
    index.nameOrder = stored.nameOrder;
    const detailIds = unpackStrings(stored.detailIds, what);
    const details = unpackStrings(stored.details, what);
    if (detailIds.length !== details.length) throw new Error(`${what}: details are damaged`);
    index.details = new Map(detailIds.map((id, k) => [id, details[k]]));
    index.alive = new Array<boolean>(n).fill(true);
    index.rowOfId = null;
    index.liveCount = n;
    index.builtRows = n;
    return index;
  }

  private rowOf(): Map<string, number> {
    if (this.rowOfId === null) {
      const map = new Map<string, number>();
      for (let r = 0; r < this.ids.length; r++) if (this.alive[r]) map.set(this.ids[r], r);
      this.rowOfId = map;
    }
    return this.rowOfId;
  }

  /** A row's folded name: what name order sorts by. */
  private nameKey(row: number): string {
    return this.folded.at(row, 0);
  }

  private typeOf(row: number): EntityType {
    return ENTITY_TYPES[this.types[row]] ?? 'other';
  }

  private summary(row: number, field = 0): EntitySummary {
    const s: EntitySummary = { id: this.ids[row], name: this.names[row], type: this.typeOf(row) };
    if (field > 0) s.matchedAlias = this.aliases.at(row, field - 1);
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
    const key = this.nameKey(row);
    if (key === '') return false;
    for (let k = lowerBound(this.keys, key); k < this.keys.length && this.keys[k] === key; k++) {
      const other = this.keyRow[k];
      if (this.keyField[k] === 0 && other !== row && this.alive[other]) return true;
    }
    for (const other of this.fresh) if (other !== row && this.alive[other] && this.nameKey(other) === key) return true;
    return false;
  }

  /** The empty query: every entity in name order (the built order merged with fresh rows). */
  private everything(limit: number, offset: number): SearchAnswer {
    const fresh = this.fresh.filter((r) => this.alive[r]).sort((a, b) => (this.nameKey(a) < this.nameKey(b) ? -1 : 1));
    const results: EntitySummary[] = [];
    let seen = 0;
    let i = 0;
    let j = 0;
    while (results.length < limit && (i < this.nameOrder.length || j < fresh.length)) {
      let row: number;
      if (j >= fresh.length || (i < this.nameOrder.length && this.nameKey(this.nameOrder[i]) <= this.nameKey(fresh[j]))) row = this.nameOrder[i++];
      else row = fresh[j++];
      if (!this.alive[row]) continue;
      if (seen++ >= offset) results.push(this.summary(row));
    }
    return { results, total: this.liveCount };
  }

  private ensureScratch(): void {
    const n = this.ids.length;
    if (this.stamp.length >= n) return;
    const size = Math.max(n, this.stamp.length * 2, 1024);
    this.stamp = new Uint32Array(size);
    this.best = new Int8Array(size);
    this.bestField = new Int32Array(size);
    this.generation = 0;
  }

  private find(q: string, limit: number, offset: number): SearchAnswer {
    this.ensureScratch();
    const gen = ++this.generation;
    const touched: number[] = [];
    const typos = q.length >= TYPO_MIN_LENGTH;

    const consider = (row: number, field: number, key: string): void => {
      if (!this.alive[row]) return;
      const rank = rankOf(q, key, field, typos);
      if (rank < 0) return;
      if (this.stamp[row] !== gen) {
        this.stamp[row] = gen;
        this.best[row] = rank;
        this.bestField[row] = field < 0 ? -field - 1 : field;
        touched.push(row);
      } else if (rank > this.best[row]) {
        this.best[row] = rank;
        this.bestField[row] = field < 0 ? -field - 1 : field;
      }
    };

    // Sorted keys: the exact prefix range, or with typos the keys starting with the first letter
    // that can be within one edit (typoRanges), in key order either way.
    const from = lowerBound(this.keys, typos ? q[0] : q);
    const ranges = typos ? typoRanges(this.keys, q, from, lowerBound(this.keys, after(q[0]))) : [from, this.keys.length];
    walk: for (let r = 0; r < ranges.length; r += 2) {
      for (let k = ranges[r]; k < ranges[r + 1]; k++) {
        const key = this.keys[k];
        if (!typos && !key.startsWith(q)) break walk;
        consider(this.keyRow[k], this.keyField[k], key);
      }
    }
    // Fresh rows: every key and word start, linearly.
    for (const row of this.fresh) {
      const fields = this.folded.get(row);
      for (let f = 0; f < fields.length; f++) {
        consider(row, f, fields[f]);
        for (const at of wordStarts(fields[f])) consider(row, -f - 1, fields[f].slice(at));
      }
    }

    // Bucket by rank, keeping the key order within a rank (alphabetical).
    const buckets: number[][] = Array.from({ length: RANKS }, () => []);
    for (const row of touched) buckets[this.best[row]].push(row);
    const results: EntitySummary[] = [];
    let skipped = 0;
    for (let rank = RANKS - 1; rank >= 0 && results.length < limit; rank--) {
      for (const row of buckets[rank]) {
        if (skipped < offset) {
          skipped++;
          continue;
        }
        results.push(this.summary(row, this.bestField[row]));
        if (results.length >= limit) break;
      }
    }
    return { results, total: touched.length };
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The rank of one key for a query, or -1 when it does not match. `field` < 0: a later word. */
function rankOf(q: string, key: string, field: number, typos: boolean): number {
  if (key.startsWith(q)) {
    if (field < 0) return WORD_PREFIX;
    if (key.length === q.length) return field === 0 ? EXACT_NAME : EXACT_ALIAS;
    return field === 0 ? NAME_PREFIX : ALIAS_PREFIX;
  }
  return typos && key.charCodeAt(0) === q.charCodeAt(0) && withinOneEdit(q, key) ? TYPO : -1;
}

/** Apply one entity change to a loaded index (the background's `changed()`); returns the index. */
export function applyToSearch(index: SearchIndex, change: { upsert: Searchable } | { remove: string }): SearchIndex {
  if ('upsert' in change) index.upsert(change.upsert);
  else index.remove(change.remove);
  return index;
}
