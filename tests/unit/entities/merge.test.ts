import { describe, expect, it } from 'vitest';
import { mergeImported, mergeNotes, parseEntityFile, toInterchange, type Entity } from '../../../src/core/entities';

const STORED: Entity = {
  id: 'rajnath-singh', name: 'Rajnath Singh', aliases: ['राजनाथ सिंह'], type: 'person',
  summary: 'Minister of Defence.', notes: 'Met Gen Nakatani in New Delhi.', tags: ['india'],
  links: [{ title: 'Wikipedia', url: 'https://en.wikipedia.org/wiki/Rajnath_Singh' }],
  updatedAt: '2025-05-06T00:00:00Z', guard: true, extra: { wikidata: 'Q355404' },
};
const LATER = new Date('2025-06-01T00:00:00Z');

/** The entity of a one-entity JSON file, as import hands it to merge. */
function imported(fields: Record<string, unknown>): Entity {
  const r = parseEntityFile(JSON.stringify([{ id: 'rajnath-singh', name: 'Rajnath Singh', ...fields }]), { now: LATER });
  if (!r.ok) throw new Error(r.error);
  return r.entities[0];
}

describe('mergeImported (CONTRACT §2, import without Replace)', () => {
  it('updates the fields the file gives and keeps the others', () => {
    const merged = mergeImported(STORED, imported({ summary: 'Defence minister of India.', tags: ['defence'] }));
    expect(merged).toEqual({ ...STORED, summary: 'Defence minister of India.', tags: ['defence'], updatedAt: LATER.toISOString() });
  });

  it('does not reset type, aliases, guard or updatedAt that the file leaves out', () => {
    const merged = mergeImported(STORED, imported({ summary: 'New.' }));
    expect(merged.type).toBe('person');
    expect(merged.aliases).toEqual(STORED.aliases);
    expect(merged.guard).toBe(true);
    expect(merged.links).toEqual(STORED.links);
  });

  it('lets a field the file gives as empty empty it, except notes', () => {
    const merged = mergeImported(STORED, imported({ aliases: [], summary: '', notes: '' }));
    expect(merged.aliases).toEqual([]);
    expect(merged.summary).toBe('');
    expect(merged.notes).toBe(STORED.notes);
  });

  it('never erases notes: absent, empty or blank notes keep the stored ones', () => {
    for (const notes of [undefined, '', '  \n', null]) {
      expect(mergeImported(STORED, imported(notes === undefined ? {} : { notes })).notes).toBe(STORED.notes);
    }
  });

  it('appends different notes below the stored ones, once', () => {
    const once = mergeImported(STORED, imported({ notes: 'Visited Tokyo in June.' }));
    expect(once.notes).toBe('Met Gen Nakatani in New Delhi.\n\nVisited Tokyo in June.');
    const twice = mergeImported(once, imported({ notes: 'Visited Tokyo in June.' }));
    expect(twice).toBe(once);
  });

  it('takes notes that extend the stored ones as they are', () => {
    const extended = 'Met Gen Nakatani in New Delhi.\nThen visited Tokyo.';
    expect(mergeImported(STORED, imported({ notes: extended })).notes).toBe(extended);
  });

  it('returns the stored entity itself when nothing but updatedAt would change', () => {
    const same = imported({ ...toInterchange(STORED), updatedAt: '2025-07-01T00:00:00Z' });
    expect(mergeImported(STORED, same)).toBe(STORED);
  });

  it('never moves updatedAt back in time', () => {
    const older = mergeImported(STORED, imported({ summary: 'x', updatedAt: '2024-01-01T00:00:00Z' }));
    expect(older.updatedAt).toBe(STORED.updatedAt);
    const newer = mergeImported(STORED, imported({ summary: 'x', updatedAt: '2025-05-07T00:00:00Z' }));
    expect(newer.updatedAt).toBe('2025-05-07T00:00:00Z');
  });

  it('merges unknown fields key by key and keeps store fields of the stored row', () => {
    const stored = { ...STORED, source: 'own' } as Entity;
    const merged = mergeImported(stored, imported({ population: 3 })) as Entity & { source?: string };
    expect(merged.extra).toEqual({ wikidata: 'Q355404', population: 3 });
    expect(merged.source).toBe('own');
  });

  it('uses an explicit present set, and treats an entity parse did not make as giving every field it holds', () => {
    const incoming: Entity = { ...STORED, aliases: [], summary: 'Changed.', notes: '', updatedAt: LATER.toISOString() };
    expect(mergeImported(STORED, incoming, new Set(['name', 'summary'])).aliases).toEqual(STORED.aliases);
    expect(mergeImported(STORED, { ...incoming }).aliases).toEqual([]);
  });

  it('applies a list-level guard to stored entities the file updates', () => {
    const r = parseEntityFile(JSON.stringify({ guard: false, entities: [{ id: 'rajnath-singh', name: 'Rajnath Singh' }] }));
    if (!r.ok) throw new Error(r.error);
    expect(mergeImported(STORED, r.entities[0]).guard).toBe(false);
  });

  it('keeps stored fields for a CSV without those columns', () => {
    const r = parseEntityFile('id,name,notes\nrajnath-singh,Rajnath Singh,Called on 3 June.\n', { now: LATER });
    if (!r.ok) throw new Error(r.error);
    const merged = mergeImported(STORED, r.entities[0]);
    expect(merged).toMatchObject({ type: 'person', summary: STORED.summary, tags: STORED.tags, aliases: STORED.aliases });
    expect(merged.notes).toBe('Met Gen Nakatani in New Delhi.\n\nCalled on 3 June.');
  });
});

describe('mergeNotes', () => {
  it.each([
    ['', 'new', 'new'],
    ['old', '', 'old'],
    ['old\n', 'new', 'old\n\nnew'],
    ['a\nb\nc', 'b', 'a\nb\nc'],
    ['a\r\nb', 'a\nb', 'a\r\nb'],
    ['a', 'a\r\nb', 'a\r\nb'],
  ])('%j + %j', (stored, incoming, expected) => {
    expect(mergeNotes(stored, incoming)).toBe(expected);
  });
});
