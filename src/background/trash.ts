/**
 * `Recently deleted` (options page): the entities in the trash, newest first. An entity deleted
 * in the popup, by `Delete all entities`, by a replacing import or on another device stays in the
 * trash (with its notes) so that a deletion syncs softly; `Undo` in the popup brings one back only
 * while that popup is open, and this list brings any of them back later (`undoDelete`).
 */
import type { BackstoryDb } from '../shared/db';
import type { EntityType } from '../core/entities/entity';

export interface TrashedEntity {
  id: string;
  name: string;
  type: EntityType;
  deletedAt: number;
}

/** The `limit` most recently deleted entities, and how many the trash holds in all. */
export async function recentlyDeleted(db: BackstoryDb, limit: number): Promise<{ items: TrashedEntity[]; total: number }> {
  return db.transaction('r', db.trash, async () => {
    const [records, total] = await Promise.all([db.trash.orderBy('deletedAt').reverse().limit(limit).toArray(), db.trash.count()]);
    return { items: records.map(({ id, entity, deletedAt }) => ({ id, name: entity.name, type: entity.type, deletedAt })), total };
  });
}
