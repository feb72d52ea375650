/**
 * The packs of the entity store (store.ts, docs/manager.md "Packs"): large imports and restores
 * are written PACK_SIZE entities to a `packs` record, because Chromium's IndexedDB pays per
 * record, with each pack's ids listed apart in `packIds` (finding an id's pack reads ids, not
 * entities). This class owns those two tables and what is cached of them; `EntityStore` decides
 * when entities go into packs or come out, always inside its own transactions.
 *
 * Cache: decoded packs of the current generation (the packs an import just wrote, so the matcher
 * and search rebuilds after it read nothing back, and those read since) and which pack holds each
 * id. Every write that touches packs starts a new generation (`settle`), so nothing older is kept,
 * and nothing is kept once unused for CACHE_IDLE_MS.
 */
import type { BackstoryDb, PackRecord, StoredEntity } from '../shared/db';

/** Entities per pack: 2,000 measured 1.8 s for 100k in Chromium; a pack rewrite (an edit) stays a few ms. */
export const PACK_SIZE = 2000;

/**
 * Cached pack data is dropped this long after its last use. Kept for good, 100k decoded entities
 * are 45 MB of small objects in the worker's heap, and every major collection then marks them
 * all: 130-285 ms pauses measured in the worker while pages waited for their matches (docs/page.md,
 * "The worker's heap"). What the cache is for (the rebuilds right after an import, a run of card
 * lookups) happens within a few seconds.
 */
export const CACHE_IDLE_MS = 5000;

/** What one write transaction did to the packs: whether the cache must go, and what it may keep. */
export interface PackWrite {
  touched: boolean;
  /** Packs written whole, cached once the transaction commits. */
  written: PackRecord[];
}

