import { describe, expect, it } from 'vitest';
import { DETAIL_MAX, detailOf, withNamesakeDetails } from '../../../src/background/namesake-details';
import { handlers } from '../../../src/background/handlers';
import type { StoredEntity } from '../../../src/shared/db';
import { testBackground } from '../../support/background';

describe('namesake details', () => {
  it('takes the summary\'s first line, white space collapsed, cut with an ellipsis and never inside a surrogate pair', () => {
    expect(detailOf('  City in  Massachusetts\non the river ')).toBe('City in Massachusetts');
    expect(detailOf('')).toBe('');
    const long = `${'a'.repeat(DETAIL_MAX - 1)}😀tail`;
    expect(detailOf(long)).toBe(`${'a'.repeat(DETAIL_MAX - 1)}…`);
    expect(detailOf('b'.repeat(DETAIL_MAX + 5))).toBe(`${'b'.repeat(DETAIL_MAX)}…`);
  });

  it('reads the store only for marked rows', async () => {
    const asked: string[][] = [];
    const getMany = async (ids: string[]) => {
      asked.push(ids);
      return ids.map((id) => ({ id, summary: `About ${id}`, tags: [] }) as unknown as StoredEntity);
    };
    const rows = [{ id: 'a', name: 'A', type: 'place' as const }];
    expect(await withNamesakeDetails(rows, getMany)).toBe(rows);
    expect(asked).toEqual([]);
    const marked = await withNamesakeDetails([{ id: 'b', name: 'B', type: 'place', namesake: true }, { id: 'c', name: 'C', type: 'place' }], getMany);
    expect(asked).toEqual([['b']]);
    expect(marked.map((r) => r.detail)).toEqual(['About b', undefined]);
  });

  it('search answers carry each namesake\'s summary, or its tags when it has none', async () => {
    const { bg } = await testBackground();
    for (const [id, name, summary, tags] of [
      ['sp-il', 'Springfield', 'Capital of Illinois.', []],
      ['sp-mo', 'Springfield', '', ['state:MO']],
      ['sp-ar', 'Springfield Armory', 'Arsenal.', []],
    ] as const) {
      expect(await handlers.saveEntity({ id, create: true, patch: { name, type: 'place', summary, tags: [...tags] } }, bg)).toHaveProperty('entity');
    }
    const { results } = await handlers.search({ query: 'springfield', limit: 10 }, bg);
    expect(Object.fromEntries(results.map((r) => [r.id, r.detail]))).toEqual({ 'sp-il': 'Capital of Illinois.', 'sp-mo': 'state:MO', 'sp-ar': undefined });
  });
});
