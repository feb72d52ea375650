/**
 * Entities of a subscribed list are read-only: the list's publisher owns every field, and the
 * next copy would overwrite any edit. The reader's own notes on them live apart, in
 * `listNotes` under the entity's full id, so that a list update never touches them and an
 * unsubscribe keeps them (they show again if the same list returns).
 *
 * What a card shows as notes for a list entity is the list's notes, then the reader's.
 */
import type { Entity } from '../../core/entities';
import type { BackstoryDb, StoredEntity } from '../../shared/db';

/** The refusal an edit of a list entity gets, in words for the popup. */
export const READ_ONLY_MESSAGE = 'This entity comes from a subscribed list and cannot be edited; only your notes can be changed.';

/** Between the list's notes and the reader's when both are shown as one text. */
export const READER_NOTES_SEPARATOR = '\n\n';

export function isListEntity(entity: Pick<StoredEntity, 'source'>): boolean {
  return entity.source !== 'own';
}

/**
 * An entity as pages and the popup should see it. For list entities `notes` is the combined
 * text; `listNotes` (read-only) and `readerNotes` (editable) are the two parts, so the editor can
 * show them apart.
 */
export type EntityView = StoredEntity & { readOnly: boolean; listNotes?: string; readerNotes?: string };

export function joinNotes(listNotes: string, readerNotes: string): string {
  if (readerNotes.trim() === '') return listNotes;
  if (listNotes.trim() === '') return readerNotes;
  return `${listNotes}${READER_NOTES_SEPARATOR}${readerNotes}`;
}

/** Overlay the reader's notes on list entities (own entities pass through, marked editable). */
export async function withReaderNotes(db: BackstoryDb, entities: StoredEntity[]): Promise<EntityView[]> {
  const listIds = entities.filter(isListEntity).map((e) => e.id);
  const notes = listIds.length === 0 ? [] : await db.listNotes.bulkGet(listIds);
  const byId = new Map<string, string>();
  listIds.forEach((id, i) => {
    const record = notes[i];
    if (record) byId.set(id, record.notes);
  });
  return entities.map((e) => {
    if (!isListEntity(e)) return { ...e, readOnly: false };
    const readerNotes = byId.get(e.id) ?? '';
    return { ...e, notes: joinNotes(e.notes, readerNotes), readOnly: true, listNotes: e.notes, readerNotes };
  });
}

/** Ids of list entities that carry reader notes: the matcher ranks "entities with notes" first (CONTRACT §3 rule 8). */
export async function idsWithReaderNotes(db: BackstoryDb): Promise<Set<string>> {
  const rows = await db.listNotes.toArray();
  return new Set(rows.filter((r) => r.notes.trim() !== '').map((r) => r.id));
}

export type ListNoteResult = { ok: true; entity: EntityView } | { ok: false; error: string };

/**
 * Save the reader's notes on a list entity (empty text removes them). Refuses ids that are not
 * list entities, so the popup cannot use it to bypass the own-entity path.
 */
export async function saveListNote(db: BackstoryDb, id: string, notes: string, now: () => Date = () => new Date()): Promise<ListNoteResult> {
  return db.transaction('rw', db.entities, db.listNotes, async () => {
    const stored = await db.entities.get(id);
    if (!stored) return { ok: false as const, error: 'This entity no longer exists.' };
    if (!isListEntity(stored)) return { ok: false as const, error: 'This entity is your own; save its notes as usual.' };
    if (notes.trim() === '') await db.listNotes.delete(id);
    else await db.listNotes.put({ id, notes, updatedAt: now().toISOString() });
    const [view] = await withReaderNotes(db, [stored]);
    return { ok: true as const, entity: view };
  });
}

export type ListPatchDecision =
  /** Not a list entity: the store's usual update applies. */
  | { kind: 'own' }
  /** Only `notes` changed: save them with saveListNote. */
  | { kind: 'notes'; notes: string }
  /** Nothing that differs from the stored entity: answer with it as it is. */
  | { kind: 'unchanged' }
  | { kind: 'refused'; error: string };

/**
 * What the `saveEntity` handler should do with a patch for `stored`. Fields equal to the
 * stored ones are ignored, so an editor that sends the whole form back still works.
 */
export function decideListPatch(stored: StoredEntity, patch: Partial<Omit<Entity, 'id' | 'updatedAt'>>): ListPatchDecision {
  if (!isListEntity(stored)) return { kind: 'own' };
  const changed = (Object.keys(patch) as (keyof typeof patch)[]).filter(
    (key) => key !== 'notes' && JSON.stringify(patch[key]) !== JSON.stringify(stored[key]),
  );
  if (changed.length > 0) return { kind: 'refused', error: READ_ONLY_MESSAGE };
  if (patch.notes === undefined) return { kind: 'unchanged' };
  return { kind: 'notes', notes: patch.notes };
}
