/**
 * Which entities a mention names, and in what order (rule 8 after page order, which only
 * resolve.ts knows): each trie node's entities ranked once and cached, and their types written
 * into a scan's result once per node. scan.ts finds where mentions are; this ranks what they name.
 */
import type { EntityType } from '../entities/entity';
import * as states from './state';
import type { MatcherState, NodeRank } from './state';

// Module-local copy of a hot import (tsx and vitest turn imported bindings into getters).
const typeName = states.typeName;

/** Static rank (rule 8 after page order): notes first, then most recently updated, then id. */
function byStaticRank(st: MatcherState, a: number, b: number): number {
  if (st.hasNotes[a] !== st.hasNotes[b]) return st.hasNotes[b] - st.hasNotes[a];
  if (st.updatedAt[a] !== st.updatedAt[b]) return st.updatedAt[b] - st.updatedAt[a];
  const x = st.ids.get(a);
  const y = st.ids.get(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Insertion sort by static rank (the lists are short). */
function sortByStaticRank(st: MatcherState, a: number[] | Int32Array): void {
  for (let k = 1; k < a.length; k++) {
    const x = a[k];
    let j = k - 1;
    while (j >= 0 && byStaticRank(st, a[j], x) > 0) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = x;
  }
}

/**
 * Per trie node and record kind, cached as scans need it (state.ts, rankCache): the entities
 * of its records in static rank order, their ids, and the scan that last wrote their types.
 * A page names the same few places again and again and a city name may have dozens of
 * homonyms; when every record of the node is valid (the usual case), a mention's list is a
 * copy of `ids`, with no sort, no id lookups and no per-entity type writes after the first.
 */
export function nodeRank(st: MatcherState, node: number, kind: number): NodeRank {
  const key = node * 2 + kind;
  let nr = st.rankCache.get(key);
  if (nr === undefined) {
    const all: number[] = [];
    for (let r = st.trie.nodeRec[node]; r >= 0; r = st.recNextAtNode[r]) {
      if (st.recKind[r] === kind && !all.includes(st.recEntity[r])) all.push(st.recEntity[r]);
    }
    const order = Int32Array.from(all);
    sortByStaticRank(st, order);
    const ids: string[] = [];
    const typeNames: EntityType[] = [];
    for (let k = 0; k < order.length; k++) {
      ids.push(st.ids.get(order[k]));
      typeNames.push(typeName(st.types[order[k]]));
    }
    nr = { order, ids, typeNames, typed: -1 };
    st.rankCache.set(key, nr);
  }
  return nr;
}

/** Numbers the scans (without wrapping), for the per-node marks (NodeRank.typed). */
let scanSerial = 0;

/**
 * The ids of `list` (entities of valid records of one kind at one node, in record order) in
 * static rank order, with their types written into the result; `nr` is that node's and kind's
 * NodeRank (nodeRank).
 */
export function idsAt(nr: NodeRank, list: number[], types: Record<string, EntityType>): string[] {
  const { order } = nr;
  if (order.length === list.length) {
    // Every entity of the node: the cached list. Its types were written already in this scan
    // when the mark says so. Writing a type again (an entity met at another node first) is
    // harmless: assigning an existing key keeps its place in the key order, so the result's
    // order is that of first writes, and no per-entity mark is needed (it was a cache miss per
    // entity: the marks of 100k entities are far apart).
    if (nr.typed !== scanSerial) {
      nr.typed = scanSerial;
      const { ids, typeNames } = nr;
      for (let k = 0; k < order.length; k++) types[ids[k]] = typeNames[k];
    }
    return nr.ids.slice();
  }
  const ids: string[] = [];
  for (let k = 0; k < order.length && ids.length < list.length; k++) {
    const e = order[k];
    if (list.includes(e)) {
      types[nr.ids[k]] = nr.typeNames[k];
      ids.push(nr.ids[k]);
    }
  }
  return ids;
}

/** Starts a scan's numbering (call once per scanBlocks, before any idsAt). */
export function beginScan(): void {
  scanSerial++;
}
