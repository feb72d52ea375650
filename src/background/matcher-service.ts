/**
 * Keeps the compiled matcher for every tab: built from the store, persisted (typed arrays in
 * IndexedDB) so a woken worker reloads it instead of rebuilding, and updated in place when one
 * entity changes.
 */
import type { Entity } from '../core/entities/entity';
import { compileMatcher, loadMatcher, type Matcher, type SerializedMatcher } from '../core/matcher';
import type { MatchEntry, ScanResult } from '../core/matcher/types';
import type { BackstoryDb } from '../shared/db';

const SNAPSHOT_KEY = 'matcher';
const VERSION_KEY = 'version';
/** Persisting a 100k snapshot on every keystroke in a note would be wasteful: batch them. */
const PERSIST_DELAY_MS = 1500;

interface Snapshot {
  version: number;
  data: SerializedMatcher;
}

export function toMatchEntry(entity: Entity): MatchEntry {
  return {
    id: entity.id,
    name: entity.name,
    aliases: entity.aliases,
    type: entity.type,
    hasNotes: entity.notes.trim() !== '',
    updatedAt: Date.parse(entity.updatedAt) || 0,
    guard: entity.guard === true,
  };
}

export class MatcherService {
  private matcher: Matcher | undefined;
  private persistTimer: ReturnType<typeof setTimeout> | undefined;
  /** Version of the entity list; tabs compare it to know when to rescan. */
  version = 0;

  constructor(
    private readonly db: BackstoryDb,
    /** Every entity in the store: records and packs (EntityStore.all). */
    private readonly loadAll: () => Promise<Entity[]> = () => db.entities.toArray(),
  ) {}

  private versionRead: Promise<number> | undefined;

  /** The store's version, read once when the worker starts (a stored search index is checked against it). */
  readVersion(): Promise<number> {
    this.versionRead ??= this.db.meta.get(VERSION_KEY).then((row) => {
      this.version = typeof row?.value === 'number' ? row.value : 0;
      return this.version;
    });
    return this.versionRead;
  }

  /** Load the persisted matcher when it is current, else build it from the store. */
  async init(): Promise<{ reloaded: boolean; ms: number }> {
    const started = performance.now();
    const [, snapshotRow] = await Promise.all([this.readVersion(), this.db.meta.get(SNAPSHOT_KEY)]);
    const snapshot = snapshotRow?.value as Snapshot | undefined;
    if (snapshot && snapshot.version === this.version) {
      try {
        this.matcher = loadMatcher(snapshot.data);
        return { reloaded: true, ms: performance.now() - started };
      } catch (error) {
        console.warn('Backstory: persisted matcher unreadable, rebuilding', error);
      }
    }
    await this.rebuild();
    return { reloaded: false, ms: performance.now() - started };
  }

  scan(blocks: string[]): ScanResult {
    if (!this.matcher) return { blocks: blocks.map(() => []), types: {} };
    return this.matcher.scan(blocks);
  }

  /** Rebuild from every entity in the store (after imports, restores, list updates). */
  async rebuild(): Promise<void> {
    const entities = await this.loadAll();
    this.matcher = compileMatcher(entities.map(toMatchEntry));
    await this.bumpVersion();
  }

  /** One entity added or changed. */
  async upsert(entity: Entity): Promise<void> {
    if (!this.matcher) return this.rebuild();
    this.matcher.upsert(toMatchEntry(entity));
    await this.bumpVersion();
  }

  /**
   * Several entities added, changed or removed at once (a sync's changes): one version bump for
   * all, so tabs rescan once and the version is written once instead of once per entity.
   */
  async applyChanges(upserts: Entity[], removals: string[]): Promise<void> {
    if (!this.matcher) return this.rebuild();
    for (const entity of upserts) this.matcher.upsert(toMatchEntry(entity));
    for (const id of removals) this.matcher.remove(id);
    await this.bumpVersion();
  }

  /** One entity removed. */
  async remove(id: string): Promise<void> {
    if (!this.matcher) return this.rebuild();
    this.matcher.remove(id);
    await this.bumpVersion();
  }

  private async bumpVersion(): Promise<void> {
    this.version += 1;
    await this.db.meta.put({ key: VERSION_KEY, value: this.version });
    this.schedulePersist();
  }

  private schedulePersist(): void {
    clearTimeout(this.persistTimer);
    this.persistTimer = setTimeout(() => void this.persist(), PERSIST_DELAY_MS);
  }

  /** Write the snapshot now (also called before the worker may be stopped). */
  async persist(): Promise<void> {
    clearTimeout(this.persistTimer);
    this.persistTimer = undefined;
    if (!this.matcher) return;
    const snapshot: Snapshot = { version: this.version, data: this.matcher.serialize() };
    await this.db.meta.put({ key: SNAPSHOT_KEY, value: snapshot });
  }
}
