/**
 * The entry point of CouchDB replication for the background:
 *
 *   const report = await syncOnce(db, { serverUrl, database, username, password }, { onProgress });
 *   // report.status: "Synced: …" or "Sync failed: …"; report.changedIds: rebuild the matcher for these
 *
 * One sync: for the reader's own database, then each team database, read the changes since the
 * stored checkpoint and merge them in; then send the reader's pending changes to their own
 * database (entities, and the reader's notes on subscribed-list entities: list-notes.ts). Calls on the same store run one after the other.
 */
import { parseSyncConfig, targetKey, type SyncConfig } from '../../core/sync/config';
import { deletionsNeedConfirmation } from '../../core/sync/failsafe';
import { failedStatus, syncStatus, type StatusCounts } from '../../core/sync/status';
import type { BackstoryDb } from '../../shared/db';
import { applyDocs, type ApplyContext } from './apply';
import { checkpointInvalid, deferredKey, mirrorCheckpoint, nodeId, readCheckpoint, readDeferred, type Checkpoint, type DbInfo, type MirrorState } from './checkpoint';
import { Couch, CouchError, type FetchLike } from './couch';
import { DB_INFO } from './replies';
import { pull, type PullProgress } from './pull';
import { pushNotes } from './list-notes';
import { push } from './push';
import { countOwn, countPending, repoint, resendUnseen } from './reset';

export type { SyncConfig } from '../../core/sync/config';
export { SYNCING } from '../../core/sync/status';
export type SyncProgress = PullProgress;

export interface SyncOptions {
  /** Stops the sync (each request is aborted); what was stored stays stored. */
  signal?: AbortSignal;
  onProgress?: (progress: SyncProgress) => void;
  /** The reader's explicit continue after the failsafe stopped a mass deletion. */
  allowMassDeletion?: boolean;
  now?: () => Date;
  fetch?: FetchLike;
  /** Per request (default 30 s). */
  timeoutMs?: number;
  /** `_changes` batch size (default 1,000). */
  pullBatch?: number;
  /** A better reason than "cannot be reached" for a server we may not reach (src/background/site-access.ts). */
  explainUnreachable?: (url: string) => Promise<string | undefined>;
}

export interface SyncReport extends StatusCounts {
  ok: boolean;
  /** The status line for the options page. */
  status: string;
  /** Entities whose local copy changed (added, edited or deleted): update the matcher and tabs for these. */
  changedIds: string[];
  /** Ids of the changes the server refused (kept here, pending). */
  forbiddenIds: string[];
}

const running = new WeakMap<BackstoryDb, Promise<unknown>>();

export function syncOnce(db: BackstoryDb, config: SyncConfig, options: SyncOptions = {}): Promise<SyncReport> {
  const previous = running.get(db) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => runSync(db, config, options));
  running.set(db, next);
  return next;
}

async function runSync(db: BackstoryDb, config: SyncConfig, options: SyncOptions): Promise<SyncReport> {
  const counts: StatusCounts = { pulled: 0, pushed: 0, conflicts: 0, pending: 0, forbidden: 0, blockedDeletions: 0, unresolved: 0, localCount: 0 };
  const changed = new Set<string>();
  const forbiddenIds = new Set<string>();
  const finish = async (failure?: string): Promise<SyncReport> => {
    counts.pending = await countPending(db).catch(() => counts.pending);
    const status = failure ? failedStatus(failure) : syncStatus(counts);
    return { ...counts, ok: !status.startsWith('Sync failed'), status, changedIds: [...changed], forbiddenIds: [...forbiddenIds] };
  };
  const parsed = parseSyncConfig(config);
  if (!parsed.ok) return finish(parsed.reason);
  const { target } = parsed;
  const couch = new Couch(target, { fetch: options.fetch, signal: options.signal, timeoutMs: options.timeoutMs });
  const nowMs = (options.now?.() ?? new Date()).getTime();
  try {
    const node = await nodeId(db);
    const databases: { name: string; team?: string }[] = [{ name: target.own }, ...target.team.map((t) => ({ name: t, team: t }))];
    // Read every database first (own, then teams), so team changes reach the own database in this same sync.
    let ownCtx: ApplyContext | undefined;
    const mirrors = new Map<string, MirrorState>();
    for (const { name, team } of databases) {
      const key = targetKey(target.server, name);
      const info = await couch.request<DbInfo>('GET', couch.dbUrl(name), undefined, DB_INFO);
      // Moved to another server or own database: only once it has answered. A sync to a mistyped
      // URL or name (a half-typed one, too: settings are saved as typed) used to drop every base
      // and checkpoint first, so fixing the typo cost a full re-read and re-send.
      if (!team) await repoint(db, key);
      let checkpoint = await readCheckpoint(db, key);
      const mirror: MirrorState = { known: false };
      mirrors.set(name, mirror);
      const invalid = checkpoint ? await checkpointInvalid(couch, name, node, checkpoint, info, mirror) : undefined;
      if (!checkpoint || invalid) checkpoint = freshCheckpoint(info);
      const deferred = await readDeferred(db, key);
      const ctx: ApplyContext = { db, node, username: target.username, nowMs, team, teams: target.team, allowDeletes: false, deferred, deferredKey: deferredKey(key) };
      ownCtx ??= ctx;
      const seen = invalid && !team ? new Set<string>() : undefined;
      const pulled = await pull({ couch, dbName: name, target: key, info, checkpoint, apply: ctx, batch: options.pullBatch, onProgress: options.onProgress, seen });
      counts.pulled += pulled.received;
      counts.conflicts += pulled.conflicts;
      for (const id of pulled.changed) changed.add(id);
      if (seen) await resendUnseen(db, seen);
      if (deferred.size > 0) {
        counts.localCount = await countOwn(db);
        if (options.allowMassDeletion || !deletionsNeedConfirmation(deferred.size, counts.localCount)) {
          const applied = await applyDocs({ ...ctx, allowDeletes: true }, [...deferred.values()]);
          for (const id of applied.changed) changed.add(id);
        } else counts.blockedDeletions += deferred.size;
      }
    }
    if (ownCtx) {
      const pushed = await push({ couch, dbName: target.own, apply: ownCtx, onProgress: options.onProgress });
      await pushNotes(couch, target.own, ownCtx, pushed, applyDocs);
      counts.pushed += pushed.pushed;
      counts.pulled += pushed.received;
      counts.conflicts += pushed.conflicts;
      counts.unresolved += pushed.unresolved;
      counts.forbidden += pushed.forbidden.size;
      for (const id of pushed.forbidden) forbiddenIds.add(id);
      for (const id of pushed.changed) changed.add(id);
      counts.forbiddenReason = pushed.forbiddenReason;
    }
    for (const { name } of databases) await mirrorCheckpoint(db, couch, name, targetKey(target.server, name), node, mirrors.get(name) ?? { known: false });
    return await finish();
  } catch (error) {
    if (error instanceof CouchError) {
      const ours = error.kind === 'unreachable' ? await options.explainUnreachable?.(target.server).catch(() => undefined) : undefined;
      return finish(ours ?? error.reason);
    }
    return finish(`an unexpected problem (${error instanceof Error ? error.message : String(error)})`);
  }
}

function freshCheckpoint(info: DbInfo): Checkpoint {
  return { seq: 0, epoch: crypto.randomUUID(), instance: info.instance_start_time };
}
