/**
 * Card data fetched from the background (`cards`), remembered by id until the entity list
 * changes. Concurrent asks for the same ids share one message.
 */
import type { CardEntity } from '../shared/protocol';

export type FetchCards = (ids: string[]) => Promise<CardEntity[]>;

export class CardData {
  private readonly cache = new Map<string, CardEntity>();
  private readonly inflight = new Map<string, Promise<void>>();
  private generation = 0;

  constructor(private readonly fetch: FetchCards) {}

  /** The entities of `ids` that still exist, in the order asked. */
  async load(ids: readonly string[]): Promise<CardEntity[]> {
    const generation = this.generation;
    const missing = ids.filter((id) => !this.cache.has(id) && !this.inflight.has(id));
    if (missing.length > 0) {
      const request = this.fetch(missing).then((entities) => {
        if (generation !== this.generation) return;
        for (const e of entities) this.cache.set(e.id, e);
      });
      const settled = request.finally(() => {
        for (const id of missing) if (this.inflight.get(id) === settled) this.inflight.delete(id);
      });
      for (const id of missing) this.inflight.set(id, settled);
    }
    await Promise.all(ids.map((id) => this.inflight.get(id)).filter((p) => p !== undefined));
    if (generation !== this.generation) return this.load(ids);
    return ids.map((id) => this.cache.get(id)).filter((e): e is CardEntity => e !== undefined);
  }

  /** Already known, without asking. */
  peek(id: string): CardEntity | undefined {
    return this.cache.get(id);
  }

  /** Forget everything (the entity list changed). */
  clear(): void {
    this.generation++;
    this.cache.clear();
    this.inflight.clear();
  }
}
