/**
 * Validity classes of a trie node's records (state.ts, NodeGroups and groupData): records with
 * the same folded units and case checks are valid or not together (city homonyms, shared
 * aliases), so walks and mentions test each class once. Built lazily, per node, on the first
 * scan that reaches the node after a compile, load or update.
 */
import * as states from './state';
import type { MatcherState, NodeGroups } from './state';

const REC_FULL = states.REC_FULL;

/** Do records `a` and `b` have the same folded units and case checks (so the same validity anywhere)? */
function sameValidity(st: MatcherState, a: number, b: number): boolean {
  const len = st.recUnitLen[a];
  const n = st.recCaseN[a];
  if (st.recUnitLen[b] !== len || st.recCaseN[b] !== n) return false;
  const { pool, cases } = st;
  for (let q = 0, pa = st.recUnit[a], pb = st.recUnit[b]; q < len; q++) if (pool[pa + q] !== pool[pb + q]) return false;
  for (let q = 0, ca = st.recCase[a], cb = st.recCase[b]; q < 3 * n; q++) if (cases[ca + q] !== cases[cb + q]) return false;
  return true;
}

/** Number of Int32 a class takes in groupData (state.ts): kinds, units offset and length, cases offset and count. */
export const CLASS_INTS = 5;

/** The groups index of a matcher (state.ts, groupIndex), allocated on the first scan after an update. */
export function groupIndexOf(st: MatcherState): Int32Array {
  if (st.groupIndex === null) {
    st.groupIndex = new Int32Array(st.trie.nodeCount).fill(-1);
    st.groupData = new Int32Array(1024);
    st.groupLen = 0;
    st.groups = [];
  }
  return st.groupIndex;
}

/**
 * Groups the records of `node` (state.ts, NodeGroups and groupData) and returns where its
 * groups start in `groupData` (-2 when it has no records). Call only when not built yet.
 */
export function buildGroups(st: MatcherState, node: number): number {
  const index = groupIndexOf(st);
  if (st.trie.nodeRec[node] < 0) return (index[node] = -2);
  const recs: number[] = [];
  for (let r = st.trie.nodeRec[node]; r >= 0; r = st.recNextAtNode[r]) recs.push(r);
  const n = recs.length;
  const reps: number[] = [];
  const kinds: number[] = [];
  const g: NodeGroups = {
    cls: new Int32Array(n), kind: new Uint8Array(n), ent: new Int32Array(n), actName: new Int32Array(n), actOwn: new Int32Array(n),
    shortKey: new Int32Array(n), acts: false, fullAll: [], shortAll: [], shortKeyAll: -1, rankFull: null, rankShort: null,
  };
  for (let k = 0; k < n; k++) {
    const r = recs[k];
    let c = 0;
    while (c < reps.length && !sameValidity(st, reps[c], r)) c++;
    if (c === reps.length) {
      reps.push(r);
      kinds.push(0);
    }
    const kind = st.recKind[r];
    const e = st.recEntity[r];
    kinds[c] |= kind === REC_FULL ? 1 : 2;
    g.cls[k] = c;
    g.kind[k] = kind;
    g.ent[k] = e;
    g.actName[k] = st.recActName[r];
    g.actOwn[k] = st.recActOwn[r];
    g.shortKey[k] = st.recShortKey[r];
    if (kind === REC_FULL) {
      if (!g.fullAll.includes(e)) g.fullAll.push(e);
      if (st.recActName[r] >= 0 || st.recActOwn[r] >= 0) g.acts = true;
    } else {
      if (!g.shortAll.includes(e)) g.shortAll.push(e);
      g.shortKeyAll = st.recShortKey[r];
    }
  }
  const o = st.groupLen;
  const need = o + 2 + CLASS_INTS * reps.length;
  if (need > st.groupData.length) {
    const next = new Int32Array(Math.max(need, st.groupData.length * 2));
    next.set(st.groupData.subarray(0, o));
    st.groupData = next;
  }
  const d = st.groupData;
  d[o] = st.groups.length;
  d[o + 1] = reps.length;
  for (let c = 0, p = o + 2; c < reps.length; c++, p += CLASS_INTS) {
    const r = reps[c];
    d[p] = kinds[c];
    d[p + 1] = st.recUnit[r];
    d[p + 2] = st.recUnitLen[r];
    d[p + 3] = st.recCase[r];
    d[p + 4] = st.recCaseN[r];
  }
  st.groupLen = need;
  st.groups.push(g);
  return (index[node] = o);
}
