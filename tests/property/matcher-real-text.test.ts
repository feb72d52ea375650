/**
 * The compiled matcher agrees with the naive reference (matcher-reference.ts) on real text:
 * blocks of the 40 corpus pages (Latin, Cyrillic, Arabic, Bengali, Thai, Burmese, Han, Kana…, as
 * the pages wrote them: their punctuation, quotes, no-break spaces, soft hyphens), with names cut
 * from those same blocks and then recased, decomposed or stripped of their accents, so that
 * matches, near misses (`Japan` / `Japanese`), case rules and surnames are frequent.
 * The random-text properties are in matcher.test.ts; this one needs ../shared/corpus and says
 * so when it is not there.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, corpusPresent, loadPages } from '../../scripts/bench/corpus';
import { compileMatcher, resolveMentions } from '../../src/core/matcher/index';
import type { MatchEntry } from '../../src/core/matcher/types';
import { reference } from './matcher-reference';

const present = corpusPresent();
if (!present) console.warn(`matcher real-text property skipped: ${CORPUS_DIR} is not there`);

/** Blocks short enough for the reference (cubic in a block's length), from every page. */
const BLOCKS = present ? loadPages().flatMap((p) => p.blocks.filter((b) => b.trim().length >= 4 && b.length <= 240)) : [];

const NOSPACE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** A name cut from `block` at `at` (a fraction): a run of 1-3 words, or 2-4 characters of a no-space script. */
function cut(block: string, at: number, words: number): string {
  const ws = block.split(/\s+/u).filter((w) => w !== '');
  if (ws.length === 0) return block.trim();
  const i = Math.floor(at * ws.length) % ws.length;
  const w = ws[i];
  if (NOSPACE.test(w) && w.length > 4) {
    const s = Math.floor(at * (w.length - 2));
    return w.slice(s, s + 2 + (words % 3));
  }
  return ws.slice(i, i + words).join(' ');
}

const VARIANTS: Array<(s: string) => string> = [
  (s) => s,
  (s) => s,
  (s) => s.replace(/[.,;:!?"“”«»()]+$/u, ''),
  (s) => s.toUpperCase(),
  (s) => s.toLowerCase(),
  (s) => s.normalize('NFD'),
  (s) => s.normalize('NFD').replace(/\p{M}/gu, ''),
  (s) => s.replace(/(^|\s)(\p{Ll})/gu, (_, sp: string, c: string) => sp + c.toUpperCase()),
];

interface Spec { block: number; at: number; words: number; variant: number }

const spec: fc.Arbitrary<Spec> = fc.record({
  block: fc.nat(),
  at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  words: fc.integer({ min: 1, max: 3 }),
  variant: fc.nat(VARIANTS.length - 1),
});

const scenario = fc.record({
  blocks: fc.array(fc.nat(), { minLength: 1, maxLength: 5 }),
  entities: fc.array(
    fc.record({
      name: spec,
      aliases: fc.array(spec, { maxLength: 2 }),
      type: fc.constantFrom('person', 'person', 'place', 'org') as fc.Arbitrary<MatchEntry['type']>,
      hasNotes: fc.boolean(),
      updatedAt: fc.integer({ min: 0, max: 2 }),
      guard: fc.boolean(),
    }),
    { minLength: 1, maxLength: 6 },
  ),
});

const COMMON = new Set(['the', 'of', 'new', 'de', 'la', 'and', 'in', 'a']);

describe.skipIf(!present)('matcher agrees with the naive reference on real text', () => {
  it('blocks of the corpus pages, names cut from them and recased, decomposed or stripped of accents', () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        const blocks = sc.blocks.map((b) => BLOCKS[b % BLOCKS.length]);
        const form = (s: Spec): string => VARIANTS[s.variant](cut(blocks[s.block % blocks.length], s.at, s.words)).trim();
        const es: MatchEntry[] = sc.entities
          .map((e, i) => ({ ...e, id: `e${i}`, name: form(e.name), aliases: e.aliases.map(form).filter((a) => a !== '') }))
          .filter((e) => e.name.trim() !== '');
        const got = resolveMentions(compileMatcher(es, { commonWords: COMMON }).scan(blocks));
        expect(got).toEqual(reference(es, blocks, COMMON));
      }),
      { numRuns: Number(process.env.MATCHER_RUNS ?? 300) / 3 },
    );
  }, 120_000);
});
