/**
 * `Delete all entities` (options page): the reader's own entities leave the store in one
 * transaction. All of them go into one backup, so the options page's `Restore` brings them back
 * for BACKUP_DAYS; those a sync server may know (with a sync row) also go to the trash with the
 * row marked pending, as a single `Delete` does, so the deletions reach the server. Entities of
 * subscribed lists stay: unsubscribing removes those.
 *
 * The store does the work (`EntityStore.deleteAllOwn`): only it knows where packed entities are.
 */
import type { EntityStore } from './store';

export function deleteAllOwn(store: EntityStore, nowMs = Date.now()): Promise<{ count: number; backupId?: string }> {
  return store.deleteAllOwn(nowMs);
}
