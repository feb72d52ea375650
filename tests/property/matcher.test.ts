/**
 * Differential tests: the compiled matcher (scan + resolveMentions) agrees with the naive
 * reference written from the rules, on random texts and entity lists that mix Latin (with
 * composed and decomposed diacritics), Devanagari, Han, Katakana, Hangul (composed and in
 * conjoining jamo), Arabic, combining marks,
 * apostrophes, hyphens, odd white space and ignored characters.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileMatcher, loadMatcher, resolveMentions } from '../../src/core/matcher/index';
import type { MatchEntry } from '../../src/core/matcher/types';
import { reference } from './matcher-reference';

const PIECES = [
  // Latin, cased and folded variants
  'Japan', 'japan', 'JAPAN', 'Japanese', 'Zürich', 'Zu\u0308rich', 'ZURICH', 'Straße', 'STRASSE', 'Nice', 'nice', 'ANI', 'Ani',
  'US', 'Us', 'Ørsted', 'Singh', 'SINGH', 'Rajnath', 'O', "O'Brien", 'O’Brien', 'de', 'De', 'New', 'York', 'Jr.', 'Jones-Smith',
  'a', 'İstanbul', 'ıi', 'Αθήνα', 'Αθηνα', 'Мёнхен',
  // Devanagari
  'भारत', 'भारतीय', 'राजनाथ', 'सिंह', 'जापान', 'जापानी', 'क़', 'क\u093C',
  // Han, Hiragana, Thai
  '中', '谷', '元', '日本', '中谷元', '防衛相', 'は', 'ไทย', 'ประเทศ',
  // Katakana
  'インド', 'インドネシア', 'ー', '・', 'デリー', 'テリー', 'ﾃﾞﾘｰ', 'トランプ', 'ドナルド',
  // Hangul, composed and in conjoining jamo (leading, vowel, trailing), and with a particle
  '서울', '\u1109\u1165\u110B\u116E\u11AF', '서\u110B\u116E\u11AF', '\u1109\u1165울', '인도', '인도는', '\u110B\u1175\u11AB',
  // Arabic
  'الهند', 'والهند', 'مصر', '\u064E',
  // marks, apostrophes, hyphens, digits, punctuation
  '\u0301', '\u0308', '\u093F', '\u05B8', "'", '’', '-', '‐', '2025', '1', '.', ',', 'Ｊａｐａｎ', '¹', '½', '٢', 'Ⅻ',
];
const SPACES = [' ', ' ', ' ', '  ', '\u00A0', '\n', '\t ', '\u3000', '\u0085'];
const IGNORED = ['\u00AD', '\u200B', '\u200D', '\uFEFF'];

const piece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...PIECES) },
  { weight: 4, arbitrary: fc.constantFrom(...SPACES) },
  { weight: 1, arbitrary: fc.constantFrom(...IGNORED) },
);
const text = fc.array(piece, { minLength: 0, maxLength: 10 }).map((a) => a.join(''));
/** A name: 1-3 pieces joined by spaces or directly. */
const form = fc
  .tuple(fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 3 }), fc.array(fc.constantFrom(' ', '', ' ', '・', '-'), { minLength: 2, maxLength: 2 }))
  .map(([ws, seps]) => ws.map((w, i) => (i === 0 ? w : seps[(i - 1) % 2] + w)).join(''));

const entry = fc.record({
  id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
  name: form,
  aliases: fc.array(form, { maxLength: 2 }),
  type: fc.constantFrom('person', 'person', 'place', 'org') as fc.Arbitrary<MatchEntry['type']>,
  hasNotes: fc.boolean(),
  updatedAt: fc.integer({ min: 0, max: 3 }),
  guard: fc.boolean(),
});
const entries = fc.uniqueArray(entry, { minLength: 1, maxLength: 5, selector: (e) => e.id });
/** Blocks mixing random text with copies of the entities' own forms, so matches are frequent. */
const scenario = entries.chain((es) => {
  const own = es.flatMap((e) => [e.name, ...e.aliases]);
  const mixed = fc.array(fc.oneof(piece, fc.constantFrom(...own), fc.constantFrom(...SPACES)), { maxLength: 8 }).map((a) => a.join(''));
  return fc.tuple(fc.constant(es), fc.array(fc.oneof(mixed, text), { minLength: 1, maxLength: 3 }));
});

