/**
 * Syncing the reader's notes on subscribed-list entities (`listNotes`) through the reader's own
 * database, as `listnote:<list id>/<entity id>` documents (core/sync/list-note.ts).
 *
 * Bookkeeping: per note, the server copy last agreed on (the base of the three-way merge) and its
 * revision, in `meta` under `sync:listnote:<full id>`. Not in the `sync` table: its records are
 * typed and indexed for entities (their `base` is an `Entity`), and notes need no index, being few
 * (one per entity the reader annotated) and scanned whole.
 *
 * Nothing marks a note as pending: a note waits to be sent when its text differs from its base
 * (or it has no revision on the server yet). Deriving it means every way a note is written
 * (the popup's save, a future import, an edit made while a push is in flight) is picked up
 * without the writer knowing about sync.
 */
import { CONFLICT_ROUNDS, PUSH_BATCH, sendBulk, type PushResult } from './push';
import { isListNoteDocId, listNoteDocId, localNote, mergeListNote, noteToDoc, docToNote, LIST_NOTE_PREFIX, type NoteVersion } from '../../core/sync/list-note';
import type { EntityDoc } from '../../core/sync/doc';
import { conflictLabel } from '../../core/sync/notes';
import type { BackstoryDb, ListNoteRecord, MetaRecord } from '../../shared/db';
import type { ApplyContext, ApplyResult } from './apply';
import type { Couch } from './couch';
import { ALL_DOCS } from './replies';

export const NOTE_STATE_PREFIX = 'sync:listnote:';

/** What this device agreed with its own database about one note. */
export interface NoteSyncState {
  /** The server revision of `base`; absent when the server lost the document (it is sent again). */
  rev?: string;
  base: NoteVersion;
}

const stateKey = (id: string): string => NOTE_STATE_PREFIX + id;

function noteStates(db: BackstoryDb): Promise<MetaRecord[]> {
  return db.meta.where('key').startsWith(NOTE_STATE_PREFIX).toArray();
}

/** True when this note has something the server has not. */
function isPending(stored: ListNoteRecord | undefined, state: NoteSyncState | undefined): boolean {
  const notes = stored?.notes ?? '';
  if (!state?.rev) return notes !== '';
  return notes !== state.base.notes;
}

/** Ids of notes waiting to be sent. */
export async function pendingNoteIds(db: BackstoryDb): Promise<string[]> {
  return db.transaction('r', db.listNotes, db.meta, async () => {
    const [rows, states] = await Promise.all([db.listNotes.toArray(), noteStates(db)]);
    const byId = new Map(states.map((s) => [s.key.slice(NOTE_STATE_PREFIX.length), s.value as NoteSyncState]));
    const ids: string[] = [];
    const present = new Set<string>();
    for (const row of rows) {
      present.add(row.id);
      if (isPending(row, byId.get(row.id))) ids.push(row.id);
    }
    for (const [id, state] of byId) if (!present.has(id) && isPending(undefined, state)) ids.push(id);
    return ids;
  });
}

/**
 * Merge server note documents into `listNotes`. Must run inside the caller's transaction over
 * `listNotes` and `meta` (apply.ts), so notes move with the checkpoint that covers them.
 * Notes are read only from the reader's own database: team databases hold the team's entities,
 * not anyone's private notes.
 */
export async function applyNoteDocs(ctx: ApplyContext, docs: EntityDoc[]): Promise<ApplyResult> {
  const result: ApplyResult = { received: 0, changed: [], conflicts: 0 };
  const notes = docs.filter((d) => isListNoteDocId(d._id));
  if (ctx.team || notes.length === 0) return result;
  const { db } = ctx;
  const ids = notes.map((d) => d._id.slice(LIST_NOTE_PREFIX.length));
  const [rows, states, entities] = await Promise.all([db.listNotes.bulkGet(ids), db.meta.bulkGet(ids.map(stateKey)), db.entities.bulkGet(ids)]);
  const puts: ListNoteRecord[] = [];
  const deletes: string[] = [];
  const statePuts: MetaRecord[] = [];
  notes.forEach((doc, i) => {
    const id = ids[i];
    const state = states[i]?.value as NoteSyncState | undefined;
    if (state?.rev === doc._rev) return;
    const remote = docToNote(doc);
    if (!remote) return;
    result.received++;
    const row = rows[i];
    const base = state?.base;
    const local = localNote(id, base, row, ctx.node, ctx.nowMs);
    const { version, conflict } = mergeListNote({
      base,
      local,
      remote,
      labels: { local: conflictLabel(ctx.username, local.updatedAt, 'one device'), remote: conflictLabel(remote.by, remote.updatedAt, 'another device') },
      node: ctx.node,
      nowMs: ctx.nowMs,
    });
    if (conflict) result.conflicts++;
    if (version.notes !== (row?.notes ?? '')) {
      if (version.notes === '') deletes.push(id);
      else puts.push({ id, notes: version.notes, updatedAt: version.updatedAt });
      // A card of this entity shows the reader's notes: its tabs must hear of it.
      if (entities[i]) result.changed.push(id);
    }
    statePuts.push({ key: stateKey(id), value: { rev: doc._rev, base: remote } satisfies NoteSyncState });
  });
  if (puts.length) await db.listNotes.bulkPut(puts);
  if (deletes.length) await db.listNotes.bulkDelete(deletes);
  if (statePuts.length) await db.meta.bulkPut(statePuts);
  return result;
}

