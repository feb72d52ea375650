/**
 * While the page is still being parsed: the block elements the parser has finished.
 *
 * The HTML parser only ever appends at its insertion point, the end of the `lastChild` chain
 * from the root element down. Every earlier sibling of a node on that chain is complete: the
 * parser will not add to it again. So a page can be scanned while it loads, each finished block
 * once, without observing the parser's insertions (thousands of mutation records, each a
 * wrapper and binding calls in the isolated world: measured as costly as the scan itself) and
 * without walking a growing container again and again. What a script changes in a finished
 * block is caught by observing that block (scan-controller); what is not inside one (inline
 * text around blocks, the last blocks) is scanned at DOMContentLoaded.
 */
import { isBlockElement, placementOf } from './flat-tree';

export class LoadingFrontier {
  /** For each node on the chain: the last of its children already looked at. */
  private readonly seen = new WeakMap<Node, Node>();

  /**
   * Block elements finished since the last call, in document order: children of the chain's
   * nodes before the chain's next node, not excluded from scanning. Other finished children
   * (text, inline elements) are left to the scan at DOMContentLoaded.
   */
  take(doc: Document): Element[] {
    const out: Element[] = [];
    for (let parent: Node | null = doc.documentElement; parent; parent = parent.lastChild) {
      const last = parent.lastChild;
      const before = this.seen.get(parent);
      // A child a script took out since: look at the children again (a block taken twice is
      // told apart by the caller).
      let child = before && before.parentNode === parent ? before.nextSibling : parent.firstChild;
      let looked: Node | undefined;
      for (; child && child !== last; child = child.nextSibling) {
        looked = child;
        if (child.nodeType === Node.ELEMENT_NODE && isBlockElement(child as Element) && !placementOf(child).ignored) out.push(child as Element);
      }
      if (looked) this.seen.set(parent, looked);
    }
    return out;
  }
}
