/**
 * Pointer → card. The pointer is hit-tested once per frame; resting on a mention for DWELL_MS
 * opens its card (its data is asked for after PREFETCH_MS); leaving the mention closes the card
 * after GRACE_MS unless the pointer reached the card, which stays open while hovered. `Escape`
 * closes it (and it stays closed until the pointer leaves that mention). The dwell follows the
 * reader's `hoverDelayMs` setting. A card opened from the keyboard (`openFor`) takes focus and is
 * not closed by pointer moves, only by `Escape`, a press outside, or the next command.
 */
import { blockText } from './blocks';
import { liveRange, type Card } from './card';
import type { CardData } from './card-data';
import type { CardModel } from './card-view';
import type { Drawn, HighlightPainter } from './highlights';
import { hitTest } from './hittest';

export const PREFETCH_MS = 150;
export const DWELL_MS = 400;
export const GRACE_MS = 300;
/** At most this much of the wait for the hit test is counted as rest already taken. */
const MAX_HIT_DELAY_MS = 100;
/**
 * The card is committed in an animation frame, not at a timer: frames are followed from this
 * long before the dwell ends (two frames at 60 Hz, enough to measure the display's interval).
 */
const FRAME_LEAD_MS = 40;
/** Assumed frame interval until two frames have been seen. */
const FRAME_MS = 1000 / 60;

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

type Timer = ReturnType<typeof setTimeout> | undefined;

export class Hover {
  private x = 0;
  private y = 0;
  /** When the last pointer move happened (event time, `performance.now()` clock). */
  private movedAt = 0;
  private target: EventTarget | null = null;
  /** The pointer left this document (the window, or into a frame) and has not moved here since. */
  private gone = false;
  private frame = 0;
  private under: Drawn | null = null;
  private open: Drawn | null = null;
  /** The ids the open card shows (a redraw may re-rank them). */
  private openIds = '';
  private dismissed: Drawn | null = null;
  private dwell: Timer;
  /** The animation frame the dwell waits for (see `atDwellFrame`). */
  private dwellFrame = 0;
  private prefetch: Timer;
  private grace: Timer;
  private readonly abort = new AbortController();
  /** The open card was opened by the keyboard command. */
  private byKeyboard = false;
  /** Rest before a card opens (the reader's setting). */
  private dwellMs = DWELL_MS;
  private hidden: ReadonlySet<string> = new Set();

  // Only the reader's own input counts (`isTrusted`): a page that dispatched pointer events at a
  // mention opened its card with no reader there (found by a probe, 2026-12-07).
  private readonly onMoveEvent = (e: PointerEvent): void => {
    if (e.isTrusted) this.onMove(e);
  };
  private readonly onDownEvent = (e: PointerEvent): void => {
    if (e.isTrusted) this.onDown(e);
  };
  private readonly onOutEvent = (e: PointerEvent): void => {
    // Left the window, or went into a frame (its own document: this one hears no more moves, so
    // a card left open here stayed open beside the frame's own; found by a probe, 2026-12-07).
    if (e.isTrusted && (e.relatedTarget === null || isFrameElement(e.relatedTarget))) this.pointerGone();
  };
  private readonly onKeyEvent = (e: KeyboardEvent): void => {
    if (e.isTrusted) this.onKey(e);
  };
  private readonly onFocusInEvent = (e: FocusEvent): void => this.onFocusIn(e);
  /**
   * The page or a box in it scrolled under a still pointer: no pointer event comes, so the
   * mention under the pointer is looked at again (a card whose mention scrolled away closes after
   * the grace delay; a rest on it is dropped). Only while a card is open or a rest is counted:
   * a pointer left on the page opens nothing while the reader scrolls.
   */
  private readonly onScrollEvent = (): void => this.recheck();

