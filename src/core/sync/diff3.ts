/**
 * Line-based three-way merge (diff3), written here rather than taken from npm: the notes merge
 * needs about a hundred lines of it, must run in a service worker and in Node alike, and the
 * maintained packages either pull in a whole diff library or label conflicts their own way.
 *
 * `diff3Merge(base, a, b)` cuts the three texts into lines, finds the lines of `base` kept by
 * both sides (longest common subsequences), and between those stable lines takes whichever side
 * changed; where both changed differently the chunk is a conflict holding both versions.
 */

/** Beyond this many cells the LCS table would cost too much: the middle becomes one changed chunk. */
const MAX_CELLS = 4_000_000;

/** For each line of `a`, the index of the line of `b` it is matched with in an LCS, or -1. */
export function lcsMatch(a: readonly string[], b: readonly string[]): number[] {
  const match = new Array<number>(a.length).fill(-1);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) {
    match[start] = start;
    start++;
  }
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
    match[endA] = endB;
  }
  const n = endA - start;
  const m = endB - start;
  if (n === 0 || m === 0 || (n + 1) * (m + 1) > MAX_CELLS) return match;
  // Classic DP table of suffix LCS lengths, then a forward walk picking matches.
  const width = m + 1;
  const table = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * width + j] = a[start + i] === b[start + j]
        ? table[(i + 1) * width + j + 1] + 1
        : Math.max(table[(i + 1) * width + j], table[i * width + j + 1]);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[start + i] === b[start + j]) {
      match[start + i] = start + j;
      i++;
      j++;
    } else if (table[(i + 1) * width + j] >= table[i * width + j + 1]) i++;
    else j++;
  }
  return match;
}

export type Diff3Chunk =
  | { ok: string[] }
  | { conflict: { a: string[]; base: string[]; b: string[] } };

function same(x: readonly string[], y: readonly string[]): boolean {
  return x.length === y.length && x.every((line, i) => line === y[i]);
}

/** Three-way merge of line arrays into stable chunks and conflicts. */
export function diff3Chunks(base: readonly string[], a: readonly string[], b: readonly string[]): Diff3Chunk[] {
  const ma = lcsMatch(base, a);
  const mb = lcsMatch(base, b);
  const chunks: Diff3Chunk[] = [];
  const emit = (lines: string[]) => {
    if (lines.length === 0) return;
    const last = chunks[chunks.length - 1];
    if (last && 'ok' in last) last.ok.push(...lines);
    else chunks.push({ ok: [...lines] });
  };
  let i = 0;
  let ja = 0;
  let jb = 0;
  for (;;) {
    // The next base line kept by both sides is a sync point (matches are increasing).
    let k = i;
    while (k < base.length && (ma[k] < 0 || mb[k] < 0)) k++;
    const ka = k < base.length ? ma[k] : a.length;
    const kb = k < base.length ? mb[k] : b.length;
    const o = base.slice(i, k);
    const x = a.slice(ja, ka);
    const y = b.slice(jb, kb);
    if (o.length || x.length || y.length) {
      if (same(x, o)) emit(y);
      else if (same(y, o) || same(x, y)) emit(x);
      else chunks.push({ conflict: { a: x, base: o, b: y } });
    }
    if (k >= base.length) break;
    emit([base[k]]);
    i = k + 1;
    ja = ka + 1;
    jb = kb + 1;
  }
  return chunks;
}
