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
 *
 * This file is the fast pass, which decides where to look (scanPage, below); exact-step.ts is
 * what runs there, the rules' side.
 */
import type { EntityType } from '../entities/entity';
import * as chars from '../text/chars';
import * as fastTable from '../text/fast-table';
import * as tokenizer from '../text/tokenize';
import { scanRest, scanWindow } from './exact-step';
import type { MatcherState } from './state';
import * as ranks from './rank';
import * as tries from './trie';
import type { RawMention, ScanResult } from './types';
import * as words from './word-keys';

// Module-local copies of hot imports (tsx and vitest turn imported bindings into getters).
const CLS_SPACE = chars.CLS_SPACE;
const lookup = tries.lookup;
const ROOT_MASK = tries.ROOT_BITS - 1;
const CLS_WORD = chars.CLS_WORD;
const CLS_KANA = chars.CLS_KANA;
const FAST = fastTable.FAST;
const FAST_COMPLEX = fastTable.FAST_COMPLEX;
const FNV_SEED = tokenizer.FNV_SEED;
const FNV_PRIME = tokenizer.FNV_PRIME;
const fastInfo = fastTable.fastInfo;
const beginScan = ranks.beginScan;
const WORD_INDEX = words.WORD_INDEX;
const wordKey = words.wordKey;
const wordKeyFilter = words.wordKeyFilter;

/** The fast pass's copy of the block's code units (grown, never shrunk). */
let units = new Uint16Array(1024);

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
 * The fast pass reads the text token by token with the FAST table (text/fast-table.ts): one load and,
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
            scanRest(st, s, u, p, out, types);
            continue blocks;
          }
          continue;
        }
      } else if (cls === FAST_COMPLEX) {
        scanRest(st, s, u, p, out, types);
        continue blocks;
      }
      // v is now the entry of the unit after the token, which must not join it (a mark, an
      // ignored character): if it may, the exact scan takes over from the token's start.
      if ((v & 7) === FAST_COMPLEX) {
        scanRest(st, s, u, p, out, types);
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
      i = scanWindow(st, s, u, p, depth + 3, out, types);
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
