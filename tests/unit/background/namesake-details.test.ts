import { describe, expect, it } from 'vitest';
import { DETAIL_MAX, detailOf, namesakeDetails } from '../../../src/background/namesake-details';
import { handlers } from '../../../src/background/handlers';
import { SearchIndex } from '../../../src/background/search';
import { testBackground } from '../../support/background';

describe('namesake details', () => {
  it('takes the summary\'s first line, white space collapsed, cut with an ellipsis and never inside a surrogate pair', () => {
    expect(detailOf('  City in  Massachusetts\non the river ')).toBe('City in Massachusetts');
    expect(detailOf('')).toBe('');
    const long = `${'a'.repeat(DETAIL_MAX - 1)}😀tail`;
    expect(detailOf(long)).toBe(`${'a'.repeat(DETAIL_MAX - 1)}…`);
    expect(detailOf('b'.repeat(DETAIL_MAX + 5))).toBe(`${'b'.repeat(DETAIL_MAX)}…`);
  });

  it('keeps details only of entities whose name key another one has, the tags when there is no summary', () => {
    const e = (id: string, name: string, summary = '', tags: string[] = []) => ({ id, name, summary, tags });
    const entities = [e('a', 'Paris', 'Capital.'), e('b', 'paris', '', ['state:TX']), e('c', 'Lyon', 'City.'), e('d', 'PARIS')];
    const details = namesakeDetails(entities, entities.map((x) => x.name.toLowerCase()));
    expect(Object.fromEntries(details)).toEqual({ a: 'Capital.', b: 'state:TX' });
  });

  it('search answers carry each namesake\'s detail, after edits, compaction and a stored round trip; the background needs no store read for them', async () => {
    const { bg } = await testBackground();
    for (const [id, name, summary, tags] of [
      ['sp-il', 'Springfield', 'Capital of Illinois.', []],
      ['sp-mo', 'Springfield', '', ['state:MO']],
      ['sp-ar', 'Springfield Armory', 'Arsenal.', []],
    ] as const) {
      expect(await handlers.saveEntity({ id, create: true, patch: { name, type: 'place', summary, tags: [...tags] } }, bg)).toHaveProperty('entity');
    }
    const details = async () => Object.fromEntries((await handlers.search({ query: 'springfield', limit: 10 }, bg)).results.map((r) => [r.id, r.detail]));
    expect(await details()).toEqual({ 'sp-il': 'Capital of Illinois.', 'sp-mo': 'state:MO', 'sp-ar': undefined });
    // An edit of the summary reaches the row.
    expect(await handlers.saveEntity({ id: 'sp-il', patch: { summary: 'State capital.' } }, bg)).toHaveProperty('entity');
    expect((await details())['sp-il']).toBe('State capital.');
    // Stored and loaded again (a woken worker), and after a compaction.
    const index = await bg.searchIndex();
    const again = SearchIndex.fromStored(structuredClone(index.toStored()));
    expect(again.search('springfield', 10).results.map((r) => r.detail).filter(Boolean).sort()).toEqual(['State capital.', 'state:MO']);
    for (let k = 0; k < 600; k++) index.upsert({ id: `x${k}`, name: `Extra ${k}`, aliases: [], type: 'place' });
    expect((await details())['sp-mo']).toBe('state:MO');
  });
});
