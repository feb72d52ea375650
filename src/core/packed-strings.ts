/**
 * A list of strings stored as one string and an Int32Array of end offsets. Structured clone
 * (IndexedDB, messages) copies one long string and one typed array in a memcpy each, where
 * 100,000 separate strings cost it tens of milliseconds and the garbage collector 100,000
 * objects to trace.
 */
export interface PackedStrings {
  pack: string;
  ends: Int32Array;
}

export function packStrings(list: readonly string[]): PackedStrings {
  const ends = new Int32Array(list.length);
  let at = 0;
  for (let i = 0; i < list.length; i++) {
    at += list[i].length;
    ends[i] = at;
  }
  return { pack: list.join(''), ends };
}

/** Checks that the offsets fit the string (a damaged record throws rather than misreads). */
export function checkPacked({ pack, ends }: PackedStrings, what: string): void {
  if (ends.length > 0 && ends[ends.length - 1] !== pack.length) throw new Error(`${what}: a string list is damaged`);
}

export function unpackStrings(packed: PackedStrings, what: string): string[] {
  checkPacked(packed, what);
  const { pack, ends } = packed;
  const list: string[] = new Array(ends.length);
  let from = 0;
  for (let i = 0; i < ends.length; i++) {
    list[i] = pack.slice(from, ends[i]);
    from = ends[i];
  }
  return list;
}
