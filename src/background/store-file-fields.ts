/**
 * The file-level fields of the reader's imports (CONTRACT §2), kept in `meta` for Export to write
 * back: which fields are kept, and how an import merges or replaces them. Apart from the entity
 * store (store.ts) because they are not entities: imports (store-import.ts) write them, backups
 * (store-backups.ts) save and restore them, and the store only reads them for Export.
 */
import { LIST_NOTES_FIELD } from './subscriptions/exported-notes';
import type { BackstoryDb } from '../shared/db';

/** `meta` key of the file-level fields of the reader's imports, written back by Export (CONTRACT §2). */
export const FILE_FIELDS_KEY = 'fileFields';
/**
 * File-level fields that act on the entities when they are imported (a list's default `guard`):
 * applied then, to each entity, and never written back, or an exported file would apply them
 * again to entities that never had them.
 */
const APPLIED_AT_IMPORT: ReadonlySet<string> = new Set(['guard', LIST_NOTES_FIELD]);
export const fieldsOf = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/**
 * Inside an import's transaction: merge (or with `replace`, swap in) a file's own fields. Dexie's
 * own promises only, as in packs.ts: the transaction stays open across nothing else.
 */
export function keepFileFields(db: BackstoryDb, fileExtra: Record<string, unknown>, replace: boolean): Promise<unknown> | undefined {
  const given = Object.entries(fileExtra).filter(([key]) => !APPLIED_AT_IMPORT.has(key));
  if (given.length === 0 && !replace) return undefined;
  return db.meta.get(FILE_FIELDS_KEY).then((row) =>
    db.meta.put({ key: FILE_FIELDS_KEY, value: { ...(replace ? {} : fieldsOf(row?.value)), ...Object.fromEntries(given) } }));
}
