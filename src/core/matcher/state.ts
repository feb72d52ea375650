/**
 * Everything a compiled matcher is, as typed arrays plus a few small JSON lists, so that
 * `serialize` is a slice of each array and `loadMatcher` wraps them back without any work
 * proportional to the number of aliases (only the id → index map is rebuilt).
 *
 * A record is one name, alias or surname of one entity ending at one trie node. Records of a
 * node form a linked list (`recNextAtNode`), records of an entity another (`recNextOfEntity`),
 * so removing an entity unlinks its records without touching the rest.
 */
import type { EntityType } from '../entities/entity';
import { ENTITY_TYPES } from '../entities/entity';
import type { TrieArrays } from './trie';
import { StringList } from './strings';
import { newTrie } from './trie';

export const REC_FULL = 0;
export const REC_SHORT = 1;

/** Case requirement of an alias word (rule 5). */
export const CASE_CAPITAL = 1;
export const CASE_ALLCAPS = 2;

/** A node's entities of one record kind in static rank order (see MatcherState.rankCache). */
export interface NodeRank {
  order: Int32Array;
  ids: string[];
  /** Their types (read once here: the entities' `types` are far apart in memory). */
  typeNames: EntityType[];
  /** The scan that last wrote the types of all of `order` into its result (scan.ts). */
  typed: number;
}

/**
 * A trie node's records as the scan reads them (scan.ts, nodeGroups): grouped into classes of
 * records that are valid together (same folded units, same case checks: homonyms, an alias
 * shared by several entities), so a walk or a mention tests each class once instead of each
 * record. What a validity test reads is in `MatcherState.groupData`, side by side; this object
 * holds what a mention needs, copied out of the record arrays (a city's homonyms are records
 * far apart, each a cache miss per array).
 */
export interface NodeGroups {
  /** The node's records in list order: class, kind, entity, activated keys, surname key. */
  cls: Int32Array;
  kind: Uint8Array;
  ent: Int32Array;
  actName: Int32Array;
  actOwn: Int32Array;
  shortKey: Int32Array;
  /** Whether some full record activates surname keys (recActName or recActOwn >= 0). */
  acts: boolean;
  /**
   * A mention's lists when every class is valid (the usual case): the entities of the full
   * and of the short records (each once, in list order) and the last short record's key.
   */
  fullAll: number[];
  shortAll: number[];
  shortKeyAll: number;
  /** The node's NodeRank per record kind (rank.ts), once a mention needed it. */
  rankFull: NodeRank | null;
  rankShort: NodeRank | null;
}

export interface MatcherState {
  trie: TrieArrays;
  // Entities, by index.
  ids: StringList;
  types: Uint8Array;
  hasNotes: Uint8Array;
  updatedAt: Float64Array;
  alive: Uint8Array;
  /** Head of the entity's record list, -1 when none. */
  entRec: Int32Array;
  entityCount: number;
  // Records, by index.
  recEntity: Int32Array;
  recNextAtNode: Int32Array;
  recNextOfEntity: Int32Array;
  /** REC_FULL or REC_SHORT. */
  recKind: Uint8Array;
  /** Node the record ends at (to unlink it). */
  recNode: Int32Array;
  /** The record's folded code units are `pool[recUnit .. recUnit + recUnitLen]`. */
  recUnit: Int32Array;
  recUnitLen: Int32Array;
  /** Case checks are `cases[recCase .. recCase + 3 * recCaseN]`: (first token, end token, kind). */
  recCase: Int32Array;
  recCaseN: Uint8Array;
  /** Surname keys a full mention through this record activates (rule 7), -1 when none. */
  recActName: Int32Array;
  recActOwn: Int32Array;
  /** For a short record: its surname key. */
  recShortKey: Int32Array;
  recordCount: number;
  pool: Uint16Array;
  poolLen: number;
  cases: Int32Array;
  casesLen: number;
  /** Surname keys (folded surnames), by index. */
  keys: StringList;
  // Derived, not stored; built on first need (a scan never needs them, so a reload is cheap).
  index: Map<string, number> | null;
  keyIndex: Map<string, number> | null;
  /**
   * Per trie node and record kind (`node * 2 + kind`), the entities of its records in static
   * rank order and their ids (scan.ts): a mention's list is then a copy or a filtered copy
   * instead of a sort with string comparisons. Built as scans need it; dropped by every update.
   */
  rankCache: Map<number, NodeRank>;
  /**
   * Per trie node, where its groups start in `groupData` (-1: not built yet, -2: no records);
   * null until a scan needs it, and dropped (set to null) by every update, like rankCache.
   * At that offset: the index of the node's NodeGroups in `groups`, the number of classes, then
   * per class five Int32: kinds (1 full records, 2 short ones, 3 both), and the folded units
   * (offset in `pool`, length) and case checks (offset in `cases`, count) of its records.
   */
  groupIndex: Int32Array | null;
  groupData: Int32Array;
  groupLen: number;
  groups: NodeGroups[];
  /**
   * The scan's word-key filter (scan.ts, wordKeyFilter): built from the records on first need,
   * dropped by every update that adds records.
   */
  wordKeys: Uint32Array | null;
  /**
   * Whether `entRec`, `recNextOfEntity` and `recNode` are filled. They serve updates only, so
   * they are not stored; after a load the first update rebuilds them from the node lists
   * (ensureLinks).
   */
  linked: boolean;
}

