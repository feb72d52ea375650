/**
 * Storing a list's copy: its entities live in `db.entities` under `source: 'list:<listId>'`
 * with ids `<listId>/<entity id>`, so they sit beside the reader's own entities in every index
 * the matcher and search already read, yet never collide with them.
 *
 * A new copy replaces the old in ONE transaction (delete the source's rows, add the new ones,
 * write the list record): readers of the store see the old copy or the new one, never a mix, and
 * a failure half-way (quota, a crash) leaves the old copy whole. For a 100k-entity list this is
 * one indexed range delete plus one bulkAdd; it is the simplest design that is atomic, and an
 * unchanged list never gets here at all (304, or the same body hash). Issue 5 may later move
 * bulk lists to packed chunks; this module is the only place that would change.
 */
import type { Entity } from '../../core/entities';
import { listEntityId } from '../../core/lists/list-url';
import type { BackstoryDb, EntitySource, StoredEntity } from '../../shared/db';
import type { SubscriptionRecord } from './types';

export function listSource(listId: string): EntitySource {
  return `list:${listId}`;
}

/** A list's entity as stored: namespaced id, list source, no sync conflict flag (lists are not synced). */
export function toListRow(listId: string, entity: Entity): StoredEntity {
  const { conflict: _conflict, ...rest } = entity;
  return { ...rest, id: listEntityId(listId, entity.id), source: listSource(listId) };
}

export interface SwapOptions {
  /**
   * Refresh: only swap while the subscription still exists, so a list the reader removed
   * during a slow fetch is not brought back by that fetch.
   */
  requireExisting: boolean;
}

/** Replace a list's entities and record atomically. Resolves false when `requireExisting` found no list. */
export async function swapInCopy(db: BackstoryDb, record: SubscriptionRecord, entities: Entity[], options: SwapOptions): Promise<boolean> {
  const rows = entities.map((e) => toListRow(record.id, e));
  const source = listSource(record.id);
  return db.transaction('rw', db.entities, db.lists, async () => {
    if (options.requireExisting && !(await db.lists.get(record.id))) return false;
    await db.entities.where('source').equals(source).delete();
    // bulkAdd, not bulkPut: should a row with the same id exist outside this list (an own
    // entity imported with such an id), the add fails and the whole swap is rolled back
    // instead of silently overwriting the reader's entity.
    await db.entities.bulkAdd(rows);
    await db.lists.put(record);
    return true;
  });
}

/** Remove a list's entities and record atomically; its reader notes (`listNotes`) are untouched. */
export async function removeList(db: BackstoryDb, listId: string): Promise<SubscriptionRecord | undefined> {
  return db.transaction('rw', db.entities, db.lists, async () => {
    const record = (await db.lists.get(listId)) as SubscriptionRecord | undefined;
    await db.entities.where('source').equals(listSource(listId)).delete();
    await db.lists.delete(listId);
    return record;
  });
}
