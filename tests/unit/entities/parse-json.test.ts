import { describe, expect, it } from 'vitest';
import { exportJson, parseEntityFile, type Entity } from '../../../src/core/entities';

const NOW = new Date('2025-06-01T12:00:00Z');

function ok(input: string | Uint8Array, options = {}) {
  const result = parseEntityFile(input, { now: NOW, ...options });
  if (!result.ok) throw new Error(`refused: ${result.error}`);
  return result;
}
function refusal(input: string, options = {}): string {
  const result = parseEntityFile(input, { now: NOW, ...options });
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}
const file = (entities: unknown[], header: Record<string, unknown> = {}) =>
  JSON.stringify({ format: 'backstory.entities', version: 1, ...header, entities });

const CONTRACT_EXAMPLE = {
  id: 'rajnath-singh',
  name: 'Rajnath Singh',
  aliases: ['राजनाथ सिंह'],
  type: 'person',
  summary: 'Indian politician; Minister of Defence since 2019.',
  notes: 'Met Gen Nakatani in New Delhi, May 2025.',
  tags: ['india', 'defence'],
  links: [{ title: 'Wikipedia', url: 'https://en.wikipedia.org/wiki/Rajnath_Singh' }],
  updatedAt: '2025-05-06T00:00:00Z',
};

