/**
 * The background's state: the store, the matcher, site rules and the search index, made ready
 * once per worker start. Handlers receive this object; nothing here registers listeners.
 */
import { ExportParts } from './export-parts';
import { openDb, type BackstoryDb, type StoredEntity } from '../shared/db';
import type { ImportOutcome, Responses, TabMessage } from '../shared/protocol';
import { CoalescedSaves } from './coalesced-saves';
import { mergeSaveChanges, type SaveChange } from './save-change';
import { MatcherService } from './matcher-service';
import type { SearchIndex } from './search';
import { SearchService } from './search-service';
import { SyncService } from './sync-service';
import { SiteRules } from './sites';
import { EntityStore, type EntityPatch } from './store';
import {
  reconcileWithSynced, refreshDue, subscribeAndSync, unsubscribeAndSync,
  type SubscribeResult, type SyncedArea, type UnsubscribeResult,
} from './subscriptions';

export type Change = { upsert: StoredEntity } | { remove: string } | { rebuild: true };

/** Up to this many entities changed by a sync are applied one by one; more rebuild the matcher once. */
const INCREMENTAL_SYNC_LIMIT = 250;

export interface Background {
  db: BackstoryDb;
  store: EntityStore;
  matcher: MatcherService;
  sites: SiteRules;
  /** Subscribed lists; URLs mirrored to the browser's synced settings. */
  subscriptions: {
    subscribe(url: string): Promise<SubscribeResult>;
    unsubscribe(id: string): Promise<UnsubscribeResult>;
    /** Fetch the lists that are due (the alarm), and those synced from another browser. */
    refresh(): Promise<void>;
  };
  /** CouchDB replication. */
  sync: SyncService;
  /** The search index, loaded on first use and after bulk changes. */
  searchIndex(): Promise<SearchIndex>;
  /** After a write: update the matcher and the search index, then tell every open tab. */
  changed(change: Change): Promise<void>;
  /** Tell every frame of that host, in any tab, that highlighting was switched on or off. */
  siteToggled(host: string, enabled: boolean): Promise<void>;
  /** Show on a tab's toolbar badge how many entities its page mentions. */
  badge(tabId: number, count: number): Promise<void>;
  /** Tell every frame of one tab to close a card the pointer opened (`closeCard`). */
  closeCards(tabId: number): Promise<void>;
  /** Open an entity in the popup page, in a new tab (a card's `Edit`). */
  openEditor(id: string): Promise<void>;
  /** Entities' saves still to apply, in the order sent, per entity (the popup sends every keystroke). */
  saves: CoalescedSaves<SaveChange, Responses['saveEntity']>;
  /** Import jobs running, by staged file id (imports.ts): a request and a worker's start share one. */
  imports: Map<string, Promise<ImportOutcome>>;
  /** Exports being read by the options page, part by part (export-parts.ts). */
  exports: ExportParts;
  /** Any extension API call, between the steps of a long job (Chrome stops a worker it thinks idle). */
  keepAlive(): Promise<void>;
  /** Give the content script to a tab's page-written frames that now hold text; how many got it. */
  injectFramesWithText(tabId: number): Promise<number>;
}

export interface Notifier {
  broadcast(message: TabMessage): Promise<void>;
  /** Set a tab's badge (src/background/badge.ts); absent in tests. */
  badge?(tabId: number, count: number): Promise<void>;
  /** src/background/tabs.ts `closeCards`; absent in tests. */
  closeCards?(tabId: number): Promise<void>;
  /** Open `popup.html?entity=<id>` in a new tab (src/background/tabs.ts); absent in tests. */
  openEditor?(id: string): Promise<void>;
  /** Any extension API call: keeps a worker busy with IndexedDB from its idle stop (Chrome); absent in tests. */
  keepAlive?(): Promise<void>;
  /** Show on the toolbar that a sync waits for `Continue` (src/background/badge.ts); absent in tests. */
  syncBlocked?(blocked: boolean): Promise<void>;
  /** src/background/tabs.ts `injectIntoFramesWithText`; absent in tests. */
  injectFramesWithText?(tabId: number): Promise<number>;
  /** Why a server cannot be reached when the reason is withheld site access (src/background/site-access.ts); absent in tests. */
  explainUnreachable?(url: string): Promise<string | undefined>;
}

