/**
 * The rows of the popup's search index (search.ts): one per entity version, with its id, name,
 * type, aliases and their folded forms, and whether it still lives. Apart from the index because
 * it is plain storage, appended to and never reordered: the index sorts keys over it
 * (search-sorted-keys.ts), ranks what a query finds in it (search-ranking.ts) and persists it
 * (search-stored.ts), and none of that needs to know how a row is laid out.
 */
import { ENTITY_TYPES, type Entity, type EntityType } from '../core/entities/entity';
import { foldForSearch } from '../core/search/keys';
import { packStrings, unpackStrings } from '../core/packed-strings';
import { Ragged } from '../core/search/ragged';
import type { StoredSearchIndex } from './search-stored';

/** What the index needs of an entity; `summary` and `tags` give a namesake's detail. */
export type Searchable = Pick<Entity, 'id' | 'name' | 'aliases' | 'type'> & Partial<Pick<Entity, 'summary' | 'tags'>>;

/** The rows' part of a stored index. */
export type StoredRows = Pick<StoredSearchIndex, 'ids' | 'names' | 'types' | 'aliases' | 'aliasEnds' | 'folded' | 'foldedEnds'>;

export class SearchRows {
  // Rows: one per entity version; a changed entity gets a new row and its old row dies.
  // Per-row lists are flat (one array and each row's end), not an array per row: a woken worker
  // restores them without making 200,000 arrays, and the collector has fewer objects to trace.
  private readonly alive: boolean[];
  /** Row of each live id: made on the first edit (searching never needs it). */
  private rowOfId: Map<string, number> | null = null;
  private liveCount: number;

  constructor(
    private readonly ids: string[] = [],
    private readonly names: string[] = [],
    /** Index in ENTITY_TYPES. */
    private readonly types: number[] = [],
    private readonly aliases = new Ragged(),
    /** Folded name then folded aliases, per row. */
    private readonly folded = new Ragged(),
  ) {
    this.alive = new Array<boolean>(types.length).fill(true);
    this.liveCount = types.length;
  }

  /** Rows as `stored()` left them: strings cut out of the packs, nothing folded again. */
  static fromStored(stored: StoredRows, what: string): SearchRows {
    const n = stored.types.length;
    const ids = unpackStrings(stored.ids, what);
    const names = unpackStrings(stored.names, what);
    const types = Array.from(stored.types);
    const aliases = Ragged.fromStored(stored.aliases, stored.aliasEnds, n, what);
    const folded = Ragged.fromStored(stored.folded, stored.foldedEnds, n, what);
    return new SearchRows(ids, names, types, aliases, folded);
  }

  /** The first `n` rows, packed. */
  stored(n: number): StoredRows {
    const aliases = this.aliases.stored(n);
    const folded = this.folded.stored(n);
    return {
      ids: packStrings(this.ids.slice(0, n)),
      names: packStrings(this.names.slice(0, n)),
      types: Uint8Array.from(this.types.slice(0, n)),
      aliases: aliases.packed,
      aliasEnds: aliases.ends,
      folded: folded.packed,
      foldedEnds: folded.ends,
    };
  }

  /** Whether the ids and the names both hold `n` rows (a stored copy's are checked so). */
  holds(n: number): boolean {
    return this.ids.length === n && this.names.length === n;
  }

  /** Every row, live or dead. */
  get count(): number {
    return this.ids.length;
  }

  /** Live rows. */
  get live(): number {
    return this.liveCount;
  }

  add(e: Searchable): number {
    const row = this.ids.length;
    this.ids.push(e.id);
    this.names.push(e.name);
    this.types.push(ENTITY_TYPES.indexOf(e.type));
    this.aliases.push(e.aliases);
    this.folded.push([e.name, ...e.aliases].map(foldForSearch));
    this.alive.push(true);
    this.rowOf().set(e.id, row);
    this.liveCount++;
    return row;
  }

  remove(id: string): void {
    const row = this.rowOf().get(id);
    if (row === undefined) return;
    this.alive[row] = false;
    this.rowOf().delete(id);
    this.liveCount--;
  }

  /** The live row of an id. */
  find(id: string): number | undefined {
    return this.rowOf().get(id);
  }

  /** Every live row as an entity (what a compaction indexes again). */
  liveEntities(): Searchable[] {
    const live: Searchable[] = [];
    for (let r = 0; r < this.ids.length; r++) {
      if (this.alive[r]) live.push({ id: this.ids[r], name: this.names[r], type: this.typeOf(r), aliases: this.aliases.get(r) });
    }
    return live;
  }

  isAlive(row: number): boolean {
    return this.alive[row];
  }

  id(row: number): string {
    return this.ids[row];
  }

  name(row: number): string {
    return this.names[row];
  }

  aliasesOf(row: number): string[] {
    return this.aliases.get(row);
  }

  alias(row: number, k: number): string {
    return this.aliases.at(row, k);
  }

  /** Folded name then folded aliases. */
  foldedOf(row: number): string[] {
    return this.folded.get(row);
  }

  /** A row's folded name: what name order sorts by. */
  nameKey(row: number): string {
    return this.folded.at(row, 0);
  }

  typeOf(row: number): EntityType {
    return ENTITY_TYPES[this.types[row]] ?? 'other';
  }

  setType(row: number, type: EntityType): void {
    this.types[row] = ENTITY_TYPES.indexOf(type);
  }

  private rowOf(): Map<string, number> {
    if (this.rowOfId === null) {
      const map = new Map<string, number>();
      for (let r = 0; r < this.ids.length; r++) if (this.alive[r]) map.set(this.ids[r], r);
      this.rowOfId = map;
    }
    return this.rowOfId;
  }
}
