/**
 * Push: send the reader's pending changes to their own database with `_bulk_docs`, each
 * document carrying the `_rev` of its base. Rows the server answers with a conflict (someone
 * wrote in between) are fetched again, merged and retried within the same sync, a bounded number
 * of times. Rows it forbids (`validate_doc_update`) stay pending here, are counted and reported,
 * and are not retried in this sync. A change made while its push was in flight keeps its
 * pending flag (floccus #759).
 */
import { docId, versionToDoc, type EntityDoc } from '../../core/sync/doc';
import { localVersion } from '../../core/sync/merge';
import type { SyncedEntity, Version } from '../../core/sync/types';
import { sameEntity } from '../../core/sync/values';
import { applyDocs, type ApplyContext } from './apply';
import { CouchError, type Couch } from './couch';
import { ALL_DOCS, BULK_ROWS } from './replies';
import { baseOf, firstTeamBases, isTeamBaseId, localCopy, storedBase } from './local';
import type { PullProgress } from './pull';

export const PUSH_BATCH = 250;
/** Rounds of fetch-merge-retry for rows that meet a conflict. */
export const CONFLICT_ROUNDS = 4;

export interface PushOptions {
  couch: Couch;
  dbName: string;
  apply: ApplyContext;
  batch?: number;
  onProgress?: (p: PullProgress) => void;
}

export interface PushResult {
  pushed: number;
  forbidden: Set<string>;
  /** The first reason the server gave for a refusal. */
  forbiddenReason?: string;
  unresolved: number;
  received: number;
  conflicts: number;
  changed: Set<string>;
}

interface BulkRow { id: string; rev?: string; ok?: boolean; error?: string; reason?: string }
interface AllDocsRow { key: string; error?: string; value?: { rev: string; deleted?: boolean }; doc?: EntityDoc | null }
interface Prepared { id: string; local: SyncedEntity; version: Version; doc: EntityDoc }

export async function push(o: PushOptions): Promise<PushResult> {
  const { db } = o.apply;
  const batch = o.batch ?? PUSH_BATCH;
  const result: PushResult = { pushed: 0, forbidden: new Set(), unresolved: 0, received: 0, conflicts: 0, changed: new Set() };
  const pendingIds = (await db.sync.where('pending').equals(1).primaryKeys()) as string[];
  let todo = pendingIds.filter((id) => !isTeamBaseId(id) && !o.apply.deferred.has(id));
  const total = todo.length;
  let done = 0;
  o.onProgress?.({ phase: 'push', database: o.dbName, done, total });
  for (let round = 0; todo.length > 0 && round < CONFLICT_ROUNDS; round++) {
    const conflicted: string[] = [];
    for (let i = 0; i < todo.length; i += batch) {
      const prepared = await prepare(o.apply, todo.slice(i, i + batch));
      if (prepared.length === 0) continue;
      const ok = await sendBulk(o.couch, o.dbName, prepared, result, conflicted, (p) => p.id);
      await commit(o.apply, ok);
      result.pushed += ok.length;
      done += ok.length;
      o.onProgress?.({ phase: 'push', database: o.dbName, done, total });
    }
    if (conflicted.length === 0) break;
    const refetched = await refetch(o, conflicted);
    result.received += refetched.received;
    result.conflicts += refetched.conflicts;
    for (const id of refetched.changed) result.changed.add(id);
    todo = conflicted;
    if (round === CONFLICT_ROUNDS - 1) result.unresolved = conflicted.length;
  }
  return result;
}

/**
 * One `_bulk_docs` request: returns the rows the server accepted with their new revisions, adds
 * the conflicting ones' ids to `conflicted` and the refused ones, for any other reason (named by
 * `refusedId`), to `result.forbidden`. A 401 on a row ends the sync like a 401 answer.
 */
