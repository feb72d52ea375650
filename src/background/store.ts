/**
 * Entity store operations over the Dexie schema. The background is the only caller: every write
 * to entities goes through here, each as one transaction, so a failure half-way changes nothing.
 *
 * Two places hold entities (docs/manager.md "Storage"): one `entities` record per entity (what the
 * reader makes and edits, subscribed lists, small imports), and packs of PACK_SIZE entities for
 * large imports and restores, because Chromium's IndexedDB pays per record: 100k cities cost
 * 21.2 s as records with the v1 indexes, 11.1 s with only `&id, source`, 1.8 s packed. An id is
 * in exactly one place; editing or removing a packed entity moves it out of its pack first.
 * Readers go through `get`/`getMany`/`all`/`own`/`count`, which see both. Sync reads the
 * `entities` and `sync` tables directly, so `unpackAll()` turns packs into records (with their
 * pending sync rows) before each sync run, one atomic transaction per pack (resumable). The
 * packs themselves, their tables and cache, are `Packs` (packs.ts).
 *
 * The parts: imports (store-import.ts), backups (store-backups.ts), the file-level fields
 * (store-file-fields.ts) and the write transactions with the steps they share
 * (store-transaction.ts); this file keeps the store itself: its reads, single-entity edits and
 * unpacking.
 */
import type { Entity } from '../core/entities/entity';
import type { BackstoryDb, StoredEntity, SyncRecord, TrashRecord } from '../shared/db';
import { PACK_SIZE, Packs } from './packs';
import { deleteAllOwn, listBackups, restoreBackup } from './store-backups';
import { FILE_FIELDS_KEY, fieldsOf } from './store-file-fields';
import { importEntities, type ImportPlan } from './store-import';
import { writing, type StoreContext } from './store-transaction';

export { PACK_SIZE } from './packs';
export { BACKUP_DAYS } from './store-backups';
export { ImportConflict, type ImportPlan } from './store-import';

/** Imports and restores of at least this many entities are packed; smaller ones stay records. */
export const PACK_THRESHOLD = 5000;

export type EntityPatch = Partial<Omit<Entity, 'id' | 'updatedAt'>>;

export interface StoreOptions {
  packSize?: number;
  packThreshold?: number;
  /** How long decoded packs stay cached after their last use (packs.ts). */
  cacheIdleMs?: number;
}

export class EntityStore {
  private readonly packs: Packs;
  /** What the store's parts (imports, backups, transactions) share. */
  private readonly ctx: StoreContext;

  constructor(
    private readonly db: BackstoryDb,
    private readonly now: () => Date = () => new Date(),
    options: StoreOptions = {},
  ) {
    this.packs = new Packs(db, options.packSize ?? PACK_SIZE, options.cacheIdleMs);
    this.ctx = { db, packs: this.packs, now, packThreshold: options.packThreshold ?? PACK_THRESHOLD };
  }

  async get(id: string): Promise<StoredEntity | undefined> {
    return (await this.db.entities.get(id)) ?? (await this.packs.find([id]))[0];
  }

  async getMany(ids: string[]): Promise<(StoredEntity | undefined)[]> {
    const found = await this.db.entities.bulkGet(ids);
    const missing = ids.filter((_, i) => found[i] === undefined);
    if (missing.length === 0) return found;
    const packed = await this.packs.find(missing);
    let next = 0;
    return found.map((e) => e ?? packed[next++]);
  }

  async all(): Promise<StoredEntity[]> {
    const [records, packed] = await Promise.all([this.db.entities.toArray(), this.packs.all()]);
    return packed.length === 0 ? records : records.concat(...packed);
  }

  async count(): Promise<number> {
    const [records, packed] = await Promise.all([this.db.entities.count(), this.packs.count()]);
    return records + packed;
  }

  /** The reader's own entities (not those of subscribed lists), for export. Packs hold only own ones. */
  async own(): Promise<StoredEntity[]> {
    const [records, packed] = await Promise.all([this.db.entities.where('source').equals('own').toArray(), this.packs.all()]);
    return packed.length === 0 ? records : records.concat(...packed);
  }

  /** The file-level fields of the reader's imports, for Export (empty when none were given). */
  fileFields(): Promise<Record<string, unknown>> {
    return this.db.meta.get(FILE_FIELDS_KEY).then((row) => fieldsOf(row?.value));
  }

  /** Whether any entity is still packed (sync needs them as records first). */
  async hasPacks(): Promise<boolean> {
    return this.packs.any();
  }

