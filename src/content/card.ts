/**
 * The hover card's host and placement (CONTRACT §4 "Hover card"): a host element created on first
 * use as the last child of `<html>` (after `<body>`; nothing inside `<body>` changes), holding a
 * closed shadow root, positioned with @floating-ui/dom against the mention's rectangles.
 */
import {
  autoUpdate, computePosition, flip, inline, offset, shift, size, type VirtualElement,
} from '@floating-ui/dom';
import { CARD_CSS, CARD_FONTS } from './card-style';
import { renderCard, type CardActions, type CardModel } from './card-view';
import { setOwnHost } from './flat-tree';

/** Every card host's tag starts so (a valid custom element name with a random ending). */
export const HOST_TAG = 'backstory-card';

/**
 * This instance's host tag, `backstory-card-<random>`: a custom element name no page can have
 * defined before the host is made. A page that defined our tag (`backstory-card` until
 * 2026-12-07) ran its constructor on our host, and `attachInternals()` there gave it
 * `ElementInternals.shadowRoot`: our closed root, notes and all (found by a probe, both
 * browsers). A name defined only after the host has its shadow root gets nothing: a shadow root
 * is "available to element internals" only when attached to an element already custom.
 */
export function hostTag(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `${HOST_TAG}-${Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('')}`;
}

/** Is this element a card host (this instance's or an earlier one's, of any version)? */
export function isCardHost(el: Element): boolean {
  return el.localName === HOST_TAG || el.localName.startsWith(`${HOST_TAG}-`);
}

/** Do the mention's boxes stand on one line (one box, or several side by side across elements)? */
function onOneLine(reference: VirtualElement): boolean {
  const rects = Array.from(reference.getClientRects?.() ?? []).filter((r) => r.width > 0 && r.height > 0);
  return rects.every((r) => r.top < rects[0].bottom && rects[0].top < r.bottom);
}

/** A live Range over a StaticRange (StaticRanges have no geometry). */
export function liveRange(doc: Document, range: AbstractRange): Range {
  const live = doc.createRange();
  live.setStart(range.startContainer, range.startOffset);
  live.setEnd(range.endContainer, range.endOffset);
  return live;
}


export interface OpenArgs {
  model: CardModel;
  range: AbstractRange;
  /** Pointer position, to pick the line of a mention that wraps. */
  pointer: { x: number; y: number };
  /** Opened from the keyboard: focus moves into the card, and back where it was on close. */
  focus?: boolean;
}

/** A card with every part a card can have, for `Card.warm` (never shown). */
const WARM_MODEL: CardModel = {
  text: 'Backstory',
  short: false,
  entities: [{ id: 'warm', name: 'Backstory', type: 'person', summary: 'Summary', notes: 'Notes', tags: ['tag'], links: [{ title: 'Link', url: 'https://example.org/' }] }],
};

export class Card {
  private host: HTMLElement | null = null;
  private shadow: ShadowRoot | null = null;
  private stopUpdates: (() => void) | null = null;
  private current: OpenArgs | null = null;
  /** Where focus was before the keyboard opened the card. */
  private returnFocus: Element | null = null;
  private warmed = false;

  constructor(private readonly doc: Document, private readonly actions?: CardActions) {}

  /**
   * Pays the first card's one-time costs while the pointer rests, before the card is due,
   * without changing the page's document (CONTRACT §4: the host is made on first use; and any
   * change to the document makes Blink revalidate every highlight, docs/page.md "The card").
   * On a fresh page the first card's frame took 10-20 ms more than later cards': the card's
   * fonts resolved and shaped for the first time in the renderer (the first layout of a card
   * 6-10 ms against 0.6 ms after; a canvas measuring the same fonts first took 3-5 ms off it), and
   * the card's code and @floating-ui/dom's compiled on their first call. So: the fonts through
   * a detached canvas, the card's view built detached, and a placement computed on detached
   * elements (what it returns is thrown away). Once per page; a failure changes nothing.
   */
  warm(): void {
    if (this.warmed) return;
    this.warmed = true;
    try {
      const context = this.doc.createElement('canvas').getContext('2d');
      if (context) {
        for (const font of CARD_FONTS) {
          context.font = font;
          context.measureText('Backstory Person Organization Edit 2026');
        }
      }
      const dialog = renderCard(this.doc, WARM_MODEL);
      const empty = this.doc.createRange();
      empty.setStart(dialog, 0);
      const reference = this.reference(empty);
      void this.place(reference, dialog, { x: 0, y: 0 }).catch(() => undefined);
    } catch {
      // Nothing is lost: the first card pays these costs itself.
    }
  }