describe('JSON import (CONTRACT §2)', () => {
  it('reads the contract example field for field', () => {
    const r = ok(file([CONTRACT_EXAMPLE]));
    expect(r.format).toBe('json');
    expect(r.entities).toEqual([CONTRACT_EXAMPLE]);
  });

  it('accepts a bare array of entities', () => {
    expect(ok(JSON.stringify([CONTRACT_EXAMPLE])).entities).toEqual([CONTRACT_EXAMPLE]);
  });

  it('requires only name: type other, empty lists, updatedAt now, id from the name', () => {
    const [e] = ok(file([{ name: 'Rajnath Singh' }])).entities;
    expect(e).toEqual({
      id: 'rajnath-singh', name: 'Rajnath Singh', aliases: [], type: 'other', summary: '', notes: '',
      tags: [], links: [], updatedAt: '2025-06-01T12:00:00.000Z',
    });
  });

  it('suffixes ids made from names where they would collide, avoiding explicit ids anywhere in the file', () => {
    const ids = ok(file([{ name: 'Springfield' }, { name: 'Springfield' }, { name: 'Springfield', id: 'springfield-2' }, { name: 'springfield' }]))
      .entities.map((e) => e.id);
    expect(ids).toEqual(['springfield', 'springfield-3', 'springfield-2', 'springfield-4']);
  });

  it('can avoid ids already in a store when asked', () => {
    expect(ok(file([{ name: 'Japan' }]), { avoidIds: ['japan'] }).entities[0].id).toBe('japan-2');
  });

  it('treats null and blank optional values as absent', () => {
    const [e] = ok(file([{ name: 'X', id: ' ', type: '', summary: null, aliases: null, updatedAt: '' }])).entities;
    expect(e).toMatchObject({ id: 'x', type: 'other', summary: '', aliases: [], updatedAt: NOW.toISOString() });
  });

  it('reads the type in any case', () => {
    expect(ok(file([{ name: 'X', type: ' Person ' }])).entities[0].type).toBe('person');
  });

  it('drops blank aliases and tags, which would match nothing', () => {
    const [e] = ok(file([{ name: 'X', aliases: ['', 'Ex', '  '], tags: [' '] }])).entities;
    expect(e.aliases).toEqual(['Ex']);
    expect(e.tags).toEqual([]);
  });

  it('keeps unknown fields of entities, links and the file through import and export', () => {
    const input = {
      format: 'backstory.entities', version: 1, publisher: { name: 'Desk' }, entities: [
        { ...CONTRACT_EXAMPLE, wikidata: 'Q355404', score: 0.5, nested: { a: [1, null] }, links: [{ url: 'x', rel: 'me' }] },
      ],
    };
    const r = ok(JSON.stringify(input));
    expect(r.entities[0].extra).toEqual({ wikidata: 'Q355404', score: 0.5, nested: { a: [1, null] } });
    expect(r.entities[0].links).toEqual([{ url: 'x', rel: 'me' }]);
    expect(r.fileExtra).toEqual({ publisher: { name: 'Desk' } });
    expect(JSON.parse(exportJson(r.entities, r.fileExtra))).toEqual(input);
  });

  it('never refuses a link for its scheme, and keeps its url unchanged', () => {
    const links = [{ url: 'javascript:alert(1)' }, { url: 'ftp://x' }, { url: '' }, { url: 'not a url', title: 'T' }];
    expect(ok(file([{ name: 'X', links }])).entities[0].links).toEqual(links);
  });

  it('reads guard and conflict, and a list-level guard for entities that do not say', () => {
    const r = ok(file([{ name: 'Reading' }, { name: 'Of', guard: false }, { name: 'C', conflict: true }], { guard: true }));
    expect(r.entities.map((e) => e.guard)).toEqual([true, false, true]);
    expect(r.entities[2].conflict).toBe(true);
    expect(r.header.guard).toBe(true);
    expect('guard' in ok(file([{ name: 'X' }])).entities[0]).toBe(false);
  });

  it('reads published list header fields and keeps them for export', () => {
    const r = ok(file([], { title: 'Cities', homepage: 'https://x', expires: '4 days', lastModified: '2025-01-01', extraHeader: 1 }));
    expect(r.header).toEqual({ title: 'Cities', homepage: 'https://x', expires: '4 days', lastModified: '2025-01-01' });
    expect(r.fileExtra).toMatchObject({ title: 'Cities', extraHeader: 1 });
    expect(r.entities).toEqual([]);
  });

  it('reads bytes: UTF-8 with or without BOM, UTF-16 with BOM', () => {
    const text = file([{ name: 'Zürich', aliases: ['チューリッヒ'] }]);
    const utf8 = new TextEncoder().encode(text);
    expect(ok(utf8).entities[0].name).toBe('Zürich');
    expect(ok(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8])).entities[0].aliases).toEqual(['チューリッヒ']);
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) utf16.set([text.charCodeAt(i) & 0xff, text.charCodeAt(i) >> 8], 2 + 2 * i);
    expect(ok(utf16).entities[0].name).toBe('Zürich');
    expect(ok(`\uFEFF${text}`).entities[0].name).toBe('Zürich');
  });

  it('reads the date-time variants tools write, stored in the strict form; strict forms stay as written', () => {
    const dates = ['2025-05-06 10:00:00Z', '2025-05-06t10:00z', '2025-05-06T10:00:00+0530', '2025-05-06 10:00:00.25 -05', '2025-05-06T10:00:00.5+05:30', '2025-05-06'];
    const r = ok(file(dates.map((updatedAt, i) => ({ name: `E${i}`, updatedAt }))));
    expect(r.entities.map((e) => e.updatedAt)).toEqual([
      '2025-05-06T10:00:00Z', '2025-05-06T10:00Z', '2025-05-06T10:00:00+05:30', '2025-05-06T10:00:00.25-05:00', '2025-05-06T10:00:00.5+05:30', '2025-05-06',
    ]);
    for (const bad of ['2025-05-06 25:00:00Z', '2025-02-30 10:00', '06/05/2025 10:00', '2025-05-06 10:00:00+0575']) {
      expect(refusal(file([{ name: 'X', updatedAt: bad }])), bad).toMatch(/field "updatedAt"/);
    }
  });

  it('reads UTF-16 without a byte-order mark, either byte order, CJK text with zero low bytes too', () => {
    const units = (text: string, bigEndian: boolean) => {
      const bytes = new Uint8Array(text.length * 2);
      for (let i = 0; i < text.length; i++) {
        const [lo, hi] = [text.charCodeAt(i) & 0xff, text.charCodeAt(i) >> 8];
        bytes.set(bigEndian ? [hi, lo] : [lo, hi], 2 * i);
      }
      return bytes;
    };
    const json = file([{ name: 'Zürich', aliases: ['チューリッヒ'] }]);
    for (const bigEndian of [false, true]) {
      expect(ok(units(json, bigEndian)).entities[0]).toMatchObject({ name: 'Zürich', aliases: ['チューリッヒ'] });
      const csv = 'name,aliases\r\n一二三,丐|丑\r\nMünchen,Munich\r\n';
      expect(parseEntityFile(units(csv, bigEndian), { filename: 'x.csv' })).toMatchObject({
        ok: true,
        entities: [{ name: '一二三', aliases: ['丐', '丑'] }, { name: 'München', aliases: ['Munich'] }],
      });
    }
    // Windows-1252 and UTF-8 have no zero bytes: they are not mistaken for UTF-16.
    expect(ok(new TextEncoder().encode(json)).entities[0].name).toBe('Zürich');
  });
});

