/**
 * The merge of two copies of an entity against their last agreed base (three-way), field by field:
 *
 * - scalar fields (name, type, summary, guard, extra, conflict, deleted): the side that changed
 *   the field since the base wins; where both changed it, the later hybrid logical clock wins
 *   (last writer wins per field, so concurrent edits of different fields both survive);
 * - aliases, tags, links: add-wins sets (`sets.ts`);
 * - notes: a line-based three-way merge; unmergeable edits keep both texts between markers and
 *   set `conflict: true` (`notes.ts`);
 * - updatedAt: the later of both.
 *
 * A remote field whose clock is older than the base's is stale (a server restored from a backup
 * hands back old values): it counts as unchanged, so the past never overwrites newer edits.
 * A side that kept an entity and edited it after the other side deleted it revives it: its
 * `deleted` clock is the clock of its latest edit.
 */
import { compareHlc, hlcFromTime, maxHlc, tick, type Hlc } from './hlc';
import { mergeNotes } from './notes';
import { mergeKeys, mergeLinks, mergeRemovals, setKeys } from './sets';
import { CLOCKED_FIELDS, SET_FIELDS, type Clock, type ClockedField, type Removals, type SyncedEntity, type Version } from './types';
import { fieldValue, laterIso, sameField, sameValue } from './values';

export interface MergeInput {
  base?: Version;
  local: Version;
  remote: Version;
  /** Conflict marker labels (`conflictLabel`). */
  labels: { local: string; remote: string };
  /** This device's clock node id. */
  node: string;
  nowMs: number;
}

export interface MergeResult {
  version: Version;
  /** The notes held edits that could not merge: both texts are kept between markers. */
  notesConflict: boolean;
}

/** Copy one clocked field's value (and `deletedAt` with `deleted`) from `from` onto `to`. */
function copyField(to: SyncedEntity, from: SyncedEntity, field: ClockedField): void {
  Object.assign(to, { [field]: from[field] });
  if (field === 'deleted') to.deletedAt = from.deletedAt;
}

function editMs(entity: SyncedEntity, field: ClockedField): number {
  const ms = Date.parse((field === 'deleted' && entity.deleted ? entity.deletedAt : undefined) ?? entity.updatedAt);
  return Number.isFinite(ms) ? ms : 0;
}

/**
 * This device's copy as a `Version`: fields equal to the base keep the base's clock; changed
 * fields get a clock after the base's and no earlier than the entity's `updatedAt` (local writes
 * stamp `updatedAt`, not per-field clocks).
 */
export function localVersion(base: Version | undefined, entity: SyncedEntity, node: string): Version {
  const clock: Clock = {};
  for (const field of CLOCKED_FIELDS) {
    if (base && sameField(entity, base.entity, field)) clock[field] = base.clock[field] ?? hlcFromTime(base.entity.updatedAt, node);
    else clock[field] = base ? tick(base.clock[field], editMs(entity, field), node) : hlcFromTime(entity.updatedAt, node);
  }
  const removed: Removals = {};
  for (const field of SET_FIELDS) {
    const present = setKeys(field, entity[field]);
    const gone = base ? setKeys(field, base.entity[field]) : [];
    const list = mergeRemovals(field, { local: base?.removed, base: gone, result: present });
    if (list.length) removed[field] = list;
  }
  return { entity, clock, removed };
}

type Side = 'local' | 'remote';

export function mergeEntity({ base, local, remote, labels, node, nowMs }: MergeInput): MergeResult {
  const b = base?.entity;
  const l = local.entity;
  const lc = local.clock;
  // Stale remote fields (older than the base) count as unchanged.
  const r: SyncedEntity = { ...remote.entity };
  const rc: Clock = { ...remote.clock };
  if (base && b) {
    for (const field of CLOCKED_FIELDS) {
      if (compareHlc(rc[field], base.clock[field]) < 0) {
        copyField(r, b, field);
        rc[field] = base.clock[field];
      }
    }
  }
  // An edit after a deletion revives the entity: the keeping side's `deleted` clock is its latest edit.
  const reviveClock = (e: SyncedEntity, c: Clock): Hlc | undefined => {
    if (!b || e.deleted || b.deleted) return c.deleted;
    let latest: Hlc | undefined = c.deleted;
    for (const field of CLOCKED_FIELDS) if (field !== 'deleted' && !sameField(e, b, field)) latest = maxHlc(latest, c[field]);
    return latest;
  };
  const clocks = {
    local: { ...lc, deleted: reviveClock(l, lc) } as Clock,
    remote: { ...rc, deleted: reviveClock(r, rc) } as Clock,
  };

  /** Which side's value a scalar field takes. */
  const pick = (field: ClockedField): Side => {
    if (sameField(l, r, field)) return compareHlc(clocks.local[field], clocks.remote[field]) >= 0 ? 'local' : 'remote';
    // `deleted` always goes by clocks: an edit made after a deletion revives the entity.
    if (field !== 'deleted' && b && sameField(l, b, field)) return 'remote';
    if (field !== 'deleted' && b && sameField(r, b, field)) return 'local';
    const order = compareHlc(clocks.local[field], clocks.remote[field]);
    if (order !== 0) return order > 0 ? 'local' : 'remote';
    // Equal clocks (only from foreign writers): a fixed, deterministic rule will do.
    return JSON.stringify(fieldValue(l, field)) >= JSON.stringify(fieldValue(r, field)) ? 'local' : 'remote';
  };
  /** The clock of a merged value: a side's when it equals that side's value, else a new tick. */
  const clockOf = (field: ClockedField, value: unknown): Hlc => {
    const lv = sameValue(value, fieldValue(l, field));
    const rv = sameValue(value, fieldValue(r, field));
    if (lv && rv) return maxHlc(lc[field], rc[field]) ?? tick(undefined, nowMs, node);
    if (lv) return lc[field] ?? tick(undefined, nowMs, node);
    if (rv) return rc[field] ?? tick(undefined, nowMs, node);
    return tick(maxHlc(lc[field], rc[field]), nowMs, node);
  };

  const out: SyncedEntity = { ...l, updatedAt: laterIso(l.updatedAt, r.updatedAt) };
  const clock: Clock = {};
  for (const field of ['name', 'type', 'summary', 'guard', 'extra', 'conflict', 'deleted'] as const) {
    const side = pick(field);
    copyField(out, side === 'local' ? l : r, field);
    clock[field] = side === 'local' ? lc[field] : rc[field];
  }
  if (!out.deleted) delete out.deletedAt;
  for (const field of ['aliases', 'tags'] as const) {
    out[field] = mergeKeys(b?.[field], l[field], r[field], local.removed?.[field], remote.removed?.[field]);
    clock[field] = clockOf(field, out[field]);
  }
  out.links = mergeLinks(b?.links, l.links, r.links, { local: local.removed?.links, remote: remote.removed?.links }, compareHlc(lc.links, rc.links) >= 0);
  clock.links = clockOf('links', out.links);

  const notes = mergeNotes(b?.notes, l.notes, r.notes, labels);
  out.notes = notes.text;
  clock.notes = clockOf('notes', out.notes);
  if (notes.conflict) {
    out.conflict = true;
    clock.conflict = clock.notes;
  }
  const removed: Removals = {};
  for (const field of SET_FIELDS) {
    const list = mergeRemovals(field, { local: local.removed, remote: remote.removed, base: b ? setKeys(field, b[field]) : [], result: setKeys(field, out[field]) });
    if (list.length) removed[field] = list;
  }
  return { version: { entity: out, clock, removed }, notesConflict: notes.conflict };
}
