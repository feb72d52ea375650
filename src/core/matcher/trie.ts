/**
 * A trie whose edges are tokens (see core/text/tokenize.ts), stored as one open-addressing hash
 * table from (parent node, token hash) to child node in three Int32Arrays.
 *
 * Why tokens and a hash table rather than a character automaton: in text written with spaces an
 * alias can only start and end at token edges, so a scan costs one table probe per word of the
 * page (most words are not the first word of any alias) instead of one transition per
 * character; the table is typed arrays, so it is built in one pass, grows in place for
 * incremental inserts, and is stored and reloaded by structured clone without a rebuild.
 */
export interface TrieArrays {
  /**
   * The hash table, three Int32 per slot: parent node (-1 marks an empty slot), token hash,
   * child node. Interleaved so that a probe touches one cache line, not three: the table of
   * 100k aliases is several MB and most probes miss the cache.
   */
  slots: Int32Array;
  /**
   * One byte per slot: 0 when empty, else a 7-bit tag of the edge's (parent, hash) with the top
   * bit set. A probe reads the tags first and touches `slots` only on a tag match, so the scan's
   * many probes for edges that are not there (a word after "the " that continues no alias)
   * touch a table 12 times smaller (512 KB at 100k cities), which mostly stays in cache.
   */
  tags: Uint8Array;
  /** Head of the node's record list (see state.ts), -1 when none ends here. */
  nodeRec: Int32Array;
  /** Nodes in use (node 0 is the root). */
  nodeCount: number;
  /** Edges in use. */
  edgeCount: number;
  /**
   * One bit per ROOT_BITS hash bucket of the root's edges: a filter small enough to stay in
   * cache, so the scan's probe for a token that starts no alias (most of them) costs no miss in
   * the big table. Bits are never cleared (a removed alias only makes a false positive).
   */
  rootBits: Uint32Array;
  /**
   * The same filter for the aliases that a word starting with a lower-case ASCII letter can
   * start: an alias whose first word has a case rule (rule 5: capitalized or an acronym) never
   * matches there. Most words of a page that start some alias are lower-case ones (`the`, `of`,
   * `a`: the cities `The`, `Of`, `A`), so the scan's fast pass skips them without a probe.
   */
  rootLower: Uint32Array;
}

/** Bits in the root filter (2^20: 128 KB). */
export const ROOT_BITS = 1 << 20;

/** Bucket of a token hash in the root filter. */
export function rootBucket(h: number): number {
  return (h ^ (h >>> 12)) & (ROOT_BITS - 1);
}

/** Mixed hash of an edge: its low bits pick the slot, its top 7 bits make the tag. */
function mix(node: number, h: number): number {
  const x = Math.imul(h ^ Math.imul(node, 0x9e3779b1), 0x85ebca6b);
  return x ^ (x >>> 15);
}

export function slotOf(node: number, h: number, mask: number): number {
  return mix(node, h) & mask;
}

function tagOf(y: number): number {
  return (y >>> 25) | 128;
}

function emptySlots(cap: number): Int32Array {
  const slots = new Int32Array(cap * 3);
  for (let i = 0; i < slots.length; i += 3) slots[i] = -1;
  return slots;
}

/** Number of slots of the table. */
export function capacity(t: TrieArrays): number {
  return t.slots.length / 3;
}

export function newTrie(expectedEdges: number): TrieArrays {
  let cap = 1024;
  while (cap < expectedEdges * 2) cap *= 2;
  const nodeRec = new Int32Array(Math.max(1024, expectedEdges + 1)).fill(-1);
  return { slots: emptySlots(cap), tags: new Uint8Array(cap), nodeRec, nodeCount: 1, edgeCount: 0, rootBits: new Uint32Array(ROOT_BITS >>> 5), rootLower: new Uint32Array(ROOT_BITS >>> 5) };
}

/** Child of `node` along the token hash `h`, or -1. */
export function lookup(t: TrieArrays, node: number, h: number): number {
  const tags = t.tags;
  const mask = tags.length - 1;
  // mix and tagOf, inlined: this is the scan's innermost call.
  const x = Math.imul(h ^ Math.imul(node, 0x9e3779b1), 0x85ebca6b);
  const y = x ^ (x >>> 15);
  const tag = (y >>> 25) | 128;
  let slot = y & mask;
  for (;;) {
    const g = tags[slot];
    if (g === tag) {
      const p = slot * 3;
      const slots = t.slots;
      if (slots[p] === node && slots[p + 1] === h) return slots[p + 2];
    } else if (g === 0) return -1;
    slot = (slot + 1) & mask;
  }
}

function rehash(t: TrieArrays, cap: number): void {
  const old = t.slots;
  const next = emptySlots(cap);
  const tags = new Uint8Array(cap);
  const mask = cap - 1;
  for (let p = 0; p < old.length; p += 3) {
    const kn = old[p];
    if (kn === -1) continue;
    const y = mix(kn, old[p + 1]);
    let slot = y & mask;
    while (tags[slot] !== 0) slot = (slot + 1) & mask;
    tags[slot] = tagOf(y);
    next[slot * 3] = kn;
    next[slot * 3 + 1] = old[p + 1];
    next[slot * 3 + 2] = old[p + 2];
  }
  t.slots = next;
  t.tags = tags;
}

/** Notes that some alias starting with the root token `h` may start at a lower-case word. */
export function markRootLower(t: TrieArrays, h: number): void {
  const b = rootBucket(h);
  t.rootLower[b >>> 5] |= 1 << (b & 31);
}

/** Child of `node` along `h`, created when missing. */
export function insertEdge(t: TrieArrays, node: number, h: number): number {
  const found = lookup(t, node, h);
  if (found >= 0) return found;
  // Load factor at most 1/2 keeps probe runs short for the scan.
  if ((t.edgeCount + 1) * 2 > capacity(t)) rehash(t, capacity(t) * 2);
  const mask = capacity(t) - 1;
  const y = mix(node, h);
  let slot = y & mask;
  while (t.tags[slot] !== 0) slot = (slot + 1) & mask;
  t.tags[slot] = tagOf(y);
  const id = t.nodeCount++;
  if (id >= t.nodeRec.length) {
    const next = new Int32Array(t.nodeRec.length * 2).fill(-1);
    next.set(t.nodeRec);
    t.nodeRec = next;
  }
  t.slots[slot * 3] = node;
  t.slots[slot * 3 + 1] = h;
  t.slots[slot * 3 + 2] = id;
  t.edgeCount++;
  if (node === 0) {
    const b = rootBucket(h);
    t.rootBits[b >>> 5] |= 1 << (b & 31);
  }
  return id;
}
