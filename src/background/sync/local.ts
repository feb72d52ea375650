/**
 * How sync reads and writes the local store, consistently with `EntityStore`:
 * a live entity is a row of `entities` (source 'own'); a soft-deleted one is a row of `trash`
 * (so `Undo` still works); `sync` holds the server revision, the base of the next three-way
 * merge with its clocks, and `pending` = 1 while a local change waits to be sent.
 *
 * `SyncRecord.base` holds a `StoredBase`: the entity as last agreed with the server plus its
 * `deleted`/`deletedAt` and recorded set removals (see docs/sync.md; db.ts types it as `Entity`).
 */
import type { Entity } from '../../core/entities/entity';
import type { Removals, SyncedEntity, Version } from '../../core/sync/types';
import type { BackstoryDb, StoredEntity, SyncRecord, TrashRecord } from '../../shared/db';

export interface StoredBase extends SyncedEntity {
  removed?: Removals;
  /** Who last wrote the server copy. */
  by?: string;
}

/** Team databases' bases live in `sync` under ids no entity can have (entity ids never start with `_`). */
export function teamBaseId(db: string, id: string): string {
  return `_team:${db}:${id}`;
}

export function isTeamBaseId(id: string): boolean {
  return id.startsWith('_team:');
}

/**
 * Inside a transaction over `sync`: each id's base from the first of `teams` that has one (point
 * lookups), by index. What an own-database change descends from when the own database never held
 * the entity: a team entity deleted by the reader (push.ts), or that deletion met on another of
 * the reader's devices (apply.ts).
 */
export async function firstTeamBases(db: BackstoryDb, teams: readonly string[], ids: readonly string[]): Promise<(Version | undefined)[]> {
  if (teams.length === 0 || ids.length === 0) return ids.map(() => undefined);
  const rows = await db.sync.bulkGet(ids.flatMap((id) => teams.map((t) => teamBaseId(t, id))));
  return ids.map((_, k) => {
    for (let t = 0; t < teams.length; t++) {
      const base = baseOf(rows[k * teams.length + t]);
      if (base) return base;
    }
    return undefined;
  });
}

export function baseOf(record: SyncRecord | undefined): Version | undefined {
  if (!record?.base) return undefined;
  const { removed, by, ...entity } = record.base as StoredBase;
  return { entity, clock: record.clock ?? {}, removed, by };
}

export function storedBase(version: Version): Entity {
  const base: StoredBase = { ...version.entity };
  if (version.removed && Object.keys(version.removed).length) base.removed = version.removed;
  if (version.by) base.by = version.by;
  return base;
}

/** This device's copy: the live entity, or the trashed one marked deleted; undefined when neither exists. */
export function localCopy(entity: StoredEntity | undefined, trash: TrashRecord | undefined): SyncedEntity | undefined {
  if (entity) return plain(entity);
  if (trash) return { ...plain(trash.entity), deleted: true, deletedAt: new Date(trash.deletedAt).toISOString() };
  return undefined;
}

/** An entity without the store's `source` (and without sync-only fields). */
export function plain(entity: StoredEntity | SyncedEntity): SyncedEntity {
  const { source: _source, ...rest } = entity as StoredEntity;
  return rest;
}

/** The store's form of a merged entity: sync-only fields dropped, source 'own'. */
export function toStored(entity: SyncedEntity): StoredEntity {
  const { deleted: _deleted, deletedAt: _deletedAt, ...rest } = entity;
  const stored: StoredEntity = { ...rest, source: 'own' };
  if (!stored.conflict) delete stored.conflict;
  return stored;
}
