/**
 * Large imports are stored as packs (store.ts): the same behaviour as per-entity records, seen
 * through the store's API, with tiny thresholds so a few entities exercise every path.
 */
import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Entity } from '../../../src/core/entities/entity';
import { EntityStore } from '../../../src/background/store';
import { openDb, type BackstoryDb } from '../../../src/shared/db';

function entity(id: string, over: Partial<Entity> = {}): Entity {
  return { id, name: id.toUpperCase(), aliases: [], type: 'other', summary: '', notes: '', tags: [], links: [], updatedAt: '2025-01-01T00:00:00.000Z', ...over };
}
const incomingWins = (stored: Entity, incoming: Entity): Entity => ({ ...stored, summary: incoming.summary, notes: stored.notes || incoming.notes });
const ids = (list: { id: string }[]) => list.map((e) => e.id).sort();
const five = ['a', 'b', 'c', 'd', 'e'].map((id) => entity(id, { summary: `s-${id}` }));

let db: BackstoryDb;
let store: EntityStore;
let clock = 0;
beforeEach(() => {
  db = openDb({ indexedDB: new IDBFactory(), IDBKeyRange });
  clock = Date.parse('2025-05-06T00:00:00Z');
  store = new EntityStore(db, () => new Date(clock), { packThreshold: 3, packSize: 2 });
});

