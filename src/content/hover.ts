/**
 * Pointer → card. The pointer is hit-tested once per frame; resting on a mention for DWELL_MS
 * opens its card (its data is asked for after PREFETCH_MS); leaving the mention closes the card
 * after GRACE_MS unless the pointer reached the card, which stays open while hovered. `Escape`
 * closes it (and it stays closed until the pointer leaves that mention). The dwell follows the
 * reader's `hoverDelayMs` setting. A card opened from the keyboard (`openFor`) takes focus and is
 * not closed by pointer moves, only by `Escape`, a press outside, or the next command.
 *
 * This file holds the decisions; the listeners and the pointer's position are in hover-input.ts,
 * the delays and their timers in hover-timers.ts.
 */
import { blockText } from './blocks';
import { liveRange, type Card } from './card';
import type { CardData } from './card-data';
import type { CardModel } from './card-view';
import type { Drawn, HighlightPainter } from './highlights';
import { hitTest } from './hittest';
import { HoverInput } from './hover-input';
import { DWELL_MS, HoverTimers } from './hover-timers';

export { DWELL_MS, GRACE_MS, PREFETCH_MS } from './hover-timers';

export interface HoverDeps {
  doc: Document;
  painter: HighlightPainter;
  card: Card;
  data: CardData;
  /** Open shadow roots holding mentions (for hit-testing inside them). */
  shadowRoots: () => ShadowRoot[];
  /**
   * `Escape` pressed here with no card open here, in a tab with other frames: ask them to close
   * theirs (a key event reaches only the focused frame; the card may be in another one).
   */
  escapeElsewhere?: () => void;
}

export class Hover {
  private readonly input: HoverInput;
  private readonly timers: HoverTimers;
  private under: Drawn | null = null;
  private open: Drawn | null = null;
  /** The ids the open card shows (a redraw may re-rank them). */
  private openIds = '';
  private dismissed: Drawn | null = null;
  /** The open card was opened by the keyboard command. */
  private byKeyboard = false;
  /** Rest before a card opens (the reader's setting). */
  private dwellMs = DWELL_MS;
  private hidden: ReadonlySet<string> = new Set();

  constructor(private readonly deps: HoverDeps) {
    this.input = new HoverInput(deps.doc, {
      frame: () => this.evaluate(),
      gone: () => this.setUnder(null),
      down: (e) => this.onDown(e),
      key: (e) => this.onKey(e),
      focusIn: (e) => this.onFocusIn(e),
      // The page or a box in it scrolled under a still pointer: no pointer event comes, so the
      // mention under the pointer is looked at again (a card whose mention scrolled away closes
      // after the grace delay; a rest on it is dropped). Only while a card is open or a rest is
      // counted: a pointer left on the page opens nothing while the reader scrolls.
      scrolled: () => this.recheck(),
    });
    this.timers = new HoverTimers({
      prefetch: (ids) => {
        void this.deps.data.load(ids).catch(() => undefined);
        this.deps.card.warm(); // while the answer is on its way
      },
      dwell: (drawn) => void this.show(drawn),
      grace: () => this.close(),
    });
    this.listen();
  }

  /**
   * What is under a still pointer may have changed: the page scrolled, or changed its DOM (a
   * live blog's update pushed the mention down, and another slid under the pointer: the old card
   * stayed open and the new mention never opened one; found by a probe, 2026-12-07). Looked at
   * again in the next frame, only while a pointer card is open or a rest is counted.
   */
  recheck(): void {
    if ((this.open && !this.byKeyboard) || this.under) this.input.lookAgain();
  }

  /**
   * Adds the document's listeners. Called again after `document.open()` erased them
   * (`whenDocumentReopened`).
   */
  listen(): void {
    this.input.listen();
  }

  private onDown(e: PointerEvent): void {
    if (this.open && !this.deps.card.contains(e.target)) this.close();
  }

  /**
   * Focus gone from a keyboard-opened card into the page (`Tab` past its last control): the card
   * closes. It stayed open over the page's controls that then took focus, hiding them (WCAG 2.4.11;
   * found by an accessibility probe, 2026-12-07). Focus events from the closed root reach the
   * document retargeted to the card's host, which `contains` knows.
   */
  private onFocusIn(e: FocusEvent): void {
    if (this.open && this.byKeyboard && !this.deps.card.contains(e.target)) this.close();
  }

  /** The reader's hover delay (settings). */
  setDelay(ms: number): void {
    this.dwellMs = ms;
  }

  /** Types the reader does not show (settings): their mentions open no card, and an open one closes. */
  setHiddenTypes(types: readonly string[]): void {
    this.hidden = new Set(types);
    if (this.open && !this.shows(this.open)) this.close();
  }

  /** Does this mention open a card (its type is shown)? */
  shows(drawn: Drawn): boolean {
    return !this.hidden.has(drawn.mention.type);
  }

