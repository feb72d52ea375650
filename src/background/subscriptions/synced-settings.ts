/**
 * Subscription URLs in the browser's synced settings (issue 6: "Subscription URLs are kept in
 * the browser's synced settings"), so a reader's other browsers subscribe to the same lists.
 *
 * Only URLs travel, never entities (storage.sync allows ~100 KB in all). Besides `urls` we keep
 * `removed`, the URLs unsubscribed from anywhere: without it, another browser that still holds
 * a list would put it back at its next start, and an unsubscribe would never stick.
 *
 * The storage sits behind `SyncedArea`, the shape of `browser.storage.sync`, so unit tests pass
 * a plain object; synced-area-browser.ts gives the real one.
 */
import { normalizeListUrl } from '../../core/lists/list-url';
import type { BackstoryDb } from '../../shared/db';
import { listSubscriptions, unsubscribe } from './manage';
import { subscribe } from './subscribe';
import type { SubscribeResult, SubscriptionDeps, UnsubscribeResult } from './types';

export interface SyncedArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export const SYNCED_KEY = 'subscriptions';
/** Removals remembered: enough for years of normal use, small for storage.sync's quotas. */
const MAX_REMOVED = 100;

export interface SyncedSubscriptions {
  urls: string[];
  removed: string[];
}

export async function readSynced(area: SyncedArea): Promise<SyncedSubscriptions> {
  const value = (await area.get(SYNCED_KEY))[SYNCED_KEY];
  const record = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  return { urls: urlList(record.urls), removed: urlList(record.removed) };
}

/** Another browser (or an older version) may have written anything: keep only valid URLs. */
function urlList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out = new Set<string>();
  for (const item of value) {
    if (typeof item !== 'string') continue;
    const checked = normalizeListUrl(item);
    if (checked.ok) out.add(checked.url);
  }
  return [...out];
}

async function writeSynced(area: SyncedArea, value: SyncedSubscriptions): Promise<void> {
  await area.set({ [SYNCED_KEY]: { urls: value.urls, removed: value.removed.slice(-MAX_REMOVED) } });
}

/** Subscribe (the `Subscribe` button) and, when it worked, remember the URL in synced settings. */
export async function subscribeAndSync(db: BackstoryDb, area: SyncedArea, url: string, deps: SubscriptionDeps = {}): Promise<SubscribeResult> {
  const result = await subscribe(db, url, deps);
  if (result.ok) await bestEffort(() => recordSubscribed(area, result.list.url));
  return result;
}

/** Unsubscribe (the `Unsubscribe` button) and remember the removal in synced settings. */
export async function unsubscribeAndSync(db: BackstoryDb, area: SyncedArea, listId: string): Promise<UnsubscribeResult> {
  const result = await unsubscribe(db, listId);
  const { url } = result;
  if (url !== undefined) await bestEffort(() => recordUnsubscribed(area, url));
  return result;
}

export async function recordSubscribed(area: SyncedArea, url: string): Promise<void> {
  const synced = await readSynced(area);
  await writeSynced(area, {
    urls: synced.urls.includes(url) ? synced.urls : [...synced.urls, url],
    removed: synced.removed.filter((u) => u !== url),
  });
}

export async function recordUnsubscribed(area: SyncedArea, url: string): Promise<void> {
  const synced = await readSynced(area);
  await writeSynced(area, {
    urls: synced.urls.filter((u) => u !== url),
    removed: [...synced.removed.filter((u) => u !== url), url],
  });
}

export interface ReconcileReport {
  /** URLs found in synced settings and subscribed here, with their outcome. */
  subscribed: { url: string; result: SubscribeResult }[];
  /** URLs unsubscribed elsewhere and so removed here. */
  unsubscribed: string[];
  /** Entities changed: rebuild the matcher. */
  rebuild: boolean;
}

/**
 * At startup: subscribe to synced URLs missing here, drop lists unsubscribed elsewhere, and
 * publish local subscriptions the synced settings do not know yet (made before sync was on).
 * A synced URL that fails to subscribe stays synced and is tried again at the next start.
 */
export async function reconcileWithSynced(db: BackstoryDb, area: SyncedArea, deps: SubscriptionDeps = {}): Promise<ReconcileReport> {
  const synced = await readSynced(area);
  const local = await listSubscriptions(db);
  const localUrls = new Set(local.map((l) => l.url));
  const removed = new Set(synced.removed);
  const report: ReconcileReport = { subscribed: [], unsubscribed: [], rebuild: false };

  for (const list of local) {
    if (!removed.has(list.url)) continue;
    const result = await unsubscribe(db, list.id);
    if (result.removed) report.unsubscribed.push(list.url);
    report.rebuild ||= result.rebuild;
  }
  for (const url of synced.urls) {
    if (localUrls.has(url) || removed.has(url)) continue;
    const result = await subscribe(db, url, deps);
    report.subscribed.push({ url, result });
    if (result.ok) report.rebuild ||= result.rebuild;
  }
  const missing = local.map((l) => l.url).filter((u) => !removed.has(u) && !synced.urls.includes(u));
  if (missing.length > 0) await bestEffort(() => writeSynced(area, { urls: [...synced.urls, ...missing], removed: synced.removed }));
  return report;
}

/** storage.sync can refuse (quota, sync off, Firefox without an account): never fail the local action for it. */
async function bestEffort(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    console.warn('Backstory: could not update synced subscription settings', error);
  }
}
