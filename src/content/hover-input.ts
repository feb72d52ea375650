/**
 * The document's listeners for hover.ts, and where the reader's pointer is: its last position,
 * the target under it, whether it left this document, and the one animation frame in which what
 * is under it is looked at next. Apart from the decisions (hover.ts) because this part only
 * filters and records the reader's input: a pointer move updates a few fields here and asks for
 * a frame, and hover.ts hears of it once per frame, not once per move.
 */

/** What the listeners report to (hover.ts), given once. */
export interface HoverInputSink {
  /** In the frame after a pointer move (or `lookAgain`): look at what is under the pointer. */
  frame(): void;
  /** The pointer is no longer over this document. */
  gone(): void;
  /** The reader pressed the pointer. */
  down(e: PointerEvent): void;
  /** The reader pressed a key. */
  key(e: KeyboardEvent): void;
  /** The focus moved. */
  focusIn(e: FocusEvent): void;
  /** The page or a box in it scrolled. */
  scrolled(): void;
}

export class HoverInput {
  /** The pointer's last position (client coordinates). */
  x = 0;
  y = 0;
  /** When the last pointer move happened (event time, `performance.now()` clock). */
  movedAt = 0;
  target: EventTarget | null = null;
  /** The pointer left this document (the window, or into a frame) and has not moved here since. */
  gone = false;
  private frame = 0;
  private readonly abort = new AbortController();

  constructor(
    private readonly doc: Document,
    private readonly on: HoverInputSink,
  ) {}

  // Only the reader's own input counts (`isTrusted`): a page that dispatched pointer events at a
  // mention opened its card with no reader there (found by a probe, 2026-12-07).
  private readonly onMoveEvent = (e: PointerEvent): void => {
    if (e.isTrusted) this.onMove(e);
  };
  private readonly onDownEvent = (e: PointerEvent): void => {
    if (e.isTrusted) this.on.down(e);
  };
  private readonly onOutEvent = (e: PointerEvent): void => {
    // Left the window, or went into a frame (its own document: this one hears no more moves, so
    // a card left open here stayed open beside the frame's own; found by a probe, 2026-12-07).
    if (e.isTrusted && (e.relatedTarget === null || isFrameElement(e.relatedTarget))) this.pointerGone();
  };
  private readonly onKeyEvent = (e: KeyboardEvent): void => {
    if (e.isTrusted) this.on.key(e);
  };
  private readonly onFocusInEvent = (e: FocusEvent): void => this.on.focusIn(e);
  private readonly onScrollEvent = (): void => this.on.scrolled();

  /** Stopped: no more listeners, no more frames. */
  get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  /**
   * Adds the document's listeners. Called again after `document.open()` erased them
   * (`whenDocumentReopened`); a listener still there is not added twice (same function, same
   * capture).
   */
  listen(): void {
    if (this.abort.signal.aborted) return;
    const opts = { capture: true, passive: true, signal: this.abort.signal };
    const { doc } = this;
    doc.addEventListener('pointermove', this.onMoveEvent, opts);
    doc.addEventListener('pointerdown', this.onDownEvent, opts);
    doc.addEventListener('pointerout', this.onOutEvent, opts);
    doc.addEventListener('keydown', this.onKeyEvent, { capture: true, signal: this.abort.signal });
    doc.addEventListener('focusin', this.onFocusInEvent, opts);
    // Capture: a box's scroll event does not bubble.
    doc.addEventListener('scroll', this.onScrollEvent, opts);
  }

  /** Look at what is under the pointer in the next frame (once, however often asked before it). */
  lookAgain(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.on.frame();
    });
  }

  stop(): void {
    this.abort.abort();
    if (this.frame !== 0) cancelAnimationFrame(this.frame);
  }

  /** The pointer is no longer over this document: nothing is under it, whatever a recheck finds. */
  private pointerGone(): void {
    this.gone = true;
    this.target = null;
    this.on.gone();
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
    this.lookAgain();
  }
}

/** An element that shows another document: the pointer over it is in that document. */
function isFrameElement(target: EventTarget | null): boolean {
  // Not `instanceof`: a node of another realm (an adopted node) has that realm's classes.
  const name = (target as Element | null)?.localName;
  return name === 'iframe' || name === 'frame' || name === 'object' || name === 'embed';
}
