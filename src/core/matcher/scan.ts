/**
 * The scan: tokenize a block once, then walk the token trie from every token where a mention
 * may start, keeping the longest candidate that passes every rule.
 *
 * Overlaps (rule 6) are decided among full names and aliases only (rules 1-5 and 10 define the
 * candidates there); short forms (rule 7) are placed afterwards in the text no full mention
 * covers, and a surname that coincides exactly with a full mention joins it as an ambiguous
 * mention. So a surname the page later drops (no earlier full mention) can never hide a real
 * mention, and the scan does not depend on page order, which only resolve.ts knows.
 * docs/matching.md gives the reasoning and the one case where this differs from letting a
 * surname compete.
 */
import type { EntityType } from '../entities/entity';
import * as chars from '../text/chars';
import { TokenBuffer, tokenize } from '../text/tokenize';
import * as states from './state';
import type { MatcherState } from './state';
import * as tries from './trie';

// Module-local copies of hot imports (tsx and vitest turn imported bindings into getters).
const CLS_SPACE = chars.CLS_SPACE;
const F_LETTER = chars.F_LETTER;
const F_LOWER = chars.F_LOWER;
const F_UPPER = chars.F_UPPER;
const charInfo = chars.charInfo;
const codePointAt = chars.codePointAt;
const CASE_ALLCAPS = states.CASE_ALLCAPS;
const REC_FULL = states.REC_FULL;
const REC_SHORT = states.REC_SHORT;
const typeName = states.typeName;
const lookup = tries.lookup;
const ROOT_MASK = tries.ROOT_BITS - 1;
import type { RawMention, ScanResult } from './types';

const tb = new TokenBuffer();

/** Rule 5 on the page's own text [a, b) for one alias word. */
function caseOk(s: string, a: number, b: number, kind: number): boolean {
  if (kind === CASE_ALLCAPS) {
    for (let i = a; i < b; i++) {
      const c = s.charCodeAt(i);
      if (c < 128) {
        if (c >= 97 && c <= 122) return false;
        continue;
      }
      const cp = codePointAt(s, i);
      if (cp > 0xffff) i++;
      const info = charInfo(cp);
      if ((info & F_LETTER) !== 0 && (info & F_LOWER) !== 0) return false;
    }
    return true;
  }
  for (let i = a; i < b; i++) {
    const cp = codePointAt(s, i);
    if (cp > 0xffff) i++;
    const info = cp < 128 ? ((cp | 32) >= 97 && (cp | 32) <= 122 ? F_LETTER | (cp < 97 ? F_UPPER : 0) : 0) : charInfo(cp);
    if ((info & F_LETTER) !== 0) return (info & F_UPPER) !== 0;
  }
  return true;
}

/** Does record `r` equal tokens [i, end) of the block `s` (code units, then case)? */
function recValid(st: MatcherState, r: number, s: string, i: number, end: number): boolean {
  const len = st.recUnitLen[r];
  const u0 = tb.fstart[i];
  if (tb.fstart[end] - u0 !== len) return false;
  const { pool } = st;
  const p0 = st.recUnit[r];
  const { units } = tb;
  for (let q = 0; q < len; q++) if (units[u0 + q] !== pool[p0 + q]) return false;
  const n = st.recCaseN[r];
  for (let k = 0, c = st.recCase[r]; k < n; k++, c += 3) {
    const { cases } = st;
    if (!caseOk(s, tb.start[i + cases[c]], tb.end[i + cases[c + 1] - 1], cases[c + 2])) return false;
  }
  return true;
}

// Results of the last walk (module state: no allocation per token).
let fullEnd = -1;
let fullNode = -1;
let shortCount = 0;
const shortEnd: number[] = [];
const shortNode: number[] = [];

/** Walks the trie from token `i`, recording the longest valid full end and every valid short end. */
function walk(st: MatcherState, s: string, i: number, first: number, wantShort: boolean): void {
  fullEnd = -1;
  shortCount = 0;
  const { trie, recNextAtNode, recKind } = st;
  const { hash } = tb;
  const n = tb.n;
  let node = first;
  let t = i;
  while (node >= 0) {
    t++;
    let fullHere = false;
    let shortHere = !wantShort;
    for (let r = trie.nodeRec[node]; r >= 0 && !(fullHere && shortHere); r = recNextAtNode[r]) {
      if (recKind[r] === REC_FULL) {
        if (!fullHere && recValid(st, r, s, i, t)) fullHere = true;
      } else if (!shortHere && recValid(st, r, s, i, t)) {
        shortHere = true;
        shortEnd[shortCount] = t;
        shortNode[shortCount++] = node;
      }
    }
    if (fullHere) {
      fullEnd = t;
      fullNode = node;
    }
    if (t >= n) break;
    node = lookup(trie, node, hash[t]);
  }
}