  /** A new entity made in the popup: a random id (CONTRACT §2), made here or by the popup. */
  async create(patch: EntityPatch, id: string = crypto.randomUUID()): Promise<StoredEntity> {
    const entity: StoredEntity = {
      id,
      name: '',
      aliases: [],
      type: 'other',
      summary: '',
      notes: '',
      tags: [],
      links: [],
      ...patch,
      updatedAt: this.now().toISOString(),
      source: 'own',
    };
    await this.db.transaction('rw', this.db.entities, this.db.sync, async () => {
      await this.db.entities.add(entity);
      await this.db.sync.put({ id: entity.id, pending: 1 });
    });
    return entity;
  }

  /** Apply a patch to one entity; resolves undefined when there is no such entity. */
  /** `patch` may be computed from the stored entity, inside the write's transaction. */
  async update(id: string, patch: EntityPatch | ((stored: StoredEntity) => EntityPatch)): Promise<StoredEntity | undefined> {
    const { db } = this;
    return writing(this.ctx, [db.entities, db.sync, db.packs, db.packIds], async (write) => {
      const stored = (await db.entities.get(id)) ?? (await this.packs.takeOut([id], write)).get(id);
      if (!stored) return undefined;
      const changes = typeof patch === 'function' ? patch(stored) : patch;
      const next: StoredEntity = { ...stored, ...changes, id, source: stored.source, updatedAt: this.now().toISOString() };
      await db.entities.put(next);
      const sync = await db.sync.get(id);
      await db.sync.put({ ...(sync ?? { id }), pending: 1 });
      return next;
    });
  }

  /** Remove one entity at once, keeping it in the trash for `Undo` and for soft-delete sync. */
  async remove(id: string): Promise<boolean> {
    const { db } = this;
    return writing(this.ctx, [db.entities, db.trash, db.sync, db.packs, db.packIds], async (write) => {
      const stored = (await db.entities.get(id)) ?? (await this.packs.takeOut([id], write)).get(id);
      if (!stored) return false;
      const record: TrashRecord = { id, entity: stored, deletedAt: this.now().getTime() };
      await db.trash.put(record);
      await db.entities.delete(id);
      const sync = await db.sync.get(id);
      await db.sync.put({ ...(sync ?? { id }), pending: 1 });
      return true;
    });
  }

  /** Put back an entity removed by `remove`. */
  async undoRemove(id: string): Promise<boolean> {
    const { db } = this;
    return db.transaction('rw', [db.entities, db.trash, db.sync, db.packIds], async () => {
      const record = await db.trash.get(id);
      if (!record || (await db.entities.get(id)) || (await this.packs.holder(id))) return false;
      await db.entities.put({ ...record.entity, updatedAt: this.now().toISOString() });
      await db.trash.delete(id);
      const sync = await db.sync.get(id);
      await db.sync.put({ ...(sync ?? { id }), pending: 1 });
      return true;
    });
  }

  /** Import validated entities as one atomic operation, merged or replacing (store-import.ts). */
  async importEntities(plan: ImportPlan): Promise<number> {
    return importEntities(this.ctx, plan);
  }

  /** Backups still inside their restore window, newest first. */
  async backups(): Promise<{ id: string; createdAt: number; count: number }[]> {
    return listBackups(this.ctx);
  }

  /** Restore a backup: the reader's own entities become what they were before that import. */
  async restoreBackup(id: string): Promise<number | undefined> {
    return restoreBackup(this.ctx, id);
  }

  /** `Delete all entities`: the reader's own ones, into one backup (store-backups.ts). */
  async deleteAllOwn(nowMs = this.now().getTime()): Promise<{ count: number; backupId?: string }> {
    return deleteAllOwn(this.ctx, nowMs);
  }

  /**
   * Turn every pack into records with pending sync rows (sync reads only records), one atomic
   * transaction per pack: stopped half-way (the worker's idle limit), the next call goes on
   * where it stopped. Ids that meanwhile got a record (a sync pull) keep that newer record.
   */
  async unpackAll(onPack?: (left: number) => Promise<void> | void): Promise<number> {
    const { db } = this;
    let unpacked = 0;
    for (;;) {
      const packIds = await this.packs.ids();
      if (packIds.length === 0) return unpacked;
      await writing(this.ctx, [db.entities, db.sync, db.packs, db.packIds], async (write) => {
        const entities = await this.packs.entitiesOf(packIds[0]);
        const ids = entities.map((e) => e.id);
        const [records, syncRows] = await Promise.all([db.entities.bulkGet(ids), db.sync.bulkGet(ids)]);
        const rows = entities.filter((_, i) => records[i] === undefined);
        await db.entities.bulkPut(rows);
        await db.sync.bulkPut(entities.flatMap((e, i): SyncRecord[] => (records[i] ? [] : [{ ...(syncRows[i] ?? { id: e.id }), pending: 1 }])));
        await this.packs.delete(packIds[0], write);
        unpacked += rows.length;
      });
      await onPack?.(packIds.length - 1);
    }
  }
}
