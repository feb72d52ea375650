/**
 * The sorted keys of the popup's search index (search.ts): every folded name and alias, and every
 * word start inside one, in one array sorted by code unit, with the row and field each key points
 * at; and the rows in folded-name order, which the empty query lists. Apart from the index because
 * this is what a build makes from the rows (search-rows.ts) and what a stored copy keeps as it is,
 * while the index itself only searches it and keeps the edits made since.
 */
import { wordStarts } from '../core/search/keys';
import type { SearchRows } from './search-rows';

// Sorted keys of the rows that existed at the last build, with what each key points at.
export interface SortedKeys {
  keys: string[];
  keyRow: Int32Array;
  /** 0 for the name, k for alias k-1; negated when the key starts at a later word. */
  keyField: Int32Array;
  /** Rows of the last build in folded-name order (the empty query lists everything). */
  nameOrder: Int32Array;
}

export function noKeys(): SortedKeys {
  return { keys: [], keyRow: new Int32Array(0), keyField: new Int32Array(0), nameOrder: new Int32Array(0) };
}

/** Every key of every row, sorted, and the rows in name order. */
export function sortKeys(rows: SearchRows): SortedKeys {
  const keyText: string[] = [];
  const rowList: number[] = [];
  const fieldList: number[] = [];
  for (let r = 0; r < rows.count; r++) {
    const fields = rows.foldedOf(r);
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
  const byName = Array.from({ length: rows.count }, (_, r) => r);
  byName.sort((a, b) => (rows.nameKey(a) < rows.nameKey(b) ? -1 : rows.nameKey(a) > rows.nameKey(b) ? 1 : 0));
  return {
    keys: order.map((k) => keyText[k]),
    keyRow: Int32Array.from(order, (k) => rowList[k]),
    keyField: Int32Array.from(order, (k) => fieldList[k]),
    nameOrder: Int32Array.from(byName),
  };
}
