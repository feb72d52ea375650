/**
 * The entity store's write transactions (store.ts) and the steps that run inside them: marking
 * sync rows pending, taking entities out of the trash, tombstoning own entities a sync server
 * knows, reading own entities with the packed ones. Apart from the store because every one of
 * them is shared by its edits, its imports (store-import.ts) and its backups (store-backups.ts),
 * and they keep one rule the callers rely on: inside a transaction, Dexie's own promises only.
 */
import type { BackstoryDb, StoredEntity, SyncRecord, TrashRecord } from '../shared/db';
import type { Packs, PackWrite } from './packs';

/** What the store's parts share: its database, its packs, its clock, and when to pack. */
export interface StoreContext {
  readonly db: BackstoryDb;
  readonly packs: Packs;
  readonly now: () => Date;
  /** Imports and restores of at least this many entities are packed. */
  readonly packThreshold: number;
}

/** A write that may change packs: cached pack data is dropped once it is done, whatever the outcome. */
export async function writing<T>(
  { db, packs }: StoreContext,
  tables: Parameters<BackstoryDb['transaction']>[1][],
  body: (write: PackWrite) => Promise<T>,
): Promise<T> {
  const write = packs.newWrite();
  let committed = false;
  try {
    const result = await db.transaction('rw', tables, () => body(write));
    committed = true;
    return result;
  } finally {
    packs.settle(write, committed);
  }
}

/**
 * Inside a transaction: own entities leaving the store whose deletion a sync server must hear
 * of (they have a sync row: sent, or waiting to be) go to the trash with the row pending, as a
 * single `Delete` does. The others (a large import never synced) need no tombstone: sync would
 * drop it unsent (no base), and 100k of them took a minute to write.
 */
export async function tombstone(db: BackstoryDb, own: StoredEntity[], nowMs: number): Promise<void> {
  // One read of the sync rows (as many as entities ever synced) rather than a get per entity.
  const rows = new Map((await db.sync.toArray()).map((r) => [r.id, r]));
  const known = own.flatMap((entity) => {
    const record = rows.get(entity.id);
    return record ? [{ entity, record }] : [];
  });
  await db.trash.bulkPut(known.map(({ entity }): TrashRecord => ({ id: entity.id, entity, deletedAt: nowMs })));
  await db.sync.bulkPut(known.map(({ record }): SyncRecord => ({ ...record, pending: 1 })));
}

/**
 * Inside a transaction: these entities' changes wait to be sent. Their sync rows keep the
 * server's revision and the last agreed copy: an import that wrote bare rows made the next sync
 * merge without a base and lose edits, undo other devices' removals, or mark false conflicts
 * (found by a probe, 2026-12-07).
 */
export function markPending(db: BackstoryDb, ids: string[]): Promise<unknown> {
  // Dexie's own promises only (as keepFileFields says): awaiting anything else in a transaction,
  // even `undefined`, lets it commit early.
  if (ids.length === 0) return db.sync.bulkPut([]);
  return db.sync.bulkGet(ids).then((rows) => db.sync.bulkPut(ids.map((id, i): SyncRecord => ({ ...(rows[i] ?? { id }), pending: 1 }))));
}

/**
 * Inside a transaction: these entities are back, so none of them stays in the trash. Deletes
 * only the ids the trash holds: a delete per id of a whole backup (127,791 ids, most never in
 * the trash) is a request each in IndexedDB.
 */
export function leaveTrash(db: BackstoryDb, ids: string[]): Promise<unknown> {
  // Dexie's own promises only, as markPending.
  return db.trash.toCollection().primaryKeys().then((keys) => {
    const inTrash = new Set(keys as string[]);
    const leaving = inTrash.size === 0 ? [] : ids.filter((id) => inTrash.has(id));
    // Every row of the trash comes back (a Restore right after Delete all of synced entities).
    return leaving.length > 0 && leaving.length === inTrash.size ? db.trash.clear() : db.trash.bulkDelete(leaving);
  });
}

/** Own records and packed entities (packs hold only own ones), inside a transaction. */
export async function ownInTransaction({ db, packs }: StoreContext): Promise<StoredEntity[]> {
  const records = await db.entities.where('source').equals('own').toArray();
  return records.concat(await packs.entitiesInTransaction());
}
