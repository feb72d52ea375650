/**
 * Round trips of the interchange format (CONTRACT §2): for any entities the store can hold,
 * export then import gives back the same entities, field for field, through JSON and CSV alike.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ENTITY_TYPES, KNOWN_ENTITY_FIELDS, exportCsv, exportJson, mergeNotes, parseEntityFile, type Entity, type Link,
} from '../../src/core/entities';

/** Characters that stress CSV and the list escapes, mixed with any Unicode text. */
const tricky = fc.constantFrom('|', '\\', '\\|', '<', '>', '"', "'", '\n', '\r', '\r\n', ';', ',', '\t', ' ', '\u00a0', '\uFEFF', '=', '_', '{', '[', '<>', ' <',
  // Formula starts, which the exporter defuses with an apostrophe (csv.ts FORMULA_START).
  '+', '-', '@', "'", "'=", "''-");
const text = fc.array(fc.oneof(tricky, fc.string({ unit: 'grapheme', maxLength: 4 })), { maxLength: 8 }).map((parts) => parts.join(''));
const nonBlank = text.filter((s) => s.trim() !== '');

const known = new Set<string>([...KNOWN_ENTITY_FIELDS, '__proto__']);
const extraKey = fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.constantFrom('extra', 'Name', 'wikidata', 'constructor')).filter((k) => !known.has(k));
// Through JSON once, as stored values are: -0 is not a JSON number.
const json = (maxDepth: number) => fc.jsonValue({ maxDepth }).map((value) => JSON.parse(JSON.stringify(value)) as unknown);
const extra = fc.dictionary(extraKey, json(2), { maxKeys: 3 });

const link: fc.Arbitrary<Link> = fc
  .record({ title: fc.option(text, { nil: undefined }), url: text, more: fc.dictionary(extraKey.filter((k) => k !== 'url' && k !== 'title'), json(1), { maxKeys: 2 }) })
  .map(({ title, url, more }) => ({ ...(title === undefined ? {} : { title }), url, ...more }));

const isoDate = fc.oneof(
  fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.constant('2025-05-06T00:00:00+05:30'),
);

const entity: fc.Arbitrary<Entity> = fc
  .record({
    id: nonBlank.filter((id) => !id.startsWith('_')),
    name: nonBlank,
    aliases: fc.array(nonBlank, { maxLength: 4 }),
    type: fc.constantFrom(...ENTITY_TYPES),
    summary: text,
    notes: text,
    tags: fc.array(nonBlank, { maxLength: 3 }),
    links: fc.array(link, { maxLength: 3 }),
    updatedAt: isoDate,
    guard: fc.option(fc.boolean(), { nil: undefined }),
    conflict: fc.option(fc.boolean(), { nil: undefined }),
    extra,
  })
  .map(({ guard, conflict, extra: fields, ...rest }) => {
    const e: Entity = { ...rest };
    if (guard !== undefined) e.guard = guard;
    if (conflict !== undefined) e.conflict = conflict;
    if (Object.keys(fields).length) e.extra = fields;
    return e;
  });

const entities = fc.uniqueArray(entity, { selector: (e) => e.id, maxLength: 6 });

function parsed(input: string): Entity[] {
  const result = parseEntityFile(input);
  if (!result.ok) throw new Error(`refused: ${result.error}`);
  return result.entities;
}

// Generous: the machine is shared, and fast-check's runs are many small imports.
describe('interchange round trips', { timeout: 60_000 }, () => {
  it('exportJson → parse gives the same entities, and the same text again', () => {
    fc.assert(
      fc.property(entities, (list) => {
        const json = exportJson(list);
        const back = parsed(json);
        expect(back).toEqual(list);
        expect(exportJson(back)).toBe(json);
      }),
      { numRuns: 300 },
    );
  });

  it('exportCsv → parse gives the same entities, and the same text again', () => {
    fc.assert(
      fc.property(entities, (list) => {
        const csv = exportCsv(list);
        const back = parsed(csv);
        expect(back).toEqual(list);
        expect(exportCsv(back)).toBe(csv);
      }),
      { numRuns: 300 },
    );
  });

  it('CSV survives being saved as UTF-8 bytes', () => {
    fc.assert(
      fc.property(entities, (list) => {
        const bytes = new TextEncoder().encode(exportCsv(list));
        const result = parseEntityFile(bytes);
        if (!result.ok) throw new Error(result.error);
        expect(result.entities).toEqual(list);
      }),
      { numRuns: 100 },
    );
  });

  it('ids made from names are unique and never start with _', () => {
    fc.assert(
      fc.property(fc.array(nonBlank, { maxLength: 12 }), (names) => {
        const ids = parsed(JSON.stringify(names.map((name) => ({ name })))).map((e) => e.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const id of ids) expect(id.startsWith('_') || id === '').toBe(false);
      }),
    );
  });
});

describe('notes merging', () => {
  const comparable = (s: string) => s.replace(/\r\n?/g, '\n').trim();
  it('never loses stored or incoming notes, and re-importing changes nothing', () => {
    fc.assert(
      fc.property(text, text, (stored, incoming) => {
        const merged = mergeNotes(stored, incoming);
        expect(comparable(merged)).toContain(comparable(stored));
        expect(comparable(merged)).toContain(comparable(incoming));
        expect(mergeNotes(merged, incoming)).toBe(merged);
      }),
      { numRuns: 500 },
    );
  });
});