/**
 * Long blocks (up to 80 pieces, half of them the entities' own forms): the scan's fast pass
 * hands a possible mention to the exact code on a short window of tokens and resumes after it,
 * and hands a block over at the first mark or ignored character; long blocks with many
 * mentions, long aliases and chains of overlapping candidates exercise those hand-overs and the
 * window growing when a walk runs into its end.
 */
const longScenario = entries.chain((es) => {
  const own = es.flatMap((e) => [e.name, ...e.aliases]);
  const long = fc.array(fc.oneof(piece, fc.constantFrom(...own), fc.constantFrom(...own), fc.constantFrom(' ', ' ', '\n  ')), { minLength: 10, maxLength: 80 }).map((a) => a.join(''));
  return fc.tuple(fc.constant(es), fc.array(long, { minLength: 1, maxLength: 2 }));
});

const COMMON = new Set(['nice', 'de', 'new', 'a', 'us', 'japan']);

/**
 * People whose surnames hold each other's (`Jones-Smith`, `Smith`, `Smith-Jones`), and texts of
 * their names, bare surnames and hyphenated ones: which surname takes the text is decided in page
 * order, among the valid ones (a surname nobody was named for before hides nothing).
 */
const SURNAMES = ['Smith', 'Jones', 'Singh', 'सिंह', 'トランプ', 'Lee'];
const person = fc.record({
  id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
  first: fc.constantFrom('Anna', 'Will', 'Bob', 'राजनाथ', 'ドナルド'),
  sep: fc.constantFrom(' ', '・'),
  last: fc.array(fc.constantFrom(...SURNAMES), { minLength: 1, maxLength: 3 }),
  hyphen: fc.constantFrom('-', '‐', '-'),
  type: fc.constantFrom('person', 'person', 'person', 'org') as fc.Arbitrary<MatchEntry['type']>,
  updatedAt: fc.integer({ min: 0, max: 3 }),
}).map(({ id, first, sep, last, hyphen, type, updatedAt }): MatchEntry => ({
  id, name: `${first}${sep}${last.join(hyphen)}`, aliases: [], type, hasNotes: false, updatedAt,
}));
const surnameScenario = fc.uniqueArray(person, { minLength: 2, maxLength: 5, selector: (e) => e.id }).chain((es) => {
  const words = [...es.map((e) => e.name), ...SURNAMES, 'Smith-Jones', 'Jones-Smith', 'Jones-Smith-Lee', 'said', '-', ' ', '. ', ', '];
  const block = fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 12 }).map((a) => a.join(''));
  return fc.tuple(fc.constant(es), fc.array(block, { minLength: 1, maxLength: 3 }));
});

const RUNS = Number(process.env.MATCHER_RUNS ?? 300);

/** The compiled matcher and the reference find the same mentions on every generated case. */
function agreesOn(cases: fc.Arbitrary<[MatchEntry[], string[]]>, numRuns: number): void {
  fc.assert(
    fc.property(cases, ([es, blocks]) => {
      const got = resolveMentions(compileMatcher(es, { commonWords: COMMON }).scan(blocks));
      expect(got).toEqual(reference(es, blocks, COMMON));
    }),
    { numRuns },
  );
}

describe('matcher agrees with the naive reference', () => {
  it('on random texts and entity lists in many scripts', () => agreesOn(scenario, RUNS), 120_000);

  it('on long blocks full of mentions', () => agreesOn(longScenario, Math.ceil(RUNS / 2)), 120_000);

  it('on people whose surnames hold one another', () => agreesOn(surnameScenario, RUNS), 120_000);

  it('after a serialize/load round trip and incremental updates', () => {
    fc.assert(
      fc.property(scenario, entries, ([es, blocks], changes) => {
        const m = compileMatcher(es, { commonWords: COMMON });
        // Structured clone is what IndexedDB does to the stored object.
        const loaded = loadMatcher(structuredClone(m.serialize()), { commonWords: COMMON });
        for (const c of changes) loaded.upsert(c);
        loaded.remove(es[0].id);
        const expected = new Map(es.map((e) => [e.id, e]));
        for (const c of changes) expected.set(c.id, c);
        expected.delete(es[0].id);
        const got = resolveMentions(loaded.scan(blocks));
        expect(got).toEqual(reference([...expected.values()], blocks, COMMON));
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  }, 120_000);
});
