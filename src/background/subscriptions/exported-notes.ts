/**
 * The reader's notes on subscribed-list entities in Export and Import (CONTRACT §2: Export writes
 * the reader's own entities, "not those of subscribed lists, whose notes it does write"). They
 * travel as the file-level field `listNotes`: one `{ id, name, notes, updatedAt }` per entity,
 * `id` being the list entity's full id (`<list id>/<entity id>`) and `name` only for the reader's
 * eye. An import puts them back under their ids, whether or not that list is subscribed yet (a
 * note shows again when its list does, as after an unsubscribe), and appends a different text
 * below a stored one, as an import does with an own entity's notes.
 */
import { mergeNotes } from '../../core/entities';
import type { BackstoryDb, ListNoteRecord } from '../../shared/db';

/** The file-level field that carries them. */
export const LIST_NOTES_FIELD = 'listNotes';

export interface ExportedListNote {
  id: string;
  name?: string;
  notes: string;
  updatedAt: string;
}

/** Every non-empty reader note on a list entity, in id order, for Export. */
export async function exportedListNotes(db: BackstoryDb): Promise<ExportedListNote[]> {
  const rows = (await db.listNotes.toArray()).filter((r) => r.notes.trim() !== '');
  const entities = await db.entities.bulkGet(rows.map((r) => r.id));
  return rows.map((r, i) => ({ id: r.id, ...(entities[i] ? { name: entities[i].name } : {}), notes: r.notes, updatedAt: r.updatedAt }));
}

/** The well-formed notes of a file's `listNotes` field (anything else in it is ignored). */
export function readListNotes(value: unknown): ListNoteRecord[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown): ListNoteRecord[] => {
    if (typeof item !== 'object' || item === null) return [];
    const { id, notes, updatedAt } = item as Record<string, unknown>;
    if (typeof id !== 'string' || id === '' || typeof notes !== 'string' || notes.trim() === '') return [];
    return [{ id, notes, updatedAt: typeof updatedAt === 'string' && !Number.isNaN(Date.parse(updatedAt)) ? updatedAt : new Date().toISOString() }];
  });
}

/** Inside an import's transaction (over `listNotes`): put the file's notes back. */
export async function importListNotes(db: BackstoryDb, notes: readonly ListNoteRecord[]): Promise<void> {
  if (notes.length === 0) return;
  const stored = await db.listNotes.bulkGet(notes.map((n) => n.id));
  await db.listNotes.bulkPut(notes.map((n, i) => {
    const old = stored[i];
    if (!old) return n;
    const merged = mergeNotes(old.notes, n.notes);
    return merged === old.notes ? old : { ...old, notes: merged, updatedAt: new Date().toISOString() };
  }));
}
