/**
 * Sync state kept in `meta` (keys prefixed `sync:`), per server + database:
 *
 * - `sync:node`: this device's clock node id;
 * - `sync:own-target`: the server + database last used as the reader's own, to notice re-pointing;
 * - `sync:checkpoint:<server>|<db>`: the `seq` up to which the database's changes are stored
 *   here, with the database identity it was taken from;
 * - `sync:deferred:<server>|<db>`: deletions the failsafe held back.
 *
 * A checkpoint only ever moves in the same transaction as the documents it covers (apply.ts).
 * The database identity catches a server database wiped or restored from a backup while this
 * device kept its checkpoint (cht-core #8093): then the checkpoint is dropped and everything is
 * read again and re-sent, never deleted.
 */
import type { EntityDoc } from '../../core/sync/doc';
import { seqNumber } from '../../core/sync/config';
import type { BackstoryDb } from '../../shared/db';
import { CouchError, type Couch } from './couch';
import { LOCAL_DOC } from './replies';

export type Seq = string | number;

export interface Checkpoint {
  seq: Seq;
  /** Random id of this checkpoint's line of history, mirrored in the server's `_local` document. */
  epoch: string;
  /** The database's `instance_start_time` when known (CouchDB 1, PouchDB; "0" on CouchDB 2+). */
  instance?: string;
  /** The `seq` last written to the server's `_local` document (undefined: never written). */
  serverSeq?: Seq;
}

export interface DbInfo {
  update_seq: Seq;
  instance_start_time?: string;
  doc_count?: number;
  doc_del_count?: number;
}

interface LocalDoc {
  _id: string;
  _rev?: string;
  epoch?: string;
  seq?: Seq;
}

export const checkpointKey = (target: string) => `sync:checkpoint:${target}`;
export const deferredKey = (target: string) => `sync:deferred:${target}`;
const localDocPath = (node: string) => `/_local/backstory-${node}`;

export async function nodeId(db: BackstoryDb): Promise<string> {
  const row = await db.meta.get('sync:node');
  if (typeof row?.value === 'string') return row.value;
  const node = crypto.randomUUID().replace(/-/g, '').slice(0, 12);
  await db.meta.put({ key: 'sync:node', value: node });
  return node;
}

export async function readCheckpoint(db: BackstoryDb, target: string): Promise<Checkpoint | undefined> {
  const row = await db.meta.get(checkpointKey(target));
  return row?.value as Checkpoint | undefined;
}

export async function readDeferred(db: BackstoryDb, target: string): Promise<Map<string, EntityDoc>> {
  const row = await db.meta.get(deferredKey(target));
  const docs = Array.isArray(row?.value) ? (row.value as EntityDoc[]) : [];
  return new Map(docs.map((d) => [d._id.slice('entity:'.length), d]));
}

/** Why a stored checkpoint no longer describes the server's database, or undefined when it still does. */
export async function checkpointInvalid(couch: Couch, dbName: string, node: string, cp: Checkpoint, info: DbInfo, mirror: MirrorState): Promise<string | undefined> {
  if (cp.instance && info.instance_start_time && info.instance_start_time !== '0' && cp.instance !== info.instance_start_time) return 'the database was re-created';
  if (seqNumber(info.update_seq) < seqNumber(cp.seq)) return 'the database went back in time (restored from a backup?)';
  if (cp.serverSeq === undefined) return undefined;
  const local = await readLocalDoc(couch, dbName, node);
  mirror.rev = local?._rev;
  mirror.known = true;
  if (!local) return 'the database lost this device’s checkpoint (wiped or restored?)';
  if (local.epoch !== cp.epoch || String(local.seq) !== String(cp.serverSeq)) return 'the database’s checkpoint differs from this device’s (restored from a backup?)';
  return undefined;
}

/** The server's `_local` checkpoint document's revision, once read in this sync (saves a request). */
export interface MirrorState {
  known: boolean;
  rev?: string;
}

async function readLocalDoc(couch: Couch, dbName: string, node: string): Promise<LocalDoc | undefined> {
  try {
    return await couch.request<LocalDoc>('GET', couch.dbUrl(dbName, localDocPath(node)), undefined, LOCAL_DOC);
  } catch (error) {
    if (error instanceof CouchError && error.kind === 'not_found') return undefined;
    throw error;
  }
}

/**
 * Mirror the checkpoint on the server in a `_local` document (never replicated, so a restore by
 * replication loses it, and a restore of an older file brings an older one back). Best effort:
 * a server that refuses it only loses this one signal.
 */
export async function mirrorCheckpoint(db: BackstoryDb, couch: Couch, dbName: string, target: string, node: string, mirror: MirrorState): Promise<void> {
  const cp = await readCheckpoint(db, target);
  if (!cp || String(cp.serverSeq) === String(cp.seq)) return;
  try {
    const rev = mirror.known ? mirror.rev : (await readLocalDoc(couch, dbName, node))?._rev;
    await couch.request('PUT', couch.dbUrl(dbName, localDocPath(node)), { _id: `_local/backstory-${node}`, ...(rev ? { _rev: rev } : {}), epoch: cp.epoch, seq: cp.seq });
  } catch (error) {
    if (error instanceof CouchError && (error.kind === 'aborted' || error.kind === 'auth')) throw error;
    return;
  }
  await db.transaction('rw', db.meta, async () => {
    const now = await readCheckpoint(db, target);
    if (now && now.epoch === cp.epoch) await db.meta.put({ key: checkpointKey(target), value: { ...now, serverSeq: cp.seq } });
  });
}
