/**
 * The fast pass's word-key filter: which lower-case or digit ASCII words can start an alias, by
 * (first unit, second unit, length), so the scan steps over the others without hashing them.
 */
import type { MatcherState } from './state';

/**
 * Per code unit: 0-9 for a digit, 10-35 for an ASCII letter (either case), 255 for anything
 * else (every non-ASCII unit included, so the word loop below needs no `< 128` test).
 */
export const WORD_INDEX = new Uint8Array(0x10000).fill(255);
for (let c = 48; c <= 57; c++) WORD_INDEX[c] = c - 48;
for (let c = 97; c <= 122; c++) WORD_INDEX[c] = WORD_INDEX[c - 32] = c - 97 + 10;

/** Word-key filter size: first unit (36) × second unit or none (37) × length capped at 31 (32). */
const WORD_KEYS = 36 * 37 * 32;

/** Key of the ASCII word [p, q) (p < q; its units are all ASCII letters or digits). */
export function wordKey(u: Uint16Array, p: number, q: number): number {
  const len = q - p;
  return (WORD_INDEX[u[p]] * 37 + (len > 1 ? WORD_INDEX[u[p + 1]] + 1 : 0)) * 32 + (len < 31 ? len : 31);
}

/**
 * The word-key filter of a matcher (cached in `st.wordKeys`): one bit per (first unit, second
 * unit, length) key of every ASCII root token that a word starting with a lower-case ASCII
 * letter or a digit can start (for a letter, the aliases whose first word has no case rule, as
 * the lower-case root filter; for a digit, all). Such a page word whose key is clear starts no
 * alias, and the fast pass steps over it without hashing it (CONTRACT §3 rule 5 makes most of
 * a Latin page's words such words).
 *
 * Built from the records themselves, not stored: the key of the maximal [a-z0-9] prefix of each
 * record's folded units, which is the record's first token whenever that token is all ASCII
 * (a word token is never followed by a token that folds to an ASCII letter or digit) and a
 * harmless extra key otherwise. Removed records leave their keys (false positives only).
 */
export function wordKeyFilter(st: MatcherState): Uint32Array {
  if (st.wordKeys !== null) return st.wordKeys;
  const keys = new Uint32Array(WORD_KEYS >>> 5);
  const { pool, cases } = st;
  for (let r = 0; r < st.recordCount; r++) {
    const u0 = st.recUnit[r];
    const end = u0 + st.recUnitLen[r];
    const c = pool[u0];
    const digit = c >= 48 && c <= 57;
    if (!digit && !(c >= 97 && c <= 122)) continue;
    // A lower-case page word fails an alias whose first word has a case rule (rule 5).
    if (!digit && st.recCaseN[r] > 0 && cases[st.recCase[r]] === 0) continue;
    let q = u0 + 1;
    while (q < end && WORD_INDEX[pool[q]] < 36) q++;
    const k = wordKey(pool, u0, q);
    keys[k >>> 5] |= 1 << (k & 31);
  }
  st.wordKeys = keys;
  return keys;
}
