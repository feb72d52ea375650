/** Shapes shared by the subscription modules. */
import type { ListRecord } from '../../shared/db';

/**
 * What we keep per subscription: db.ts's ListRecord plus bookkeeping that needs no index, so it
 * rides in the same `lists` row without a schema change (see docs/subscriptions.md).
 *
 * `lastModified` (from ListRecord) is the list file's own header `lastModified`, the date that
 * tells an older copy from a newer one; the HTTP `Last-Modified` validator is `httpLastModified`.
 */
export interface SubscriptionRecord extends ListRecord {
  /** HTTP `Last-Modified` of the last good copy, sent back as `If-Modified-Since`. */
  httpLastModified?: string;
  /** SHA-256 (hex) of the last good body: a 200 with the same bytes changes nothing. */
  bodySha256?: string;
  /** The header's `expires` as written, so a 304 can compute the next due time. */
  expires?: string;
  /** When the reader subscribed (ms): the order of the options page's list. */
  subscribedAt?: number;
  /** The last check, successful or not (ms). */
  checkedAt?: number;
}

/** Seams for tests and for the background (all optional). */
export interface SubscriptionDeps {
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Default: the system clock. */
  now?: () => Date;
  /** Jitter source, 0 ≤ random() < 1. Default: Math.random. */
  random?: () => number;
  /** A fetch taking longer is abandoned (default 60 s): an alarm run must end. */
  timeoutMs?: number;
  /** A better reason than "could not be reached" for a server we may not reach (src/background/site-access.ts). */
  explainUnreachable?: (url: string) => Promise<string | undefined>;
}

/**
 * `rebuild`: the list's entities changed (added, replaced or removed): rebuild the matcher and
 * the search index and tell the tabs (`background.changed({ rebuild: true })`).
 */
export type SubscribeResult =
  | { ok: true; count: number; list: SubscriptionRecord; rebuild: boolean }
  | { ok: false; error: string };

export type RefreshOutcome =
  | { listId: string; url: string; outcome: 'updated'; count: number }
  | { listId: string; url: string; outcome: 'unchanged' }
  | { listId: string; url: string; outcome: 'failed'; error: string };

export interface RefreshReport {
  results: RefreshOutcome[];
  /** True when any list's entities were replaced. */
  rebuild: boolean;
}

export interface UnsubscribeResult {
  removed: boolean;
  /** The URL of the removed list (for the synced settings). */
  url?: string;
  /** Entity rows removed: the matcher must be rebuilt. */
  rebuild: boolean;
}
