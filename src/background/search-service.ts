/**
 * Keeps the popup's search index (search.ts) for the background, persisted so that a woken
 * worker answers the popup at once. Without it, the first search after the worker's idle stop
 * read every entity and indexed it again: 3-12 s before the popup's list showed, at 100k
 * entities on this machine (docs/manager.md, "The search index across worker restarts").
 *
 * Stored in `meta`: the index as its last build left it (`searchBase`, written after a build:
 * a load from the store, or a compaction every 512 edits), and the changes since that build
 * (`search`, small, written a moment after each edit), with the store's version (the matcher's
 * counter, bumped by every change). A woken worker uses them only when that version is still
 * the store's; else it builds from the store as before.
 */
import type { BackstoryDb } from '../shared/db';
import { applyToSearch, SearchIndex, type Searchable, type StoredSearchIndex } from './search';

const BASE_KEY = 'searchBase';
const STATE_KEY = 'search';
/** Names whose prefixes the warm-up searches, and the page size it asks for (the popup's). */
const WARM_UP_NAMES = 20;
const WARM_UP_LIMIT = 50;
/** Edits come a keystroke at a time: write their list once they pause. */
const PERSIST_DELAY_MS = 1500;

export type SearchChange = { upsert: Searchable } | { remove: string };

interface StoredBase {
  baseId: number;
  data: StoredSearchIndex;
}

interface StoredState {
  version: number;
  baseId: number;
  changes: SearchChange[];
}

export class SearchService {
  private index: Promise<SearchIndex> | undefined;
  /** Changes applied since the index's last build, in order (what `search` stores). */
  private changes: SearchChange[] = [];
  /**
   * The index and build the stored base holds. Identity counts, not only the build number: an
   * index built after `invalidate()` is build 1 again, and must not be labelled with the old base.
   */
  private stored: { index: SearchIndex; builds: number } | null = null;
  private baseId = 0;
  private persistTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly db: BackstoryDb,
    /** Every entity in the store. */
    private readonly loadAll: () => Promise<Searchable[]>,
    /** The store's version: bumped (synchronously) by every change, after `apply` saw it. */
    private readonly version: () => number,
    private readonly persistDelayMs = PERSIST_DELAY_MS,
  ) {}

  get(): Promise<SearchIndex> {
    if (!this.index) {
      const opening = this.open();
      this.index = opening;
      void opening.then((index) => this.warmUp(index, opening), () => undefined);
    }
    return this.index;
  }

  /**
   * Right after the index opens (a popup just asked, and its reader is about to type), runs
   * searches nobody asked for: prefixes of a few names, one search per task so that a real
   * request waits for at most one of them. The worker's code starts cold (it restarts after 30 s
   * idle); a typo pass over 16k keys took 5-10 ms per keystroke before the engine optimized
   * it, about 1 ms after (Node, 100k cities). About 120 searches, 0.1 s of the worker's time.
   */
  private warmUp(index: SearchIndex, opening: Promise<SearchIndex>): void {
    const queries = index.sampleNames(WARM_UP_NAMES).flatMap((name) => Array.from({ length: Math.min(6, name.length) }, (_, k) => name.slice(0, k + 1)));
    const step = (k: number): void => {
      // Stop when the index was dropped (an import) or replaced.
      if (k >= queries.length || this.index !== opening) return;
      index.search(queries[k], WARM_UP_LIMIT, 0);
      setTimeout(() => step(k + 1), 0);
    };
    setTimeout(() => step(0), 0);
  }

  /** One entity changed: applied in place when the index is loaded. Call before bumping the version. */
  apply(change: SearchChange): void {
    if (!this.index) return;
    // Only what the index reads is kept in the list of changes (not notes, links...); the summary
    // and tags for a namesake's detail.
    const kept: SearchChange = 'upsert' in change ? { upsert: searchable(change.upsert) } : change;
    this.index = this.index.then((index) => {
      this.track(index, kept);
      return index;
    });
    this.schedulePersist();
  }

  private track(index: SearchIndex, change: SearchChange): void {
    const builds = index.builds;
    applyToSearch(index, change);
    // A compaction folded every change so far into a new build.
    if (index.builds !== builds) this.changes = [];
    else this.changes.push(change);
  }

  /**
   * Many changes at once (an import, a first sync): the next search builds from the store. Call
   * it before and after the matcher's rebuild: an index restored in between (from before the
   * change, under the old version) must not live on. The stored state goes too, in a transaction
   * ordered after any write already started (those start in the same turn as their check).
   */
  invalidate(): void {
    clearTimeout(this.persistTimer);
    this.persistTimer = undefined;
    this.index = undefined;
    this.changes = [];
    this.stored = null;
    void this.db.meta.delete(STATE_KEY).catch(() => undefined);
  }

  private async open(): Promise<SearchIndex> {
    const version = this.version();
    const restored = await this.restore(version).catch((error: unknown) => {
      console.warn('Backstory: stored search index unreadable, rebuilding', error);
      return undefined;
    });
    if (restored) return restored;
    const index = new SearchIndex();
    index.load(await this.loadAll());
    this.changes = [];
    this.schedulePersist();
    return index;
  }

  private async restore(version: number): Promise<SearchIndex | undefined> {
    const state = (await this.db.meta.get(STATE_KEY))?.value as StoredState | undefined;
    if (!state || state.version !== version) return undefined;
    const base = (await this.db.meta.get(BASE_KEY))?.value as StoredBase | undefined;
    if (!base || base.baseId !== state.baseId) return undefined;
    const index = SearchIndex.fromStored(base.data);
    // The stored base is this index's build 0; if the changes make it compact, the new build
    // is written at the next persist.
    this.baseId = base.baseId;
    this.stored = { index, builds: index.builds };
    this.changes = [];
    for (const change of state.changes) this.track(index, change);
    if (!this.baseHolds(index)) this.schedulePersist();
    return index;
  }

  /** Is the stored base this index's current build? */
  private baseHolds(index: SearchIndex): boolean {
    return this.stored?.index === index && this.stored.builds === index.builds;
  }

  private schedulePersist(): void {
    clearTimeout(this.persistTimer);
    this.persistTimer = setTimeout(() => void this.persist(), this.persistDelayMs);
  }

  /** Write what changed since the last write (the base only after a build). */
  async persist(): Promise<void> {
    clearTimeout(this.persistTimer);
    this.persistTimer = undefined;
    const pending = this.index;
    if (!pending) return;
    const index = await pending;
    // A change chained meanwhile has its own write coming; the version read now matches `index`
    // only if nothing was chained after it.
    if (pending !== this.index) return;
    const state: StoredState = { version: this.version(), baseId: this.baseId, changes: [...this.changes] };
    if (!this.baseHolds(index)) {
      const baseId = Date.now();
      const base: StoredBase = { baseId, data: index.toStored() };
      state.baseId = baseId;
      await this.db.transaction('rw', this.db.meta, async () => {
        await this.db.meta.put({ key: BASE_KEY, value: base });
        await this.db.meta.put({ key: STATE_KEY, value: state });
      });
      this.baseId = baseId;
      this.stored = { index, builds: index.builds };
    } else {
      await this.db.meta.put({ key: STATE_KEY, value: state });
    }
  }
}

function searchable({ id, name, aliases, type, summary, tags }: Searchable): Searchable {
  return { id, name, aliases, type, summary, tags };
}
