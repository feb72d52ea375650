/**
 * Entity store operations over the Dexie schema. The background is the only caller: every write
 * to entities goes through here, each as one transaction, so a failure half-way changes nothing.
 */
import type { Entity } from '../core/entities/entity';
import type { BackstoryDb, StoredEntity, TrashRecord } from '../shared/db';

/** How long a replacing import's backup can be restored (CONTRACT §2). */
export const BACKUP_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

/** An import that would overwrite what it may not; its message names the entity and field. */
export class ImportConflict extends Error {}

export type EntityPatch = Partial<Omit<Entity, 'id' | 'updatedAt'>>;

export interface ImportPlan {
  entities: Entity[];
  replace: boolean;
  /** Field-by-field merge of an incoming entity into the stored one with the same id. */
  merge: (stored: Entity, incoming: Entity) => Entity;
}

export class EntityStore {
  constructor(
    private readonly db: BackstoryDb,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get(id: string): Promise<StoredEntity | undefined> {
    return this.db.entities.get(id);
  }

  getMany(ids: string[]): Promise<(StoredEntity | undefined)[]> {
    return this.db.entities.bulkGet(ids);
  }

  all(): Promise<StoredEntity[]> {
    return this.db.entities.toArray();
  }

  count(): Promise<number> {
    return this.db.entities.count();
  }

  /** The reader's own entities (not those of subscribed lists), for export. */
  own(): Promise<StoredEntity[]> {
    return this.db.entities.where('source').equals('own').toArray();
  }

  /** A new entity made in the popup: a random id (CONTRACT §2). */
  async create(patch: EntityPatch): Promise<StoredEntity> {
    const entity: StoredEntity = {
      id: crypto.randomUUID(),
      name: '',
      aliases: [],
      type: 'other',
      summary: '',
      notes: '',
      tags: [],
      links: [],
      ...patch,
      updatedAt: this.now().toISOString(),
      source: 'own',
    };
    await this.db.transaction('rw', this.db.entities, this.db.sync, async () => {
      await this.db.entities.add(entity);
      await this.db.sync.put({ id: entity.id, pending: 1 });
    });
    return entity;
  }

  /** Apply a patch to one entity; resolves undefined when there is no such entity. */
  async update(id: string, patch: EntityPatch): Promise<StoredEntity | undefined> {
    return this.db.transaction('rw', this.db.entities, this.db.sync, async () => {
      const stored = await this.db.entities.get(id);
      if (!stored) return undefined;
      const next: StoredEntity = { ...stored, ...patch, id, source: stored.source, updatedAt: this.now().toISOString() };
      await this.db.entities.put(next);
      const sync = await this.db.sync.get(id);
      await this.db.sync.put({ ...(sync ?? { id }), pending: 1 });
      return next;
    });
  }

  /** Remove one entity at once, keeping it in the trash for `Undo` and for soft-delete sync. */
  async remove(id: string): Promise<boolean> {
    return this.db.transaction('rw', this.db.entities, this.db.trash, this.db.sync, async () => {
      const stored = await this.db.entities.get(id);
      if (!stored) return false;
      const record: TrashRecord = { id, entity: stored, deletedAt: this.now().getTime() };
      await this.db.trash.put(record);
      await this.db.entities.delete(id);
      const sync = await this.db.sync.get(id);
      await this.db.sync.put({ ...(sync ?? { id }), pending: 1 });
      return true;
    });
  }

  /** Put back an entity removed by `remove`. */
  async undoRemove(id: string): Promise<boolean> {
    return this.db.transaction('rw', this.db.entities, this.db.trash, this.db.sync, async () => {
      const record = await this.db.trash.get(id);
      if (!record || (await this.db.entities.get(id))) return false;
      await this.db.entities.put({ ...record.entity, updatedAt: this.now().toISOString() });
      await this.db.trash.delete(id);
      const sync = await this.db.sync.get(id);
      await this.db.sync.put({ ...(sync ?? { id }), pending: 1 });
      return true;
    });
  }

  /**
   * Import validated entities as one atomic operation: all of it lands or none of it.
   * Replace: the reader's own entities are swapped for the file's, the old ones kept as a
   * backup for BACKUP_DAYS. Merge: an entity whose id exists is updated field by field.
   */
  async importEntities({ entities, replace, merge }: ImportPlan): Promise<number> {
    const { db } = this;
    return db.transaction('rw', [db.entities, db.sync, db.backups], async () => {
      const nowMs = this.now().getTime();
      if (replace) {
        const previous = await db.entities.where('source').equals('own').toArray();
        await db.backups.put({ id: `backup-${nowMs}-${crypto.randomUUID().slice(0, 8)}`, createdAt: nowMs, reason: 'replacing import', entities: previous });
        await db.backups.where('createdAt').below(nowMs - BACKUP_DAYS * DAY_MS).delete();
        await db.entities.where('source').equals('own').delete();
      }
      const existing = await db.entities.bulkGet(entities.map((e) => e.id));
      const rows: StoredEntity[] = entities.map((incoming, i) => {
        const stored = existing[i];
        if (stored && stored.source !== 'own') {
          // A subscribed list's entity is read-only: an import must not take it over.
          throw new ImportConflict(`entity ${i + 1} ("${incoming.name}"): field "id": "${incoming.id}" belongs to a subscribed list`);
        }
        if (stored && !replace) return { ...merge(stored, incoming), source: 'own' };
        return { ...incoming, source: 'own' };
      });
      await db.entities.bulkPut(rows);
      await db.sync.bulkPut(rows.map((r) => ({ id: r.id, pending: 1 as const })));
      return rows.length;
    });
  }

  /** Backups still inside their restore window, newest first. */
  async backups(): Promise<{ id: string; createdAt: number; count: number }[]> {
    const cutoff = this.now().getTime() - BACKUP_DAYS * DAY_MS;
    const rows = await this.db.backups.where('createdAt').above(cutoff).reverse().sortBy('createdAt');
    return rows.map((b) => ({ id: b.id, createdAt: b.createdAt, count: b.entities.length }));
  }

  /** Restore a backup: the reader's own entities become what they were before that import. */
  async restoreBackup(id: string): Promise<number | undefined> {
    const { db } = this;
    return db.transaction('rw', [db.entities, db.sync, db.backups], async () => {
      const backup = await db.backups.get(id);
      const nowMs = this.now().getTime();
      if (!backup || backup.createdAt < nowMs - BACKUP_DAYS * DAY_MS) return undefined;
      // Restoring is itself undoable: what it replaces becomes a backup too.
      const current = await db.entities.where('source').equals('own').toArray();
      await db.backups.put({ id: `backup-${nowMs}-${crypto.randomUUID().slice(0, 8)}`, createdAt: nowMs, reason: 'before restoring a backup', entities: current });
      await db.entities.where('source').equals('own').delete();
      await db.entities.bulkPut(backup.entities);
      await db.sync.bulkPut(backup.entities.map((e) => ({ id: e.id, pending: 1 as const })));
      return backup.entities.length;
    });
  }
}
