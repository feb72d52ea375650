/**
 * The Dexie schema of Backstory's IndexedDB store.
 *
 * The background is the only writer. Extension pages (popup, options) may read small things
 * directly (liveQuery) and stage uploaded files in `uploads`; they never write entities.
 * Content scripts never import this module: they run in the page's origin and would open the
 * page's database, not ours.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { Entity } from '../core/entities/entity';

/** Where an entity comes from: the reader's own list, or a subscribed list (`list:<id>`). */
export type EntitySource = 'own' | `list:${string}`;

export interface StoredEntity extends Entity {
  source: EntitySource;
}

/** Per-entity sync bookkeeping (CouchDB `_rev`, the last synced base for three-way merges). */
export interface SyncRecord {
  id: string;
  /** The server's `_rev` of the document this base came from. */
  rev?: string;
  /** The entity as last agreed with the server: the base of a three-way merge. */
  base?: Entity;
  /** 1 while a local change waits to be pushed (IndexedDB cannot index booleans). */
  pending: 0 | 1;
  /** Hybrid logical clock per field (last-writer-wins for scalar fields). */
  clock?: Record<string, string>;
}

/** A removed entity, kept for `Undo` and for soft-deletion sync. */
export interface TrashRecord {
  id: string;
  entity: StoredEntity;
  deletedAt: number;
}

/** The store as it was before a replacing import, restorable for 7 days. */
export interface BackupRecord {
  id: string;
  createdAt: number;
  reason: string;
  entities: StoredEntity[];
  /** The store's file-level fields then (Export writes them); absent in backups made before 2026-12-07. */
  fileFields?: Record<string, unknown>;
}

/**
 * A chunk of one large import (PACK_SIZE entities): written as one record, because Chromium's
 * IndexedDB pays per record (docs/manager.md "Storage"). An id lives in exactly one place: an
 * `entities` record or one pack; editing or removing a packed entity moves it out of its pack.
 */
export interface PackRecord {
  id: string;
  createdAt: number;
  entities: StoredEntity[];
}

/** The ids of one pack, apart from its entities, so finding an id's pack reads a few KB, not the packs. */
export interface PackIdsRecord {
  /** The pack's id. */
  id: string;
  ids: string[];
}

/** A file the options page staged for the background to import. */
export interface UploadRecord {
  id: string;
  name: string;
  /** The chosen File itself (a Blob: the browser keeps its bytes out of the page's heap), or its bytes or text. */
  data: string | ArrayBuffer | Blob;
  createdAt: number;
  /**
   * The reader's `Replace existing entities` choice, so that a worker that stopped half-way can
   * run the import again at its next start (background/imports.ts). Absent on files staged by
   * older versions: those are not resumed.
   */
  replace?: boolean;
}

/** A subscribed published list (CONTRACT §2 "Published lists"). */
export interface ListRecord {
  /** Short id: the namespace of the list's entities (`<id>/<entity id>`). */
  id: string;
  url: string;
  title?: string;
  homepage?: string;
  /** When the list is next due, in ms since the epoch. */
  dueAt: number;
  /** The last good copy's validators and dates. */
  etag?: string;
  lastModified?: string;
  /** When the last good copy was fetched (ms). */
  updatedAt?: number;
  /** Entities in the last good copy. */
  count: number;
  /** The last failure, in words, kept until a fetch succeeds. */
  error?: string;
}

/** The reader's own notes on an entity of a subscribed list: kept apart so list updates never touch them. */
export interface ListNoteRecord {
  /** The entity's full id (`<list id>/<entity id>`). */
  id: string;
  notes: string;
  updatedAt: string;
}

/** Small key-value records: settings, version counters, the persisted matcher. */
export interface MetaRecord {
  key: string;
  value: unknown;
}

export type BackstoryDb = Dexie & {
  entities: EntityTable<StoredEntity, 'id'>;
  sync: EntityTable<SyncRecord, 'id'>;
  trash: EntityTable<TrashRecord, 'id'>;
  backups: EntityTable<BackupRecord, 'id'>;
  uploads: EntityTable<UploadRecord, 'id'>;
  meta: EntityTable<MetaRecord, 'key'>;
  lists: EntityTable<ListRecord, 'id'>;
  listNotes: EntityTable<ListNoteRecord, 'id'>;
  packs: EntityTable<PackRecord, 'id'>;
  packIds: EntityTable<PackIdsRecord, 'id'>;
};

export const DB_NAME = 'backstory';

/**
 * Version 1 (v2 below drops three of its entity indexes). Indexes: `*aliases` (multi-entry) finds an entity by any alias; `updatedAt` orders
 * recent changes; `source` separates the reader's entities from subscribed lists';
 * `sync.pending` lists what waits to be pushed; `lists.dueAt` finds the subscriptions to refresh.
 */
export function openDb(options?: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange; name?: string }): BackstoryDb {
  // Pass only what is given: an explicit `indexedDB: undefined` makes Dexie think IndexedDB is missing.
  const dependencies = options?.indexedDB && options.IDBKeyRange ? { indexedDB: options.indexedDB, IDBKeyRange: options.IDBKeyRange } : {};
  const db = new Dexie(options?.name ?? DB_NAME, dependencies) as BackstoryDb;
  db.version(1).stores({
    entities: '&id, name, *aliases, updatedAt, source',
    sync: '&id, pending',
    trash: '&id, deletedAt',
    backups: '&id, createdAt',
    uploads: '&id, createdAt',
    meta: '&key',
    lists: '&id, url, dueAt',
    listNotes: '&id',
  });
  // Version 2: `entities` keeps only the indexes something reads (`source`: export, delete all,
  // subscriptions, sync). `name`, `*aliases` and `updatedAt` were never queried (search and
  // matching are in memory) yet cost every write. Dropping an index keeps every record, so no
  // upgrade function is needed. `packs`/`packIds` hold large imports (PackRecord).
  db.version(2).stores({
    entities: '&id, source',
    packs: '&id',
    packIds: '&id',
  });
  return db;
}
