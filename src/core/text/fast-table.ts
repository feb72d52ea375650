/**
 * The table the scan's fast pass reads (matcher/scan.ts): one entry per BMP code unit that says,
 * for text needing none of the tokenizer's slow paths, what `tokenize` (tokenize.ts) would make
 * of the unit. Apart from the tokenizer because only the fast pass reads it; it is built from
 * the tokenizer's own tables and folds, so the two agree by construction.
 */
import * as chars from './chars';
import * as folding from './fold';
import { ASCII_CLASS } from './tokenize';

const CLS_IGNORED = chars.CLS_IGNORED;
const CLS_SPACE = chars.CLS_SPACE;
const F_MARK = chars.F_MARK;
const charInfo = chars.charInfo;
const ASCII_FOLD = folding.ASCII_FOLD;
const COMPLEX = folding.COMPLEX;
const fold1 = folding.fold1;

/**
 * The scan's fast pass (matcher/scan.ts) reads text that needs none of the tokenizer's slow
 * paths with one table load per code unit, storing nothing: per BMP code unit, the boundary
 * class (low 3 bits) and the one-unit fold (bits 8-23), or FAST_COMPLEX for every unit whose
 * token the fast pass cannot judge alone: combining marks (they join the unit before them),
 * ignored characters (they join tokens across them), surrogates, and units whose fold is not
 * exactly one unit. For every other unit the tokenizer's result depends on the unit alone
 * (plus the class of its neighbours), so the fast pass and `tokenize` agree on token edges,
 * kinds and hashes; where the fast pass meets FAST_COMPLEX it hands over to `tokenize`.
 * Filled 256 units at a time, like the class table.
 */
export const FAST_COMPLEX = 7;
export const FAST = new Int32Array(0x10000);
const fastDone = new Uint8Array(0x100);

function fillFastPage(page: number): void {
  const base = page << 8;
  for (let c = base; c < base + 256; c++) {
    if (c < 128) {
      // The tokenizer's own ASCII tables (its ASCII fast path decides these units); every
      // white space folds to one space.
      FAST[c] = ((ASCII_CLASS[c] === CLS_SPACE ? 32 : ASCII_FOLD[c]) << 8) | ASCII_CLASS[c];
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      FAST[c] = FAST_COMPLEX;
      continue;
    }
    const info = charInfo(c);
    const cls = info & 7;
    if (cls === CLS_IGNORED || (info & F_MARK) !== 0) FAST[c] = FAST_COMPLEX;
    else if (cls === CLS_SPACE) FAST[c] = (32 << 8) | CLS_SPACE;
    else {
      const f = fold1(c);
      FAST[c] = f === COMPLEX ? FAST_COMPLEX : (f << 8) | cls;
    }
  }
  fastDone[page] = 1;
}
fillFastPage(0);

/** FAST entry of a code unit, filling its page first (units below 128 can read FAST directly). */
export function fastInfo(c: number): number {
  if (fastDone[c >>> 8] === 0) fillFastPage(c >>> 8);
  return FAST[c];
}