describe('packed storage', () => {
  it('stores a large import as packs, read back through get, getMany, all, own and count', async () => {
    expect(await store.importEntities({ entities: five, replace: false, merge: incomingWins })).toBe(5);
    expect(await db.entities.count()).toBe(0);
    expect(await db.packs.count()).toBe(3);
    expect(await store.count()).toBe(5);
    expect(await store.get('c')).toMatchObject({ id: 'c', summary: 's-c', source: 'own' });
    expect((await store.getMany(['e', 'zz', 'a'])).map((e) => e?.id)).toEqual(['e', undefined, 'a']);
    expect(ids(await store.all())).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(ids(await store.own())).toEqual(['a', 'b', 'c', 'd', 'e']);
    // A fresh store object (a woken worker) reads the same from IndexedDB alone.
    const woken = new EntityStore(db);
    expect(ids(await woken.all())).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect((await woken.get('d'))?.summary).toBe('s-d');
  });

  it('keeps the packs an import wrote decoded only while they are used (a worker must not carry 100k entities for good)', async () => {
    // The idle clock is the test's: only setTimeout is faked (fake-indexeddb schedules with
    // setImmediate), so a loaded machine cannot drop the cache before the first read.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const short = new EntityStore(db, () => new Date(clock), { packThreshold: 3, packSize: 2, cacheIdleMs: 250 });
      await short.importEntities({ entities: five, replace: false, merge: incomingWins });
      let reads = 0;
      const bulkGet = db.packs.bulkGet.bind(db.packs);
      db.packs.bulkGet = ((keys: string[]) => { reads += 1; return bulkGet(keys); }) as typeof db.packs.bulkGet;
      // Right after the import (the matcher and search rebuilds): from memory.
      expect(ids(await short.all())).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect(reads).toBe(0);
      vi.advanceTimersByTime(249);
      expect(ids(await short.all())).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect(reads, 'used again within cacheIdleMs: still from memory').toBe(0);
      vi.advanceTimersByTime(251);
      // Idle for longer than cacheIdleMs: dropped, read back, the same entities.
      expect(ids(await short.all())).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect(reads).toBe(1);
      expect((await short.get('d'))?.summary).toBe('s-d');
      expect(reads).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('moves an edited packed entity out of its pack: one copy, the new one', async () => {
    await store.importEntities({ entities: five, replace: false, merge: incomingWins });
    const saved = await store.update('b', { notes: 'mine' });
    expect(saved).toMatchObject({ id: 'b', notes: 'mine', summary: 's-b' });
    expect(await db.entities.get('b')).toMatchObject({ notes: 'mine' });
    expect((await db.sync.get('b'))?.pending).toBe(1);
    expect((await store.all()).filter((e) => e.id === 'b')).toHaveLength(1);
    expect(await store.count()).toBe(5);
    expect((await store.get('b'))?.notes).toBe('mine');
    expect((await store.get('a'))?.summary).toBe('s-a');
  });

  it('deletes a packed entity at once and undoes it', async () => {
    await store.importEntities({ entities: five, replace: false, merge: incomingWins });
    expect(await store.remove('c')).toBe(true);
    expect(await store.get('c')).toBeUndefined();
    expect(await store.count()).toBe(4);
    expect(ids(await store.own())).toEqual(['a', 'b', 'd', 'e']);
    expect(await store.undoRemove('c')).toBe(true);
    expect((await store.get('c'))?.summary).toBe('s-c');
    expect(await store.count()).toBe(5);
  });

  it('merges a large import into packed and per-entity entities without duplicates', async () => {
    await store.importEntities({ entities: [entity('x', { notes: 'own note' })], replace: false, merge: incomingWins });
    await store.importEntities({ entities: five, replace: false, merge: incomingWins });
    const again = [entity('a', { summary: 'new a' }), entity('x', { summary: 'new x' }), entity('f')];
    expect(await store.importEntities({ entities: again, replace: false, merge: incomingWins })).toBe(3);
    const all = await store.all();
    expect(ids(all)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'x']);
    expect(await store.get('a')).toMatchObject({ summary: 'new a' });
    expect(await store.get('x')).toMatchObject({ summary: 'new x', notes: 'own note' });
    expect(await store.count()).toBe(7);
  });

  it('replaces packed entities with a backup that restores them (as packs)', async () => {
    await store.importEntities({ entities: five, replace: false, merge: incomingWins });
    await store.importEntities({ entities: [entity('z')], replace: true, merge: incomingWins });
    expect(ids(await store.all())).toEqual(['z']);
    expect(await db.packs.count()).toBe(0);
    const [backup] = await store.backups();
    expect(backup.count).toBe(5);
    expect(await store.restoreBackup(backup.id)).toBe(5);
    expect(ids(await store.all())).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await db.packs.count()).toBe(3);
  });

  it('delete all takes every entity to one backup, and those sync may know to the trash with a pending row', async () => {
    await store.importEntities({ entities: five, replace: false, merge: incomingWins });
    const mine = await store.create({ name: 'Mine' });
    // `a` was sent to a server once (its row has a revision); `c` never was (packed, no row).
    await db.sync.put({ id: 'a', rev: '1-abc', pending: 0 });
    const { count, backupId } = await store.deleteAllOwn();
    expect(count).toBe(6);
    expect(backupId).toBeDefined();
    expect(await store.count()).toBe(0);
    expect((await db.trash.toArray()).map((t) => t.id).sort()).toEqual(['a', mine.id].sort());
    expect(await db.sync.get('a')).toEqual({ id: 'a', rev: '1-abc', pending: 1 });
    expect((await db.sync.get(mine.id))?.pending).toBe(1);
    expect(await db.sync.get('c')).toBeUndefined();
    expect(await store.restoreBackup(backupId!)).toBe(6);
    expect(await store.count()).toBe(6);
    expect((await store.get('c'))?.summary).toBe('s-c');
  });

  it('unpacks into records with pending sync rows, keeping a record written meanwhile', async () => {
    await store.importEntities({ entities: five, replace: false, merge: incomingWins });
    await db.sync.put({ id: 'a', rev: '1-abc', pending: 0 });
    // A sync pull wrote its own record of `e` meanwhile: that record is newer than the pack.
    await db.entities.put({ ...entity('e', { summary: 'pulled' }), source: 'own' });
    const left: number[] = [];
    expect(await store.hasPacks()).toBe(true);
    expect(await store.unpackAll((n) => void left.push(n))).toBe(4);
    expect(left).toEqual([2, 1, 0]);
    expect(await store.hasPacks()).toBe(false);
    expect(await db.entities.count()).toBe(5);
    expect(await db.sync.get('a')).toEqual({ id: 'a', rev: '1-abc', pending: 1 });
    expect((await db.sync.get('c'))?.pending).toBe(1);
    expect((await store.get('e'))?.summary).toBe('pulled');
    expect(ids(await store.all())).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('is atomic: a large import failing half-way leaves packs and records as they were', async () => {
    await store.importEntities({ entities: five, replace: false, merge: incomingWins });
    await db.entities.put({ ...entity('l/1'), source: 'list:l' });
    const before = ids(await store.all());
    const bad = [entity('a', { summary: 'changed' }), entity('q'), entity('l/1')];
    await expect(store.importEntities({ entities: bad, replace: false, merge: incomingWins })).rejects.toThrow('belongs to a subscribed list');
    expect(ids(await store.all())).toEqual(before);
    expect((await store.get('a'))?.summary).toBe('s-a');
    const replacing = [entity('n1'), entity('n2'), { ...entity('n3'), summary: (() => 1) as unknown as string }];
    await expect(store.importEntities({ entities: replacing, replace: true, merge: incomingWins })).rejects.toBeTruthy();
    expect(ids(await store.all())).toEqual(before);
    expect(await store.backups()).toEqual([]);
  });
});

describe('schema version 2', () => {
  it('keeps every version 1 record', async () => {
    const indexedDB = new IDBFactory();
    const v1 = new Dexie('backstory-upgrade', { indexedDB, IDBKeyRange });
    v1.version(1).stores({ entities: '&id, name, *aliases, updatedAt, source', sync: '&id, pending', trash: '&id, deletedAt', backups: '&id, createdAt', uploads: '&id, createdAt', meta: '&key', lists: '&id, url, dueAt', listNotes: '&id' });
    await v1.table('entities').bulkPut([{ ...entity('a'), source: 'own' }, { ...entity('l/b'), source: 'list:l' }]);
    await v1.table('sync').put({ id: 'a', pending: 1 });
    v1.close();
    const v2 = openDb({ indexedDB, IDBKeyRange, name: 'backstory-upgrade' });
    expect(ids(await v2.entities.toArray())).toEqual(['a', 'l/b']);
    expect(ids(await v2.entities.where('source').equals('own').toArray())).toEqual(['a']);
    expect(await v2.sync.get('a')).toEqual({ id: 'a', pending: 1 });
    expect(v2.verno).toBe(2);
  });
});
