/**
 * Real text: every corpus page with every corpus list scans without error and
 * deterministically, and a few pages give the mentions a reader would expect. Reads
 * ../shared/corpus (beside the repository) and skips, saying so, when it is not there.
 */
import { describe, expect, it } from 'vitest';
import { compileMatcher, loadMatcher, resolveMentions } from '../../../src/core/matcher/index';
import type { Matcher, Mention } from '../../../src/core/matcher/index';
import { CORPUS_DIR, LISTS, corpusPresent, loadList, loadPages } from '../../../scripts/bench/corpus';
import type { CorpusPage } from '../../../scripts/bench/corpus';

const present = corpusPresent();
if (!present) console.warn(`matcher corpus tests skipped: ${CORPUS_DIR} is not there`);

describe.skipIf(!present)('matcher on the real corpus pages', () => {
  let pages: CorpusPage[] = [];
  const matchers = new Map<string, Matcher>();
  const get = (list: string): Matcher => {
    let m = matchers.get(list);
    if (!m) {
      m = compileMatcher(loadList(list));
      matchers.set(list, m);
    }
    return m;
  };
  const found = (slug: string, list: string): string[] => {
    const p = pages.find((x) => x.slug === slug) as CorpusPage;
    return resolveMentions(get(list).scan(p.blocks)).map((x: Mention) => `${p.blocks[x.block].slice(x.start, x.end)}=${x.ids[0]}`);
  };

  it('loads the 40 pages', () => {
    pages = loadPages();
    expect(pages).toHaveLength(40);
  }, 60_000);

  for (const list of LISTS) {
    it(`scans every page with ${list} without error and deterministically`, () => {
      const m = get(list);
      const reloaded = loadMatcher(structuredClone(m.serialize()));
      for (const p of pages) {
        const first = m.scan(p.blocks);
        expect(m.scan(p.blocks)).toEqual(first);
        expect(reloaded.scan(p.blocks)).toEqual(first);
        const mentions = resolveMentions(first);
        for (const x of mentions) {
          const block = p.blocks[x.block];
          expect(x.start).toBeGreaterThanOrEqual(0);
          expect(x.end).toBeLessThanOrEqual(block.length);
          expect(x.end).toBeGreaterThan(x.start);
          expect(block.slice(x.start, x.end).trim()).toBe(block.slice(x.start, x.end));
        }
      }
    }, 120_000);
  }

  it('finds the expected countries on pages in several scripts', () => {
    const bbc = found('bbc-1', 'entities-countries.json');
    expect(bbc).toContain('US=iso3166:US');
    expect(bbc).toContain('Kenya=iso3166:KE');
    expect(bbc).toContain('Great Britain=iso3166:GB');
    expect(found('yahoo-4', 'entities-countries.json')).toEqual(expect.arrayContaining(['日本=iso3166:JP', 'JAPAN=iso3166:JP', 'コロンビア=iso3166:CO']));
    expect(found('qq', 'entities-countries.json')).toEqual(expect.arrayContaining(['中国=iso3166:CN', '美国=iso3166:US']));
    expect(found('nl-arabic-cnn', 'entities-countries.json')).toEqual(expect.arrayContaining(['سوريا=iso3166:SY', 'العراق=iso3166:IQ', 'MÉXICO=iso3166:MX']));
    expect(found('nl-bengali-prothomalo', 'entities-countries.json').filter((x) => x === 'বাংলাদেশ=iso3166:BD')).toHaveLength(13);
    expect(found('lemonde-1', 'entities-countries.json')).toEqual(expect.arrayContaining(['Syrie=iso3166:SY', 'Irak=iso3166:IQ']));
  });

  it('the precision guard keeps ordinary words out on real pages', () => {
    const guarded = compileMatcher(loadList('entities-cities-100k.json', true));
    const words = pages.flatMap((p) => resolveMentions(guarded.scan(p.blocks)).map((x) => p.blocks[x.block].slice(x.start, x.end)));
    for (const w of ['March', 'Mobile', 'Of', 'Reading', 'Home', 'Most']) expect(words).not.toContain(w);
    expect(words).toContain('Auckland');
    expect(found('bbc-1', 'entities-cities-100k.json').length).toBeGreaterThan(0);
  }, 60_000);
});