  /** The mention whose card is open, if any. */
  get opened(): Drawn | null {
    return this.open;
  }

  /** Open `drawn`'s card from the keyboard, focus in it. False when its data is gone. */
  async openFor(drawn: Drawn, position: { index: number; count: number }): Promise<boolean> {
    const base = await this.model(drawn);
    if (!base || this.input.stopped) return false;
    const rect = Array.from(liveRange(this.deps.doc, drawn.range).getClientRects()).find((r) => r.width > 0) ?? null;
    const pointer = rect ? { x: rect.left + 1, y: rect.top + rect.height / 2 } : { x: 0, y: 0 };
    this.timers.clear('dwell');
    this.timers.clear('grace');
    this.deps.card.open({ model: { ...base, position }, range: drawn.range, pointer, focus: true });
    this.open = drawn;
    this.byKeyboard = true;
    this.openIds = drawn.mention.ids.join('\n');
    return true;
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key !== 'Escape') return;
    if (this.open) {
      this.dismissed = this.open;
      this.close();
    } else {
      this.deps.escapeElsewhere?.();
    }
  }

  /** `Escape` pressed in another frame of the tab: a card the pointer opened here closes. */
  closeFromElsewhere(): void {
    // A keyboard-opened card holds the focus, so its own frame hears `Escape`.
    if (!this.open || this.byKeyboard) return;
    this.dismissed = this.open;
    this.close();
  }

  private evaluate(): void {
    const { doc, painter, card } = this.deps;
    const { input } = this;
    if (input.gone) return this.setUnder(null);
    if (card.isOpen && card.contains(input.target)) {
      this.timers.clear('grace');
      this.timers.clear('dwell');
      this.timers.clear('prefetch');
      this.under = null;
      return;
    }
    const hit = hitTest(doc, painter, input.x, input.y, this.deps.shadowRoots());
    this.setUnder(hit && this.shows(hit) ? hit : null);
  }

  private setUnder(drawn: Drawn | null): void {
    if (drawn !== this.under) {
      this.under = drawn;
      this.timers.clear('dwell');
      this.timers.clear('prefetch');
      if (this.dismissed && drawn !== this.dismissed) this.dismissed = null;
      // A card opened from the keyboard holds the focus and is closed only by the keyboard or a
      // press: a pointer resting on another mention meanwhile must not replace it (the focus
      // would fall to <body> and never come back to where the reader was).
      if (drawn && drawn !== this.open && drawn !== this.dismissed && !(this.open && this.byKeyboard)) {
        this.timers.rest(drawn, this.input.movedAt, this.dwellMs);
      }
    }
    if (this.open && !this.byKeyboard) {
      if (drawn === this.open) this.timers.clear('grace');
      else this.timers.startGrace();
    }
  }

  private async show(drawn: Drawn): Promise<void> {
    const model = await this.model(drawn);
    if (!model || this.under !== drawn || this.input.stopped || (this.open && this.byKeyboard)) return;
    this.deps.card.open({ model, range: drawn.range, pointer: { x: this.input.x, y: this.input.y } });
    this.open = drawn;
    this.byKeyboard = false;
    this.openIds = drawn.mention.ids.join('\n');
    this.timers.clear('grace');
  }

  private async model(drawn: Drawn): Promise<CardModel | null> {
    const { mention, record } = drawn;
    let entities;
    try {
      entities = await this.deps.data.load(mention.ids);
    } catch {
      return null; // the background is gone (lifecycle handles orphaning)
    }
    if (entities.length === 0) return null;
    return { entities, text: blockText(record.block).slice(mention.start, mention.end), short: mention.short };
  }

  close(): void {
    this.timers.clear('grace');
    this.open = null;
    this.byKeyboard = false;
    this.deps.card.close();
  }

  /** After a redraw: close a card whose mention is gone, forget a vanished mention. */
  afterRedraw(): void {
    const { painter } = this.deps;
    if (this.open && painter.byHighlightRange(this.open.range) !== this.open) this.close();
    else if (this.open && this.open.mention.ids.join('\n') !== this.openIds) void this.refresh();
    if (this.under && painter.byHighlightRange(this.under.range) !== this.under) this.setUnder(null);
    // Drawn anew: the mention under a still pointer may be another one now.
    this.recheck();
  }

  /** The entity list changed: show fresh data in an open card. */
  async refresh(): Promise<void> {
    const open = this.open;
    if (!open) return;
    const model = await this.model(open);
    if (this.open !== open) return;
    if (!model) return this.close();
    this.openIds = open.mention.ids.join('\n');
    this.deps.card.refresh({ ...model, position: this.deps.card.shown?.model.position });
  }

  stop(): void {
    this.input.stop();
    this.timers.clear('dwell');
    this.timers.clear('prefetch');
    this.close();
  }
}