export function typeCode(t: EntityType): number {
  const i = ENTITY_TYPES.indexOf(t);
  return i < 0 ? ENTITY_TYPES.indexOf('other') : i;
}

export function typeName(code: number): EntityType {
  return ENTITY_TYPES[code] ?? 'other';
}

export function newState(entities: number, records: number, units: number): MatcherState {
  const e = Math.max(16, entities);
  const r = Math.max(16, records);
  return {
    trie: newTrie(r),
    ids: StringList.empty(),
    types: new Uint8Array(e),
    hasNotes: new Uint8Array(e),
    updatedAt: new Float64Array(e),
    alive: new Uint8Array(e),
    entRec: new Int32Array(e).fill(-1),
    entityCount: 0,
    recEntity: new Int32Array(r),
    recNextAtNode: new Int32Array(r),
    recNextOfEntity: new Int32Array(r),
    recKind: new Uint8Array(r),
    recNode: new Int32Array(r),
    recUnit: new Int32Array(r),
    recUnitLen: new Int32Array(r),
    recCase: new Int32Array(r),
    recCaseN: new Uint8Array(r),
    recActName: new Int32Array(r),
    recActOwn: new Int32Array(r),
    recShortKey: new Int32Array(r),
    recordCount: 0,
    pool: new Uint16Array(Math.max(64, units)),
    poolLen: 0,
    cases: new Int32Array(Math.max(64, r * 3)),
    casesLen: 0,
    keys: StringList.empty(),
    index: new Map(),
    keyIndex: new Map(),
    rankCache: new Map(),
    groupIndex: null,
    groupData: new Int32Array(0),
    groupLen: 0,
    groups: [],
    wordKeys: null,
    linked: true,
  };
}

type Grown<T> = T extends Int32Array ? Int32Array : T extends Uint8Array ? Uint8Array : T extends Float64Array ? Float64Array : Uint16Array;

/** A copy of `a` with room for at least `need` elements (doubling). */
export function grow<T extends Int32Array | Uint8Array | Uint16Array | Float64Array>(a: T, need: number, fill = 0): Grown<T> {
  if (need <= a.length) return a as unknown as Grown<T>;
  // Loaded arrays are sliced to their exact length, which may be 0.
  let cap = Math.max(16, a.length * 2);
  while (cap < need) cap *= 2;
  const ctor = a.constructor as new (n: number) => T;
  const next = new ctor(cap);
  if (fill !== 0) next.fill(fill);
  next.set(a);
  return next as unknown as Grown<T>;
}

/** The id → entity index map, built on first use after a load. */
export function idIndex(st: MatcherState): Map<string, number> {
  if (st.index === null) {
    st.index = new Map();
    for (let i = 0; i < st.entityCount; i++) st.index.set(st.ids.get(i), i);
  }
  return st.index;
}