  /**
   * What is under a still pointer may have changed: the page scrolled, or changed its DOM (a
   * live blog's update pushed the mention down, and another slid under the pointer: the old card
   * stayed open and the new mention never opened one; found by a probe, 2026-12-07). Looked at
   * again in the next frame, only while a pointer card is open or a rest is counted.
   */
  recheck(): void {
    if (!((this.open && !this.byKeyboard) || this.under) || this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.evaluate();
    });
  }

  constructor(private readonly deps: HoverDeps) {
    this.listen();
  }

  /**
   * Adds the document's listeners. Called again after `document.open()` erased them
   * (`whenDocumentReopened`); a listener still there is not added twice (same function, same
   * capture).
   */
  listen(): void {
    if (this.abort.signal.aborted) return;
    const opts = { capture: true, passive: true, signal: this.abort.signal };
    const { doc } = this.deps;
    doc.addEventListener('pointermove', this.onMoveEvent, opts);
    doc.addEventListener('pointerdown', this.onDownEvent, opts);
    doc.addEventListener('pointerout', this.onOutEvent, opts);
    doc.addEventListener('keydown', this.onKeyEvent, { capture: true, signal: this.abort.signal });
    doc.addEventListener('focusin', this.onFocusInEvent, opts);
    // Capture: a box's scroll event does not bubble.
    doc.addEventListener('scroll', this.onScrollEvent, opts);
  }

  /** The pointer is no longer over this document: nothing is under it, whatever a recheck finds. */
  private pointerGone(): void {
    this.gone = true;
    this.target = null;
    this.setUnder(null);
  }

  private onMove(e: PointerEvent): void {
    if (e.pointerType === 'touch') return;
    const target = e.composedPath()[0] ?? e.target;
    // Moves over a frame's own element come before its document takes the pointer.
    if (isFrameElement(target)) return this.pointerGone();
    this.gone = false;
    this.x = e.clientX;
    this.y = e.clientY;
    // The hit test waits for the next frame; the rest it starts counts from the move itself.
    const now = performance.now();
    this.movedAt = e.timeStamp > 0 && e.timeStamp <= now ? e.timeStamp : now;
    this.target = target;
    if (this.frame === 0) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.evaluate();
      });
    }
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
    if (!base || this.abort.signal.aborted) return false;
    const rect = Array.from(liveRange(this.deps.doc, drawn.range).getClientRects()).find((r) => r.width > 0) ?? null;
    const pointer = rect ? { x: rect.left + 1, y: rect.top + rect.height / 2 } : { x: 0, y: 0 };
    this.clear('dwell');
    this.clear('grace');
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
    if (this.gone) return this.setUnder(null);
    if (card.isOpen && card.contains(this.target)) {
      this.clear('grace');
      this.clear('dwell');
      this.clear('prefetch');
      this.under = null;
      return;
    }
    const hit = hitTest(doc, painter, this.x, this.y, this.deps.shadowRoots());
    this.setUnder(hit && this.shows(hit) ? hit : null);
  }

  private setUnder(drawn: Drawn | null): void {
    if (drawn !== this.under) {
      this.under = drawn;
      this.clear('dwell');
      this.clear('prefetch');
      if (this.dismissed && drawn !== this.dismissed) this.dismissed = null;
      // A card opened from the keyboard holds the focus and is closed only by the keyboard or a
      // press: a pointer resting on another mention meanwhile must not replace it (the focus
      // would fall to <body> and never come back to where the reader was).
      if (drawn && drawn !== this.open && drawn !== this.dismissed && !(this.open && this.byKeyboard)) {
        const ids = drawn.mention.ids;
        // Both delays count from the pointer move that reached the mention, not from the frame
        // that hit-tested it (up to a frame later); the card's data is fetched meanwhile, so
        // showing it waits for no message, and it is painted in the frame nearest the dwell's end.
        const now = performance.now();
        const since = Math.min(MAX_HIT_DELAY_MS, Math.max(0, now - this.movedAt));
        const dwellEnd = now + Math.max(0, this.dwellMs - since);
        this.prefetch = setTimeout(() => {
          void this.deps.data.load(ids).catch(() => undefined);
          this.deps.card.warm(); // while the answer is on its way
        }, Math.max(0, Math.min(PREFETCH_MS, this.dwellMs / 2) - since));
        this.dwell = setTimeout(() => this.atDwellFrame(dwellEnd, () => void this.show(drawn)), Math.max(0, dwellEnd - now - FRAME_LEAD_MS));
      }
    }
    if (this.open && !this.byKeyboard) {
      if (drawn === this.open) this.clear('grace');
      else if (this.grace === undefined) this.grace = setTimeout(() => this.close(), GRACE_MS);
    }
  }

  /**
   * Runs `open` in the animation frame that starts nearest to `dwellEnd` (at most half a frame
   * before or after it), so the card is painted when the dwell ends. Opened from a timer at the
   * dwell's end, it waited for the next frame (up to a whole frame interval, plus its build)
   * before it was painted; its data was fetched during the rest, so building it in the frame's
   * callback delays nothing else. Frames are followed from FRAME_LEAD_MS before, which also
   * measures the display's interval (8 ms at 120 Hz). A timer after the dwell opens the card if
   * no frame comes (a document that produces none).
   */
  private atDwellFrame(dwellEnd: number, open: () => void): void {
    let last = -1;
    const onFrame = (ts: number): void => {
      const interval = last >= 0 && ts - last > 2 && ts - last < 50 ? ts - last : FRAME_MS;
      last = ts;
      if (ts + interval / 2 < dwellEnd) {
        this.dwellFrame = requestAnimationFrame(onFrame);
        return;
      }
      this.clear('dwell');
      open();
    };
    this.dwellFrame = requestAnimationFrame(onFrame);
    this.dwell = setTimeout(() => {
      this.clear('dwell');
      open();
    }, Math.max(0, dwellEnd - performance.now()) + 3 * FRAME_MS);
  }

  private async show(drawn: Drawn): Promise<void> {
    const model = await this.model(drawn);
    if (!model || this.under !== drawn || this.abort.signal.aborted || (this.open && this.byKeyboard)) return;
    this.deps.card.open({ model, range: drawn.range, pointer: { x: this.x, y: this.y } });
    this.open = drawn;
    this.byKeyboard = false;
    this.openIds = drawn.mention.ids.join('\n');
    this.clear('grace');
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
    this.clear('grace');
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
    this.abort.abort();
    if (this.frame !== 0) cancelAnimationFrame(this.frame);
    this.clear('dwell');
    this.clear('prefetch');
    this.close();
  }

  private clear(which: 'dwell' | 'prefetch' | 'grace'): void {
    const t = this[which];
    if (t !== undefined) clearTimeout(t);
    this[which] = undefined;
    if (which === 'dwell' && this.dwellFrame !== 0) {
      cancelAnimationFrame(this.dwellFrame);
      this.dwellFrame = 0;
    }
  }
}

/** An element that shows another document: the pointer over it is in that document. */
function isFrameElement(target: EventTarget | null): boolean {
  // Not `instanceof`: a node of another realm (an adopted node) has that realm's classes.
  const name = (target as Element | null)?.localName;
  return name === 'iframe' || name === 'frame' || name === 'object' || name === 'embed';
}
