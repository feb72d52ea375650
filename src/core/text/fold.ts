/**
 * Folding of one cluster (a base character and the combining marks that follow it) to the form
 * the matcher compares (CONTRACT §3 rule 2): canonical composition, diacritics removed from
 * Latin, Greek and Cyrillic letters only (marks of other scripts stay: chars.ts, RE_LGC_DIACRITICS), lower case, full- and half-width forms made ordinary,
 * apostrophes unified.
 *
 * Folding works per cluster because canonical equivalence never reaches across a base
 * character (except Hangul conjoining jamo, which pages do not use in practice): so a text can be
 * folded in one left-to-right pass with an exact map back to the original.
 */
import { APOSTROPHES, F_LGC, RE_LGC_DIACRITICS, charInfo } from './chars';

/** Letters whose stroke is not a combining mark, folded by the contract's own list. */
const SPECIAL: Record<string, string> = { ø: 'o', ł: 'l', đ: 'd', ħ: 'h', ı: 'i', ß: 'ss', ς: 'σ' };
const RE_SPECIAL = /[øłđħıßς]/g;

/** Folds one cluster (its ignored characters already removed). */
export function foldCluster(cluster: string): string {
  let s = cluster;
  const cp0 = s.codePointAt(0) ?? 0;
  // Full-width and half-width forms (U+FF00-U+FFEF) equal their ordinary forms.
  if (cp0 >= 0xff00 && cp0 <= 0xffef) s = s.normalize('NFKC');
  const first = s.codePointAt(0) ?? 0;
  // An apostrophe is not a letter: marks after it are kept, like those of any non-LGC base.
  if (APOSTROPHES.includes(first)) return ("'" + s.slice(1)).normalize('NFC');
  if (charInfo(first) & F_LGC) {
    return s.normalize('NFD').replace(RE_LGC_DIACRITICS, '').toLowerCase().replace(RE_SPECIAL, (ch) => SPECIAL[ch]);
  }
  return s.normalize('NFC').toLowerCase().normalize('NFC');
}

/** Sentinel in the single-character table: the fold is not exactly one code unit. */
export const COMPLEX = 0xffff;

const fold1Table = new Uint16Array(0x10000);
const fold1Done = new Uint8Array(0x100);

function fillFoldPage(page: number): void {
  const base = page << 8;
  for (let c = base; c < base + 256; c++) {
    if (c >= 0xd800 && c <= 0xdfff) {
      fold1Table[c] = COMPLEX;
      continue;
    }
    const f = foldCluster(String.fromCharCode(c));
    fold1Table[c] = f.length === 1 ? f.charCodeAt(0) : COMPLEX;
  }
  fold1Done[page] = 1;
}

/** Fold of a lone BMP code unit, or COMPLEX when it folds to more or fewer than one unit. */
export function fold1(c: number): number {
  if (fold1Done[c >>> 8] === 0) fillFoldPage(c >>> 8);
  return fold1Table[c];
}

/** ASCII fold (A-Z to a-z), for the tokenizer's fast path. */
export const ASCII_FOLD = new Uint16Array(128);
for (let c = 0; c < 128; c++) ASCII_FOLD[c] = c >= 65 && c <= 90 ? c + 32 : c;
