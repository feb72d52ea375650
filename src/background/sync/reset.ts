/**
 * The two resets that keep data when the server side changes under the client:
 *
 * - re-pointing (another server URL or own database): the bases agreed with the old database say
 *   nothing about the new one, so they are dropped and every own entity is sent again; a copy
 *   already there merges without a base (union of sets, both notes kept), nothing is deleted on
 *   either side;
 * - a database wiped or restored from a backup (checkpoint.ts notices): after a full pull,
 *   entities the server no longer has are sent again.
 */
import type { BackstoryDb } from '../../shared/db';
import { DOC_PREFIX } from '../../core/sync/doc';
import { countPendingNotes, dropNoteStates, resendUnseenNotes } from './list-notes';
import { isTeamBaseId } from './local';

const OWN_TARGET = 'sync:own-target';

export async function repoint(db: BackstoryDb, ownKey: string): Promise<boolean> {
  const row = await db.meta.get(OWN_TARGET);
  if (row?.value === ownKey) return false;
  await db.transaction('rw', [db.entities, db.sync, db.meta], async () => {
    if (row !== undefined) {
      const records = await db.sync.toArray();
      const own = records.filter((r) => !isTeamBaseId(r.id));
      const live = await db.entities.bulkGet(own.map((r) => r.id));
      await db.sync.bulkPut(own.flatMap((r, i) => (live[i]?.source === 'own' ? [{ id: r.id, pending: 1 as const }] : [])));
      await db.sync.bulkDelete(own.filter((_, i) => live[i]?.source !== 'own').map((r) => r.id));
      await db.meta.bulkDelete([`sync:checkpoint:${ownKey}`, `sync:deferred:${ownKey}`]);
      // Reader notes on list entities too: sent again, merged without a base where the new database has them.
      await dropNoteStates(db);
    }
    await db.meta.put({ key: OWN_TARGET, value: ownKey });
  });
  return true;
}

/** After a full pull from a reset database: own entities whose document it lacks are sent again. */
export async function resendUnseen(db: BackstoryDb, seenDocIds: Set<string>): Promise<void> {
  await db.transaction('rw', [db.entities, db.sync], async () => {
    const records = await db.sync.toArray();
    const lost = records.filter((r) => !isTeamBaseId(r.id) && r.rev && !seenDocIds.has(DOC_PREFIX + r.id));
    const live = await db.entities.bulkGet(lost.map((r) => r.id));
    await db.sync.bulkPut(lost.flatMap((r, i) => (live[i]?.source === 'own' ? [{ ...r, rev: undefined, pending: 1 as const }] : [])));
  });
  await resendUnseenNotes(db, seenDocIds);
}

export function countOwn(db: BackstoryDb): Promise<number> {
  return db.entities.where('source').equals('own').count();
}

/** Own changes waiting to be sent: entities, and the reader's notes on list entities. */
export async function countPending(db: BackstoryDb): Promise<number> {
  return (await db.sync.where('pending').equals(1).count()) + (await countPendingNotes(db));
}
