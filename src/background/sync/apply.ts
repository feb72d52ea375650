/**
 * Storing server documents locally: each batch is one Dexie transaction that reads the local
 * copies, merges, writes the results and, in the same transaction, the checkpoint that covers
 * the batch. A sync cut off anywhere either stored a batch with its checkpoint or neither
 * (pouchdb #1240), and a local edit can never slip between the read and the write of a merge
 * (floccus #759): IndexedDB runs read-write transactions on the same tables one at a time.
 * Reader notes on list entities (`listnote:` documents) are merged in the same transaction
 * (list-notes.ts).
 */
import { docToVersion, DOC_PREFIX, type EntityDoc } from '../../core/sync/doc';
import { localVersion, mergeEntity } from '../../core/sync/merge';
import { conflictLabel } from '../../core/sync/notes';
import type { Version } from '../../core/sync/types';
import { sameEntity } from '../../core/sync/values';
import type { BackstoryDb, MetaRecord, StoredEntity, SyncRecord, TrashRecord } from '../../shared/db';
import { applyNoteDocs } from './list-notes';
import { baseOf, firstTeamBases, localCopy, storedBase, teamBaseId, toStored } from './local';

export interface ApplyContext {
  db: BackstoryDb;
  node: string;
  username?: string;
  nowMs: number;
  /** Set when the documents come from a team database (read-only): its name. */
  team?: string;
  /**
   * The team databases of this sync. An own-database document for an entity the own database
   * never held before (no own base here) is merged against the entity's team base, if any: a
   * team entity deleted on another device of the reader comes as such a document.
   */
  teams?: readonly string[];
  /** Apply deletions of live local entities at once (failsafe passed or continued). */
  allowDeletes: boolean;
  /** Deletions held back by the failsafe, by entity id; kept in `meta` under `deferredKey`. */
  deferred: Map<string, EntityDoc>;
  deferredKey: string;
}

export interface ApplyResult {
  /** Documents with a revision not seen before. */
  received: number;
  /** Entities whose local copy changed (for the matcher and the tabs). */
  changed: string[];
  /** Merges that kept two versions of notes between markers. */
  conflicts: number;
}

/** Store a batch of server documents and, in the same transaction, the meta records given (the checkpoint). */
export async function applyDocs(ctx: ApplyContext, docs: EntityDoc[], alsoWrite: MetaRecord[] = []): Promise<ApplyResult> {
  const { db } = ctx;
  const result: ApplyResult = { received: 0, changed: [], conflicts: 0 };
  const entityDocs = docs.filter((d) => d._id.startsWith(DOC_PREFIX));
  await db.transaction('rw', [db.entities, db.sync, db.trash, db.meta, db.listNotes], async () => {
    const ids = entityDocs.map((d) => d._id.slice(DOC_PREFIX.length));
    const team = ctx.team;
    const [entities, trash, own, teamBases] = await Promise.all([
      db.entities.bulkGet(ids),
      db.trash.bulkGet(ids),
      db.sync.bulkGet(ids),
      team ? db.sync.bulkGet(ids.map((id) => teamBaseId(team, id))) : Promise.resolve([]),
    ]);
    // Own documents of entities the own database never held here: merged against a team base.
    const missing = team ? [] : ids.flatMap((_, i) => (baseOf(own[i]) ? [] : [i]));
    const missingBases = await firstTeamBases(db, ctx.teams ?? [], missing.map((i) => ids[i]));
    const fallbackBases = new Map(missing.map((i, k) => [i, missingBases[k]]));
    const syncPuts: SyncRecord[] = [];
    const entityPuts: StoredEntity[] = [];
    const entityDeletes: string[] = [];
    const trashPuts: TrashRecord[] = [];
    const trashDeletes: string[] = [];
    let deferredChanged = false;
    entityDocs.forEach((doc, i) => {
      const id = ids[i];
      const entity = entities[i];
      if (entity && entity.source !== 'own') return; // never overwrite a subscribed list's entity
      const record = team ? teamBases[i] : own[i];
      if (record?.rev === doc._rev && !ctx.deferred.has(id)) return;
      result.received++;
      const base = baseOf(record) ?? fallbackBases.get(i);
      const local = localCopy(entity, trash[i]);
      const remote = docToVersion(doc, base ?? (local ? { entity: local, clock: {} } : undefined));
      if (!remote) return;
      let merged: Version = remote;
      if (local) {
        const outcome = mergeEntity({
          base,
          local: localVersion(base, local, ctx.node),
          remote,
          labels: { local: conflictLabel(ctx.username, local.updatedAt, 'one device'), remote: conflictLabel(remote.by, remote.entity.updatedAt, 'another device') },
          node: ctx.node,
          nowMs: ctx.nowMs,
        });
        merged = outcome.version;
        if (outcome.notesConflict) result.conflicts++;
      }
      const out = merged.entity;
      // The failsafe: deletions of live entities wait until the whole pull is counted.
      if (out.deleted && entity && !ctx.allowDeletes) {
        ctx.deferred.set(id, doc);
        deferredChanged = true;
        return;
      }
      if (ctx.deferred.delete(id)) deferredChanged = true;
      if (!local || !sameEntity(local, out)) {
        if (out.deleted) {
          if (entity || trash[i]) trashPuts.push({ id, entity: toStored(out), deletedAt: Date.parse(out.deletedAt ?? out.updatedAt) || ctx.nowMs });
          if (entity) {
            entityDeletes.push(id);
            result.changed.push(id);
          }
        } else {
          entityPuts.push(toStored(out));
          if (trash[i]) trashDeletes.push(id);
          result.changed.push(id);
        }
      }
      const agreed: SyncRecord = { id: record?.id ?? (team ? teamBaseId(team, id) : id), rev: doc._rev, base: storedBase(remote), clock: remote.clock, pending: 0 };
      if (!team) {
        agreed.pending = sameEntity(out, remote.entity) ? 0 : 1;
        syncPuts.push(agreed);
        return;
      }
      syncPuts.push(agreed);
      // A team change to an entity that is also in the reader's database is sent there too.
      const ownRecord = own[i];
      const ownBase = baseOf(ownRecord);
      if (ownRecord?.rev && ownBase && ownRecord.pending !== 1 && !sameEntity(out, ownBase.entity)) syncPuts.push({ ...ownRecord, pending: 1 });
    });
    if (entityPuts.length) await db.entities.bulkPut(entityPuts);
    if (entityDeletes.length) await db.entities.bulkDelete(entityDeletes);
    if (trashPuts.length) await db.trash.bulkPut(trashPuts);
    if (trashDeletes.length) await db.trash.bulkDelete(trashDeletes);
    if (syncPuts.length) await db.sync.bulkPut(syncPuts);
    if (deferredChanged) await db.meta.put({ key: ctx.deferredKey, value: [...ctx.deferred.values()] });
    // The reader's notes on list entities (`listnote:` documents) move with the same checkpoint.
    const notes = await applyNoteDocs(ctx, docs);
    result.received += notes.received;
    result.conflicts += notes.conflicts;
    result.changed.push(...notes.changed);
    if (alsoWrite.length) await db.meta.bulkPut(alsoWrite);
  });
  return result;
}