describe('JSON refusals name the first bad entity (1-based) and field', () => {
  const three = (bad: Record<string, unknown>) => file([{ name: 'A' }, { name: 'B' }, bad]);

  it.each([
    [{ name: 'Foo', type: 'company' }, 'entity 3 ("Foo"): field "type": must be one of person, place, org, event, other'],
    [{ type: 'person' }, 'entity 3: field "name": required'],
    [{ name: '   ' }, 'entity 3: field "name": required'],
    [{ name: 42 }, 'entity 3: field "name": must be text'],
    [{ name: 'Foo', id: '_design' }, 'entity 3 ("Foo"): field "id": must not start with "_"'],
    [{ name: 'Foo', id: 7 }, 'entity 3 ("Foo"): field "id": must be text'],
    [{ name: 'Foo', aliases: 'Bar' }, 'entity 3 ("Foo"): field "aliases": must be a list of text'],
    [{ name: 'Foo', tags: ['a', 3] }, 'entity 3 ("Foo"): field "tags" (item 2): must be text'],
    [{ name: 'Foo', links: [{ url: 'a' }, { title: 'T' }] }, 'entity 3 ("Foo"): field "links" (link 2, url): required'],
    [{ name: 'Foo', links: ['https://x'] }, 'entity 3 ("Foo"): field "links" (link 1): must be an object with a "url"'],
    [{ name: 'Foo', updatedAt: 'yesterday' }, 'entity 3 ("Foo"): field "updatedAt": must be a date such as 2025-05-06, or a date and time such as 2025-05-06T00:00:00Z'],
    [{ name: 'Foo', updatedAt: '2025-02-30' }, 'entity 3 ("Foo"): field "updatedAt": must be a date such as 2025-05-06, or a date and time such as 2025-05-06T00:00:00Z'],
    [{ name: 'Foo', guard: 'yes' }, 'entity 3 ("Foo"): field "guard": must be true or false'],
  ])('%j', (bad, message) => {
    expect(refusal(three(bad))).toBe(message);
  });

  it('refuses a non-object entity', () => {
    expect(refusal(file([{ name: 'A' }, 'B']))).toBe('entity 2: must be an object');
  });

  it('refuses a repeated id, naming both entities', () => {
    expect(refusal(file([{ name: 'A', id: 'x' }, { name: 'B' }, { name: 'C', id: 'x' }]))).toBe(
      'entity 3 ("C"): field "id": "x" is also the id of entity 1',
    );
  });

  it('reports the first bad entity, not a later one', () => {
    expect(refusal(file([{ name: 'A' }, { name: 'B', type: 'x' }, {}]))).toMatch(/^entity 2 \("B"\)/);
  });

  it('shortens long names in messages', () => {
    expect(refusal(file([{ name: 'N'.repeat(100), type: 'x' }]))).toMatch(/^entity 1 \("N{39}…"\): field "type"/);
  });

  it.each([
    ['', 'the file is empty'],
    ['{"entities": [', /^the file is not valid JSON \(/],
    ['{"format": "other", "entities": []}', 'the file\'s "format" is not "backstory.entities"'],
    ['{"format": "backstory.entities", "version": 2, "entities": []}', /^the file is not version 1/],
    ['{"name": "Foo"}', 'the file has no "entities" list'],
    ['Hello, this is a letter.\nNot a list.', 'the file is neither JSON nor CSV with a header row naming a "name" column'],
  ])('refuses %j', (input, message) => {
    const error = refusal(input);
    if (typeof message === 'string') expect(error).toBe(message);
    else expect(error).toMatch(message);
  });

  it('refuses JSON that holds no entities', () => {
    expect(refusal('"just a string"', { filename: 'x.json' })).toMatch(/^the file holds no entities/);
    expect(refusal('{"entities": {}}')).toBe('the file\'s "entities" is not a list');
  });

  it('uses the file name as a hint', () => {
    expect(refusal('name\nFoo', { filename: 'list.json' })).toMatch(/^the file is not valid JSON/);
    expect(ok('name\nFoo', { filename: 'list.csv' }).entities[0].name).toBe('Foo');
  });
});

describe('JSON export', () => {
  it('writes format, version and entities, with extra back at the top level', () => {
    const entity: Entity = { ...CONTRACT_EXAMPLE, type: 'person', guard: true, extra: { wikidata: 'Q1' } };
    const out = JSON.parse(exportJson([entity]));
    expect(out).toEqual({ format: 'backstory.entities', version: 1, entities: [{ ...CONTRACT_EXAMPLE, guard: true, wikidata: 'Q1' }] });
  });

  it('export then import gives back the same entities, field for field', () => {
    const first = ok(file([CONTRACT_EXAMPLE, { name: 'Pahalgam', type: 'place', extra: 1, guard: true }]));
    expect(ok(exportJson(first.entities)).entities).toEqual(first.entities);
  });

  it('never lets extra override a known field, nor fileExtra the format', () => {
    const e: Entity = { ...CONTRACT_EXAMPLE, type: 'person', extra: { name: 'Evil' } };
    const out = JSON.parse(exportJson([e], { format: 'x', entities: [], title: 'T' }));
    expect(out.entities[0].name).toBe('Rajnath Singh');
    expect(out.format).toBe('backstory.entities');
    expect(out.title).toBe('T');
  });
});
