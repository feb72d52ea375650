/** Listing and removing subscriptions (the options page's list and its `Unsubscribe` buttons). */
import type { BackstoryDb } from '../../shared/db';
import { removeList } from './swap';
import type { SubscriptionRecord, UnsubscribeResult } from './types';

/** Every subscription, oldest first, with its last update (`updatedAt`), count and last error. */
export async function listSubscriptions(db: BackstoryDb): Promise<SubscriptionRecord[]> {
  const rows = (await db.lists.toArray()) as SubscriptionRecord[];
  return rows.sort((a, b) => (a.subscribedAt ?? 0) - (b.subscribedAt ?? 0) || a.url.localeCompare(b.url));
}

/**
 * Remove a list and its entities. The reader's notes on them stay in `listNotes`: subscribing
 * to the same URL again gives the same ids (the list id is derived from the URL), so they show
 * again.
 */
export async function unsubscribe(db: BackstoryDb, listId: string): Promise<UnsubscribeResult> {
  const removed = await removeList(db, listId);
  if (!removed) return { removed: false, rebuild: false };
  return { removed: true, url: removed.url, rebuild: true };
}
