/**
 * The precision guard (CONTRACT §3 rule 10), applied when a guarded entity is compiled: a
 * name, alias or surname that is one ordinary word (`Reading`, `Mobile`, `Of`, `March`) is not
 * entered for that entity at all. The scan pays nothing for it, an unguarded entity with the
 * same alias still matches, and the decision is the same on every page, which a reader can
 * predict. See docs/matching.md for the word list and how an entity opts in.
 */
import { CLS_SPACE } from '../text/chars';
import type { TokenBuffer } from '../text/tokenize';
import { COMMON_WORDS } from './common-words';

let defaultSet: Set<string> | null = null;

/** The built-in list of ordinary words (folded: lower case, no diacritics), built on first use. */
export function defaultCommonWords(): ReadonlySet<string> {
  if (!defaultSet) defaultSet = new Set(COMMON_WORDS.split(' '));
  return defaultSet;
}

/** True when tokens [a, b) of `tb` are a single word (no space) found in `common`. */
export function isOrdinaryWord(tb: TokenBuffer, a: number, b: number, common: ReadonlySet<string>): boolean {
  for (let t = a; t < b; t++) if (tb.kind[t] === CLS_SPACE) return false;
  return common.has(tb.text(a, b));
}
