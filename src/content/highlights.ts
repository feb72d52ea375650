/**
 * Draws mentions with the CSS Custom Highlight API (CONTRACT §4 "Highlights"): each mention is
 * one StaticRange, from its first to its last character, in the one Highlight of its first-ranked
 * entity's type, registered as `backstory-<type>`. The page's DOM is never changed.
 *
 * Drawing is a diff against what is drawn, block by block, so a rescan that changes one paragraph
 * touches only that paragraph's ranges, and a block whose mentions did not change costs no
 * allocation: the diff runs after every change of a live page over all of its mentions, and a
 * string key and a new map entry per mention per draw were nearly a third of the content
 * script's garbage on a churning page (docs/page.md, "Stalls on a churning page").
 */
import { ENTITY_TYPES, type EntityType } from '../core/entities/entity';
import type { Mention } from '../core/matcher/types';
import { rangeInit } from './blocks';
import { HighlightStyle, highlightName } from './highlight-style';
import type { BlockRecord } from './page-model';
import { CarryOver } from './carry-over';

/** A mention as drawn. */
export interface Drawn {
  range: StaticRange;
  mention: Mention;
  record: BlockRecord;
}

/** New ranges made between two pauses of a draw (about 2-4 ms of work in Chromium here). */
const DRAW_CHUNK = 200;

/** The mentions drawn in one block, in text order, and the draw that last confirmed them. */
export interface BlockDrawn {
  list: Drawn[];
  epoch: number;
}

/** Do `list` and `mentions[from, to)` name the same stretches with the same type? */
function sameMentions(list: readonly Drawn[], mentions: readonly Mention[], from: number, to: number): boolean {
  if (list.length !== to - from) return false;
  for (let k = 0; k < list.length; k++) {
    const a = list[k].mention;
    const b = mentions[from + k];
    if (a.start !== b.start || a.end !== b.end || a.type !== b.type) return false;
  }
  return true;
}

export class HighlightPainter {
  private readonly highlights = new Map<EntityType, Highlight>();
  /** What is drawn, per block record. */
  private readonly byRecord = new Map<BlockRecord, BlockDrawn>();
  /** The number of drawn mentions (all lists). */
  private total = 0;
  private readonly byRange = new Map<AbstractRange, Drawn>();
  private byNode: Map<Text, Drawn[]> | null = null;
  readonly style = new HighlightStyle();
  /** Bumped by every draw and clear: a paused draw that finds it changed stops. */
  private epoch = 0;
  /** A draw is paused half-way: highlights and `drawn` differ on purpose. */
  private drawing = false;

  constructor(private readonly doc: Document) {}

  private highlight(type: EntityType): Highlight {
    let hl = this.highlights.get(type);
    if (!hl) {
      hl = new Highlight();
      this.highlights.set(type, hl);
    }
    return hl;
  }

  /**
   * Make what is drawn equal `mentions` (indices into `records`). New ranges are made in slices
   * (a page with thousands of mentions would otherwise cost one long task): `pause` is awaited
   * every DRAW_CHUNK new ranges and may yield the thread. Meanwhile what is drawn is a mix of
   * old and new, each range still valid, so hit-testing keeps working.
   */
  async draw(mentions: readonly Mention[], records: readonly BlockRecord[], pause: () => Promise<void> = async () => undefined): Promise<void> {
    const epoch = ++this.epoch;
    let made = 0;
    let adopted = false;
    let changed = false;
    /** The ranges of blocks no longer current, for new records of the same text (made on demand). */
    let carried: CarryOver | null = null;
    // Mentions come in page order (resolveMentions): grouped by block, in text order in each.
    for (let i = 0, j = 0; i < mentions.length; i = j) {
      const b = mentions[i].block;
      for (j = i + 1; j < mentions.length && mentions[j].block === b; j++);
      const record = records[b];
      if (!record) continue;
      const entry = this.byRecord.get(record);
      if (entry && sameMentions(entry.list, mentions, i, j)) {
        // The usual case: the same stretches, only resolved again.
        for (let k = 0; k < entry.list.length; k++) entry.list[k].mention = mentions[i + k];
        entry.epoch = epoch;
        continue;
      }
      changed = true;
      const old = entry?.list ?? [];
      const list: Drawn[] = [];
      let o = 0;
      for (let k = i; k < j; k++) {
        const m = mentions[k];
        while (o < old.length && old[o].mention.start < m.start) this.erase(old[o++]);
        const prev = old[o];
        if (prev && prev.mention.start === m.start && prev.mention.end === m.end && prev.mention.type === m.type) {
          prev.mention = m;
          list.push(prev);
          o++;
          continue;
        }
        if (!entry) {
          // A new record for text that changed elsewhere in its block (carry-over.ts).
          carried ??= new CarryOver(this.byRecord, records);
          if (carried.size > 0) {
            const kept = carried.take(rangeInit(record.block, m.start, m.end), m);
            if (kept) {
              kept.mention = m;
              kept.record = record;
              list.push(kept);
              continue;
            }
          }
        }
        if (++made % DRAW_CHUNK === 0 && !(await this.pauseDraw(pause, epoch))) return;
        const init = rangeInit(record.block, m.start, m.end);
        if (runsBackwards(init)) continue;
        const range = new StaticRange(init);
        const drawn: Drawn = { range, mention: m, record };
        this.highlight(m.type).add(range);
        this.byRange.set(range, drawn);
        this.total++;
        list.push(drawn);
        const root = range.startContainer.getRootNode();
        if (root !== this.doc && root.nodeType === Node.DOCUMENT_FRAGMENT_NODE) this.style.adopt(root as ShadowRoot);
        // The first chunk shows at once: register and style before the first pause.
        if (!adopted) {
          adopted = true;
          this.style.adopt(this.doc);
          this.register();
        }
      }
      while (o < old.length) this.erase(old[o++]);
      if (entry) {
        entry.list = list;
        entry.epoch = epoch;
      } else {
        this.byRecord.set(record, { list, epoch });
      }
    }
    // Blocks with no mention now, or no longer on the page (a single-page app swapping its
    // article: thousands at once). Their ranges go DRAW_CHUNK at a time between pauses too: in
    // Firefox each `Highlight.delete` costs about 0.1 ms, and 3,750 of them were a 120 ms task.
    const gone: BlockDrawn[] = [];
    for (const [record, entry] of this.byRecord) {
      if (entry.epoch === epoch) continue;
      this.byRecord.delete(record);
      gone.push(entry);
      changed = true;
    }
    let erased = 0;
    for (const entry of gone) {
      for (const d of entry.list) {
        if (carried?.taken.has(d)) continue;
        this.erase(d);
        if (++erased % DRAW_CHUNK === 0 && !(await this.pauseDraw(pause, epoch))) return;
      }
    }
    if (changed) this.byNode = null;
    if (this.total > 0) {
      this.style.adopt(this.doc);
      this.check();
    }
  }

