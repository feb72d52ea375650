/**
 * The exact step of the scan (scan.ts): where the fast pass finds a token from which a name,
 * alias or surname may start, this code tokenizes a window of the block from there (or the rest
 * of the block, when the fast pass met a unit it cannot judge), walks the trie keeping the
 * longest candidate that passes every rule (case on the page's own text, rule 5; surnames, rule
 * 7), and builds the mention with its ranked entities. Apart from the fast pass because it is the
 * rules' side: the fast pass only decides where to look; the scan-wide state this step keeps
 * (the token buffer, the last walk's results) is its own.
 */
import type { EntityType } from '../entities/entity';
import * as chars from '../text/chars';
import { TokenBuffer, tokenize } from '../text/tokenize';
import * as groups from './groups';
import * as ranks from './rank';
import * as states from './state';
import type { MatcherState } from './state';
import * as tries from './trie';
import type { RawMention } from './types';

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
const lookup = tries.lookup;
const ROOT_MASK = tries.ROOT_BITS - 1;
const idsAt = ranks.idsAt;
const nodeRank = ranks.nodeRank;
const CLASS_INTS = groups.CLASS_INTS;
const groupIndexOf = groups.groupIndexOf;
const buildGroups = groups.buildGroups;

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

/**
 * Do tokens [i, end) of the block `s` equal the folded units `pool[p0 .. p0 + len]` and pass
 * the `n` case checks at `cases[c0 ..]` (a record's or a class's: state.ts, groupData)?
 */
