/**
 * Pull: read a database's `_changes` in `limit` batches from the stored checkpoint, store each
 * batch with the checkpoint that covers it (apply.ts), and report progress.
 */
import type { EntityDoc } from '../../core/sync/doc';
import { seqNumber } from '../../core/sync/config';
import { applyDocs, type ApplyContext } from './apply';
import { checkpointKey, type Checkpoint, type DbInfo, type Seq } from './checkpoint';
import type { Couch } from './couch';
import { CHANGES } from './replies';

export const PULL_BATCH = 1000;

interface ChangesResponse {
  results: { id: string; seq: Seq; deleted?: boolean; doc?: EntityDoc }[];
  last_seq: Seq;
  /** Changes left after this batch (CouchDB 2+). */
  pending?: number;
}

export interface PullProgress {
  phase: 'pull' | 'push';
  /** The database being read or written. */
  database: string;
  done: number;
  total: number;
}

export interface PullOptions {
  couch: Couch;
  dbName: string;
  target: string;
  info: DbInfo;
  /** Where to start; a fresh checkpoint (seq 0) reads everything. */
  checkpoint: Checkpoint;
  apply: ApplyContext;
  batch?: number;
  onProgress?: (p: PullProgress) => void;
  /** Ids seen in this pull (a full pull after a reset re-sends what the server lacks). */
  seen?: Set<string>;
}

export interface PullResult {
  received: number;
  changed: Set<string>;
  conflicts: number;
}

export async function pull(o: PullOptions): Promise<PullResult> {
  const batch = o.batch ?? PULL_BATCH;
  const result: PullResult = { received: 0, changed: new Set(), conflicts: 0 };
  let since = o.checkpoint.seq;
  const startNum = seqNumber(since);
  const endNum = seqNumber(o.info.update_seq);
  // CouchDB 2+ seqs only roughly count changes; the total is an estimate the `pending` field refines.
  let total = Number.isFinite(startNum) && Number.isFinite(endNum) && startNum > 0
    ? Math.max(0, endNum - startNum)
    : (o.info.doc_count ?? 0) + (o.info.doc_del_count ?? 0);
  let done = 0;
  o.onProgress?.({ phase: 'pull', database: o.dbName, done, total });
  for (;;) {
    const query = `?since=${encodeURIComponent(String(since))}&include_docs=true&conflicts=true&limit=${batch}`;
    const page = await o.couch.request<ChangesResponse>('GET', o.couch.dbUrl(o.dbName, `/_changes${query}`), undefined, CHANGES);
    const docs = page.results.flatMap((r) => (r.doc ? [r.doc] : []));
    for (const d of docs) o.seen?.add(d._id);
    const next: Checkpoint = { ...o.checkpoint, seq: page.last_seq };
    const applied = await applyDocs(o.apply, docs, [{ key: checkpointKey(o.target), value: next }]);
    o.checkpoint = next;
    result.received += applied.received;
    result.conflicts += applied.conflicts;
    for (const id of applied.changed) result.changed.add(id);
    done += page.results.length;
    if (typeof page.pending === 'number') total = done + page.pending;
    total = Math.max(total, done);
    if (page.results.length > 0) o.onProgress?.({ phase: 'pull', database: o.dbName, done, total });
    since = page.last_seq;
    if (page.results.length < batch || page.pending === 0) break;
  }
  return result;
}
