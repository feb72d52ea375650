/**
 * Character classes for CONTRACT §3 rules 2, 4 and 5, as one byte per UTF-16 code unit.
 *
 * The table is filled lazily, 256 code points at a time, the first time a page of the BMP is
 * met: a service worker that wakes up should not pay for 65,536 RegExp tests before its first
 * scan, and a page of Latin text only ever touches a handful of pages.
 *
 * Byte layout: the low 3 bits are the boundary class (CLS_*); the high bits are flags.
 */

/** Punctuation, symbols and anything that is neither letter, digit, mark nor space. */
export const CLS_OTHER = 0;
/** Letter, digit or combining mark of a script written with spaces (rule 4). */
export const CLS_WORD = 1;
/** Han, Hiragana, Thai, Lao, Khmer, Myanmar: an alias matches anywhere (rule 4). */
export const CLS_NOSPACE = 2;
/** Katakana, with `ー`: an alias may not cut a Katakana run (rule 4). */
export const CLS_KANA = 3;
/** White space: every run equals one space (rule 2). */
export const CLS_SPACE = 4;
/** Soft hyphen, U+200B-U+200D, U+2060, U+FEFF: removed before anything is judged (rule 2). */
export const CLS_IGNORED = 5;
export const CLS_MASK = 7;

/** Joins the previous character's cluster (a combining mark, or a half-width voicing mark). */
export const F_MARK = 8;
/** Upper (or title) case: has a distinct lower-case mapping. */
export const F_UPPER = 16;
/** Lower case: has a distinct upper-case mapping. */
export const F_LOWER = 32;
/** A Latin, Greek or Cyrillic letter: its diacritics are folded away (rule 2). */
export const F_LGC = 64;
/** A letter (general category L): what the case rules (rule 5) look at. */
export const F_LETTER = 128;

const RE_LETTER = /^\p{L}$/u;
/**
 * Digits (rule 4): decimal digits of every script, and letter-like numerals (`Ⅻ`). Not the other
 * numbers: superscripts, subscripts, circled numbers and fractions (`Singh¹`, `Japan②`, `½`) are
 * footnote marks and symbols next to a name, not part of a word (until 2026-12-07 they were, and
 * `Rajnath Singh¹` in an author list was no mention; found by a probe).
 */
const RE_NUMBER = /^[\p{Nd}\p{Nl}]$/u;
const RE_MARK = /^\p{M}$/u;
/** White space: JavaScript's `\s`, and U+0085 NEXT LINE, which Unicode counts as white space and `\s` does not. */
const RE_SPACE = /^[\s\u0085]$/u;
const RE_NOSPACE = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]$/u;
const RE_KANA = /^\p{Script=Katakana}$/u;
const RE_LGC = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]$/u;

/**
 * The marks a Latin, Greek or Cyrillic letter drops (rule 2): those of no one script (the
 * combining diacritics are `Inherited`) and those scripts' own. A mark of another script after
 * such a letter (a Devanagari vowel sign, a Hebrew point) is "part of the letter and never
 * folded": `Ja\u093Fpan` is not `Japan` (found by a held-out audit, 2026-12-08).
 */
