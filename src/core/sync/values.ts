/**
 * Field values compared the way the merge needs: absent and empty mean the same (`guard`
 * undefined = false, `extra` undefined = {}), and objects compare by content.
 */
import type { Link } from '../entities/entity';
import type { ClockedField, SyncedEntity } from './types';

/** Stable JSON: object keys sorted, so equal content gives equal strings. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
    }
    return v;
  }) ?? 'null';
}

/** The value of a clocked field, normalised so that "absent" and "empty" compare equal. */
export function fieldValue(entity: SyncedEntity, field: ClockedField): unknown {
  switch (field) {
    case 'guard':
    case 'conflict':
    case 'deleted':
      return entity[field] === true;
    case 'extra':
      return entity.extra && Object.keys(entity.extra).length > 0 ? entity.extra : {};
    default:
      return entity[field];
  }
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return canonical(a) === canonical(b);
}

export function sameField(a: SyncedEntity, b: SyncedEntity, field: ClockedField): boolean {
  return sameValue(fieldValue(a, field), fieldValue(b, field));
}

/** Two entities equal in every synced field (and `updatedAt`, `deletedAt`). */
export function sameEntity(a: SyncedEntity, b: SyncedEntity): boolean {
  return canonical(comparable(a)) === canonical(comparable(b));
}

function comparable(e: SyncedEntity): Record<string, unknown> {
  return {
    id: e.id, name: e.name, aliases: e.aliases, type: e.type, summary: e.summary, notes: e.notes, tags: e.tags,
    links: e.links, updatedAt: e.updatedAt, guard: e.guard === true, conflict: e.conflict === true,
    extra: e.extra && Object.keys(e.extra).length ? e.extra : {}, deleted: e.deleted === true,
    deletedAt: e.deleted ? e.deletedAt : undefined,
  };
}

/** Links keyed by URL (a repeated URL gets `#2`, `#3`…), the identity used by the set merge. */
export function linkKeys(links: readonly Link[]): string[] {
  const seen = new Map<string, number>();
  return links.map((link) => {
    const n = (seen.get(link.url) ?? 0) + 1;
    seen.set(link.url, n);
    return n === 1 ? link.url : `${link.url}#${n}`;
  });
}

export function laterIso(a: string, b: string): string {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (!Number.isFinite(ta)) return b;
  if (!Number.isFinite(tb)) return a;
  return tb > ta ? b : a;
}
