/**
 * One pass over a block's original text that folds it (rule 2) and cuts it into tokens whose
 * edges are exactly the places where a mention may start or end (rule 4):
 *
 * - WORD: a maximal run of letters, digits and marks of scripts written with spaces. A mention
 *   of an alias that starts or ends in such a script can only start or end at a run's edge.
 * - KANA: a maximal run of Katakana (with `ー`): an alias may not cut a Katakana run.
 * - NOSPACE: one cluster of Han, Hiragana, Thai, Lao, Khmer or Myanmar: matches anywhere,
 *   but never between a letter and its marks (marks of those scripts are part of the letter).
 * - SPACE: one run of white space (it folds to a single space).
 * - OTHER: one punctuation or symbol character.
 *
 * Names and aliases go through the same function, so "alias equals text" becomes "same token
 * sequence", and each token gets a 32-bit FNV-1a hash of its folded code units; the matcher
 * walks a trie keyed by those hashes and then compares the code units themselves.
 *
 * Ignored characters (soft hyphen, zero-width spaces, BOM) vanish without cutting a token, so
 * `Japan\u200Bese` is the one word `japanese`. Offsets are into the original string; a token's
 * end includes the marks of its last letter but not trailing ignored characters.
 */
import * as chars from './chars';
import * as folding from './fold';

// Module-local copies: tsx and vitest compile imported bindings to getter calls, which would
// cost more than the work in this loop (a bundler inlines them either way).
const CLS_IGNORED = chars.CLS_IGNORED;
const CLS_KANA = chars.CLS_KANA;
const CLS_NOSPACE = chars.CLS_NOSPACE;
const CLS_OTHER = chars.CLS_OTHER;
const CLS_SPACE = chars.CLS_SPACE;
const CLS_WORD = chars.CLS_WORD;
const F_MARK = chars.F_MARK;
const charInfo = chars.charInfo;
const isLgcDiacritic = chars.isLgcDiacritic;
const ASCII_FOLD = folding.ASCII_FOLD;
const COMPLEX = folding.COMPLEX;
const fold1 = folding.fold1;
const foldCluster = folding.foldCluster;

/**
 * Fold of each ASCII letter or digit, 0 for every other ASCII character: the word loop's one
 * table load per character decides both "still in the word" and "what to hash".
 */
