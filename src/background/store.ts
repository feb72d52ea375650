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
 */
import { importListNotes, LIST_NOTES_FIELD, readListNotes } from './subscriptions/exported-notes';
import type { Entity } from '../core/entities/entity';
import type { BackstoryDb, StoredEntity, SyncRecord, TrashRecord } from '../shared/db';
import { PACK_SIZE, Packs, type PackWrite } from './packs';

export { PACK_SIZE } from './packs';

/** How long a replacing import's backup can be restored (CONTRACT §2). */
export const BACKUP_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Imports and restores of at least this many entities are packed; smaller ones stay records. */
export const PACK_THRESHOLD = 5000;

/** `meta` key of the file-level fields of the reader's imports, written back by Export (CONTRACT §2). */
const FILE_FIELDS_KEY = 'fileFields';
/**
 * File-level fields that act on the entities when they are imported (a list's default `guard`):
 * applied then, to each entity, and never written back, or an exported file would apply them
 * again to entities that never had them.
 */
const APPLIED_AT_IMPORT: ReadonlySet<string> = new Set(['guard', LIST_NOTES_FIELD]);
const fieldsOf = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** An import that would overwrite what it may not; its message names the entity and field. */
export class ImportConflict extends Error {}

export type EntityPatch = Partial<Omit<Entity, 'id' | 'updatedAt'>>;

export interface StoreOptions {
  packSize?: number;
  packThreshold?: number;
  /** How long decoded packs stay cached after their last use (packs.ts). */
  cacheIdleMs?: number;
}

export interface ImportPlan {
  entities: Entity[];
  replace: boolean;
  /** Field-by-field merge of an incoming entity into the stored one with the same id. */
  merge: (stored: Entity, incoming: Entity) => Entity;
  /**
   * The file's own unknown fields (parse's `fileExtra`), kept for Export: merged key by key into
   * those of earlier imports, or in their place with `replace`. Absent: the stored ones stay.
   */
  fileExtra?: Record<string, unknown>;
}

export class EntityStore {
  private readonly packThreshold: number;
  private readonly packs: Packs;

