/**
 * The scan's shortcuts (src/core/matcher/scan.ts): the lower-case root filter, the windows
 * handed to the exact step, the hand-over at marks and ignored characters. Each must change no
 * result; these are the cases that would break first.
 */
import { describe, expect, it } from 'vitest';
import { compileMatcher, loadMatcher, resolveMentions } from '../../../src/core/matcher/index';
import { e, found, texts } from './helpers';

describe('lower-case root filter', () => {
  it('skips a lower-case word only for aliases whose first word has a case rule', () => {
    const of = e('of', 'Of');
    const rings = e('rings', 'of the Rings');
    expect(texts([of, rings], 'Of course, the lord of the Rings, of Of.')).toEqual(['Of', 'of the Rings', 'Of']);
    expect(texts([of], 'of the rings')).toEqual([]);
    // An alias that shares its first token with a capitalized one still starts at a lower-case word.
    expect(found([e('a', 'New York'), e('b', 'new york times')], 'new york times and New York')).toEqual(['new york times=b', 'New York=a']);
    // A capitalized second word does not make the first one need a capital.
    expect(texts([e('v', 'van Gogh')], 'van Gogh and Van Gogh and van gogh')).toEqual(['van Gogh', 'Van Gogh']);
  });
  it('is stored and reloaded', () => {
    const m = compileMatcher([e('of', 'Of'), e('rings', 'of the Rings')]);
    const again = loadMatcher(structuredClone(m.serialize()));
    expect(resolveMentions(again.scan(['of the Rings', 'of', 'Of'])).map((x) => x.ids[0])).toEqual(['rings', 'of']);
  });
});

describe('word-key filter (lower-case and digit words stepped over unhashed)', () => {
  it('still finds aliases that start at a lower-case or digit word', () => {
    expect(texts([e('p', 'la Paz')], 'in la Paz, lab Paz, La Paz and lA Paz')).toEqual(['la Paz', 'La Paz', 'lA Paz']);
    // The key comes from the folded alias: `laß` is `lass`, and the page may write either.
    expect(texts([e('x', 'laß')], 'lass, laß, LASS, lasso')).toEqual(['lass', 'laß', 'LASS']);
    expect(texts([e('n', '2da Sección')], '2da Sección, 2DA Sección, 2d Sección')).toEqual(['2da Sección', '2DA Sección']);
    // A word whose next unit joins it (a mark, a non-ASCII letter) is judged by the fast pass.
    expect(texts([e('c', 'café')], 'cafe\u0301, café, cafe, cafés, cafe\u0301s')).toEqual(['cafe\u0301', 'café', 'cafe']);
    // A long word: lengths from 31 up share one key.
    const long = 'abcdefghijklmnopqrstuvwxyzabcdefghij';
    expect(texts([e('l', long)], `${long} ${long}x ${long.slice(0, 33)}`)).toEqual([long]);
  });
  it('is rebuilt after an update and after a reload', () => {
    const m = compileMatcher([e('a', 'Alpha')]);
    expect(resolveMentions(m.scan(['zeta and Alpha'])).length).toBe(1);
    m.upsert(e('z', 'zeta'));
    expect(resolveMentions(m.scan(['zeta and Alpha'])).map((x) => x.ids[0])).toEqual(['z', 'a']);
    const again = loadMatcher(structuredClone(m.serialize()));
    expect(resolveMentions(again.scan(['zeta and Alpha'])).map((x) => x.ids[0])).toEqual(['z', 'a']);
  });
});

describe('windows and hand-overs', () => {
  it('finds a long alias whose walk outgrows the first window', () => {
    const long = e('l', 'A B C D E F G H I J K L M N O P');
    const short = e('s', 'A B');
    const text = 'x A B C D E F G H I J K L M N O P y A B C D E';
    expect(found([long, short], text)).toEqual(['A B C D E F G H I J K L M N O P=l', 'A B=s']);
  });
  it('hands a block over at a mark or ignored character and still finds what comes before and after', () => {
    const j = e('j', 'Japan');
    // A mark after a Latin letter is a folded diacritic (rule 2): `Japań` is Japan too.
    expect(texts([j], 'Japan, Japan\u0301, Ja\u00ADpan, Japanese, Japan')).toEqual(['Japan', 'Japan\u0301', 'Ja\u00ADpan', 'Japan']);
    expect(texts([j], 'Japan \u200B Japan')).toEqual(['Japan', 'Japan']);
    expect(texts([e('n', 'New  York')], 'New \u200B York, New\nYork')).toEqual(['New \u200B York', 'New\nYork']);
  });
});

describe('stored form without the update-only links', () => {
  it('rebuilds them on the first update after a load, dead records included', () => {
    const m = compileMatcher([e('a', 'Alpha', ['Al']), e('b', 'Beta'), e('p', 'Rajnath Singh', [], 'person')]);
    m.upsert(e('a', 'Alpha', ['Alf'])); // the old records of `a` stay in the arrays, unlinked
    m.remove('b');
    const loaded = loadMatcher(structuredClone(m.serialize()));
    loaded.upsert(e('a', 'Alpha Centauri'));
    loaded.upsert(e('c', 'Gamma'));
    loaded.remove('p');
    const fresh = compileMatcher([e('a', 'Alpha Centauri'), e('c', 'Gamma')]);
    const text = ['Alpha Centauri, Alpha, Al, Alf, Beta, Gamma, Rajnath Singh, Singh'];
    expect(resolveMentions(loaded.scan(text))).toEqual(resolveMentions(fresh.scan(text)));
    expect(loaded.size).toBe(2);
    // And once more through the stored form, after those updates.
    const again = loadMatcher(structuredClone(loaded.serialize()));
    again.remove('a');
    expect(resolveMentions(again.scan(text)).map((x) => x.ids[0])).toEqual(['c']);
  });
  it('keeps them in step while the arrays grow after a load', () => {
    // Stored record arrays are cut to their used length (here 12), so every array must grow
    // in step with the others afterwards, the rebuilt ones included.
    const start = Array.from({ length: 12 }, (_, k) => e(`a${k}`, `Alpha${k}`));
    const loaded = loadMatcher(structuredClone(compileMatcher(start).serialize()));
    for (let k = 0; k < 40; k++) loaded.upsert(e(`x${k}`, `Kappa${k}`, [`K${k}`]));
    for (let k = 0; k < 40; k += 2) loaded.upsert(e(`x${k}`, `Lambda${k}`));
    for (let k = 0; k < 40; k += 4) loaded.remove(`x${k}`);
    const text = [Array.from({ length: 40 }, (_, k) => `Alpha${k} Kappa${k} K${k} Lambda${k}`).join(', ')];
    const fresh = compileMatcher([...start, ...Array.from({ length: 40 }, (_, k) => (k % 4 === 0 ? null : k % 2 === 0 ? e(`x${k}`, `Lambda${k}`) : e(`x${k}`, `Kappa${k}`, [`K${k}`]))).filter((x) => x !== null)]);
    expect(resolveMentions(loaded.scan(text))).toEqual(resolveMentions(fresh.scan(text)));
  });
  it('refuses a matcher stored in the previous version (the background rebuilds it)', () => {
    const s = compileMatcher([e('a', 'Alpha')]).serialize();
    expect(() => loadMatcher({ ...s, version: s.version - 1 })).toThrow();
  });
});
