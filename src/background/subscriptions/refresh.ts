/**
 * The alarm's work: check every list whose `dueAt` has passed, one after another, with a
 * conditional request. 304 moves `dueAt` and nothing else; a refused or failed copy keeps the
 * last good one and records `error`; a good newer copy is swapped in atomically.
 */
import { nextDueAt } from '../../core/lists/expires';
import type { BackstoryDb } from '../../shared/db';
import { acceptCopy } from './accept-copy';
import { fetchList } from './fetch-list';
import { recordFailure } from './subscribe';
import type { RefreshOutcome, RefreshReport, SubscriptionDeps, SubscriptionRecord } from './types';

/** One run at a time per database: an alarm firing during a slow run joins it. */
const running = new WeakMap<BackstoryDb, Promise<RefreshReport>>();

export function refreshDue(db: BackstoryDb, deps: SubscriptionDeps = {}): Promise<RefreshReport> {
  const current = running.get(db);
  if (current) return current;
  const run = runDue(db, deps).finally(() => running.delete(db));
  running.set(db, run);
  return run;
}

async function runDue(db: BackstoryDb, deps: SubscriptionDeps): Promise<RefreshReport> {
  const now = (deps.now ?? (() => new Date()))();
  const due = (await db.lists.where('dueAt').belowOrEqual(now.getTime()).toArray()) as SubscriptionRecord[];
  const results: RefreshOutcome[] = [];
  for (const record of due) results.push(await refreshList(db, record, deps));
  return { results, rebuild: results.some((r) => r.outcome === 'updated') };
}

/** Check one list now (the alarm, or a "refresh now" the lead may offer). */
export async function refreshList(db: BackstoryDb, record: SubscriptionRecord, deps: SubscriptionDeps = {}): Promise<RefreshOutcome> {
  const base = { listId: record.id, url: record.url };
  const fetched = await fetchList(record.url, { etag: record.etag, httpLastModified: record.httpLastModified }, deps);
  if (fetched.status === 'notModified') {
    const now = (deps.now ?? (() => new Date()))();
    // Only the list record moves: no entity row is read or written.
    await db.lists.update(record.id, {
      dueAt: nextDueAt(record.expires, now, deps.random),
      checkedAt: now.getTime(),
      error: undefined,
    } as Partial<SubscriptionRecord>);
    return { ...base, outcome: 'unchanged' };
  }
  if (fetched.status === 'failed') {
    await recordFailure(db, record, fetched.error, deps);
    return { ...base, outcome: 'failed', error: fetched.error };
  }
  const outcome = await acceptCopy(db, { id: record.id, url: record.url, previous: record, requireExisting: true }, fetched, deps);
  switch (outcome.kind) {
    case 'updated':
      return { ...base, outcome: 'updated', count: outcome.record.count };
    case 'unchanged':
    case 'gone':
      return { ...base, outcome: 'unchanged' };
    case 'refused':
      await recordFailure(db, record, outcome.error, deps);
      return { ...base, outcome: 'failed', error: outcome.error };
  }
}
