/**
 * Imports into the entity store (store.ts): a validated file's entities land as one atomic
 * operation, merged into the stored ones or replacing the reader's own (after a backup,
 * store-backups.ts), as records or, when many, as packs; a subscribed list's entity is never
 * taken over. Apart from the store's reads and edits because it is the one write that plans over
 * a whole file: which entities exist where, which conflict, and where the rest are written.
 */
import { importListNotes, LIST_NOTES_FIELD, readListNotes } from './subscriptions/exported-notes';
import type { Entity } from '../core/entities/entity';
import type { StoredEntity } from '../shared/db';
import { replaceOwn } from './store-backups';
import { keepFileFields } from './store-file-fields';
import { leaveTrash, markPending, writing, type StoreContext } from './store-transaction';

/** An import that would overwrite what it may not; its message names the entity and field. */
export class ImportConflict extends Error {}

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

/**
 * Import validated entities as one atomic operation: all of it lands or none of it.
 * Replace: the reader's own entities are swapped for the file's, the old ones kept as a
 * backup for BACKUP_DAYS. Merge: an entity whose id exists is updated field by field.
 * PACK_THRESHOLD entities or more are written as packs (their sync rows come with unpackAll).
 */
export async function importEntities(ctx: StoreContext, { entities, replace, merge, fileExtra }: ImportPlan): Promise<number> {
  const { db, packs } = ctx;
  return writing(ctx, [db.entities, db.sync, db.trash, db.backups, db.packs, db.packIds, db.meta, db.listNotes], async (write) => {
    const nowMs = ctx.now().getTime();
    if (replace) await replaceOwn(ctx, nowMs, 'replacing import', write);
    const ids = entities.map((e) => e.id);
    const records = await recordsOf(ctx, ids);
    const pack = entities.length >= ctx.packThreshold;
    // Packed entities must not also stay elsewhere: take them out of older packs and records.
    const fromPacks = replace ? new Map<string, StoredEntity>() : await packs.takeOut(ids, write);
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
      await packs.write(rows, nowMs, write);
    } else {
      await db.entities.bulkPut(rows);
      await markPending(db, ids);
    }
    // Replaced entities that come back in the file are edits, not deletions.
    if (replace) await leaveTrash(db, ids);
    if (fileExtra) {
      await keepFileFields(db, fileExtra, replace);
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
async function recordsOf({ db, packThreshold }: StoreContext, ids: string[]): Promise<(StoredEntity | undefined)[]> {
  if (ids.length < packThreshold) return db.entities.bulkGet(ids);
  const keys = new Set((await db.entities.toCollection().primaryKeys()) as string[]);
  const present = ids.filter((id) => keys.has(id));
  const found = new Map((await db.entities.bulkGet(present)).flatMap((e) => (e ? [[e.id, e] as const] : [])));
  return ids.map((id) => found.get(id));
}
