/**
 * The popup's search index survives the worker's idle stop (search-service.ts): stored as its
 * last build plus the changes since, used by a woken worker only under the store's version.
 */
import fc from 'fast-check';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { SearchIndex, type Searchable } from '../../../src/background/search';
import { SearchService } from '../../../src/background/search-service';
import { openDb, type BackstoryDb } from '../../../src/shared/db';

const e = (id: string, name: string, aliases: string[] = [], type: Searchable['type'] = 'place'): Searchable => ({ id, name, aliases, type });
const sample = [
  e('zurich', 'Zürich'), e('new-delhi', 'New Delhi', ['Nayi Dilli']), e('delhi', 'Delhi'),
  e('rajnath', 'Rajnath Singh', ['राजनाथ सिंह'], 'person'), e('ana', 'ANI', ['Asian News International'], 'org'),
  e('indo', 'Indo-Pacific', [], 'other'), e('lodz', 'Łódź'), e('empty-alias', 'Paris', ['', 'Lutetia']),
];
const QUERIES = ['', 'd', 'del', 'delhi', 'dehli', 'new', 'paris', 'lut', 'asian', 'rajnath', 'राजनाथ', 'zur', 'pacific', 'x'];

/** Every answer of a set of queries, pages included: what the popup can see of an index. */
function answers(index: SearchIndex, queries = QUERIES): unknown[] {
  return queries.flatMap((q) => [index.search(q, 50), index.search(q, 2, 1)]);
}

function built(entities: Searchable[]): SearchIndex {
  const index = new SearchIndex();
  index.load(entities);
  return index;
}

describe('stored search index', () => {
  it('answers every query as the index it was stored from, also after further edits', () => {
    const original = built(sample);
    const restored = SearchIndex.fromStored(structuredClone(original.toStored()));
    expect(answers(restored)).toEqual(answers(original));
    for (const index of [original, restored]) {
      index.upsert(e('delhi', 'Delhi NCR', ['Dilli']));
      index.remove('zurich');
      index.upsert(e('dehradun', 'Dehradun'));
    }
    expect(answers(restored)).toEqual(answers(original));
  });

  it('stores the last build only: edits made after it are not in the stored copy', () => {
    const index = built(sample);
    index.upsert(e('oslo', 'Oslo'));
    index.remove('delhi');
    const restored = SearchIndex.fromStored(structuredClone(index.toStored()));
    expect(answers(restored)).toEqual(answers(built(sample)));
  });

  it('round-trips random entity lists (property)', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'é', 'ß', 'Z', ' ', '-', 'ł', 'デ', '中'), minLength: 1, maxLength: 8 });
    fc.assert(fc.property(fc.uniqueArray(fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), name: word, aliases: fc.array(word, { maxLength: 3 }), type: fc.constantFrom('person', 'place', 'org', 'event', 'other') }), { selector: (x) => x.id, maxLength: 30 }), fc.array(word, { maxLength: 6 }), (entities, queries) => {
      const original = built(entities);
      const restored = SearchIndex.fromStored(structuredClone(original.toStored()));
      expect(answers(restored, [...QUERIES, ...queries])).toEqual(answers(original, [...QUERIES, ...queries]));
    }), { numRuns: 60 });
  });

  it('refuses a damaged copy', () => {
    const stored = built(sample).toStored();
    expect(() => SearchIndex.fromStored({ ...stored, names: { pack: stored.names.pack.slice(1), ends: stored.names.ends } })).toThrow(/damaged/);
    expect(() => SearchIndex.fromStored({ ...stored, aliasEnds: stored.aliasEnds.slice(1) })).toThrow(/damaged/);
  });
});

describe('SearchService', () => {
  let db: BackstoryDb;
  let store: Map<string, Searchable>;
  let version: number;
  let reads: number;
  const service = () => new SearchService(db, async () => {
    reads += 1;
    return [...store.values()];
  }, () => version, 10_000);
  /** One change as the background makes it: the index first, then the store's version. */
  const change = (s: SearchService, c: { upsert: Searchable } | { remove: string }) => {
    if ('upsert' in c) store.set(c.upsert.id, c.upsert);
    else store.delete(c.remove);
    s.apply(c);
    version += 1;
  };

  beforeEach(() => {
    db = openDb({ indexedDB: new IDBFactory(), IDBKeyRange });
    store = new Map(sample.map((x) => [x.id, x]));
    version = 7;
    reads = 0;
  });

  it('a woken worker answers from the stored index, edits included, without reading the store', async () => {
    const first = service();
    await first.get();
    expect(reads).toBe(1);
    await first.persist();
    change(first, { upsert: e('delhi', 'Delhi NCR', ['Dilli']) });
    change(first, { remove: 'zurich' });
    change(first, { upsert: { ...e('oslo', 'Oslo'), notes: 'not indexed' } as Searchable });
    await first.persist();

    const woken = service();
    const index = await woken.get();
    expect(reads).toBe(1);
    expect(answers(index)).toEqual(answers(built([...store.values()])));
  });

  it('builds from the store when the stored copy is of another version, or was invalidated', async () => {
    const first = service();
    await first.get();
    await first.persist();
    version += 1; // a change the search service never saw (the index was not loaded, say)
    const woken = service();
    await woken.get();
    expect(reads).toBe(2);
    await woken.persist();

    woken.invalidate(); // an import: the stored state goes with the loaded index
    store.set('oslo', e('oslo', 'Oslo'));
    version += 1;
    const again = service();
    expect(answers(await again.get())).toEqual(answers(built([...store.values()])));
    expect(reads).toBe(3);
  });

  it('after an invalidation the same worker stores its new build, never the old base under the new version', async () => {
    const first = service();
    await first.get();
    await first.persist();
    first.invalidate(); // an import
    store.set('oslo', e('oslo', 'Oslo'));
    store.delete('delhi');
    version += 1;
    await first.get();
    await first.persist();

    const woken = service();
    expect(answers(await woken.get())).toEqual(answers(built([...store.values()])));
    expect(reads).toBe(2);
  });

  it('after many edits the index compacts, and the new build is what gets stored', async () => {
    const first = service();
    await first.get();
    await first.persist();
    for (let k = 0; k < 700; k++) change(first, { upsert: e(`c${k}`, `City ${k}`, k % 3 === 0 ? [`Town ${k}`] : []) });
    change(first, { remove: 'delhi' });
    const live = await first.get();
    expect(live.builds).toBeGreaterThan(1);
    await first.persist();

    const woken = service();
    const index = await woken.get();
    expect(reads).toBe(1);
    const queries = [...QUERIES, 'city', 'city 69', 'town 3', 'c'];
    expect(answers(index, queries)).toEqual(answers(built([...store.values()]), queries));
  });
});