const ASCII_WORD_FOLD = new Uint16Array(128);
for (let c = 0; c < 128; c++) {
  const word = (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
  ASCII_WORD_FOLD[c] = word ? ASCII_FOLD[c] : 0;
}

/**
 * Folds of the clusters the one-unit table cannot fold (marks, expanding letters), memoized:
 * normalize() and toLowerCase() cost far more than a Map probe, and a page repeats the same
 * few clusters (Devanagari and Thai syllables, accented Latin in decomposed form). Cleared
 * when full so that memory stays bounded.
 */
const clusterFolds = new Map<string, string>();
const CLUSTER_MEMO_MAX = 8192;
function foldClusterMemo(raw: string): string {
  let f = clusterFolds.get(raw);
  if (f === undefined) {
    if (clusterFolds.size >= CLUSTER_MEMO_MAX) clusterFolds.clear();
    f = foldCluster(raw);
    clusterFolds.set(raw, f);
  }
  return f;
}

/** Boundary class of each ASCII character. */
export const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const word = (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
  ASCII_CLASS[c] = c === 32 || (c >= 9 && c <= 13) ? CLS_SPACE : word ? CLS_WORD : CLS_OTHER;
}

export const FNV_SEED = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/** Reusable arrays for one tokenized string (grown as needed, never shrunk). */
export class TokenBuffer {
  /** Number of tokens. */
  n = 0;
  /** Number of folded code units. */
  nu = 0;
  hash = new Int32Array(0);
  /** Original offset of the token's first character. */
  start = new Int32Array(0);
  /** Original offset just past the token's last character (and its marks). */
  end = new Int32Array(0);
  /** CLS_WORD, CLS_NOSPACE, CLS_KANA, CLS_SPACE or CLS_OTHER. */
  kind = new Uint8Array(0);
  /** Offset of the token's folded units in `units`; `fstart[n]` = `nu`. */
  fstart = new Int32Array(0);
  units = new Uint16Array(0);

  ensure(len: number): void {
    if (this.hash.length < len + 2) {
      const cap = Math.max(len + 2, this.hash.length * 2, 64);
      this.hash = new Int32Array(cap);
      this.start = new Int32Array(cap);
      this.end = new Int32Array(cap);
      this.kind = new Uint8Array(cap);
      this.fstart = new Int32Array(cap);
    }
    if (this.units.length < len + 16) this.units = new Uint16Array(Math.max(len + 16, this.units.length * 2));
  }

  /** Makes room for `extra` more units (slow path only: folds that expand). */
  growUnits(extra: number): void {
    if (this.nu + extra <= this.units.length) return;
    const next = new Uint16Array(Math.max(this.units.length * 2, this.nu + extra + 16));
    next.set(this.units.subarray(0, this.nu));
    this.units = next;
  }

  /** The folded text of tokens [a, b), for tests, surname keys and debugging. */
  text(a: number, b: number): string {
    return String.fromCharCode(...this.units.subarray(this.fstart[a], this.fstart[b]));
  }
}

/** tokenize's copy of a string it was given without one (grown, never shrunk). */
let ownCodes = new Uint16Array(256);

/**
 * Is the base of the cluster a mark at `at` joins an ASCII letter (its marks and ignored
 * characters stepped over, back to the token's start `from`)? Only such a base drops the mark
 * (a digit keeps it). Run on marks only, which follow an ASCII letter rarely (decomposed text).
 */
function asciiLetterBefore(u: Uint16Array, at: number, from: number): boolean {
  let b = at - 1;
  while (b > from) {
    const info = charInfo(u[b]);
    if ((info & F_MARK) === 0 && (info & 7) !== CLS_IGNORED) break;
    b--;
  }
  return b >= from && (u[b] | 32) - 97 >>> 0 < 26;
}

/**
 * Tokenizes `s` into `tb` (its previous content is overwritten), from offset `from`, which must
 * be the start of a token of the whole string (tokens never depend on what precedes their
 * start), and stopping once `maxTokens` tokens are complete: `tb.start[tb.n]` is then where the
 * next token starts (`s.length` when the string ended), so a caller can resume there.
 *
 * `codes`, when given, holds the code units of `s` (at least its first `s.length`): the loop
 * reads them there, not from the string, whose charCodeAt pays a dispatch on the string's
 * representation (page text is sliced and cons strings). The scan passes the copy its fast pass
 * made; other callers pass nothing and `s` is copied first.
 */
export function tokenize(s: string, tb: TokenBuffer, from = 0, maxTokens = 0x7fffffff, codes: Uint16Array | null = null): void {
  const n = s.length;
  let u = codes;
  if (u === null) {
    if (ownCodes.length < n) ownCodes = new Uint16Array(Math.max(n, ownCodes.length * 2));
    u = ownCodes;
    for (let j = from; j < n; j++) u[j] = s.charCodeAt(j);
  }
  tb.ensure(n - from);
  const { hash, start, end, kind, fstart } = tb;
  let units = tb.units;
  let nt = 0;
  let nu = 0;
  let k = -1; // kind of the open token, -1 when none is open
  let h = 0;
  let tEnd = 0;
  let i = from;
  // A token is complete when the next one opens; the (maxTokens + 1)th opening stops the loop.
  // Checked once per loop turn: every turn opens at most one token, and the word loop below
  // only continues a token.
  while (i < n) {
    if (nt >= maxTokens) break;
    let c = u[i];
    if (c < 128) {
      const cls = ASCII_CLASS[c];
      if (cls === CLS_WORD) {
        if (k !== CLS_WORD) {
          if (k >= 0) { hash[nt] = h; end[nt] = tEnd; kind[nt] = k; nt++; }
          k = CLS_WORD; start[nt] = i; fstart[nt] = nu; h = FNV_SEED;
        }
        // The hot loop: a run of ASCII letters and digits, which fold one to one.
        let hh = h;
        let uu = nu;
        let f = ASCII_WORD_FOLD[c];
        for (;;) {
          units[uu++] = f;
          hh = Math.imul(hh ^ f, FNV_PRIME);
          if (++i >= n) break;
          c = u[i];
          if (c >= 128) break;
          f = ASCII_WORD_FOLD[c];
          if (f === 0) break;
        }
        h = hh;
        nu = uu;
        tEnd = i;
        continue;
      }
      // Punctuation followed by a mark (rare) takes the slow path, which gathers the cluster.
      const markNext = cls === CLS_OTHER && i + 1 < n && (u[i + 1] >= 0x300 || u[i + 1] === 0xad);
      if (!markNext) {
        if (k >= 0 && (cls !== CLS_SPACE || k !== CLS_SPACE)) { hash[nt] = h; end[nt] = tEnd; kind[nt] = k; nt++; k = -1; }
        if (cls === CLS_SPACE) {
          if (k !== CLS_SPACE) { k = CLS_SPACE; start[nt] = i; fstart[nt] = nu; units[nu++] = 32; h = Math.imul(FNV_SEED ^ 32, FNV_PRIME); }
          tEnd = ++i;
          continue;
        }
        start[nt] = i; fstart[nt] = nu; units[nu++] = c; hash[nt] = Math.imul(FNV_SEED ^ c, FNV_PRIME);
        end[nt] = i + 1; kind[nt] = CLS_OTHER; nt++;
        i++;
        continue;
      }
    }
    // Slow path: one code point, then the marks (and ignored characters) that join it.
    let len = 1;
    let cp = c;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = u[i + 1];
      if (d >= 0xdc00 && d <= 0xdfff) { cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000; len = 2; }
    }
    const info = charInfo(cp);
    const cls = info & 7;
    if (cls === CLS_IGNORED) { i += len; continue; }
    if (cls === CLS_SPACE) {
      if (k !== CLS_SPACE) {
        if (k >= 0) { hash[nt] = h; end[nt] = tEnd; kind[nt] = k; nt++; }
        k = CLS_SPACE; start[nt] = i; fstart[nt] = nu; units[nu++] = 32; h = Math.imul(FNV_SEED ^ 32, FNV_PRIME);
      }
      i += len; tEnd = i;
      continue;
    }
    if ((info & F_MARK) !== 0 && k === CLS_WORD) {
      // A mark after an ASCII letter or digit (non-ASCII bases gather their marks below).
      const at = i;
      i += len; tEnd = i;
      if (isLgcDiacritic(cp) && asciiLetterBefore(u, at, start[nt])) continue; // a diacritic of a Latin letter: folded away
      const f = foldCluster(String.fromCodePoint(cp));
      tb.nu = nu; tb.growUnits(f.length); units = tb.units;
      for (let q = 0; q < f.length; q++) { const fu = f.charCodeAt(q); units[nu++] = fu; h = Math.imul(h ^ fu, FNV_PRIME); }
      continue;
    }
    // Gather the cluster: following marks, skipping ignored characters.
    let j = i + len;
    let clusterEnd = j;
    let plain = true;
    let ignoredIn = false;
    while (j < n) {
      const c2 = u[j];
      if (c2 < 0x300 && c2 !== 0xad) break;
      let cp2 = c2;
      let len2 = 1;
      if (c2 >= 0xd800 && c2 <= 0xdbff && j + 1 < n) {
        const d = u[j + 1];
        if (d >= 0xdc00 && d <= 0xdfff) { cp2 = ((c2 - 0xd800) << 10) + (d - 0xdc00) + 0x10000; len2 = 2; }
      }
      const info2 = charInfo(cp2);
      if ((info2 & 7) === CLS_IGNORED) { j += len2; plain = false; ignoredIn = true; continue; }
      if ((info2 & F_MARK) === 0) break;
      j += len2; clusterEnd = j; plain = false;
    }
    if (cls === CLS_WORD || cls === CLS_KANA) {
      if (k !== cls) {
        if (k >= 0) { hash[nt] = h; end[nt] = tEnd; kind[nt] = k; nt++; }
        k = cls; start[nt] = i; fstart[nt] = nu; h = FNV_SEED;
      }
    } else {
      if (k >= 0) { hash[nt] = h; end[nt] = tEnd; kind[nt] = k; nt++; }
      k = cls; start[nt] = i; fstart[nt] = nu; h = FNV_SEED;
    }
    const f1 = plain && len === 1 ? fold1(c) : COMPLEX;
    if (f1 !== COMPLEX) {
      units[nu++] = f1;
      h = Math.imul(h ^ f1, FNV_PRIME);
    } else {
      let raw = s.slice(i, clusterEnd);
      // Only a cluster with an ignored character inside needs the (costly) replace.
      if (ignoredIn) raw = raw.replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '');
      const f = foldClusterMemo(raw);
      tb.nu = nu; tb.growUnits(f.length); units = tb.units;
      for (let q = 0; q < f.length; q++) { const fu = f.charCodeAt(q); units[nu++] = fu; h = Math.imul(h ^ fu, FNV_PRIME); }
    }
    tEnd = clusterEnd;
    i = j;
    if (cls === CLS_NOSPACE || cls === CLS_OTHER) { hash[nt] = h; end[nt] = tEnd; kind[nt] = k; nt++; k = -1; }
  }
  if (k >= 0) {
    if (nt < maxTokens) {
      hash[nt] = h; end[nt] = tEnd; kind[nt] = k; nt++;
      start[nt] = n;
      fstart[nt] = nu;
    } else {
      // The open token is one too many (it may not be complete): drop it, resume at its start.
      i = start[nt];
      nu = fstart[nt];
    }
  } else {
    // Stopped between tokens (after one-character tokens, maybe before ignored characters,
    // which never open a token) or at the end of the string.
    start[nt] = i < n ? i : n;
    fstart[nt] = nu;
  }
  tb.n = nt;
  tb.nu = nu;
}
