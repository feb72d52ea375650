/**
 * The reader's own notes on entities of subscribed lists (`listNotes`), as CouchDB documents and
 * merged three-way, like an entity's notes (docs/sync.md "Reader notes on list entities").
 *
 * CONTRACT §4 fixes the shape of *entity* documents (`entity:<id>`); these notes are not entities
 * (a list's entities are never synced: every device fetches the list itself), so they live in
 * their own id namespace of the same database, one document per note:
 *
 *   { "_id": "listnote:example-org-3fa9c1b2d4/ilse-varga", "_rev": "2-…",
 *     "id": "example-org-3fa9c1b2d4/ilse-varga", "list": "example-org-3fa9c1b2d4", "entity": "ilse-varga",
 *     "notes": "She answered within a day.", "updatedAt": "2025-06-01T10:00:00.000Z",
 *     "sync": { "clock": { "notes": "001748772000000-00000-k3j9x2" }, "by": "alice" } }
 *
 * The list id is derived from the list's URL (core/lists/list-url.ts), so two devices subscribed
 * to the same URL name the same entity the same way. A removed note is `notes: ""` (never a
 * CouchDB `_deleted`, for the reason entities are soft-deleted: an edit made elsewhere must still
 * merge against it); where two edits could not merge, the text holds both between markers and the
 * document says `"conflict": true`, as CONTRACT §4 asks of entities.
 */
import type { EntityDoc } from './doc';
import { compareHlc, hlcFromTime, maxHlc, tick, type Hlc } from './hlc';
import { hasConflictMarkers, mergeNotes } from './notes';
import { laterIso } from './values';

export const LIST_NOTE_PREFIX = 'listnote:';

/** One copy of a reader note: this device's, the server's, or the last one both agreed on. */
export interface NoteVersion {
  /** The list entity's full id, `<list id>/<entity id>`. */
  id: string;
  /** The reader's text; "" when there is none (removed). */
  notes: string;
  updatedAt: string;
  /** Hybrid logical clock of the text (only to recognise stale server copies, see `mergeListNote`). */
  clock: Hlc;
  /** Who last wrote the server copy, for conflict labels. */
  by?: string;
}

export function listNoteDocId(id: string): string {
  return LIST_NOTE_PREFIX + id;
}

export function isListNoteDocId(id: string): boolean {
  return id.startsWith(LIST_NOTE_PREFIX);
}

export function noteToDoc(version: NoteVersion, rev: string | undefined, by: string | undefined): EntityDoc {
  const slash = version.id.indexOf('/');
  const doc: EntityDoc = { _id: listNoteDocId(version.id) };
  if (rev) doc._rev = rev;
  Object.assign(doc, {
    id: version.id,
    list: slash > 0 ? version.id.slice(0, slash) : '',
    entity: slash > 0 ? version.id.slice(slash + 1) : version.id,
    notes: version.notes,
    updatedAt: version.updatedAt,
  });
  if (hasConflictMarkers(version.notes)) doc.conflict = true;
  doc.sync = { clock: { notes: version.clock }, ...(by ? { by } : {}) };
  return doc;
}

const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/**
 * A document read back; undefined for documents that are not reader notes. Read leniently (other
 * tools may write them): missing text is "", a missing clock is the clock of `updatedAt`, and a
 * `_deleted` document is a removed note.
 */
export function docToNote(doc: EntityDoc): NoteVersion | undefined {
  if (!isListNoteDocId(doc._id)) return undefined;
  const id = doc._id.slice(LIST_NOTE_PREFIX.length);
  const updatedAt = typeof doc.updatedAt === 'string' ? doc.updatedAt : '1970-01-01T00:00:00.000Z';
  const sync = record(doc.sync);
  const clock = record(sync.clock).notes;
  return {
    id,
    notes: !doc._deleted && typeof doc.notes === 'string' ? doc.notes : '',
    updatedAt,
    clock: typeof clock === 'string' ? clock : hlcFromTime(updatedAt, 'server'),
    by: typeof sync.by === 'string' ? sync.by : undefined,
  };
}

/**
 * This device's copy: the stored text ("" when the reader removed it). Unchanged since the base,
 * it keeps the base's clock; changed, its clock is after the base's and no earlier than the
 * record's `updatedAt` (local saves stamp `updatedAt` only, like entity edits).
 */
export function localNote(id: string, base: NoteVersion | undefined, stored: { notes: string; updatedAt: string } | undefined, node: string, nowMs: number): NoteVersion {
  const notes = stored?.notes ?? '';
  if (base && notes === base.notes) return { ...base, updatedAt: stored?.updatedAt ?? base.updatedAt, by: undefined };
  // A removal leaves no record, hence no time of its own: it happened before this sync.
  const updatedAt = stored?.updatedAt ?? new Date(nowMs).toISOString();
  const ms = Date.parse(updatedAt);
  const at = Number.isFinite(ms) ? ms : nowMs;
  return { id, notes, updatedAt, clock: base ? tick(base.clock, at, node) : hlcFromTime(updatedAt, node) };
}

export interface NoteMergeInput {
  base?: NoteVersion;
  local: NoteVersion;
  remote: NoteVersion;
  labels: { local: string; remote: string };
  node: string;
  nowMs: number;
}

/**
 * The same three-way text merge as an entity's notes (`mergeNotes`): edits to different lines
 * merge, clashing edits keep both texts between markers, so no one's words are dropped. A server
 * copy whose clock is older than the base's is stale (a database restored from a backup) and
 * counts as unchanged, so an old text never replaces a newer one.
 */
export function mergeListNote({ base, local, remote, labels, node, nowMs }: NoteMergeInput): { version: NoteVersion; conflict: boolean } {
  const r = base && compareHlc(remote.clock, base.clock) < 0 ? base : remote;
  const merged = mergeNotes(base?.notes, local.notes, r.notes, labels);
  const updatedAt = laterIso(local.updatedAt, r.updatedAt);
  let clock: Hlc;
  if (merged.text === local.notes && merged.text === r.notes) clock = maxHlc(local.clock, r.clock) ?? local.clock;
  else if (merged.text === local.notes) clock = local.clock;
  else if (merged.text === r.notes) clock = r.clock;
  else clock = tick(maxHlc(local.clock, r.clock), nowMs, node);
  return { version: { id: local.id, notes: merged.text, updatedAt, clock }, conflict: merged.conflict };
}
