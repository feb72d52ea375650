/**
 * The stored form of the popup's search index (search.ts), and the packing to and from it.
 * Apart from the index because it is a persisted format, versioned and checked on the way back in
 * (a damaged copy throws rather than misreads), while the index is what searches: its
 * `toStored()` and `fromStored()` only call these.
 */
import { packStrings, unpackStrings, type PackedStrings } from '../core/packed-strings';
import { SearchRows } from './search-rows';
import type { SortedKeys } from './search-sorted-keys';

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

/** What a build leaves: its rows, their sorted keys, and the namesakes' details by id. */
export interface BuiltIndex {
  rows: SearchRows;
  sorted: SortedKeys;
  details: Map<string, string>;
}

/** The first `n` rows (those of the last build) with the build's keys and the details. */
export function storeIndex({ rows, sorted, details }: BuiltIndex, n: number): StoredSearchIndex {
  return {
    format: 'backstory.search',
    version: 2,
    ...rows.stored(n),
    keys: packStrings(sorted.keys),
    keyRow: sorted.keyRow,
    keyField: sorted.keyField,
    nameOrder: sorted.nameOrder,
    detailIds: packStrings([...details.keys()]),
    details: packStrings([...details.values()]),
  };
}

/** A build from `storeIndex()`: strings cut out of the packs, nothing folded or sorted again. */
export function restoreIndex(stored: StoredSearchIndex): BuiltIndex {
  const what = 'Stored search index';
  if (stored.format !== 'backstory.search' || stored.version !== 2) throw new Error(`${what}: unknown format`);
  const n = stored.types.length;
  const rows = SearchRows.fromStored(stored, what);
  const keys = unpackStrings(stored.keys, what);
  if (!rows.holds(n) || keys.length !== stored.keyRow.length) throw new Error(`${what}: rows are damaged`);
  const sorted: SortedKeys = { keys, keyRow: stored.keyRow, keyField: stored.keyField, nameOrder: stored.nameOrder };
  const detailIds = unpackStrings(stored.detailIds, what);
  const details = unpackStrings(stored.details, what);
  if (detailIds.length !== details.length) throw new Error(`${what}: details are damaged`);
  return { rows, sorted, details: new Map(detailIds.map((id, k) => [id, details[k]])) };
}