interface PreparedNote {
  id: string;
  version: NoteVersion;
  doc: EntityDoc;
}

interface AllDocsRow { key: string; value?: { rev: string }; doc?: EntityDoc | null }

/**
 * Send pending notes with `_bulk_docs`, each with the revision of its base. Conflicts (another
 * device wrote the note meanwhile) are fetched, merged and retried in this sync, at most
 * `CONFLICT_ROUNDS` times; refused rows stay here and are reported, like entities (push.ts).
 * Adds to `result`.
 */
export async function pushNotes(couch: Couch, dbName: string, ctx: ApplyContext, result: PushResult, applyDocs: (ctx: ApplyContext, docs: EntityDoc[]) => Promise<ApplyResult>): Promise<void> {
  let todo = await pendingNoteIds(ctx.db);
  for (let round = 0; todo.length > 0 && round < CONFLICT_ROUNDS; round++) {
    const conflicted: string[] = [];
    for (let i = 0; i < todo.length; i += PUSH_BATCH) {
      const prepared = await prepareNotes(ctx, todo.slice(i, i + PUSH_BATCH));
      if (prepared.length === 0) continue;
      // Refused notes are named by their document id: `forbiddenIds` otherwise holds entity ids.
      const ok = await sendBulk(couch, dbName, prepared, result, conflicted, (p) => p.doc._id);
      if (ok.length) {
        // The sent text becomes the base; a note edited meanwhile differs from it and stays pending.
        await ctx.db.meta.bulkPut(ok.map(({ p, rev }) => ({ key: stateKey(p.id), value: { rev, base: p.version } satisfies NoteSyncState })));
      }
      result.pushed += ok.length;
    }
    if (conflicted.length === 0) break;
    const answer = await couch.request<{ rows: AllDocsRow[] }>('POST', couch.dbUrl(dbName, '/_all_docs?include_docs=true'), { keys: conflicted.map(listNoteDocId) }, ALL_DOCS);
    const docs = answer.rows.flatMap((row) => (row.doc ? [row.doc] : []));
    const applied = await applyDocs(ctx, docs);
    result.received += applied.received;
    result.conflicts += applied.conflicts;
    for (const id of applied.changed) result.changed.add(id);
    // A conflict on a document the server no longer has (deleted by another tool): write over it.
    const gone = answer.rows.filter((row) => !row.doc && row.value?.rev);
    if (gone.length) {
      await ctx.db.transaction('rw', ctx.db.meta, async () => {
        for (const row of gone) {
          const id = row.key.slice(LIST_NOTE_PREFIX.length);
          const state = (await ctx.db.meta.get(stateKey(id)))?.value as NoteSyncState | undefined;
          if (state) await ctx.db.meta.put({ key: stateKey(id), value: { ...state, rev: row.value?.rev } });
        }
      });
    }
    todo = conflicted;
    if (round === CONFLICT_ROUNDS - 1) result.unresolved += conflicted.length;
  }
}

async function prepareNotes(ctx: ApplyContext, ids: string[]): Promise<PreparedNote[]> {
  const { db } = ctx;
  return db.transaction('r', db.listNotes, db.meta, async () => {
    const [rows, states] = await Promise.all([db.listNotes.bulkGet(ids), db.meta.bulkGet(ids.map(stateKey))]);
    const out: PreparedNote[] = [];
    ids.forEach((id, i) => {
      const state = states[i]?.value as NoteSyncState | undefined;
      if (!isPending(rows[i], state)) return;
      const version = { ...localNote(id, state?.base, rows[i], ctx.node, ctx.nowMs), by: ctx.username };
      out.push({ id, version, doc: noteToDoc(version, state?.rev, ctx.username) });
    });
    return out;
  });
}

/** Re-pointing: bases agreed with the old database say nothing about the new one (inside the caller's transaction over `meta`). */
export async function dropNoteStates(db: BackstoryDb): Promise<void> {
  await db.meta.where('key').startsWith(NOTE_STATE_PREFIX).delete();
}

/** After a full pull from a wiped or restored database: notes it lacks lose their revision, so they are sent again. */
export async function resendUnseenNotes(db: BackstoryDb, seenDocIds: Set<string>): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const states = await noteStates(db);
    const lost = states.filter((s) => (s.value as NoteSyncState).rev && !seenDocIds.has(listNoteDocId(s.key.slice(NOTE_STATE_PREFIX.length))));
    await db.meta.bulkPut(lost.map((s) => ({ key: s.key, value: { ...(s.value as NoteSyncState), rev: undefined } })));
  });
}

export async function countPendingNotes(db: BackstoryDb): Promise<number> {
  return (await pendingNoteIds(db)).length;
}
