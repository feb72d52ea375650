/**
 * `Subscribe` (CONTRACT §4): the list is fetched at once and the answer is either
 * `Subscribed: N entities` or `Subscription refused: <reason>` (see core/lists/status.ts).
 * Subscribing again to a list already kept fetches it now, like a manual refresh.
 */
import { listIdFor, normalizeListUrl } from '../../core/lists/list-url';
import { retryDueAt } from '../../core/lists/expires';
import type { BackstoryDb } from '../../shared/db';
import { acceptCopy } from './accept-copy';
import { fetchList } from './fetch-list';
import type { SubscribeResult, SubscriptionDeps, SubscriptionRecord } from './types';

export async function subscribe(db: BackstoryDb, input: string, deps: SubscriptionDeps = {}): Promise<SubscribeResult> {
  const checked = normalizeListUrl(input);
  if (!checked.ok) return { ok: false, error: checked.error };
  const { url } = checked;
  const id = await listIdFor(url);
  const previous = (await db.lists.get(id)) as SubscriptionRecord | undefined;
  if (previous && previous.url !== url) {
    // Ten hex digits of SHA-256 on one host: not expected to happen, but never mix two lists.
    return { ok: false, error: `the list id ${id} is already taken by ${previous.url}` };
  }

  // Unconditional even for a kept list: the reader asked now and expects a count; an unchanged
  // body is recognised by its hash and rewrites nothing.
  const fetched = await fetchList(url, {}, deps);
  const outcome =
    fetched.status === 'ok'
      ? await acceptCopy(db, { id, url, previous, requireExisting: false }, fetched, deps)
      : { kind: 'refused' as const, error: fetched.status === 'failed' ? fetched.error : 'the server answered 304 Not Modified to a plain request' };

  switch (outcome.kind) {
    case 'updated':
      return { ok: true, count: outcome.record.count, list: outcome.record, rebuild: true };
    case 'unchanged':
      return { ok: true, count: outcome.record.count, list: outcome.record, rebuild: false };
    case 'gone':
      // Only a refresh asks for an existing record; unreachable here, but answer in words.
      return { ok: false, error: 'the subscription was removed meanwhile' };
    case 'refused':
      if (previous) await recordFailure(db, previous, outcome.error, deps);
      return { ok: false, error: outcome.error };
  }
}

/** Keep the last good copy, note why this attempt failed and when to try again. */
export async function recordFailure(db: BackstoryDb, previous: SubscriptionRecord, error: string, deps: SubscriptionDeps): Promise<void> {
  const now = (deps.now ?? (() => new Date()))();
  // `update` touches only these fields and does nothing when the list was removed meanwhile.
  await db.lists.update(previous.id, { error, dueAt: retryDueAt(now, deps.random), checkedAt: now.getTime() } as Partial<SubscriptionRecord>);
}
