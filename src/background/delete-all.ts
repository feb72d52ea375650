/**
 * `Delete all entities` (options page): the reader's own entities leave the store in one
 * transaction. Each goes to the trash with its sync record marked pending, exactly as a single
 * `Delete` does, so the deletions reach a sync server; and all of them go into one backup, so
 * the options page's `Restore` brings them back for BACKUP_DAYS. Entities of subscribed lists
 * stay: unsubscribing removes those.
 *
 * Written against the Dexie tables directly (not EntityStore) so this feature needs no change to
 * the store module; it follows the store's own rules for trash, sync and backups.
 */
import type { BackstoryDb, SyncRecord, TrashRecord } from '../shared/db';
import { BACKUP_DAYS } from './store';

const DAY_MS = 24 * 60 * 60 * 1000;

export async function deleteAllOwn(db: BackstoryDb, nowMs = Date.now()): Promise<{ count: number; backupId?: string }> {
  return db.transaction('rw', [db.entities, db.trash, db.sync, db.backups], async () => {
    const own = await db.entities.where('source').equals('own').toArray();
    if (own.length === 0) return { count: 0 };
    const ids = own.map((e) => e.id);
    const backupId = `backup-${nowMs}-${crypto.randomUUID().slice(0, 8)}`;
    await db.backups.put({ id: backupId, createdAt: nowMs, reason: 'delete all entities', entities: own });
    await db.backups.where('createdAt').below(nowMs - BACKUP_DAYS * DAY_MS).delete();
    await db.trash.bulkPut(own.map((entity): TrashRecord => ({ id: entity.id, entity, deletedAt: nowMs })));
    const records = await db.sync.bulkGet(ids);
    await db.sync.bulkPut(ids.map((id, i): SyncRecord => ({ ...(records[i] ?? { id }), pending: 1 })));
    await db.entities.bulkDelete(ids);
    return { count: own.length, backupId };
  });
}
