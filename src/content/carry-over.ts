/**
 * A block whose text changed gets a new record from the page model, but a mention of it at the
 * same text node and offsets as before (a live price or a clock beside it in the paragraph)
 * keeps its drawn range object: an open card on it stays open, a pending rest on it goes on, and
 * Blink has no range to drop and add (docs/page.md, "Resolve and draw").
 */
import type { Mention } from '../core/matcher/types';
import type { BlockDrawn, Drawn } from './highlights';
import type { BlockRecord } from './page-model';

export class CarryOver {
  /**
   * The drawn mentions of the records no longer current, by their range's start node and start
   * offset (a long text node holds thousands of mentions: a list per node made the carry-over
   * quadratic, seconds in Firefox on a 1 MB paragraph).
   */
  private readonly byStart = new Map<Node, Map<number, Drawn[]>>();
  /** Drawn mentions carried over to a new record: they are not erased with their old block. */
  readonly taken = new Set<Drawn>();

  constructor(drawn: ReadonlyMap<BlockRecord, BlockDrawn>, records: readonly BlockRecord[]) {
    if (drawn.size === 0) return;
    const current = new Set(records);
    for (const [record, entry] of drawn) {
      if (current.has(record)) continue;
      for (const d of entry.list) {
        let byOffset = this.byStart.get(d.range.startContainer);
        if (!byOffset) this.byStart.set(d.range.startContainer, (byOffset = new Map()));
        const list = byOffset.get(d.range.startOffset);
        if (list) list.push(d);
        else byOffset.set(d.range.startOffset, [d]);
      }
    }
  }

  /** How many text nodes hold old ranges (none: nothing can be carried). */
  get size(): number {
    return this.byStart.size;
  }

  /** An old drawn mention with exactly `init`'s range and `m`'s type, not taken yet (then taken). */
  take(init: StaticRangeInit, m: Mention): Drawn | undefined {
    const list = this.byStart.get(init.startContainer)?.get(init.startOffset);
    if (!list) return undefined;
    for (const d of list) {
      const r = d.range;
      if (r.endContainer === init.endContainer && r.endOffset === init.endOffset && d.mention.type === m.type && !this.taken.has(d)) {
        this.taken.add(d);
        return d;
      }
    }
    return undefined;
  }
}