  constructor(
    private readonly db: BackstoryDb,
    private readonly now: () => Date = () => new Date(),
    options: StoreOptions = {},
  ) {
    this.packs = new Packs(db, options.packSize ?? PACK_SIZE, options.cacheIdleMs);
    this.packThreshold = options.packThreshold ?? PACK_THRESHOLD;
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

  /**
   * Inside an import's transaction: merge (or with `replace`, swap in) a file's own fields. Dexie's
   * own promises only, as in packs.ts: the transaction stays open across nothing else.
   */
  private keepFileFields(fileExtra: Record<string, unknown>, replace: boolean): Promise<unknown> | undefined {
    const given = Object.entries(fileExtra).filter(([key]) => !APPLIED_AT_IMPORT.has(key));
    if (given.length === 0 && !replace) return undefined;
    return this.db.meta.get(FILE_FIELDS_KEY).then((row) =>
      this.db.meta.put({ key: FILE_FIELDS_KEY, value: { ...(replace ? {} : fieldsOf(row?.value)), ...Object.fromEntries(given) } }));
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
    return this.writing([db.entities, db.sync, db.packs, db.packIds], async (write) => {
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
    return this.writing([db.entities, db.trash, db.sync, db.packs, db.packIds], async (write) => {
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

  /**
   * Import validated entities as one atomic operation: all of it lands or none of it.
   * Replace: the reader's own entities are swapped for the file's, the old ones kept as a
   * backup for BACKUP_DAYS. Merge: an entity whose id exists is updated field by field.
   * PACK_THRESHOLD entities or more are written as packs (their sync rows come with unpackAll).
   */
  async importEntities({ entities, replace, merge, fileExtra }: ImportPlan): Promise<number> {
    const { db } = this;
    return this.writing([db.entities, db.sync, db.trash, db.backups, db.packs, db.packIds, db.meta, db.listNotes], async (write) => {
      const nowMs = this.now().getTime();
      if (replace) await this.replaceOwn(nowMs, 'replacing import', write);
      const ids = entities.map((e) => e.id);
      const records = await this.recordsOf(ids);
      const pack = entities.length >= this.packThreshold;
      // Packed entities must not also stay elsewhere: take them out of older packs and records.
      const fromPacks = replace ? new Map<string, StoredEntity>() : await this.packs.takeOut(ids, write);
      const rows: StoredEntity[] = entities.map((incoming, i) => {
        const stored = records[i] ?? fromPacks.get(incoming.id);
        if (stored && stored.source !== 'own') {
          // A subscribed list's entity is read-only: an import must not take it over.
          throw new ImportConflict(`entity ${i + 1} ("${incoming.name}"): field "id": "${incoming.id}" belongs to a subscribed list`);
        }
        if (stored && !replace) return { ...merge(stored, incoming), source: 'own' };
        return { ...incoming, source: 'own' };
      });
      if (pack) {
        await db.entities.bulkDelete(ids.filter((_, i) => records[i] !== undefined));
        await this.packs.write(rows, nowMs, write);
      } else {
        await db.entities.bulkPut(rows);
        await this.markPending(ids);
      }
      // Replaced entities that come back in the file are edits, not deletions.
      if (replace) await this.leaveTrash(ids);
      if (fileExtra) {
        await this.keepFileFields(fileExtra, replace);
        // The reader's notes on subscribed lists' entities, as Export writes them.
        await importListNotes(db, readListNotes(fileExtra[LIST_NOTES_FIELD]));
      }
      return rows.length;
    });
  }

  /**
   * Inside a transaction: the records with these ids. Many ids against few records (a first large
   * import) reads the records' keys once instead of one lookup per id, which costs seconds at 100k.
   */
  private async recordsOf(ids: string[]): Promise<(StoredEntity | undefined)[]> {
    if (ids.length < this.packThreshold) return this.db.entities.bulkGet(ids);
    const keys = new Set((await this.db.entities.toCollection().primaryKeys()) as string[]);
    const present = ids.filter((id) => keys.has(id));
    const found = new Map((await this.db.entities.bulkGet(present)).flatMap((e) => (e ? [[e.id, e] as const] : [])));
    return ids.map((id) => found.get(id));
  }

  /** Backups still inside their restore window, newest first. */
  async backups(): Promise<{ id: string; createdAt: number; count: number }[]> {
    const cutoff = this.now().getTime() - BACKUP_DAYS * DAY_MS;
    const rows = await this.db.backups.where('createdAt').above(cutoff).reverse().sortBy('createdAt');
    return rows.map((b) => ({ id: b.id, createdAt: b.createdAt, count: b.entities.length }));
  }

  /** Restore a backup: the reader's own entities become what they were before that import. */
  async restoreBackup(id: string): Promise<number | undefined> {
    const { db } = this;
    return this.writing([db.entities, db.sync, db.trash, db.backups, db.packs, db.packIds, db.meta], async (write) => {
      const backup = await db.backups.get(id);
      const nowMs = this.now().getTime();
      if (!backup || backup.createdAt < nowMs - BACKUP_DAYS * DAY_MS) return undefined;
      // Restoring is itself undoable: what it replaces becomes a backup too.
      await this.replaceOwn(nowMs, 'before restoring a backup', write);
      if (backup.entities.length >= this.packThreshold) {
        await this.packs.write(backup.entities, nowMs, write);
      } else {
        await db.entities.bulkPut(backup.entities);
        await this.markPending(backup.entities.map((e) => e.id));
      }
      await this.leaveTrash(backup.entities.map((e) => e.id));
      // The file-level fields go back with the entities they came with (Export writes both).
      if (backup.fileFields) await db.meta.put({ key: FILE_FIELDS_KEY, value: backup.fileFields });
      return backup.entities.length;
    });
  }

  /**
   * `Delete all entities`: the reader's own entities leave in one transaction, all of them into
   * one backup that `Restore` brings back for BACKUP_DAYS; those a sync server may know become
   * deletions to send (`tombstone`). Subscribed lists' entities stay.
   */
  async deleteAllOwn(nowMs = this.now().getTime()): Promise<{ count: number; backupId?: string }> {
    const { db } = this;
    return this.writing([db.entities, db.trash, db.sync, db.backups, db.packs, db.packIds], async (write) => {
      const own = await this.ownInTransaction();
      if (own.length === 0) return { count: 0 };
      const backupId = await this.putBackup(nowMs, 'delete all entities', own);
      await this.tombstone(own, nowMs);
      await db.entities.where('source').equals('own').delete();
      await this.packs.clear(write);
      return { count: own.length, backupId };
    });
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
      await this.writing([db.entities, db.sync, db.packs, db.packIds], async (write) => {
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

  /** A write that may change packs: cached pack data is dropped once it is done, whatever the outcome. */
  private async writing<T>(tables: Parameters<BackstoryDb['transaction']>[1][], body: (write: PackWrite) => Promise<T>): Promise<T> {
    const write = this.packs.newWrite();
    let committed = false;
    try {
      const result = await this.db.transaction('rw', tables, () => body(write));
      committed = true;
      return result;
    } finally {
      this.packs.settle(write, committed);
    }
  }

  /** Own records and packed entities go to a backup, then leave the store (inside a transaction). */
  private async replaceOwn(nowMs: number, reason: string, write: PackWrite): Promise<void> {
    const fileFields = fieldsOf((await this.db.meta.get(FILE_FIELDS_KEY))?.value);
    const own = await this.ownInTransaction();
    // Nothing to bring back: a backup of 0 entities only stood in the list with a `Restore`
    // (found by a probe, 2026-12-07).
    if (own.length > 0 || Object.keys(fileFields).length > 0) await this.putBackup(nowMs, reason, own, fileFields);
    // What the replacing file leaves out is deleted, on the server too (until 2026-12-07 it came
    // back with the next sync; found by a probe); what it brings back is an edit (the caller
    // clears those from the trash).
    await this.tombstone(own, nowMs);
    await this.db.entities.where('source').equals('own').delete();
    await this.packs.clear(write);
  }

  /**
   * Inside a transaction: own entities leaving the store whose deletion a sync server must hear
   * of (they have a sync row: sent, or waiting to be) go to the trash with the row pending, as a
   * single `Delete` does. The others (a large import never synced) need no tombstone: sync would
   * drop it unsent (no base), and 100k of them took a minute to write.
   */
  private async tombstone(own: StoredEntity[], nowMs: number): Promise<void> {
    // One read of the sync rows (as many as entities ever synced) rather than a get per entity.
    const rows = new Map((await this.db.sync.toArray()).map((r) => [r.id, r]));
    const known = own.flatMap((entity) => {
      const record = rows.get(entity.id);
      return record ? [{ entity, record }] : [];
    });
    await this.db.trash.bulkPut(known.map(({ entity }): TrashRecord => ({ id: entity.id, entity, deletedAt: nowMs })));
    await this.db.sync.bulkPut(known.map(({ record }): SyncRecord => ({ ...record, pending: 1 })));
  }

  /**
   * Inside a transaction: these entities' changes wait to be sent. Their sync rows keep the
   * server's revision and the last agreed copy: an import that wrote bare rows made the next sync
   * merge without a base and lose edits, undo other devices' removals, or mark false conflicts
   * (found by a probe, 2026-12-07).
   */
  private markPending(ids: string[]): Promise<unknown> {
    // Dexie's own promises only (as keepFileFields says): awaiting anything else in a transaction,
    // even `undefined`, lets it commit early.
    if (ids.length === 0) return this.db.sync.bulkPut([]);
    return this.db.sync.bulkGet(ids).then((rows) => this.db.sync.bulkPut(ids.map((id, i): SyncRecord => ({ ...(rows[i] ?? { id }), pending: 1 }))));
  }

  /**
   * Inside a transaction: these entities are back, so none of them stays in the trash. Deletes
   * only the ids the trash holds: a delete per id of a whole backup (127,791 ids, most never in
   * the trash) is a request each in IndexedDB.
   */
  private leaveTrash(ids: string[]): Promise<unknown> {
    // Dexie's own promises only, as markPending.
    return this.db.trash.toCollection().primaryKeys().then((keys) => {
      const inTrash = new Set(keys as string[]);
      const leaving = inTrash.size === 0 ? [] : ids.filter((id) => inTrash.has(id));
      // Every row of the trash comes back (a Restore right after Delete all of synced entities).
      return leaving.length > 0 && leaving.length === inTrash.size ? this.db.trash.clear() : this.db.trash.bulkDelete(leaving);
    });
  }

  /** Own records and packed entities (packs hold only own ones), inside a transaction. */
  private async ownInTransaction(): Promise<StoredEntity[]> {
    const records = await this.db.entities.where('source').equals('own').toArray();
    return records.concat(await this.packs.entitiesInTransaction());
  }

  private async putBackup(nowMs: number, reason: string, entities: StoredEntity[], fileFields?: Record<string, unknown>): Promise<string> {
    const id = `backup-${nowMs}-${crypto.randomUUID().slice(0, 8)}`;
    await this.db.backups.put({ id, createdAt: nowMs, reason, entities, fileFields });
    await this.db.backups.where('createdAt').below(nowMs - BACKUP_DAYS * DAY_MS).delete();
    return id;
  }
}
