/**
 * The scan's output over the whole corpus, pinned: a digest of every raw scan result and every
 * resolved mention list, per list, with and without the precision guard, compiled and reloaded.
 * Taken from the implementation before the throughput work (docs/matching.md, "Speed"), so an
 * optimization that changes any offset, id, order or short-form key fails here. An intended
 * change of results updates the digests (the failure message shows the new one).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { compileMatcher, loadMatcher, resolveMentions } from '../../../src/core/matcher/index';
import type { Matcher } from '../../../src/core/matcher/index';
import { LISTS, corpusPresent, loadList, loadPages } from '../../../scripts/bench/corpus';

const EXPECTED: Record<string, string> = {
  'entities-countries.json:false': '1633 fbe9c0a286d791cb161499415174e62fcc5f7c06d55579048be09a15d3d98d47',
  'entities-countries.json:true': '1504 29e6b2b1bce3ceec6885da6ce9641cf486d91cd8ecb7e1adc8b3eaec66644962',
  'entities-cities-100k.json:false': '2963 298cf6ca50803e6962c0a13bd5cfa2cfd1be04d3532d619c032dc0f100893802',
  'entities-cities-100k.json:true': '1825 d1ad9341898c0b3986b0b3dacaaa4bc752c88d99710bf54b60cafb1e3172c8b8',
  'entities-orgs-nsi.json:false': '6902 789fd2be8e1f4110ffbcaa16c7c1e82898cf6de360c447bbe194315c14106bcc',
  'entities-orgs-nsi.json:true': '3079 0a8c4e3f4e1811b4a821c64cc09a80b753bdf27165346c12f363bc8c5cc4fb9f',
};

describe.skipIf(!corpusPresent())('scan results over the corpus are unchanged', () => {
  const pages = corpusPresent() ? loadPages() : [];
  const digest = (m: Matcher): string => {
    const h = createHash('sha256');
    let n = 0;
    for (const p of pages) {
      const r = m.scan(p.blocks);
      h.update(JSON.stringify(r));
      const res = resolveMentions(r);
      n += res.length;
      h.update(JSON.stringify(res));
    }
    return `${n} ${h.digest('hex')}`;
  };
  for (const list of LISTS) {
    for (const guard of [false, true]) {
      it(`${list}, guard ${guard}, compiled and reloaded`, () => {
        const m = compileMatcher(loadList(list, guard));
        expect(digest(m)).toBe(EXPECTED[`${list}:${guard}`]);
        expect(digest(loadMatcher(m.serialize()))).toBe(EXPECTED[`${list}:${guard}`]);
      }, 120_000);
    }
  }
});
