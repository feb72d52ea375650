/**
 * Import without "Replace existing entities" (CONTRACT §2): an imported entity whose id is stored
 * updates the stored one field by field.
 *
 * - A field the file gave replaces the stored one, even when empty (`"aliases": []` empties the
 *   aliases; a CSV `aliases` column with a blank cell too). A field the file left out (no key, no
 *   column, `null`, a blank `type`/`updatedAt`) keeps the stored value, although parse filled it
 *   with its default.
 * - `notes` are never erased: blank incoming notes keep the stored ones; incoming notes already
 *   contained in the stored ones change nothing (importing a file twice appends once); incoming
 *   notes that begin with the stored ones replace them (the file extends the notes, as after an
 *   export, an edit and an import); any other notes are appended below the stored ones after a
 *   blank line.
 * - Unknown fields (`extra`) merge key by key; a link list is one field.
 * - If nothing but `updatedAt` would change, the stored entity is returned as it is (the same
 *   object, so callers can skip the write). Otherwise `updatedAt` is the later of the stored one
 *   and the incoming one (the file's, or the import's time), so an update never moves an entity
 *   back in time.
 */
import type { Entity } from './entity';
import { presentFieldsOf, type KnownEntityField, type PresentFields } from './normalize';

/** Between stored notes and notes appended by an import. */
export const NOTES_SEPARATOR = '\n\n';

const REPLACED_FIELDS = ['name', 'aliases', 'type', 'summary', 'tags', 'links', 'guard', 'conflict'] as const;

/**
 * The stored entity updated by an imported one with the same id. `present` says which fields the
 * file gave; by default it is what parse recorded for `incoming`, and for an entity parse did not
 * make, every field it holds.
 */
export function mergeImported(stored: Entity, incoming: Entity, present?: PresentFields): Entity {
  const given = present ?? presentFieldsOf(incoming);
  const has = (field: KnownEntityField): boolean => incoming[field] !== undefined && (given ? given.has(field) : true);
  // Spread first: a stored row may carry store or sync fields that are not ours to drop.
  const merged: Entity = { ...stored };
  for (const field of REPLACED_FIELDS) {
    if (has(field)) Object.assign(merged, { [field]: incoming[field] });
  }
  if (has('notes')) merged.notes = mergeNotes(stored.notes, incoming.notes);
  if (incoming.extra) {
    const extra: Record<string, unknown> = { ...stored.extra };
    for (const [key, value] of Object.entries(incoming.extra)) {
      Object.defineProperty(extra, key, { value, enumerable: true, writable: true, configurable: true });
    }
    merged.extra = extra;
  }
  if (sameContent(stored, merged)) return stored;
  if (laterThan(incoming.updatedAt, stored.updatedAt)) merged.updatedAt = incoming.updatedAt;
  return merged;
}

/** Notes after an import: never fewer than the stored ones (see the module comment). */
export function mergeNotes(stored: string, incoming: string): string {
  const add = comparable(incoming);
  if (add === '') return stored;
  const have = comparable(stored);
  if (have === '') return incoming;
  if (have.includes(add)) return stored;
  if (add.startsWith(have)) return incoming;
  return `${stored.trimEnd()}${NOTES_SEPARATOR}${incoming.trim()}`;
}

/** Line ends and outer white space do not make notes different (spreadsheets rewrite both). */
function comparable(notes: string): string {
  return notes.replace(/\r\n?/g, '\n').trim();
}

function laterThan(a: string, b: string): boolean {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  return Number.isNaN(tb) || ta > tb;
}

function sameContent(a: Entity, b: Entity): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete('updatedAt');
  for (const key of keys) {
    if (!sameJson((a as unknown as Record<string, unknown>)[key], (b as unknown as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/** Deep equality of JSON-like values (object key order ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
  const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && sameJson(ra[k], rb[k]));
}
