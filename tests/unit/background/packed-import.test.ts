/**
 * A packed import (PACK_THRESHOLD entities or more) through the background's handlers, as the
 * options page and popup use them: matching, search, cards, edit, delete and undo, export, and
 * the unpacking sync relies on.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Background } from '../../../src/background/app';
import { handlers } from '../../../src/background/handlers';
import { PACK_SIZE, PACK_THRESHOLD } from '../../../src/background/store';
import type { BackstoryDb } from '../../../src/shared/db';
import { exportedText, testBackground } from '../../support/background';

const N = PACK_THRESHOLD + 500;
// 5,500 entities in fake-indexeddb take seconds on a loaded machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let db: BackstoryDb;
let bg: Background;
beforeEach(async () => {
  ({ db, bg } = await testBackground());
  const entities = Array.from({ length: N }, (_, i) => ({ id: `t${i}`, name: `Townsville ${i}`, type: 'place', summary: `town ${i}` }));
  await db.uploads.put({ id: 'u1', name: 'towns.json', data: JSON.stringify({ format: 'backstory.entities', version: 1, entities }), createdAt: 0 });
  expect(await handlers.importUpload({ uploadId: 'u1', replace: false }, bg)).toEqual({ ok: true, count: N });
});

describe('a packed import through the handlers', () => {
  it('is stored as packs and matched, searched and shown in cards', async () => {
    expect(await db.packs.count()).toBe(Math.ceil(N / PACK_SIZE));
    expect(await db.entities.count()).toBe(0);
    expect(await db.uploads.count()).toBe(0);
    expect((await handlers.stats({}, bg)).entities).toBe(N);
    const scan = await handlers.match({ blocks: ['We drove to Townsville 4242 at dawn.'], host: 'example.org' }, bg);
    expect(scan.blocks[0].flatMap((m) => m.full)).toContain('t4242');
    const found = await handlers.search({ query: 'townsville 4242', limit: 5 }, bg);
    expect(found.results[0]).toMatchObject({ id: 't4242', name: 'Townsville 4242' });
    expect((await handlers.cards({ ids: ['t17', 'nope', 't5001'] }, bg)).entities.map((e) => e.id)).toEqual(['t17', 't5001']);
  });

  it('edits, deletes and undoes packed entities, and exports every one losslessly', async () => {
    const saved = await handlers.saveEntity({ id: 't42', patch: { notes: 'edited' } }, bg);
    expect(saved).toMatchObject({ entity: { id: 't42', notes: 'edited', summary: 'town 42' } });
    expect((await handlers.cards({ ids: ['t42'] }, bg)).entities[0].notes).toBe('edited');
    expect(await handlers.deleteEntity({ id: 't43' }, bg)).toEqual({ ok: true });
    expect((await handlers.cards({ ids: ['t43'] }, bg)).entities).toEqual([]);
    expect((await handlers.search({ query: 'townsville 43', limit: 5 }, bg)).results.map((r) => r.id)).not.toContain('t43');
    expect(await handlers.undoDelete({ id: 't43' }, bg)).toEqual({ ok: true });
    expect((await handlers.getEntity({ id: 't43' }, bg)).entity?.summary).toBe('town 43');
    const { text, count } = await exportedText(bg, 'json');
    expect(count).toBe(N);
    const exported = (JSON.parse(text) as { entities: { id: string; notes?: string }[] }).entities;
    expect(new Set(exported.map((e) => e.id)).size).toBe(N);
    expect(exported.find((e) => e.id === 't42')?.notes).toBe('edited');
  });

  it('a replacing import keeps the packed entities as a backup, and restoring brings them back', async () => {
    await db.uploads.put({ id: 'u2', name: 'one.json', data: '[{"name":"Solo"}]', createdAt: 0 });
    expect(await handlers.importUpload({ uploadId: 'u2', replace: true }, bg)).toEqual({ ok: true, count: 1 });
    expect((await handlers.stats({}, bg)).entities).toBe(1);
    const [backup] = (await handlers.listBackups({}, bg)).backups;
    expect(backup.count).toBe(N);
    expect(await handlers.restoreBackup({ id: backup.id }, bg)).toEqual({ ok: true, count: N });
    expect((await handlers.stats({}, bg)).entities).toBe(N);
    expect((await handlers.search({ query: 'townsville 7', limit: 1 }, bg)).results[0]?.id).toBe('t7');
  });

  it('becomes records with pending sync rows before a sync, the store reading the same', async () => {
    await handlers.saveEntity({ id: 't1', patch: { notes: 'kept' } }, bg);
    await bg.store.unpackAll();
    expect(await db.packs.count()).toBe(0);
    expect(await db.entities.count()).toBe(N);
    expect(await db.sync.where('pending').equals(1).count()).toBe(N);
    expect((await bg.store.get('t1'))?.notes).toBe('kept');
    expect((await handlers.stats({}, bg)).entities).toBe(N);
  });
});
