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
import * as tokenizer from '../text/tokenize';
import { TokenBuffer, tokenize } from '../text/tokenize';
import * as states from './state';
import type { MatcherState, NodeGroups } from './state';
import * as ranks from './rank';
import * as tries from './trie';
import * as groups from './groups';
import * as words from './word-keys';

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
const CLS_WORD = chars.CLS_WORD;
const CLS_KANA = chars.CLS_KANA;
const FAST = tokenizer.FAST;
const FAST_COMPLEX = tokenizer.FAST_COMPLEX;
const FNV_SEED = tokenizer.FNV_SEED;
const FNV_PRIME = tokenizer.FNV_PRIME;
const fastInfo = tokenizer.fastInfo;
const idsAt = ranks.idsAt;
const nodeRank = ranks.nodeRank;
const beginScan = ranks.beginScan;
const CLASS_INTS = groups.CLASS_INTS;
const groupIndexOf = groups.groupIndexOf;
const buildGroups = groups.buildGroups;
const WORD_INDEX = words.WORD_INDEX;
const wordKey = words.wordKey;
const wordKeyFilter = words.wordKeyFilter;
import type { RawMention, ScanResult } from './types';

const tb = new TokenBuffer();
/** The fast pass's copy of the block's code units (grown, never shrunk). */
let units = new Uint16Array(1024);

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