export const RE_LGC_DIACRITICS = /(?=\p{M})[\p{Script=Inherited}\p{Script=Common}\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/gu;
const RE_LGC_DIACRITIC = new RegExp(`^${RE_LGC_DIACRITICS.source}$`, 'u');
/** Per BMP code unit: 0 not yet known, 1 a diacritic Latin, Greek and Cyrillic letters drop, 2 not. */
const diacritics = new Uint8Array(0x10000);

/** Is `cp` a mark that a Latin, Greek or Cyrillic letter drops (RE_LGC_DIACRITICS)? */
export function isLgcDiacritic(cp: number): boolean {
  if (cp > 0xffff) return RE_LGC_DIACRITIC.test(String.fromCodePoint(cp));
  let known = diacritics[cp];
  if (known === 0) diacritics[cp] = known = RE_LGC_DIACRITIC.test(String.fromCharCode(cp)) ? 1 : 2;
  return known === 1;
}

/** Apostrophe look-alikes: all equal `'` (rule 2), so none of them may join a word. */
export const APOSTROPHES = [0x27, 0x2018, 0x2019, 0x201b, 0x02bc, 0xff07];

/** Hangul jamo that join the syllable before them: vowels and trailing consonants, both blocks. */
function isConjoiningVowelOrTrail(cp: number): boolean {
  return (cp >= 0x1160 && cp <= 0x11ff) || (cp >= 0xd7b0 && cp <= 0xd7ff);
}

function isIgnored(cp: number): boolean {
  return cp === 0xad || (cp >= 0x200b && cp <= 0x200d) || cp === 0x2060 || cp === 0xfeff;
}

/** Computes the class byte of one code point (slow; results are cached by the callers). */
export function computeInfo(cp: number): number {
  if (isIgnored(cp)) return CLS_IGNORED;
  const ch = String.fromCodePoint(cp);
  if (APOSTROPHES.includes(cp)) return CLS_OTHER;
  // The long-vowel marks continue a Katakana run; the middle dot `・` (punctuation) does not.
  if (cp === 0x30fc || cp === 0xff70) return CLS_KANA;
  // Half-width voicing marks compose with the kana before them under NFKC.
  if (cp === 0xff9e || cp === 0xff9f) return CLS_KANA | F_MARK;
  if (RE_SPACE.test(ch)) return CLS_SPACE;
  const letter = RE_LETTER.test(ch);
  const mark = RE_MARK.test(ch);
  if (!letter && !mark && !RE_NUMBER.test(ch)) return CLS_OTHER;
  let info: number;
  if (RE_KANA.test(ch)) info = CLS_KANA;
  else if (RE_NOSPACE.test(ch)) info = CLS_NOSPACE;
  else info = CLS_WORD;
  // Hangul vowel and trailing conjoining jamo compose with the syllable or leading consonant
  // before them under canonical normalization (rule 2): `서울` spelled in jamo is `서울`. They are
  // letters, not marks, so without this they were never composed, and decomposed Hangul never matched.
  if (mark || isConjoiningVowelOrTrail(cp)) info |= F_MARK;
  if (letter) info |= F_LETTER;
  if (letter && RE_LGC.test(ch)) info |= F_LGC;
  // Title-case letters (`ǅ`, Greek capitals with prosgegrammeni such as `ᾼ`) change both ways; they
  // are capitals, not lower case: `ᾨΔΕΙΟΝ` is an all-capitals word (rule 5; found by a probe).
  if (ch.toLowerCase() !== ch) info |= F_UPPER;
  else if (ch.toUpperCase() !== ch) info |= F_LOWER;
  return info;
}

const table = new Uint8Array(0x10000);
const pageDone = new Uint8Array(0x100);

function fillPage(page: number): void {
  const base = page << 8;
  for (let c = base; c < base + 256; c++) {
    // Lone surrogates are never letters; a pair is classified by its code point.
    table[c] = c >= 0xd800 && c <= 0xdfff ? CLS_OTHER : computeInfo(c);
  }
  pageDone[page] = 1;
}
fillPage(0);

const astral = new Map<number, number>();

/** Class byte of a code point (BMP by table, astral by a small cache). */
export function charInfo(cp: number): number {
  if (cp < 0x10000) {
    if (pageDone[cp >>> 8] === 0) fillPage(cp >>> 8);
    return table[cp];
  }
  let v = astral.get(cp);
  if (v === undefined) {
    v = computeInfo(cp);
    astral.set(cp, v);
  }
  return v;
}

/** The table itself, for hot loops that index it directly after `charInfo` filled the page. */
export const ASCII_INFO: Uint8Array = table.subarray(0, 128);

/** Code point at `i` of `s` (a lone surrogate stands for itself). */
export function codePointAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  }
  return c;
}