  /**
   * A draw's pause between chunks (what is drawn is a mix of old and new meanwhile, on purpose).
   * False when the page was cleared meanwhile: the draw stops (draws never overlap: the scan
   * controller's throttle runs one at a time).
   */
  private async pauseDraw(pause: () => Promise<void>, epoch: number): Promise<boolean> {
    this.drawing = true;
    try {
      await pause();
    } finally {
      this.drawing = false;
    }
    return epoch === this.epoch;
  }

  /** Take one drawn mention off the page. */
  private erase(d: Drawn): void {
    this.highlights.get(d.mention.type)?.delete(d.range);
    this.byRange.delete(d.range);
    this.total--;
  }

  /**
   * Register our highlights again if the page removed or replaced them, and refill one the page
   * emptied. Cheap: called on every scheduler run and on a timer.
   */
  check(): void {
    if (this.total === 0 || this.drawing) return;
    this.register();
    let expected = 0;
    for (const hl of this.highlights.values()) expected += hl.size;
    if (expected !== this.total) {
      for (const hl of this.highlights.values()) hl.clear();
      for (const d of this.all()) this.highlight(d.mention.type).add(d.range);
    }
    this.style.check();
  }

  /** Our highlights in `CSS.highlights` (again, if the page removed or replaced them). */
  private register(): void {
    const registry = CSS.highlights;
    for (const type of ENTITY_TYPES) {
      const hl = this.highlight(type);
      if (registry.get(highlightName(type)) !== hl) registry.set(highlightName(type), hl);
    }
  }

  /** Remove every highlight and our style sheet. */
  clear(): void {
    this.epoch++;
    this.byRecord.clear();
    this.total = 0;
    this.byRange.clear();
    this.byNode = null;
    const registry = CSS.highlights;
    for (const [type, hl] of this.highlights) {
      hl.clear();
      if (registry.get(highlightName(type)) === hl) registry.delete(highlightName(type));
    }
    this.style.remove();
  }

  /** The drawn mention of a range found by `highlightsFromPoint`. */
  byHighlightRange(range: AbstractRange): Drawn | undefined {
    return this.byRange.get(range);
  }

  /** Drawn mentions touching a text node (for the `caretPositionFromPoint` fallback). */
  atNode(node: Text): readonly Drawn[] {
    if (!this.byNode) {
      const index = new Map<Text, Drawn[]>();
      for (const d of this.all()) {
        const { nodes } = d.record.block;
        const first = nodes.indexOf(d.range.startContainer as Text);
        const last = nodes.indexOf(d.range.endContainer as Text);
        for (let i = first; i >= 0 && i <= last; i++) {
          const list = index.get(nodes[i]);
          if (list) list.push(d);
          else index.set(nodes[i], [d]);
        }
      }
      this.byNode = index;
    }
    return this.byNode.get(node) ?? [];
  }

  /** Is this one of our Highlight objects? */
  owns(hl: Highlight): boolean {
    for (const mine of this.highlights.values()) if (mine === hl) return true;
    return false;
  }

  /** Every drawn mention, block by block. */
  *all(): IterableIterator<Drawn> {
    for (const entry of this.byRecord.values()) yield* entry.list;
  }

  get count(): number {
    return this.total;
  }
}


/**
 * Does this range end before it starts in DOM order? Slots can render light-DOM text in another
 * order than the DOM's (`<slot name=a>` before `<slot name=b>` for `<b>Singh</b><a>Rajnath</a>`):
 * the mention read in the flat tree has no range that covers it, and a backwards one would be
 * registered as a mention with no text (docs/page.md, "Scanning decisions").
 */
function runsBackwards({ startContainer: a, endContainer: b }: StaticRangeInit): boolean {
  return a !== b && a.getRootNode() === b.getRootNode() && (b.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
}