export function createBackground(
  notifier: Notifier,
  synced: SyncedArea,
  db: BackstoryDb = openDb(),
): { background: Background; ready: Promise<void>; opened: Promise<void> } {
  const store = new EntityStore(db);
  const matcher = new MatcherService(db, () => store.all());
  const sites = new SiteRules(db);
  const search = new SearchService(db, () => store.all(), () => matcher.version);
  // A sync changes entities without going through `changed()`'s own-edit path. A few changes
  // (an incremental sync) go into the matcher and search index in place; many (a first sync)
  // rebuild once: a rebuild at 100k entities costs seconds (measured 16 s for a 100-change sync
  // in Chromium), far over issue 6's 1 s for an incremental sync.
  const sync = new SyncService(db, async (ids) => {
    if (ids.length > INCREMENTAL_SYNC_LIMIT) {
      search.invalidate();
      await matcher.rebuild();
      search.invalidate();
    } else {
      // Through the store, not the table: an entity still in a pack (an import that landed
      // during the sync) is there, not removed.
      const rows = await store.getMany(ids);
      const upserts = rows.filter((r): r is StoredEntity => r !== undefined);
      const removals = ids.filter((_, i) => rows[i] === undefined);
      // The search index first: its stored copy is labelled with the version the matcher bumps.
      for (const entity of upserts) search.apply({ upsert: entity });
      for (const id of removals) search.apply({ remove: id });
      await matcher.applyChanges(upserts, removals);
    }
    await notifier.broadcast({ type: 'entitiesChanged', version: matcher.version });
  }, async (blocked) => notifier.syncBlocked?.(blocked), async () => {
    await store.unpackAll(() => notifier.keepAlive?.());
  }, notifier.explainUnreachable);

  const background: Background = {
    db,
    store,
    matcher,
    sites,
    sync,
    saves: new CoalescedSaves(mergeSaveChanges),
    imports: new Map(),
    exports: new ExportParts(),
    subscriptions: {
      subscribe: (url) => subscribeAndSync(db, synced, url, { explainUnreachable: notifier.explainUnreachable }),
      unsubscribe: (id) => unsubscribeAndSync(db, synced, id),
      async refresh() {
        const reconciled = await reconcileWithSynced(db, synced, { explainUnreachable: notifier.explainUnreachable });
        const refreshed = await refreshDue(db, { explainUnreachable: notifier.explainUnreachable });
        if (reconciled.rebuild || refreshed.rebuild) await background.changed({ rebuild: true });
      },
    },
    searchIndex() {
      return search.get();
    },
    async changed(change) {
      // One entity: the loaded search index takes it in place (a rebuild at 100k costs seconds);
      // before the matcher, whose version bump labels the index's stored copy.
      if ('rebuild' in change) {
        search.invalidate();
        await matcher.rebuild();
        search.invalidate();
      } else {
        search.apply(change);
        if ('upsert' in change) await matcher.upsert(change.upsert);
        else await matcher.remove(change.remove);
      }
      await notifier.broadcast({ type: 'entitiesChanged', version: matcher.version });
      sync.afterLocalEdit();
    },
    async siteToggled(host, enabled) {
      await notifier.broadcast({ type: 'siteToggled', enabled, host });
    },
    async badge(tabId, count) {
      await notifier.badge?.(tabId, count);
    },
    async closeCards(tabId) {
      await notifier.closeCards?.(tabId);
    },
    async openEditor(id) {
      await notifier.openEditor?.(id);
    },
    async keepAlive() {
      await notifier.keepAlive?.();
    },
    async injectFramesWithText(tabId) {
      return (await notifier.injectFramesWithText?.(tabId)) ?? 0;
    },
  };

  // `opened`: the store can be read and its version is known (what a stored search index is
  // checked against); `ready`: the matcher is loaded too. A popup that wakes the worker reads
  // the store without waiting for the matcher's 24 MB snapshot (docs/manager.md).
  const opened = (async () => {
    await db.open();
    await matcher.readVersion();
  })();
  const ready = (async () => {
    await opened;
    await matcher.init();
  })();
  return { background, ready, opened };
}