export async function sendBulk<P extends { id: string; doc: EntityDoc }>(
  couch: Couch, dbName: string, prepared: P[], result: Pick<PushResult, 'forbidden' | 'forbiddenReason'>, conflicted: string[], refusedId: (p: P) => string,
): Promise<{ p: P; rev: string }[]> {
  let rows: BulkRow[];
  try {
    rows = await couch.request<BulkRow[]>('POST', couch.dbUrl(dbName, '/_bulk_docs'), { docs: prepared.map((p) => p.doc) }, BULK_ROWS);
  } catch (error) {
    // 413: the batch is over the server's (or its proxy's) size limit, nginx's 1 MB by default.
    // Halves are sent instead, as CouchDB's own replicator does; a document too large alone is
    // refused like a row. Until 2026-12-07 a 413 failed every sync for good (found by a probe).
    if (!(error instanceof CouchError) || error.status !== 413) throw error;
    if (prepared.length === 1) {
      result.forbidden.add(refusedId(prepared[0]));
      result.forbiddenReason ??= error.reason;
      return [];
    }
    const half = Math.ceil(prepared.length / 2);
    const first = await sendBulk(couch, dbName, prepared.slice(0, half), result, conflicted, refusedId);
    return first.concat(await sendBulk(couch, dbName, prepared.slice(half), result, conflicted, refusedId));
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ok: { p: P; rev: string }[] = [];
  for (const p of prepared) {
    const row = byId.get(p.doc._id);
    if (row?.rev && !row.error) ok.push({ p, rev: row.rev });
    else if (row?.error === 'conflict') conflicted.push(p.id);
    else if (row?.error === 'unauthorized') throw new CouchError('auth', 'wrong username or password', 401);
    else if (row?.error) {
      // `forbidden` (validate_doc_update), or any other refusal of the row (`too_large`,
      // `internal_server_error`…): kept here and reported with the server's reason. Only
      // `forbidden` was, and the others said `Synced` with a change still to send and no reason
      // (found by a probe, 2026-12-07).
      result.forbidden.add(refusedId(p));
      result.forbiddenReason ??= row.reason || row.error;
    }
  }
  return ok;
}

/** Build the documents to send; changes that turn out to be no change are cleared here. */
async function prepare(ctx: ApplyContext, ids: string[]): Promise<Prepared[]> {
  const { db } = ctx;
  return db.transaction('rw', [db.entities, db.trash, db.sync], async () => {
    const [entities, trash, records] = await Promise.all([db.entities.bulkGet(ids), db.trash.bulkGet(ids), db.sync.bulkGet(ids)]);
    const out: Prepared[] = [];
    const cleared: string[] = [];
    // A deletion of an entity the own database never had is usually nothing to send, unless the
    // entity came from a team database: then the reader's other devices hold it too, and only a
    // deletion in the own database tells them (CONTRACT §4: the deletion syncs).
    const unsent = ids.filter((_, i) => records[i]?.pending === 1 && !baseOf(records[i]) && !entities[i]);
    const unsentBases = await firstTeamBases(db, ctx.teams ?? [], unsent);
    const fromTeam = new Map(unsent.flatMap((id, k) => (unsentBases[k] ? [[id, unsentBases[k]] as const] : [])));
    ids.forEach((id, i) => {
      const record = records[i];
      if (!record || record.pending !== 1) return;
      const entity = entities[i];
      if (entity && entity.source !== 'own') {
        cleared.push(id); // subscribed lists are never sent: nothing waits
        return;
      }
      // A team entity's deletion descends from its team version (its clock), so the reader's
      // other devices, which hold that version, take the deletion as the later change.
      const base = baseOf(record) ?? fromTeam.get(id);
      const local = localCopy(entity, trash[i]) ?? (base ? { ...base.entity, deleted: true, deletedAt: base.entity.deletedAt ?? new Date(ctx.nowMs).toISOString() } : undefined);
      if (!local || (base && record.rev && sameEntity(local, base.entity)) || (!base && local.deleted)) {
        cleared.push(id);
        return;
      }
      const version = { ...localVersion(base, local, ctx.node), by: ctx.username };
      out.push({ id, local, version, doc: versionToDoc(version, record.rev, ctx.username) });
    });
    if (cleared.length) {
      const rows = records.filter((r) => r && cleared.includes(r.id)).map((r) => ({ ...r!, pending: 0 as const }));
      await db.sync.bulkPut(rows);
    }
    return out;
  });
}

/** Record what the server accepted; a copy edited meanwhile stays pending. */
async function commit(ctx: ApplyContext, ok: { p: Prepared; rev: string }[]): Promise<void> {
  if (ok.length === 0) return;
  const { db } = ctx;
  const ids = ok.map((x) => x.p.id);
  await db.transaction('rw', [db.entities, db.trash, db.sync], async () => {
    const [entities, trash] = await Promise.all([db.entities.bulkGet(ids), db.trash.bulkGet(ids)]);
    await db.sync.bulkPut(ok.map(({ p, rev }, i) => {
      const now = localCopy(entities[i], trash[i]);
      const unchanged = now ? sameEntity(now, p.local) : p.local.deleted === true;
      return { id: p.id, rev, base: storedBase(p.version), clock: p.version.clock, pending: unchanged ? 0 : 1 };
    }));
  });
}

/** Fetch the server's current copies of conflicted rows and merge them in before the retry. */
async function refetch(o: PushOptions, ids: string[]) {
  const answer = await o.couch.request<{ rows: AllDocsRow[] }>('POST', o.couch.dbUrl(o.dbName, '/_all_docs?include_docs=true&conflicts=true'), { keys: ids.map(docId) }, ALL_DOCS);
  const docs: EntityDoc[] = [];
  const revs = new Map<string, string | undefined>();
  for (const row of answer.rows) {
    const id = row.key.slice('entity:'.length);
    if (row.doc) docs.push(row.doc);
    // Gone from the server (wiped) or deleted by another tool: write over it as a new revision.
    else revs.set(id, row.value?.rev);
  }
  const applied = await applyDocs({ ...o.apply }, docs);
  if (revs.size) {
    const { db } = o.apply;
    await db.transaction('rw', db.sync, async () => {
      const records = await db.sync.bulkGet([...revs.keys()]);
      await db.sync.bulkPut(records.flatMap((r) => (r ? [{ ...r, rev: revs.get(r.id), pending: 1 as const }] : [])));
    });
  }
  return applied;
}
