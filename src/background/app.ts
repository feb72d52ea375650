/**
 * The background's state: the store, the matcher, site rules and the search index, made ready
 * once per worker start. Handlers receive this object; nothing here registers listeners.
 */
import { openDb, type BackstoryDb, type StoredEntity } from '../shared/db';
import type { TabMessage } from '../shared/protocol';
import { MatcherService } from './matcher-service';
import { SearchIndex } from './search';
import { SiteRules } from './sites';
import { EntityStore } from './store';

export type Change = { upsert: StoredEntity } | { remove: string } | { rebuild: true };

export interface Background {
  db: BackstoryDb;
  store: EntityStore;
  matcher: MatcherService;
  sites: SiteRules;
  /** The search index, loaded on first use and after bulk changes. */
  searchIndex(): Promise<SearchIndex>;
  /** After a write: update the matcher and the search index, then tell every open tab. */
  changed(change: Change): Promise<void>;
  /** Tell the tabs of one host that highlighting was switched on or off. */
  siteToggled(host: string, enabled: boolean): Promise<void>;
}

export interface Notifier {
  broadcast(message: TabMessage): Promise<void>;
  broadcastToHost(host: string, message: TabMessage): Promise<void>;
}

export function createBackground(notifier: Notifier, db: BackstoryDb = openDb()): { background: Background; ready: Promise<void> } {
  const store = new EntityStore(db);
  const matcher = new MatcherService(db);
  const sites = new SiteRules(db);
  let search: Promise<SearchIndex> | undefined;

  const background: Background = {
    db,
    store,
    matcher,
    sites,
    searchIndex() {
      search ??= store.all().then((entities) => {
        const index = new SearchIndex();
        index.load(entities);
        return index;
      });
      return search;
    },
    async changed(change) {
      if ('rebuild' in change) await matcher.rebuild();
      else if ('upsert' in change) await matcher.upsert(change.upsert);
      else await matcher.remove(change.remove);
      search = undefined;
      await notifier.broadcast({ type: 'entitiesChanged', version: matcher.version });
    },
    async siteToggled(host, enabled) {
      await notifier.broadcastToHost(host, { type: 'siteToggled', enabled });
    },
  };

  const ready = (async () => {
    await db.open();
    await matcher.init();
  })();
  return { background, ready };
}
