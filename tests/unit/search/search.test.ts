import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldForSearch, SearchIndex, TYPO_MIN_LENGTH, withinOneEdit, type Searchable } from '../../../src/background/search';
import { after, lowerBound, mayBeWithinOneEdit, typoRanges } from '../../../src/core/search/keys';

const e = (id: string, name: string, aliases: string[] = [], type: Searchable['type'] = 'place'): Searchable => ({ id, name, aliases, type });

const sample = [
  e('zurich', 'Zürich'),
  e('new-delhi', 'New Delhi', ['Nayi Dilli']),
  e('delhi', 'Delhi'),
  e('rajnath', 'Rajnath Singh', ['राजनाथ सिंह'], 'person'),
  e('singapore', 'Singapore'),
  e('ana', 'ANI', ['Asian News International'], 'org'),
  e('indo', 'Indo-Pacific', [], 'other'),
  e('lodz', 'Łódź'),
];

function index(entities = sample): SearchIndex {
  const i = new SearchIndex();
  i.load(entities);
  return i;
}
const names = (i: SearchIndex, q: string, limit = 50) => i.search(q, limit).results.map((r) => r.name);

describe('popup search index', () => {
  it('folds case, accents, special letters and curly apostrophes', () => {
    expect(foldForSearch('  Zürich  ')).toBe('zurich');
    expect(foldForSearch('Łódź')).toBe('lodz');
    expect(foldForSearch('Straße')).toBe('strasse');
    expect(foldForSearch('O’Neil\u00adl')).toBe("o'neill");
    expect(foldForSearch('Ｔｏｋｙｏ')).toBe('tokyo');
  });

  it('an entity edited without a change to its name or aliases keeps its place among namesakes; its type follows', () => {
    const i = index([e('paris-fr', 'Paris'), e('paris-tx', 'Paris'), e('paris-ky', 'Paris'), e('parisi', 'Parisi')]);
    const ids = (q: string) => i.search(q, 50).results.map((r) => r.id);
    const before = ids('paris');
    expect(before[0]).toBe('paris-fr');
    // A notes edit reaches the index as the same name and aliases.
    i.upsert({ id: 'paris-fr', name: 'Paris', aliases: [], type: 'other' });
    expect(ids('paris')).toEqual(before);
    expect(i.search('paris', 1).results[0]).toMatchObject({ id: 'paris-fr', type: 'other' });
    // A rename still takes effect.
    i.upsert({ id: 'paris-tx', name: 'Paris, Texas', aliases: [], type: 'place' });
    expect(i.search('paris, t', 5).results.map((r) => r.id)).toEqual(['paris-tx']);
    expect(ids('paris')).toContain('paris-tx');
  });

  it('finds by prefix of the name, of an alias and of a later word; names rank first', () => {
    const i = index();
    expect(names(i, 'zur')).toEqual(['Zürich']);
    expect(names(i, 'lodz')).toEqual(['Łódź']);
    expect(names(i, 'delhi')).toEqual(['Delhi', 'New Delhi']);
    expect(names(i, 'pacific')).toEqual(['Indo-Pacific']);
    expect(names(i, 'राजनाथ')).toEqual(['Rajnath Singh']);
    const alias = i.search('asian news', 10).results[0];
    expect(alias).toMatchObject({ name: 'ANI', matchedAlias: 'Asian News International' });
  });

  it('tolerates one typo from four characters on, never below', () => {
    const i = index();
    expect(names(i, 'rajnth')).toEqual(['Rajnath Singh']); // a letter missing
    expect(names(i, 'rjanath')).toEqual(['Rajnath Singh']); // neighbours swapped
    expect(names(i, 'singapure')).toEqual(['Singapore']); // one substituted
    expect(names(i, 'sngh')).toEqual(['Rajnath Singh']);
    expect(names(i, 'dlh')).toEqual([]); // three letters: exact prefixes only
    expect(names(i, 'singh')[0]).toBe('Rajnath Singh');
    // Exact matches rank above typo matches.
    expect(names(i, 'delhi')[0]).toBe('Delhi');
  });

  it('lists everything in name order for the empty query, page by page', () => {
    const i = index();
    const all = names(i, '');
    expect(all).toHaveLength(sample.length);
    expect(i.search('', 3, 3).results.map((r) => r.name)).toEqual(all.slice(3, 6));
    expect(i.search('', 3).total).toBe(sample.length);
  });

  it('takes edits and removals in place, before and after compaction', () => {
    const i = index();
    i.upsert(e('zurich', 'Zurich City'));
    expect(names(i, 'zur')).toEqual(['Zurich City']);
    i.remove('delhi');
    expect(names(i, 'delhi')).toEqual(['New Delhi']);
    expect(names(i, '')).not.toContain('Delhi');
    for (let k = 0; k < 600; k++) i.upsert(e(`x${k}`, `Extra ${k}`));
    expect(i.size).toBe(sample.length - 1 + 600);
    expect(names(i, 'extra 59', 100)).toEqual(expect.arrayContaining(['Extra 59', 'Extra 599']));
    expect(names(i, 'zur')).toEqual(['Zurich City']);
  });

  it('marks rows whose folded name another live entity has, in the sorted keys and among fresh rows', () => {
    const i = index([e('paris-fr', 'Paris'), e('paris-tx', 'París'), e('parisi', 'Parisi'), e('lyon', 'Lyon', ['Paris of the south'])]);
    const marks = (q: string) => Object.fromEntries(i.search(q, 50).results.map((r) => [r.id, r.namesake === true]));
    // An alias equal to a name makes no namesake: the row shows the name.
    expect(marks('paris')).toEqual({ 'paris-fr': true, 'paris-tx': true, parisi: false, lyon: false });
    expect(marks('')).toMatchObject({ 'paris-fr': true, lyon: false });
    i.remove('paris-tx');
    expect(marks('paris')['paris-fr'], 'its twin removed').toBe(false);
    i.upsert(e('paris-ky', 'PARIS'));
    expect(marks('paris'), 'a fresh twin').toMatchObject({ 'paris-fr': true, 'paris-ky': true });
    i.upsert(e('paris-ky', 'Paris Hill'));
    expect(marks('paris'), 'the twin renamed').toMatchObject({ 'paris-fr': false, 'paris-ky': false });
    for (let k = 0; k < 600; k++) i.upsert(e(`lille${k}`, 'Lille'));
    expect(Object.values(marks('lille')), 'after a compaction').toEqual(Array(50).fill(true));
  });

  it('pages of a query never repeat or skip a result', () => {
    const many = Array.from({ length: 230 }, (_, k) => e(`s${k}`, `San ${String(k).padStart(3, '0')}`));
    const i = index(many);
    const seen: string[] = [];
    for (let offset = 0; offset < 230; offset += 50) seen.push(...i.search('san', 50, offset).results.map((r) => r.id));
    expect(new Set(seen).size).toBe(230);
    expect(i.search('san', 50).total).toBe(230);
  });

  it('the typo pass\'s quick check never turns away a key within one edit', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), minLength: 0, maxLength: 8 });
    fc.assert(
      fc.property(fc.constantFrom('a', 'b'), word, word, (first, rest, keyRest) => {
        const q = first + rest;
        const key = first + keyRest;
        fc.pre(q.length >= TYPO_MIN_LENGTH);
        if (withinOneEdit(q, key)) expect(mayBeWithinOneEdit(q.charCodeAt(1), q.charCodeAt(2), key)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('typoRanges holds exactly the keys that pass the quick check, in key order', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd', 'e'), minLength: 0, maxLength: 6 });
    fc.assert(
      fc.property(fc.array(word, { maxLength: 60 }), fc.constantFrom('b', 'c'), word, (keyList, first, rest) => {
        const q = first + rest;
        fc.pre(q.length >= TYPO_MIN_LENGTH);
        const keys = [...keyList, ...keyList.map((k) => first + k)].sort();
        const from = lowerBound(keys, first);
        const to = lowerBound(keys, after(first));
        const ranges = typoRanges(keys, q, from, to);
        const visited: number[] = [];
        for (let r = 0; r < ranges.length; r += 2) for (let k = ranges[r]; k < ranges[r + 1]; k++) visited.push(k);
        const expected: number[] = [];
        for (let k = from; k < to; k++) if (mayBeWithinOneEdit(q.charCodeAt(1), q.charCodeAt(2), keys[k])) expected.push(k);
        expect(visited).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('withinOneEdit agrees with a reference edit distance on prefixes', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: 0, maxLength: 7 });
    fc.assert(
      fc.property(word, word, (q, key) => {
        // Reference: some prefix of key within Damerau distance 1 of q.
        const expected = Array.from({ length: key.length + 1 }, (_, n) => key.slice(0, n)).some((p) => osa(q, p) <= 1);
        expect(withinOneEdit(q, key)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

/** Optimal string alignment distance (Levenshtein plus swaps of neighbours). */
function osa(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
