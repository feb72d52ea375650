import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Entity } from '../../../src/core/entities/entity';
import { EntityStore } from '../../../src/background/store';
import { openDb, type BackstoryDb } from '../../../src/shared/db';

function entity(id: string, over: Partial<Entity> = {}): Entity {
  return { id, name: id, aliases: [], type: 'other', summary: '', notes: '', tags: [], links: [], updatedAt: '2025-01-01T00:00:00.000Z', ...over };
}
const keepStored = (stored: Entity, incoming: Entity): Entity => ({ ...stored, summary: incoming.summary });

let db: BackstoryDb;
let store: EntityStore;
let clock = 0;
beforeEach(() => {
  db = openDb({ indexedDB: new IDBFactory(), IDBKeyRange });
  clock = Date.parse('2025-05-06T00:00:00Z');
  store = new EntityStore(db, () => new Date(clock));
});

describe('EntityStore', () => {
  it('creates entities with a random id that never starts with _', async () => {
    const a = await store.create({ name: 'Rajnath Singh', type: 'person' });
    const b = await store.create({ name: 'Rajnath Singh', type: 'person' });
    expect(a.id).not.toBe(b.id);
    expect(a.id.startsWith('_')).toBe(false);
    expect((await store.get(a.id))?.name).toBe('Rajnath Singh');
    expect((await db.sync.get(a.id))?.pending).toBe(1);
  });

  it('updates field by field and stamps updatedAt', async () => {
    await store.importEntities({ entities: [entity('x', { summary: 's' })], replace: false, merge: keepStored });
    clock += 1000;
    const next = await store.update('x', { notes: 'n' });
    expect(next).toMatchObject({ id: 'x', summary: 's', notes: 'n', source: 'own' });
    expect(next?.updatedAt).toBe(new Date(clock).toISOString());
    expect(await store.update('missing', { notes: 'n' })).toBeUndefined();
  });

  it('removes at once and undoes the removal', async () => {
    await store.importEntities({ entities: [entity('x', { notes: 'keep me' })], replace: false, merge: keepStored });
    expect(await store.remove('x')).toBe(true);
    expect(await store.get('x')).toBeUndefined();
    expect(await store.undoRemove('x')).toBe(true);
    expect((await store.get('x'))?.notes).toBe('keep me');
    expect(await store.undoRemove('x')).toBe(false);
  });

  it('merges an import into existing entities with the given merge', async () => {
    await store.importEntities({ entities: [entity('a', { summary: 'old', notes: 'mine' })], replace: false, merge: keepStored });
    const n = await store.importEntities({ entities: [entity('a', { summary: 'new' }), entity('b')], replace: false, merge: keepStored });
    expect(n).toBe(2);
    expect(await store.get('a')).toMatchObject({ summary: 'new', notes: 'mine' });
    expect(await store.count()).toBe(2);
  });

  it('a replacing import into an empty store keeps no backup of nothing', async () => {
    await store.importEntities({ entities: [entity('a')], replace: true, merge: keepStored });
    expect(await store.backups()).toEqual([]);
    expect((await store.all()).map((e) => e.id)).toEqual(['a']);
  });

  it('replaces the store, keeps a backup for 7 days and restores it', async () => {
    await store.importEntities({ entities: [entity('a'), entity('b')], replace: false, merge: keepStored });
    await store.importEntities({ entities: [entity('c')], replace: true, merge: keepStored });
    expect((await store.all()).map((e) => e.id)).toEqual(['c']);
    const [backup] = await store.backups();
    expect(backup.count).toBe(2);
    expect(await store.restoreBackup(backup.id)).toBe(2);
    expect((await store.all()).map((e) => e.id).sort()).toEqual(['a', 'b']);
    // What the restore replaced is kept too.
    expect((await store.backups()).map((b) => b.count)).toContain(1);
    clock += 8 * 24 * 3600 * 1000;
    expect(await store.backups()).toEqual([]);
    expect(await store.restoreBackup(backup.id)).toBeUndefined();
  });

  it('a restored backup brings back the file-level fields of the store it held', async () => {
    await store.importEntities({ entities: [entity('a')], replace: true, merge: keepStored, fileExtra: { publisher: 'A' } });
    clock += 1000;
    await store.importEntities({ entities: [entity('b')], replace: true, merge: keepStored, fileExtra: { publisher: 'B' } });
    expect(await store.fileFields()).toEqual({ publisher: 'B' });
    // Newest first: the store A's import left, replaced by B's.
    const [backup] = await store.backups();
    expect(backup.count).toBe(1);
    expect(await store.restoreBackup(backup.id)).toBe(1);
    expect((await store.all()).map((e) => e.id)).toEqual(['a']);
    expect(await store.fileFields()).toEqual({ publisher: 'A' });
  });

  it('an import keeps the sync rows of the entities it updates (revision and last agreed copy), pending', async () => {
    await store.importEntities({ entities: [entity('a', { summary: 'old' })], replace: false, merge: keepStored });
    const base = { entity: entity('a', { summary: 'old' }) };
    await db.sync.put({ id: 'a', rev: '1-abc', base: base.entity, pending: 0, clock: { summary: 'c1' } });
    await store.importEntities({ entities: [entity('a', { summary: 'new' })], replace: false, merge: keepStored });
    expect(await db.sync.get('a')).toEqual({ id: 'a', rev: '1-abc', base: base.entity, pending: 1, clock: { summary: 'c1' } });
  });

  it('a replacing import deletes, for sync too, what the file leaves out, and edits what it brings back', async () => {
    await store.importEntities({ entities: [entity('kept'), entity('dropped'), entity('never-synced')], replace: false, merge: keepStored });
    for (const id of ['kept', 'dropped']) await db.sync.put({ id, rev: `1-${id}`, base: entity(id), pending: 0 });
    await db.sync.delete('never-synced');
    await store.importEntities({ entities: [entity('kept', { summary: 'from the file' })], replace: true, merge: keepStored });
    expect((await store.all()).map((e) => e.id)).toEqual(['kept']);
    expect(await db.sync.get('kept')).toMatchObject({ rev: '1-kept', pending: 1 });
    expect(await db.trash.get('kept')).toBeUndefined();
    // The dropped entity waits to be sent as a deletion; the never-synced one needs none.
    expect(await db.sync.get('dropped')).toMatchObject({ rev: '1-dropped', pending: 1 });
    expect((await db.trash.get('dropped'))?.entity.id).toBe('dropped');
    expect(await db.trash.get('never-synced')).toBeUndefined();
    // Restoring brings them back as edits: out of the trash, their rows kept.
    const [backup] = await store.backups();
    // A deletion the backup does not hold stays in the trash (only the backup's ids leave it).
    await db.trash.put({ id: 'elsewhere', entity: { ...entity('elsewhere'), source: 'own' }, deletedAt: 1 });
    expect(await store.restoreBackup(backup.id)).toBe(3);
    expect(await db.trash.get('dropped')).toBeUndefined();
    expect((await db.trash.get('elsewhere'))?.entity.id).toBe('elsewhere');
    expect(await db.sync.get('dropped')).toMatchObject({ rev: '1-dropped', pending: 1 });
  });

  it('is atomic: a failing import changes nothing', async () => {
    await store.importEntities({ entities: [entity('a', { summary: 'before' })], replace: false, merge: keepStored });
    const failing = (stored: Entity): Entity => {
      if (stored.id === 'a') throw new Error('half-way failure');
      return stored;
    };
    await expect(
      store.importEntities({ entities: [entity('z'), entity('a', { summary: 'after' })], replace: false, merge: failing }),
    ).rejects.toThrow('half-way');
    expect((await store.all()).map((e) => [e.id, e.summary])).toEqual([['a', 'before']]);
  });

  it('rolls back a replacing import that fails in the store', async () => {
    await store.importEntities({ entities: [entity('a')], replace: false, merge: keepStored });
    // A value IndexedDB cannot clone fails the transaction after the old entities were deleted.
    const broken = { ...entity('b'), summary: (() => 1) as unknown as string };
    await expect(store.importEntities({ entities: [entity('c'), broken], replace: true, merge: keepStored })).rejects.toBeTruthy();
    expect((await store.all()).map((e) => e.id)).toEqual(['a']);
    expect(await store.backups()).toEqual([]);
  });
});
