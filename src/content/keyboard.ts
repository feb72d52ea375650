/**
 * The `next-mention` keyboard command (src/background/commands.ts sends `nextMention` to the top
 * frame). Highlights are invisible to screen readers and unreachable by Tab, so this is how a
 * keyboard or screen-reader user reaches the cards:
 * - a selection (or caret, with caret browsing) inside a mention opens that mention's card;
 * - otherwise the command walks the page's shown mentions (those with a box) in document order: the one after the card
 *   last opened this way, or the first one at or below the top of the viewport; past the last it
 *   wraps to the first.
 * The mention is scrolled into view, its card opens with focus in it (role=dialog named by the
 * entity, described by "“text”: mention i of n on this page"), and `Escape` closes it and puts
 * focus back.
 */
import type { TabResponses } from '../shared/protocol';
import type { Drawn } from './highlights';
import { liveRange } from './card';
import { compareStarts, isRendered } from './reveal';
import { revealRange } from './scroll-into-view';

export interface KeyboardDeps {
  doc: Document;
  drawn: () => Iterable<Drawn>;
  /** The mention whose card is open now. */
  opened: () => Drawn | null;
  openFor: (drawn: Drawn, position: { index: number; count: number }) => Promise<boolean>;
}

/** Is the boundary point (node, offset) inside the range (ends included)? */
function holds(doc: Document, range: AbstractRange, node: Node, offset: number): boolean {
  try {
    return liveRange(doc, range).isPointInRange(node, offset);
  } catch {
    return false;
  }
}

export class KeyboardNav {
  /** The mention the command opened last: the next press goes on from it. */
  private last: AbstractRange | null = null;

  constructor(private readonly deps: KeyboardDeps) {}

  async next(): Promise<TabResponses['nextMention']> {
    const { doc } = this.deps;
    // Mentions with no box (in a hidden banner, a collapsed menu) are not walked to.
    const all = [...this.deps.drawn()].filter((d) => isRendered(doc, d.range)).sort((a, b) => compareStarts(a.range, b.range));
    if (all.length === 0) return { opened: false, index: -1, count: 0 };
    const open = this.deps.opened();
    const last = this.last && all.some((d) => d.range === this.last) ? this.last : null;
    let index = this.atSelection(all);
    // The selection's mention, unless its card is the one just shown: then the press moves on.
    if (index >= 0 && (all[index] === open || all[index].range === last)) index = -1;
    if (index < 0) {
      const from = open?.range ?? last;
      index = from
        ? all.findIndex((d) => compareStarts(d.range, from) > 0)
        : all.findIndex((d) => liveRange(doc, d.range).getBoundingClientRect().bottom >= 0);
      if (index < 0) index = 0; // past the last one: back to the first
    }
    const target = all[index];
    this.last = target.range;
    this.scrollTo(target);
    const opened = await this.deps.openFor(target, { index, count: all.length });
    return { opened, index, count: all.length };
  }

  /** The mention holding the selection's focus point (the caret), or -1. */
  private atSelection(all: Drawn[]): number {
    const sel = this.deps.doc.getSelection();
    if (!sel || sel.rangeCount === 0 || !sel.focusNode) return -1;
    const { focusNode, focusOffset } = sel;
    return all.findIndex((d) => holds(this.deps.doc, d.range, focusNode, focusOffset));
  }

  private scrollTo(target: Drawn): void {
    revealRange(this.deps.doc, target.range, 'instant');
  }
}