function validAt(st: MatcherState, s: string, i: number, end: number, p0: number, len: number, c0: number, n: number): boolean {
  const u0 = tb.fstart[i];
  if (tb.fstart[end] - u0 !== len) return false;
  const { pool } = st;
  const { units } = tb;
  for (let q = 0; q < len; q++) if (units[u0 + q] !== pool[p0 + q]) return false;
  for (let k = 0, c = c0; k < n; k++, c += 3) {
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
  const { trie } = st;
  const index = groupIndexOf(st);
  const { hash } = tb;
  const n = tb.n;
  let node = first;
  let t = i;
  while (node >= 0) {
    t++;
    let o = index[node];
    if (o === -1) o = buildGroups(st, node);
    if (o >= 0) {
      // One validity test per class of records (homonyms share one), until both kinds are found.
      const d = st.groupData;
      let fullHere = false;
      let shortHere = !wantShort;
      for (let c = 0, p = o + 2, nc = d[o + 1]; c < nc && !(fullHere && shortHere); c++, p += CLASS_INTS) {
        const k = d[p];
        if (((k & 1) === 0 || fullHere) && ((k & 2) === 0 || shortHere)) continue;
        if (!validAt(st, s, i, t, d[p + 1], d[p + 2], d[p + 3], d[p + 4])) continue;
        if ((k & 1) !== 0) fullHere = true;
        if ((k & 2) !== 0 && !shortHere) {
          shortHere = true;
          shortEnd[shortCount] = t;
          shortNode[shortCount++] = node;
        }
      }
      if (fullHere) {
        fullEnd = t;
        fullNode = node;
      }
    }
    if (t >= n) {
      if (windowCut) overflow = true;
      break;
    }
    node = lookup(trie, node, hash[t]);
  }
}

/** Per class of the node being made a mention: 1 when valid (mentionAt's scratch). */
let classValid = new Uint8Array(64);

/** The mention of tokens [i, end) ending at `node` (a walk built its groups), with every record that is valid there. */
function mentionAt(st: MatcherState, s: string, i: number, end: number, node: number, withFull: boolean, types: Record<string, EntityType>): RawMention {
  const d = st.groupData;
  const o = groupIndexOf(st)[node];
  const g = st.groups[d[o]];
  const nc = d[o + 1];
  if (classValid.length < nc) classValid = new Uint8Array(nc * 2);
  const valid = classValid;
  let all = withFull;
  for (let c = 0, p = o + 2; c < nc; c++, p += CLASS_INTS) {
    // A class of full records only needs no test when full records are not wanted.
    const ok = (withFull || (d[p] & 2) !== 0) && validAt(st, s, i, end, d[p + 1], d[p + 2], d[p + 3], d[p + 4]);
    valid[c] = ok ? 1 : 0;
    if (!ok) all = false;
  }
  let full: number[];
  let short: number[];
  let shortKey = -1;
  if (all) {
    full = g.fullAll;
    short = g.shortAll;
    shortKey = g.shortKeyAll;
  } else {
    full = [];
    short = [];
    for (let k = 0; k < g.cls.length; k++) {
      if (valid[g.cls[k]] === 0) continue;
      const e = g.ent[k];
      if (g.kind[k] === REC_SHORT) {
        if (!short.includes(e)) short.push(e);
        shortKey = g.shortKey[k];
      } else if (withFull && !full.includes(e)) full.push(e);
    }
  }
  let activates: Record<string, string[]> | undefined;
  if (withFull && g.acts) {
    for (let k = 0; k < g.cls.length; k++) {
      if (valid[g.cls[k]] === 0 || g.kind[k] !== REC_FULL) continue;
      const a = g.actName[k];
      const o = g.actOwn[k];
      if (a < 0 && o < 0) continue;
      activates ??= {};
      const list = (activates[st.ids.get(g.ent[k])] ??= []);
      // Two plain checks rather than a loop over [a, o]: no array per record.
      if (a >= 0) {
        const key = st.keys.get(a);
        if (!list.includes(key)) list.push(key);
      }
      if (o >= 0) {
        const key = st.keys.get(o);
        if (!list.includes(key)) list.push(key);
      }
    }
  }
  // Types are written full first, then short, each in rank order (the result's key order).
  const fullIds = full.length === 0 ? [] : idsAt((g.rankFull ??= nodeRank(st, node, REC_FULL)), full, types);
  const shortIds = short.length === 0 ? [] : idsAt((g.rankShort ??= nodeRank(st, node, REC_SHORT)), short, types);
  const m: RawMention = { start: tb.start[i], end: tb.end[end - 1], full: fullIds, short: shortIds };
  if (shortKey >= 0) m.shortKey = st.keys.get(shortKey);
  if (activates) m.activates = activates;
  return m;
}

/**
 * Set by `walk` when it stopped at the end of the tokenized window while the block goes on
 * (`windowCut`): its result may be wrong, so the caller tokenizes a longer window and retries.
 */
let windowCut = false;
let overflow = false;

/**
 * The exact step for the token at buffer index `i` (a token that starts some alias): walks,
 * and pushes the mention that starts there, if any. Returns the index of the next token the
 * scan must look at, or -1 when a walk ran into the end of a cut window (nothing was pushed).
 */
function exactStep(st: MatcherState, s: string, i: number, first: number, out: RawMention[], types: Record<string, EntityType>): number {
  const { kind, hash } = tb;
  const { trie } = st;
  overflow = false;
  walk(st, s, i, first, true);
  if (overflow) return -1;
  if (fullEnd > 0) {
    out.push(mentionAt(st, s, i, fullEnd, fullNode, true, types));
    return fullEnd;
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
      if (overflow) return -1;
      if (fullEnd > 0) limit = j;
    }
    // Every surname that fits, longest first, and the scan goes on at the next token: whether a
    // surname is a mention is known only in page order (resolveMentions), which places the valid
    // ones leftmost-longest, so a dropped surname never hides a shorter one inside it
    // (`Jones-Smith` before anyone of that name was mentioned still has `Smith`).
    for (let q = ends.length - 1; q >= 0; q--) if (ends[q] <= limit) out.push(mentionAt(st, s, i, ends[q], nodes[q], false, types));
  }
  return i + 1;
}

/**
 * The exact scan of `s` from offset `from` (a token start) to its end: tokenize, then test every
 * token. `units` holds the block's code units (the fast pass copied them).
 */
export function scanRest(st: MatcherState, s: string, units: Uint16Array, from: number, out: RawMention[], types: Record<string, EntityType>): void {
  tokenize(s, tb, from, 0x7fffffff, units);
  windowCut = false;
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
    i = first < 0 ? i + 1 : exactStep(st, s, i, first, out, types);
  }
}

/**
 * The exact step for a mention that may start at offset `p` (a token start), on a window of
 * tokens from `p` as short as will do (`need` tokens to begin with, doubled while a walk runs
 * into the window's end). Returns the offset where the fast pass resumes. `units` as for scanRest.
 */
export function scanWindow(st: MatcherState, s: string, units: Uint16Array, p: number, need: number, out: RawMention[], types: Record<string, EntityType>): number {
  for (let w = need; ; w *= 2) {
    tokenize(s, tb, p, w, units);
    windowCut = tb.start[tb.n] < s.length;
    const first = lookup(st.trie, 0, tb.hash[0]);
    const next = exactStep(st, s, 0, first, out, types);
    if (next >= 0) return tb.start[next];
  }
}
