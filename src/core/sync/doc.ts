/**
 * Entities as CouchDB documents (CONTRACT §4 "On the server"): one document per entity,
 * `_id` = `entity:<id>`, the fields of CONTRACT §2 at the top level (unknown fields too, as in
 * the interchange format), soft deletion as `deleted: true` with `deletedAt`, and the sync
 * metadata under `sync`:
 *
 *   { "_id": "entity:rajnath-singh", "_rev": "3-…", "id": "rajnath-singh", "name": "Rajnath Singh",
 *     …, "updatedAt": "2025-05-06T00:00:00Z", "deleted": true, "deletedAt": "…",
 *     "sync": { "clock": { "notes": "000001746489600000-00000-k3j9…", … },
 *               "removed": { "tags": ["old-tag"] }, "by": "alice" } }
 *
 * Documents are never `_deleted` by Backstory: a CouchDB deletion would drop the fields, and a
 * soft-deleted entity keeps its notes for a later undo. A `_deleted` document written by another
 * tool is read as a soft deletion.
 */
import { ENTITY_TYPES, KNOWN_ENTITY_FIELDS, type EntityType, type Link } from '../entities/entity';
import { hlcFromTime } from './hlc';
import { CLOCKED_FIELDS, SET_FIELDS, type Clock, type Removals, type SyncedEntity, type Version } from './types';

export const DOC_PREFIX = 'entity:';

export interface EntityDoc {
  _id: string;
  _rev?: string;
  _deleted?: boolean;
  _conflicts?: string[];
  [field: string]: unknown;
}

/** Top-level names an unknown entity field may not take on the server. */
const RESERVED = new Set<string>([...KNOWN_ENTITY_FIELDS, 'deleted', 'deletedAt', 'sync']);

export function docId(entityId: string): string {
  return DOC_PREFIX + entityId;
}

export function isEntityDocId(id: string): boolean {
  return id.startsWith(DOC_PREFIX);
}

/** The document for a version; `rev` is the base revision the write replaces. */
export function versionToDoc(version: Version, rev: string | undefined, by: string | undefined): EntityDoc {
  const { entity, clock, removed } = version;
  const doc: EntityDoc = { _id: docId(entity.id) };
  if (rev) doc._rev = rev;
  const reservedExtra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entity.extra ?? {})) {
    if (RESERVED.has(key) || key.startsWith('_')) reservedExtra[key] = value;
    else doc[key] = value;
  }
  Object.assign(doc, {
    id: entity.id, name: entity.name, aliases: entity.aliases, type: entity.type, summary: entity.summary,
    notes: entity.notes, tags: entity.tags, links: entity.links, updatedAt: entity.updatedAt,
  });
  if (entity.guard !== undefined) doc.guard = entity.guard;
  if (entity.conflict) doc.conflict = true;
  if (entity.deleted) {
    doc.deleted = true;
    doc.deletedAt = entity.deletedAt ?? entity.updatedAt;
  }
  const sync: Record<string, unknown> = { clock };
  if (removed && Object.keys(removed).length) sync.removed = removed;
  if (by) sync.by = by;
  if (Object.keys(reservedExtra).length) sync.extra = reservedExtra;
  doc.sync = sync;
  return doc;
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

function links(v: unknown): Link[] {
  if (!Array.isArray(v)) return [];
  return v.filter((x): x is Link => !!x && typeof x === 'object' && typeof (x as Link).url === 'string');
}

/**
 * A document read back as a version. Documents from other tools are read leniently: a missing
 * field is empty, a field without a clock gets the clock of the document's `updatedAt`.
 * Returns undefined for documents that are not entities. `fallback` gives the fields of a
 * `_deleted` document (the base or the local copy).
 */
export function docToVersion(doc: EntityDoc, fallback?: Version): Version | undefined {
  if (!isEntityDocId(doc._id)) return undefined;
  const id = doc._id.slice(DOC_PREFIX.length);
  if (doc._deleted) {
    if (!fallback) return undefined;
    const at = new Date().toISOString();
    return { ...fallback, entity: { ...fallback.entity, deleted: true, deletedAt: fallback.entity.deletedAt ?? at }, clock: { ...fallback.clock, deleted: hlcFromTime(at, 'server') } };
  }
  const type = ENTITY_TYPES.includes(doc.type as EntityType) ? (doc.type as EntityType) : 'other';
  const sync = record(doc.sync);
  const extra: Record<string, unknown> = { ...record(sync.extra) };
  for (const [key, value] of Object.entries(doc)) {
    if (!RESERVED.has(key) && !key.startsWith('_')) extra[key] = value;
  }
  const updatedAt = str(doc.updatedAt, '1970-01-01T00:00:00.000Z');
  const entity: SyncedEntity = {
    id, name: str(doc.name), aliases: strings(doc.aliases), type, summary: str(doc.summary), notes: str(doc.notes),
    tags: strings(doc.tags), links: links(doc.links), updatedAt,
  };
  if (typeof doc.guard === 'boolean') entity.guard = doc.guard;
  if (doc.conflict === true) entity.conflict = true;
  if (Object.keys(extra).length) entity.extra = extra;
  if (doc.deleted === true) {
    entity.deleted = true;
    entity.deletedAt = str(doc.deletedAt, updatedAt);
  }
  const rawClock = record(sync.clock);
  const clock: Clock = {};
  for (const field of CLOCKED_FIELDS) {
    const c = rawClock[field];
    clock[field] = typeof c === 'string' ? c : hlcFromTime(updatedAt, 'server');
  }
  const rawRemoved = record(sync.removed);
  const removed: Removals = {};
  for (const field of SET_FIELDS) {
    const list = strings(rawRemoved[field]);
    if (list.length) removed[field] = list;
  }
  return { entity, clock, removed, by: typeof sync.by === 'string' ? sync.by : undefined };
}