function keyIndexOf(st: MatcherState): Map<string, number> {
  if (st.keyIndex === null) {
    st.keyIndex = new Map();
    for (let i = 0; i < st.keys.length; i++) st.keyIndex.set(st.keys.get(i), i);
  }
  return st.keyIndex;
}

/**
 * Rebuilds the update-only links of a loaded matcher: each live record's node and the list of
 * each entity's records, from the node lists (a record not in any node list belongs to an entity
 * already removed or replaced, and is never needed again).
 */
export function ensureLinks(st: MatcherState): void {
  if (st.linked) return;
  // As long as the other entity and record arrays: they are grown together (entityIndex,
  // reserveRecord), on the length of `types` and `recEntity`.
  const entRec = new Int32Array(st.types.length).fill(-1);
  const recNode = new Int32Array(st.recEntity.length);
  const recNextOfEntity = new Int32Array(st.recEntity.length);
  const { nodeRec, nodeCount } = st.trie;
  for (let node = 0; node < nodeCount; node++) {
    for (let r = nodeRec[node]; r >= 0; r = st.recNextAtNode[r]) {
      const e = st.recEntity[r];
      recNode[r] = node;
      recNextOfEntity[r] = entRec[e];
      entRec[e] = r;
    }
  }
  st.entRec = entRec;
  st.recNode = recNode;
  st.recNextOfEntity = recNextOfEntity;
  st.linked = true;
}

/** Index of the entity `id`, allocated (empty, alive) when new. */
export function entityIndex(st: MatcherState, id: string): number {
  ensureLinks(st);
  const index = idIndex(st);
  const found = index.get(id);
  if (found !== undefined) return found;
  const i = st.entityCount++;
  if (i >= st.types.length) {
    const need = i + 1;
    st.types = grow(st.types, need);
    st.hasNotes = grow(st.hasNotes, need);
    st.updatedAt = grow(st.updatedAt, need);
    st.alive = grow(st.alive, need);
    st.entRec = grow(st.entRec, need, -1);
  }
  st.ids.push(id);
  index.set(id, i);
  return i;
}

/** Index of a surname key, added when new. */
export function keyOf(st: MatcherState, key: string): number {
  const keyIndex = keyIndexOf(st);
  let k = keyIndex.get(key);
  if (k === undefined) {
    k = st.keys.push(key);
    keyIndex.set(key, k);
  }
  return k;
}

/** Makes room for one more record. */
export function reserveRecord(st: MatcherState): number {
  ensureLinks(st);
  const r = st.recordCount++;
  if (r >= st.recEntity.length) {
    const need = r + 1;
    st.recEntity = grow(st.recEntity, need);
    st.recNextAtNode = grow(st.recNextAtNode, need);
    st.recNextOfEntity = grow(st.recNextOfEntity, need);
    st.recKind = grow(st.recKind, need);
    st.recNode = grow(st.recNode, need);
    st.recUnit = grow(st.recUnit, need);
    st.recUnitLen = grow(st.recUnitLen, need);
    st.recCase = grow(st.recCase, need);
    st.recCaseN = grow(st.recCaseN, need);
    st.recActName = grow(st.recActName, need);
    st.recActOwn = grow(st.recActOwn, need);
    st.recShortKey = grow(st.recShortKey, need);
  }
  return r;
}

/** Unlinks every record of entity `e` from its node and marks the entity dead. */
export function removeEntityRecords(st: MatcherState, e: number): void {
  ensureLinks(st);
  st.rankCache.clear();
  st.groupIndex = null;
  const { nodeRec } = st.trie;
  for (let r = st.entRec[e]; r >= 0; r = st.recNextOfEntity[r]) {
    const node = st.recNode[r];
    if (nodeRec[node] === r) {
      nodeRec[node] = st.recNextAtNode[r];
      continue;
    }
    let p = nodeRec[node];
    while (p >= 0 && st.recNextAtNode[p] !== r) p = st.recNextAtNode[p];
    if (p >= 0) st.recNextAtNode[p] = st.recNextAtNode[r];
  }
  st.entRec[e] = -1;
  st.alive[e] = 0;
}
