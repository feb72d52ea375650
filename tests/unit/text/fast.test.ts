/**
 * The scan's fast pass (src/core/matcher/scan.ts) reads tokens with the FAST table alone and
 * must agree with `tokenize` on every token it reads before it meets a FAST_COMPLEX unit: same
 * start, end, kind and hash. And `tokenize` from a token start, cut after a number of tokens,
 * must give the very tokens of the whole string (the scan's windows rely on both).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as chars from '../../../src/core/text/chars';
import { FAST_COMPLEX, fastInfo } from '../../../src/core/text/fast-table';
import { FNV_PRIME, FNV_SEED, TokenBuffer, tokenize } from '../../../src/core/text/tokenize';

interface FastToken {
  start: number;
  end: number;
  kind: number;
  hash: number;
}

/** The fast pass's token reader, step for step (NUL-terminated like the scan's copy). */
function fastTokens(s: string): FastToken[] {
  const u = new Uint16Array(s.length + 1);
  for (let j = 0; j < s.length; j++) u[j] = s.charCodeAt(j);
  const out: FastToken[] = [];
  let i = 0;
  while (i < s.length) {
    const p = i;
    let v = fastInfo(u[i]);
    const cls = v & 7;
    if (cls === FAST_COMPLEX) break;
    let h = Math.imul(FNV_SEED ^ (v >>> 8), FNV_PRIME);
    v = fastInfo(u[++i]);
    if (cls === chars.CLS_WORD || cls === chars.CLS_KANA || cls === chars.CLS_SPACE) {
      while ((v & 7) === cls) {
        if (cls !== chars.CLS_SPACE) h = Math.imul(h ^ (v >>> 8), FNV_PRIME);
        v = fastInfo(u[++i]);
      }
    }
    // The unit after the token may join it: the fast pass stops before judging this token.
    if ((v & 7) === FAST_COMPLEX) break;
    out.push({ start: p, end: i, kind: cls, hash: h });
  }
  return out;
}

function exactTokens(tb: TokenBuffer): FastToken[] {
  const out: FastToken[] = [];
  for (let t = 0; t < tb.n; t++) out.push({ start: tb.start[t], end: tb.end[t], kind: tb.kind[t], hash: tb.hash[t] });
  return out;
}

const UNITS = [
  'a', 'Z', 'é', 'e\u0301', 'ß', 'ø', 'İ', 'ı', 'Σ', 'ς', 'Я', 'ё', '1', '٣', 'ǅ', 'ﬁ',
  'भ', 'ा', 'ि', '्', 'क़', 'ক', 'া', 'ال', 'ه', '\u064E', 'ไ', 'ท', '\u0e31', '中', '谷', 'は', 'イ', 'ン', 'ー', 'ﾃ', 'ﾞ', 'Ｊ',
  ' ', '  ', '\u00A0', '\n', '\t', '\u3000', '\u00AD', '\u200B', '\u200D', '\u2060', '\uFEFF',
  "'", '’', '-', '.', ',', '(', '・', '\u0000', '😀', '\uD800', '\uDC00', '𠀋',
];
const text = fc.array(fc.constantFrom(...UNITS), { maxLength: 30 }).map((a) => a.join(''));

describe('the fast pass reads the tokenizer\'s tokens', () => {
  it('same start, end, kind and hash up to the first complex unit', () => {
    const tb = new TokenBuffer();
    fc.assert(
      fc.property(text, (s) => {
        tokenize(s, tb);
        const exact = exactTokens(tb);
        const fast = fastTokens(s);
        expect(fast).toEqual(exact.slice(0, fast.length));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads plain text to its end', () => {
    const tb = new TokenBuffer();
    const s = 'The  República\n de Türkiye, 東京 インド・デリー (1999)';
    tokenize(s, tb);
    expect(fastTokens(s)).toEqual(exactTokens(tb));
  });
});

describe('tokenize from a token start, cut after some tokens', () => {
  it('gives the whole string\'s tokens, and where the next one starts', () => {
    const whole = new TokenBuffer();
    const part = new TokenBuffer();
    fc.assert(
      fc.property(text, fc.nat(40), fc.integer({ min: 1, max: 8 }), (s, pick, w) => {
        tokenize(s, whole);
        if (whole.n === 0) return;
        const a = pick % whole.n;
        tokenize(s, part, whole.start[a], w);
        const got = exactTokens(part);
        expect(got).toEqual(exactTokens(whole).slice(a, a + got.length));
        for (let t = 0; t < part.n; t++) expect(part.text(t, t + 1)).toBe(whole.text(a + t, a + t + 1));
        if (a + part.n < whole.n) {
          expect(part.n).toBeGreaterThanOrEqual(w);
          // The resume point is the next token's start, or before it with only ignored units between.
          const next = whole.start[a + part.n];
          expect(part.start[part.n]).toBeLessThanOrEqual(next);
          expect(s.slice(part.start[part.n], next)).toMatch(/^[\u00AD\u200B-\u200D\u2060\uFEFF]*$/);
        } else {
          expect(part.n).toBe(whole.n - a);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
