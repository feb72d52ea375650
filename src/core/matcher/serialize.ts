/**
 * Storing a compiled matcher: a plain object of typed arrays (sliced to what is used) and two
 * string lists, which IndexedDB stores by structured clone. Loading wraps the arrays as they
 * are; the id → index map is rebuilt only when an update first needs it (scans never do).
 */
import type { MatcherState } from './state';
import { StringList } from './strings';

/**
 * 6: without entRec, recNextOfEntity and recNode (rebuilt on the first update: state.ts,
 * ensureLinks). 7: Hangul conjoining jamo compose (chars.ts): aliases spelled in jamo are keyed
 * differently, so a matcher stored before is rebuilt rather than loaded. 8: U+0085 is white space
 * (chars.ts), which splits an alias that holds it into words. 9: superscript, circled and
 * fraction numbers are no longer word characters (chars.ts), which changes the boundaries of an
 * alias that starts or ends with one.
 */
export const SERIAL_VERSION = 9;

export interface SerializedMatcher {
  format: 'backstory.matcher';
  version: number;
  /** Entity ids, concatenated; `arrays.idEnds` holds where each ends (see strings.ts). */
  ids: string;
  /** Surname keys, concatenated; `arrays.keyEnds` holds where each ends. */
  keys: string;
  entityCount: number;
  recordCount: number;
  nodeCount: number;
  edgeCount: number;
  /** Typed arrays by name (see MatcherState for what each holds). */
  arrays: Record<string, Int32Array | Uint8Array | Uint16Array | Uint32Array | Float64Array>;
}

const ENTITY_ARRAYS = ['types', 'hasNotes', 'updatedAt', 'alive'] as const;
const RECORD_ARRAYS = [
  'recEntity', 'recNextAtNode', 'recKind', 'recUnit', 'recUnitLen',
  'recCase', 'recCaseN', 'recActName', 'recActOwn', 'recShortKey',
] as const;

export function serializeState(st: MatcherState): SerializedMatcher {
  const arrays: SerializedMatcher['arrays'] = {};
  const ids = st.ids.toStored(st.entityCount);
  const keys = st.keys.toStored(st.keys.length);
  arrays.idEnds = ids.ends;
  arrays.keyEnds = keys.ends;
  for (const k of ENTITY_ARRAYS) arrays[k] = st[k].slice(0, st.entityCount);
  for (const k of RECORD_ARRAYS) arrays[k] = st[k].slice(0, st.recordCount);
  arrays.pool = st.pool.slice(0, st.poolLen);
  arrays.cases = st.cases.slice(0, st.casesLen);
  // The hash table is kept at full size: slot positions depend on it.
  arrays.slots = st.trie.slots.slice();
  arrays.tags = st.trie.tags.slice();
  arrays.nodeRec = st.trie.nodeRec.slice(0, st.trie.nodeCount);
  arrays.rootBits = st.trie.rootBits.slice();
  arrays.rootLower = st.trie.rootLower.slice();
  return {
    format: 'backstory.matcher',
    version: SERIAL_VERSION,
    ids: ids.pack,
    keys: keys.pack,
    entityCount: st.entityCount,
    recordCount: st.recordCount,
    nodeCount: st.trie.nodeCount,
    edgeCount: st.trie.edgeCount,
    arrays,
  };
}

function arr<T>(s: SerializedMatcher, name: string, ctor: abstract new (...args: never[]) => T): T {
  const a = s.arrays[name];
  if (!(a instanceof ctor)) throw new Error(`Serialized matcher: ${name} is missing or of the wrong type`);
  return a;
}

export function stateFromSerialized(s: SerializedMatcher): MatcherState {
  if (s.format !== 'backstory.matcher' || s.version !== SERIAL_VERSION) throw new Error('Serialized matcher: unknown format or version');
  const pool = arr(s, 'pool', Uint16Array);
  if (typeof s.ids !== 'string' || typeof s.keys !== 'string' || arr(s, 'idEnds', Int32Array).length !== s.entityCount) throw new Error('Serialized matcher: damaged id list');
  if (arr(s, 'tags', Uint8Array).length * 3 !== arr(s, 'slots', Int32Array).length) throw new Error('Serialized matcher: tags and slots disagree');
  const cases = arr(s, 'cases', Int32Array);
  return {
    trie: {
      slots: arr(s, 'slots', Int32Array),
      tags: arr(s, 'tags', Uint8Array),
      nodeRec: arr(s, 'nodeRec', Int32Array),
      nodeCount: s.nodeCount,
      edgeCount: s.edgeCount,
      rootBits: arr(s, 'rootBits', Uint32Array),
      rootLower: arr(s, 'rootLower', Uint32Array),
    },
    ids: StringList.fromStored(s.ids, arr(s, 'idEnds', Int32Array)),
    types: arr(s, 'types', Uint8Array),
    hasNotes: arr(s, 'hasNotes', Uint8Array),
    updatedAt: arr(s, 'updatedAt', Float64Array),
    alive: arr(s, 'alive', Uint8Array),
    entRec: new Int32Array(0),
    entityCount: s.entityCount,
    recEntity: arr(s, 'recEntity', Int32Array),
    recNextAtNode: arr(s, 'recNextAtNode', Int32Array),
    recNextOfEntity: new Int32Array(0),
    recKind: arr(s, 'recKind', Uint8Array),
    recNode: new Int32Array(0),
    recUnit: arr(s, 'recUnit', Int32Array),
    recUnitLen: arr(s, 'recUnitLen', Int32Array),
    recCase: arr(s, 'recCase', Int32Array),
    recCaseN: arr(s, 'recCaseN', Uint8Array),
    recActName: arr(s, 'recActName', Int32Array),
    recActOwn: arr(s, 'recActOwn', Int32Array),
    recShortKey: arr(s, 'recShortKey', Int32Array),
    recordCount: s.recordCount,
    pool,
    poolLen: pool.length,
    cases,
    casesLen: cases.length,
    keys: StringList.fromStored(s.keys, arr(s, 'keyEnds', Int32Array)),
    index: null,
    keyIndex: null,
    rankCache: new Map(),
    groupIndex: null,
    groupData: new Int32Array(0),
    groupLen: 0,
    groups: [],
    wordKeys: null,
    linked: false,
  };
}