/** The exact scan of `s` from offset `from` (a token start) to its end: tokenize, then test every token. */
function scanRest(st: MatcherState, s: string, from: number, out: RawMention[], types: Record<string, EntityType>): void {
  tokenize(s, tb, from, 0x7fffffff, units); // `units` holds this block (scanBlock copied it)
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
 * into the window's end). Returns the offset where the fast pass resumes.
 */
function scanWindow(st: MatcherState, s: string, p: number, need: number, out: RawMention[], types: Record<string, EntityType>): number {
  for (let w = need; ; w *= 2) {
    tokenize(s, tb, p, w, units);
    windowCut = tb.start[tb.n] < s.length;
    const first = lookup(st.trie, 0, tb.hash[0]);
    const next = exactStep(st, s, 0, first, out, types);
    if (next >= 0) return tb.start[next];
  }
}

/**
 * The block's code units in `units`, then a NUL: NUL is punctuation (class OTHER, not
 * complex), so it ends every run and the fast pass's run loops need no bounds check. A function
 * of its own: alone, the loop is compiled to a plain copy (inlined into the scan's loop it ran
 * at a third of the speed).
 */
function copyUnits(s: string): Uint16Array {
  const n = s.length;
  if (units.length <= n) units = new Uint16Array(Math.max(n + 1, units.length * 2));
  const u = units;
  for (let j = 0; j < n; j++) u[j] = s.charCodeAt(j);
  u[n] = 0;
  return u;
}

/**
 * Scans the original text of a page's blocks, one after the other (result[b] for blocks[b]).
 *
 * The fast pass reads the text token by token with the FAST table (tokenize.ts): one load and,
 * in words, one multiply per code unit, nothing stored; it computes each token's hash exactly as
 * `tokenize` does and tests non-space tokens against the root filter. From a token that starts
 * some alias it keeps walking the trie on its own hashes; only when the walk reaches a node
 * where a name, alias or surname ends (a possible mention: records to compare, case rules,
 * surnames) does the exact code run, on a window of tokens tokenized from that start, and the
 * fast pass resumes where that step says the scan goes on. A unit the fast pass cannot judge
 * alone (FAST_COMPLEX: marks, ignored characters, surrogates) hands the rest of the block, from
 * the start of the token it is in, to the exact scan. Token starts are safe places to switch:
 * a token never depends on the text before it, and the scan's state between tokens is only
 * "which token comes next".
 */
function scanPage(st: MatcherState, blocks: string[], result: RawMention[][], types: Record<string, EntityType>): void {
  // The loop over the blocks and the fast pass in one function: with the fast pass a function of
  // its own, V8 sometimes inlined it into the loop over blocks and compiled the copy apart, a
  // slower shape (docs/matching.md, fourth round).
  blocks: for (let bi = 0; bi < blocks.length; bi++) {
    const s = blocks[bi];
    const out: RawMention[] = [];
    result[bi] = out;
    const n = s.length;
    // The block's code units, copied once into a typed array with a sentinel after them. Page
    // text is often a sliced or cons string (trim(), replace(), DOM concatenation), and a loop as
    // branchy as this one pays for charCodeAt's string-representation dispatch on every unit
    // (measured: half the throughput); the copy loop is simple enough to run at memory speed.
    const u = copyUnits(s);
    const { trie } = st;
    const { rootBits, rootLower, nodeRec } = trie;
    const wordKeys = wordKeyFilter(st);
    let i = 0;
    while (i < n) {
      const p = i;
      let c = u[i];
      if (c - 97 >>> 0 < 26 || c - 48 >>> 0 < 10) {
        // A word of ASCII letters and digits that starts with a lower-case letter or a digit: find
        // its end without hashing, and step over it when its key says it starts no alias.
        let q = p + 1;
        while (WORD_INDEX[u[q]] < 36) q++;
        const d = u[q];
        // The unit after it must end the token (not a letter, digit or mark, nor complex).
        const k = d < 128 ? 0 : fastInfo(d) & 7;
        if (k !== CLS_WORD && k !== FAST_COMPLEX) {
          const key = wordKey(u, p, q);
          if ((wordKeys[key >>> 5] & (1 << (key & 31))) === 0) {
            // One space and then an ASCII letter or digit: the space is a token that starts
            // nothing and ends at that unit; step over it too (it is most of the text's spaces).
            i = d === 32 && WORD_INDEX[u[q + 1]] < 36 ? q + 1 : q;
            continue;
          }
        }
      }
      let v = c < 128 ? FAST[c] : fastInfo(c);
      const cls = v & 7;
      let h = Math.imul(FNV_SEED ^ (v >>> 8), FNV_PRIME);
      c = u[++i];
      v = c < 128 ? FAST[c] : fastInfo(c);
      if (cls === CLS_WORD || cls === CLS_KANA || cls === CLS_SPACE) {
        // A run of one class (a space run's hash is that of one space whatever its length).
        while ((v & 7) === cls) {
          h = Math.imul(h ^ (v >>> 8), FNV_PRIME);
          c = u[++i];
          v = c < 128 ? FAST[c] : fastInfo(c);
        }
        if (cls === CLS_SPACE) {
          if ((v & 7) === FAST_COMPLEX) {
            scanRest(st, s, p, out, types);
            continue blocks;
          }
          continue;
        }
      } else if (cls === FAST_COMPLEX) {
        scanRest(st, s, p, out, types);
        continue blocks;
      }
      // v is now the entry of the unit after the token, which must not join it (a mark, an
      // ignored character): if it may, the exact scan takes over from the token's start.
      if ((v & 7) === FAST_COMPLEX) {
        scanRest(st, s, p, out, types);
        continue blocks;
      }
      const b = (h ^ (h >>> 12)) & ROOT_MASK;
      // A word that starts with a lower-case ASCII letter fails the case rule of every alias
      // whose first word has one (rule 5): its own filter (trie.ts, rootLower).
      const filter = cls === CLS_WORD && u[p] - 97 >>> 0 < 26 ? rootLower : rootBits;
      if ((filter[b >>> 5] & (1 << (b & 31))) === 0) {
        if (c === 32 && WORD_INDEX[u[i + 1]] < 36) i++; // the space after it, as above
        continue;
      }
      let node = lookup(trie, 0, h);
      if (node < 0) {
        if (c === 32 && WORD_INDEX[u[i + 1]] < 36) i++;
        continue;
      }
      // Walk on: the first node where a record ends sends this start to the exact step.
      let q = i;
      let depth = 1;
      while (nodeRec[node] < 0 && q < n) {
        c = u[q];
        v = c < 128 ? FAST[c] : fastInfo(c);
        const k = v & 7;
        if (k === FAST_COMPLEX) break;
        let hh = Math.imul(FNV_SEED ^ (v >>> 8), FNV_PRIME);
        c = u[++q];
        v = c < 128 ? FAST[c] : fastInfo(c);
        if (k === CLS_WORD || k === CLS_KANA || k === CLS_SPACE) {
          while ((v & 7) === k) {
            if (k !== CLS_SPACE) hh = Math.imul(hh ^ (v >>> 8), FNV_PRIME);
            c = u[++q];
            v = c < 128 ? FAST[c] : fastInfo(c);
          }
        }
        // The token may go on past a complex unit: let the exact step judge this start.
        if ((v & 7) === FAST_COMPLEX) break;
        node = lookup(trie, node, hh);
        if (node < 0) break;
        depth++;
      }
      if (node < 0 || (nodeRec[node] < 0 && q >= n)) continue;
      // A record ends on the path, or a complex unit stopped the walk.
      i = scanWindow(st, s, p, depth + 3, out, types);
    }
  }
}

export function scanBlocks(st: MatcherState, blocks: string[]): ScanResult {
  // An ordinary object (same prototype, keys, order and JSON) that starts in V8's dictionary
  // mode: built from `{}`, every new id key was a hidden-class transition copying the
  // descriptors so far (quadratic up to a hundred-odd keys, and cities link dozens of
  // homonyms per mention).
  const types = Object.setPrototypeOf(Object.create(null), Object.prototype) as Record<string, EntityType>;
  beginScan();
  const out: RawMention[][] = new Array(blocks.length);
  scanPage(st, blocks, out, types);
  return { blocks: out, types };
}