  get isOpen(): boolean {
    return this.current !== null;
  }

  /** Is this event target our card (events from a closed shadow root are retargeted to the host)? */
  contains(target: EventTarget | null): boolean {
    return target !== null && target === this.host;
  }

  private ensureHost(): ShadowRoot {
    if (!this.host || !this.shadow) {
      this.host = this.doc.createElement(hostTag());
      this.shadow = this.host.attachShadow({ mode: 'closed' });
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CARD_CSS);
      this.shadow.adoptedStyleSheets = [sheet];
      setOwnHost(this.host);
    }
    if (this.host.parentNode !== this.doc.documentElement) this.doc.documentElement.append(this.host);
    return this.shadow;
  }

  open(args: OpenArgs): void {
    // A card replacing a keyboard-opened one keeps the original place to return focus to.
    const back = this.current?.focus ? this.returnFocus : this.doc.activeElement;
    this.close({ keepFocus: true });
    this.show(args);
    if (args.focus) {
      this.returnFocus = back;
      this.shadow?.querySelector<HTMLElement>('[role="dialog"]')?.focus({ preventScroll: true });
    }
  }

  /** Show new data for the open card (the entity list changed), keeping its place. */
  refresh(model: CardModel): void {
    if (!this.current) return;
    const hadFocus = this.host !== null && this.doc.activeElement === this.host;
    this.stopUpdates?.();
    this.show({ ...this.current, model });
    if (hadFocus) this.shadow?.querySelector<HTMLElement>('[role="dialog"]')?.focus({ preventScroll: true });
  }

  private show(args: OpenArgs): void {
    const shadow = this.ensureHost();
    const dialog = renderCard(this.doc, args.model, this.actions);
    shadow.replaceChildren(dialog);
    this.current = args;
    const reference = this.reference(args.range);
    const place = (): void => void this.place(reference, dialog, args.pointer);
    this.stopUpdates = autoUpdate(reference, dialog, place, { animationFrame: false });
  }

  /** What the open card shows, or null. */
  get shown(): OpenArgs | null {
    return this.current;
  }

  close({ keepFocus = false } = {}): void {
    // Is focus inside the card (events and activeElement from a closed root are retargeted to the host)?
    const focusInside = this.host !== null && this.doc.activeElement === this.host;
    this.stopUpdates?.();
    this.stopUpdates = null;
    this.shadow?.replaceChildren();
    this.current = null;
    const back = this.returnFocus;
    this.returnFocus = null;
    if (keepFocus || !focusInside) return;
    // Return focus where it was, unless that element is gone; else leave none in our empty host.
    if (back instanceof HTMLElement && back.isConnected && back !== this.host) back.focus({ preventScroll: true });
    else (this.doc.activeElement as HTMLElement | null)?.blur?.();
  }

  /** Close and remove the host (the content script stops). */
  destroy(): void {
    this.close();
    this.host?.remove();
    this.host = null;
    this.shadow = null;
    setOwnHost(null);
  }

  private reference(range: AbstractRange): VirtualElement {
    const start = range.startContainer;
    const context = start.nodeType === Node.ELEMENT_NODE ? (start as Element) : start.parentElement;
    return {
      getBoundingClientRect: () => liveRange(this.doc, range).getBoundingClientRect(),
      getClientRects: () => liveRange(this.doc, range).getClientRects(),
      contextElement: context ?? undefined,
    };
  }

  private async place(reference: VirtualElement, dialog: HTMLElement, pointer: { x: number; y: number }): Promise<void> {
    const { x, y } = await computePosition(reference, dialog, {
      strategy: 'fixed',
      placement: 'bottom-start',
      middleware: [
        // A mention on one line: the line under the pointer. A mention broken over lines: the box
        // of all of them, so the card goes below the last line (or above the first) and `shift`
        // slides it along beside the mention, never onto it. Placed by the pointer's line, the
        // card slid over the other line's half (found by a probe, 2026-12-07).
        inline(onOneLine(reference) ? pointer : {}),
        offset(6),
        flip({ padding: 8 }),
        shift({ padding: 8 }),
        // In a small frame the card shrinks to what fits and scrolls.
        size({
          padding: 8,
          apply({ availableWidth, availableHeight, elements }) {
            elements.floating.style.maxWidth = `${Math.max(160, Math.min(380, availableWidth))}px`;
            elements.floating.style.maxHeight = `${Math.max(48, Math.min(420, availableHeight))}px`;
          },
        }),
      ],
    });
    if (this.shadow?.contains(dialog)) {
      dialog.style.left = `${Math.round(x)}px`;
      dialog.style.top = `${Math.round(y)}px`;
    }
  }
}