export class Packs {
  /** Bumped by every pack write: cached pack data of an older generation is dropped. */
  private generation = 0;
  private directoryCache: { generation: number; directory: Promise<Map<string, string>> } | undefined;
  private readonly packCache = new Map<string, StoredEntity[]>();
  private readonly packMaps = new Map<string, Map<string, StoredEntity>>();
  private dropTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly db: BackstoryDb,
    private readonly packSize = PACK_SIZE,
    private readonly cacheIdleMs = CACHE_IDLE_MS,
  ) {}

  /** A fresh record of one write transaction's pack changes, to hand to `settle` afterwards. */
  newWrite(): PackWrite {
    return { touched: false, written: [] };
  }

  /**
   * After a write transaction, whatever its outcome: a write that touched packs drops the cache,
   * then keeps the packs it wrote whole, but only once it is committed. Edits of record entities
   * (every keystroke in notes) leave the packs, and so the cache, alone.
   */
  settle(write: PackWrite, committed: boolean): void {
    if (!write.touched) return;
    this.generation += 1;
    this.packCache.clear();
    this.packMaps.clear();
    if (committed) for (const pack of write.written) this.packCache.set(pack.id, pack.entities);
    this.used();
  }

  /** The cache was used: it lives `cacheIdleMs` more. */
  private used(): void {
    clearTimeout(this.dropTimer);
    this.dropTimer = setTimeout(() => this.dropCache(), this.cacheIdleMs);
  }

  /** Forget every decoded pack and the directory; the next reader reads them back. */
  dropCache(): void {
    clearTimeout(this.dropTimer);
    this.dropTimer = undefined;
    this.packCache.clear();
    this.packMaps.clear();
    this.directoryCache = undefined;
  }

  /** The ids of every pack. */
  async ids(): Promise<string[]> {
    return (await this.db.packIds.toCollection().primaryKeys()) as string[];
  }

  /** Whether any entity is packed. */
  async any(): Promise<boolean> {
    return (await this.db.packIds.count()) > 0;
  }

  /** How many entities are packed. */
  async count(): Promise<number> {
    return (await this.directory()).size;
  }

  /** The entities of every pack, from the cache where it can (outside transactions). */
  async all(): Promise<StoredEntity[][]> {
    const packIds = (await this.db.packs.toCollection().primaryKeys()) as string[];
    return packIds.length === 0 ? [] : this.lists(packIds);
  }

  /** Packed entities by id (undefined where none), outside transactions. */
  async find(ids: string[]): Promise<(StoredEntity | undefined)[]> {
    const directory = await this.directory();
    if (directory.size === 0) return ids.map(() => undefined);
    const packIds = [...new Set(ids.flatMap((id) => directory.get(id) ?? []))];
    const lists = await this.lists(packIds);
    const maps = packIds.map((packId, i) => {
      let map = this.packMaps.get(packId);
      if (!map) {
        map = new Map(lists[i].map((e) => [e.id, e]));
        if (this.packCache.get(packId) === lists[i]) this.packMaps.set(packId, map);
      }
      return map;
    });
    const byPack = new Map(packIds.map((packId, i) => [packId, maps[i]]));
    return ids.map((id) => {
      const packId = directory.get(id);
      return packId === undefined ? undefined : byPack.get(packId)?.get(id);
    });
  }

  // Inside the store's transactions (which must include `packs` and `packIds`). The small ones
  // return Dexie's own promises rather than being `async`: a transaction only stays open across
  // the awaits it can follow (Dexie's PrematureCommitError otherwise, as measured here).

  /** Every packed entity, read from the table. */
  entitiesInTransaction(): Promise<StoredEntity[]> {
    return this.db.packs.toArray().then((packs) => packs.flatMap((p) => p.entities));
  }

  /** Writes `rows` as new packs of `packSize`. */
  async write(rows: StoredEntity[], nowMs: number, write: PackWrite): Promise<void> {
    write.touched = true;
    const prefix = `pack-${nowMs}-${crypto.randomUUID().slice(0, 8)}`;
    const packs: PackRecord[] = [];
    for (let i = 0; i < rows.length; i += this.packSize) {
      packs.push({ id: `${prefix}-${String(i / this.packSize).padStart(4, '0')}`, createdAt: nowMs, entities: rows.slice(i, i + this.packSize) });
    }
    await this.db.packs.bulkAdd(packs);
    await this.db.packIds.bulkAdd(packs.map((p) => ({ id: p.id, ids: p.entities.map((e) => e.id) })));
    write.written.push(...packs);
  }

  /** Removes these ids from the packs holding them; resolves what was taken. */
  async takeOut(ids: string[], write: PackWrite): Promise<Map<string, StoredEntity>> {
    const taken = new Map<string, StoredEntity>();
    const { db } = this;
    if (ids.length === 0 || (await db.packIds.count()) === 0) return taken;
    const wanted = new Set(ids);
    for (const row of await db.packIds.toArray()) {
      if (!row.ids.some((id) => wanted.has(id))) continue;
      const pack = await db.packs.get(row.id);
      if (!pack) continue;
      write.touched = true;
      const kept = pack.entities.filter((e) => {
        if (!wanted.has(e.id)) return true;
        taken.set(e.id, e);
        return false;
      });
      if (kept.length === 0) {
        await db.packs.delete(row.id);
        await db.packIds.delete(row.id);
      } else {
        await db.packs.put({ ...pack, entities: kept });
        await db.packIds.put({ id: row.id, ids: kept.map((e) => e.id) });
      }
    }
    return taken;
  }

  /** The pack holding an id, if any. */
  async holder(id: string): Promise<string | undefined> {
    for (const row of await this.db.packIds.toArray()) if (row.ids.includes(id)) return row.id;
    return undefined;
  }

  /** One pack's entities as stored ([] when there is no such pack). */
  entitiesOf(packId: string): Promise<StoredEntity[]> {
    return this.db.packs.get(packId).then((pack) => pack?.entities ?? []);
  }

  /** Deletes one pack. */
  delete(packId: string, write: PackWrite): Promise<void> {
    write.touched = true;
    return this.db.packs.delete(packId).then(() => this.db.packIds.delete(packId));
  }

  /** Deletes every pack. */
  clear(write: PackWrite): Promise<void> {
    write.touched = true;
    return this.db.packs.clear().then(() => this.db.packIds.clear());
  }

  /** The entities of these packs, from the cache or read (and cached while no write came between). */
  private async lists(packIds: string[]): Promise<StoredEntity[][]> {
    this.used();
    const generation = this.generation;
    const missing = packIds.filter((id) => !this.packCache.has(id));
    const read = missing.length === 0 ? [] : await this.db.packs.bulkGet(missing);
    const fresh = new Map(read.flatMap((p) => (p ? [[p.id, p.entities] as const] : [])));
    if (generation === this.generation) for (const [id, list] of fresh) this.packCache.set(id, list);
    return packIds.map((id) => this.packCache.get(id) ?? fresh.get(id) ?? []);
  }

  /** Which pack holds each id, cached until the next pack write. */
  private directory(): Promise<Map<string, string>> {
    this.used();
    if (this.directoryCache?.generation !== this.generation) {
      const directory = this.db.packIds.toArray().then((rows) => {
        const map = new Map<string, string>();
        for (const row of rows) for (const id of row.ids) map.set(id, row.id);
        return map;
      });
      this.directoryCache = { generation: this.generation, directory };
    }
    return this.directoryCache.directory;
  }
}
