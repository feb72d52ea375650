/**
 * `revealMention` (the popup's `On this page`): scroll the page to an entity's next mention and
 * flash it. Each call moves on to the following mention, wrapping round, so choosing the name
 * again walks through the page.
 *
 * The flash is one more CSS highlight, `bsreveal-flash` (CONTRACT §4: every highlight of ours
 * that is not a mention has a name not starting with `backstory`), styled by its own constructed
 * sheet in `adoptedStyleSheets`: the page's DOM never changes.
 *
 * Wiring (src/content/start.ts): `listenForReveal({ doc, drawn: () => painter.all(), isTopFrame })`
 * next to `listenToTab`, and call the function it returns from `stop()`.
 */
import browser from '../shared/browser';
import type { TabMessage, TabResponses } from '../shared/protocol';
import { compareWalked } from './flat-tree';
import { revealRange } from './scroll-into-view';

export const FLASH_HIGHLIGHT = 'bsreveal-flash';
const FLASH_MS = 1600;
const FLASH_CSS = `::highlight(${FLASH_HIGHLIGHT}) { background-color: rgb(255 200 0 / 0.85); color: #111; }`;

/** What reveal needs of a drawn mention (src/content/highlights.ts `Drawn`). */
export interface RevealTarget {
  range: AbstractRange;
  mention: { ids: readonly string[] };
}

export interface RevealDeps {
  doc: Document;
  /** The mentions drawn now. */
  drawn: () => Iterable<RevealTarget>;
  /** A tab message reaches every frame: only the top frame answers (it has the page's counts). */
  isTopFrame: boolean;
}

/**
 * Does the mention have a box (not inside `display: none`, a closed `<details>`, a collapsed
 * menu), and is it not `visibility: hidden` (a hidden menu keeps its boxes)? Walking to one
 * that cannot be seen scrolled nowhere and opened its card in the corner or beside blank page,
 * and counted it in "mention N of M" (found by probes, 2026-12-07): the keyboard and `On this
 * page` skip them. Screen readers, the keyboard command's audience, skip such text too.
 */
export function isRendered(doc: Document, range: AbstractRange): boolean {
  const live = doc.createRange();
  try {
    live.setStart(range.startContainer, range.startOffset);
    live.setEnd(range.endContainer, range.endOffset);
  } catch {
    return false; // its text changed under it
  }
  if (live.getClientRects().length === 0) return false;
  const node = range.startContainer;
  const element = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
  return typeof element?.checkVisibility !== 'function' || element.checkVisibility({ visibilityProperty: true });
}

/**
 * Document order of two ranges' starts: the flat tree's (CONTRACT §3 rule 3), where a shadow
 * root's text stands where its host renders it. `compareDocumentPosition` across trees answers
 * an arbitrary but consistent order, which put a shadow root's mentions last in Chromium and
 * first in Firefox (found by a probe, 2026-12-07).
 */
export function compareStarts(a: AbstractRange, b: AbstractRange): number {
  if (a.startContainer === b.startContainer) return a.startOffset - b.startOffset;
  return compareWalked(a.startContainer, b.startContainer);
}

export class Revealer {
  /** The last mention revealed per entity: the next call goes on from it. */
  private readonly last = new Map<string, AbstractRange>();
  private sheet: CSSStyleSheet | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: RevealDeps) {}

  reveal(id: string): TabResponses['revealMention'] {
    const mine = [...this.deps.drawn()].filter((d) => d.mention.ids[0] === id && isRendered(this.deps.doc, d.range)).map((d) => d.range);
    if (mine.length === 0) return { found: false, index: -1, count: 0 };
    mine.sort(compareStarts);
    const previous = this.last.get(id);
    let index = 0;
    if (previous) {
      const after = mine.findIndex((r) => compareStarts(r, previous) > 0);
      index = after < 0 ? 0 : after; // past the last one: back to the first
    }
    const target = mine[index];
    this.last.set(id, target);
    this.scrollTo(target);
    this.flash(target);
    return { found: true, index, count: mine.length };
  }

  private scrollTo(target: AbstractRange): void {
    const smooth = !this.deps.doc.defaultView?.matchMedia('(prefers-reduced-motion: reduce)').matches;
    revealRange(this.deps.doc, target, smooth ? 'smooth' : 'instant');
  }

  private flash(target: AbstractRange): void {
    const { doc } = this.deps;
    if (!this.sheet) {
      this.sheet = new CSSStyleSheet();
      this.sheet.replaceSync(FLASH_CSS);
    }
    if (!doc.adoptedStyleSheets.includes(this.sheet)) doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, this.sheet];
    const range = new StaticRange({ startContainer: target.startContainer, startOffset: target.startOffset, endContainer: target.endContainer, endOffset: target.endOffset });
    CSS.highlights.set(FLASH_HIGHLIGHT, new Highlight(range));
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.unflash(), FLASH_MS);
  }

  private unflash(): void {
    CSS.highlights.delete(FLASH_HIGHLIGHT);
    const { doc } = this.deps;
    if (this.sheet) doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== this.sheet);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.unflash();
  }
}

function isReveal(message: unknown): message is TabMessage<'revealMention'> {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'revealMention'
    && typeof (message as { id?: unknown }).id === 'string';
}

/** Answer `revealMention` in this frame; returns the function that stops it. */
export function listenForReveal(deps: RevealDeps): () => void {
  const revealer = new Revealer(deps);
  const listener = (message: unknown): Promise<TabResponses['revealMention']> | undefined => {
    if (!deps.isTopFrame || !isReveal(message)) return undefined;
    return Promise.resolve(revealer.reveal(message.id));
  };
  browser.runtime.onMessage.addListener(listener);
  return () => {
    browser.runtime.onMessage.removeListener(listener);
    revealer.stop();
  };
}