/** Static rank (rule 8 after page order): notes first, then most recently updated, then id. */
function byStaticRank(st: MatcherState, a: number, b: number): number {
  if (st.hasNotes[a] !== st.hasNotes[b]) return st.hasNotes[b] - st.hasNotes[a];
  if (st.updatedAt[a] !== st.updatedAt[b]) return st.updatedAt[b] - st.updatedAt[a];
  const x = st.ids[a];
  const y = st.ids[b];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The mention of tokens [i, end) ending at `node`, with every record that is valid there. */
function mentionAt(st: MatcherState, s: string, i: number, end: number, node: number, withFull: boolean, types: Record<string, EntityType>): RawMention {
  const full: number[] = [];
  const short: number[] = [];
  let shortKey = -1;
  let activates: Record<string, string[]> | undefined;
  for (let r = st.trie.nodeRec[node]; r >= 0; r = st.recNextAtNode[r]) {
    const kind = st.recKind[r];
    if ((kind === REC_FULL && !withFull) || !recValid(st, r, s, i, end)) continue;
    const e = st.recEntity[r];
    if (kind === REC_SHORT) {
      if (!short.includes(e)) short.push(e);
      shortKey = st.recShortKey[r];
      continue;
    }
    if (!full.includes(e)) full.push(e);
    const a = st.recActName[r];
    const o = st.recActOwn[r];
    if (a >= 0 || o >= 0) {
      activates ??= {};
      const list = (activates[st.ids[e]] ??= []);
      // Two plain checks rather than a loop over [a, o]: no array per record.
      if (a >= 0 && !list.includes(st.keys[a])) list.push(st.keys[a]);
      if (o >= 0 && !list.includes(st.keys[o])) list.push(st.keys[o]);
    }
  }
  if (full.length > 1) full.sort((a, b) => byStaticRank(st, a, b));
  if (short.length > 1) short.sort((a, b) => byStaticRank(st, a, b));
  for (const e of full) types[st.ids[e]] = typeName(st.types[e]);
  for (const e of short) types[st.ids[e]] = typeName(st.types[e]);
  const m: RawMention = { start: tb.start[i], end: tb.end[end - 1], full: full.map((e) => st.ids[e]), short: short.map((e) => st.ids[e]) };
  if (shortKey >= 0) m.shortKey = st.keys[shortKey];
  if (activates) m.activates = activates;
  return m;
}

/** Scans one block's original text. */
export function scanBlock(st: MatcherState, s: string, types: Record<string, EntityType>): RawMention[] {
  const out: RawMention[] = [];
  tokenize(s, tb);
  const n = tb.n;
  const { kind, hash } = tb;
  const { trie } = st;
  const { rootBits } = trie;
  let i = 0;
  while (i < n) {
    // Nearly every token of a page starts no alias: the cached root filter, then one probe.
    const h = hash[i];
    const b = (h ^ (h >>> 12)) & ROOT_MASK;
    if ((rootBits[b >>> 5] & (1 << (b & 31))) === 0 || kind[i] === CLS_SPACE) {
      i++;
      continue;
    }
    const first = lookup(trie, 0, h);
    if (first < 0) {
      i++;
      continue;
    }
    walk(st, s, i, first, true);
    if (fullEnd > 0) {
      out.push(mentionAt(st, s, i, fullEnd, fullNode, true, types));
      i = fullEnd;
      continue;
    }
    if (shortCount > 0) {
      // A surname may only take text that no full mention takes: stop at the next full start.
      const ends = shortEnd.slice(0, shortCount);
      const nodes = shortNode.slice(0, shortCount);
      let limit = ends[ends.length - 1];
      for (let j = i + 1; j < limit; j++) {
        const fj = kind[j] === CLS_SPACE ? -1 : lookup(trie, 0, hash[j]);
        if (fj < 0) continue;
        walk(st, s, j, fj, false);
        if (fullEnd > 0) limit = j;
      }
      let pick = -1;
      for (let q = 0; q < ends.length; q++) if (ends[q] <= limit) pick = q;
      if (pick >= 0) {
        out.push(mentionAt(st, s, i, ends[pick], nodes[pick], false, types));
        i = ends[pick];
        continue;
      }
    }
    i++;
  }
  return out;
}

export function scanBlocks(st: MatcherState, blocks: string[]): ScanResult {
  const types: Record<string, EntityType> = {};
  const out: RawMention[][] = new Array(blocks.length);
  for (let b = 0; b < blocks.length; b++) out[b] = scanBlock(st, blocks[b], types);
  return { blocks: out, types };
}
