/**
 * CONTRACT §2: Export writes the reader's own entities, "not those of subscribed lists, whose
 * notes it does write"; an import of that file puts the notes back (exported-notes.ts).
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { EntityStore } from '../../../src/background/store';
import { exportedListNotes, LIST_NOTES_FIELD, readListNotes } from '../../../src/background/subscriptions/exported-notes';
import { saveListNote } from '../../../src/background/subscriptions/reader-notes';
import { mergeImported } from '../../../src/core/entities';
import { openDb, type BackstoryDb } from '../../../src/shared/db';

const LIST_ENTITY = {
  id: 'list-abc/ilse-varga', name: 'Ilse Varga', aliases: [], type: 'person' as const, summary: '', notes: 'The list\'s notes.',
  tags: [], links: [], updatedAt: '2025-05-01T00:00:00Z', source: 'list:abc' as const,
};

let db: BackstoryDb;
beforeEach(() => {
  db = openDb({ indexedDB: new IDBFactory(), IDBKeyRange });
});

describe('the reader\'s notes on list entities in Export and Import', () => {
  it('are exported by id with the entity\'s name, and empty ones are not', async () => {
    await db.entities.bulkPut([LIST_ENTITY, { ...LIST_ENTITY, id: 'list-abc/lake-morvan', name: 'Lake Morvan' }]);
    await saveListNote(db, LIST_ENTITY.id, 'Met her in Vienna.', () => new Date('2025-06-01T00:00:00Z'));
    await saveListNote(db, 'list-abc/lake-morvan', '   ');
    expect(await exportedListNotes(db)).toEqual([{ id: LIST_ENTITY.id, name: 'Ilse Varga', notes: 'Met her in Vienna.', updatedAt: '2025-06-01T00:00:00.000Z' }]);
  });

  it('come back with an import of the export, into an empty store and beside stored notes', async () => {
    const exported = { [LIST_NOTES_FIELD]: [{ id: LIST_ENTITY.id, name: 'Ilse Varga', notes: 'Met her in Vienna.', updatedAt: '2025-06-01T00:00:00Z' }, { id: '', notes: 'no id' }, 'junk'] };
    expect(readListNotes(exported[LIST_NOTES_FIELD])).toHaveLength(1);
    const store = new EntityStore(db, () => new Date('2025-07-01T00:00:00Z'));
    await store.importEntities({ entities: [], replace: false, merge: mergeImported, fileExtra: exported });
    expect((await db.listNotes.get(LIST_ENTITY.id))?.notes).toBe('Met her in Vienna.');
    // Not kept as an unknown file field: Export writes the notes as they are then.
    expect(await store.fileFields()).toEqual({});
    // A different text is appended below the stored one; the same text changes nothing.
    await store.importEntities({ entities: [], replace: false, merge: mergeImported, fileExtra: { [LIST_NOTES_FIELD]: [{ id: LIST_ENTITY.id, notes: 'Second meeting in Graz.' }] } });
    await store.importEntities({ entities: [], replace: false, merge: mergeImported, fileExtra: { [LIST_NOTES_FIELD]: [{ id: LIST_ENTITY.id, notes: 'Met her in Vienna.' }] } });
    const notes = (await db.listNotes.get(LIST_ENTITY.id))?.notes ?? '';
    expect(notes.startsWith('Met her in Vienna.')).toBe(true);
    expect(notes.endsWith('Second meeting in Graz.')).toBe(true);
    expect(notes.split('Met her in Vienna.')).toHaveLength(2);
  });
});
