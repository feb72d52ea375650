import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../../src/core/text/normalize';
import { TokenBuffer, tokenize } from '../../../src/core/text/tokenize';

describe('normalizeText (rule 2 with an offset map)', () => {
  it('folds and maps every unit back to its cluster', () => {
    const n = normalizeText('Zu\u0308rich  Stra\u00DFe\u200B’s');
    expect(n.text).toBe("zurich strasse's");
    expect([n.start[1], n.end[1]]).toEqual([1, 3]); // u + combining diaeresis
    expect([n.start[6], n.end[6]]).toEqual([7, 9]); // the run of two spaces is one space
    expect([n.start[11], n.end[11], n.start[12]]).toEqual([13, 14, 13]); // ß is ss
    expect(n.start[14]).toBe(16); // the apostrophe, after the ignored zero-width space
  });
  it('keeps marks of other scripts and canonical forms', () => {
    expect(normalizeText('जापानी').text).toBe('जापानी');
    expect(normalizeText('テ\u3099リー').text).toBe('デリー');
    expect(normalizeText('ﾃﾞﾘｰ ＪＡＰＡＮ').text).toBe('デリー japan');
  });
});

describe('tokenize', () => {
  it('cuts at the places where a mention may start or end', () => {
    const tb = new TokenBuffer();
    const s = 'India-Japan’s インドネシア 中谷元 भारतीय';
    tokenize(s, tb);
    const toks = Array.from({ length: tb.n }, (_, t) => tb.text(t, t + 1));
    expect(toks).toEqual(['india', '-', 'japan', "'", 's', ' ', 'インドネシア', ' ', '中', '谷', '元', ' ', 'भारतीय']);
    expect(s.slice(tb.start[2], tb.end[2])).toBe('Japan');
  });
  it('ignored characters do not cut a word', () => {
    const tb = new TokenBuffer();
    tokenize('Japan\u200Bese', tb);
    expect(tb.n).toBe(1);
    expect(tb.text(0, 1)).toBe('japanese');
  });
});
