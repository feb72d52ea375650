/**
 * Document order for many walked nodes at once (the page model's rescans of thousands of blocks).
 */
import { compareFlat, compareWalked, flatIsDocumentOrder } from './flat-tree';

/**
 * `compareWalked` for many nodes at once: each node's path of child indices from the document,
 * the indices of a parent's children read once. `compareDocumentPosition` between nodes under
 * one parent of thousands of children walks that child list on every call: sorting the runs of
 * 5,000 paragraphs a page changed at once (one parent) was a 240 ms task (found by a probe,
 * 2026-12-07). Once an open shadow root was met the flat order differs from the document's, and
 * `compareFlat` answers as before. For one rescan: the DOM must not change while it is used.
 */
export class WalkedOrder {
  private readonly indexes = new Map<Node, Map<Node, number>>();
  private readonly paths = new Map<Node, number[] | null>();

  readonly compare = (a: Node, b: Node): number => {
    if (!flatIsDocumentOrder()) return compareFlat(a, b);
    if (a === b) return 0;
    const pa = this.path(a);
    const pb = this.path(b);
    if (!pa || !pb) return compareWalked(a, b); // not in the document: rare, asked of the DOM
    const n = Math.min(pa.length, pb.length);
    for (let i = 0; i < n; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
    return pa.length - pb.length; // an ancestor comes first
  };

  /** Child indices from the document down to `node`, or null when it is not in the document. */
  private path(node: Node): number[] | null {
    const known = this.paths.get(node);
    if (known !== undefined) return known;
    const chain: Node[] = [];
    let top: Node = node;
    let base: number[] | null | undefined;
    for (let n: Node | null = node; n; n = n.parentNode) {
      base = this.paths.get(n);
      if (base !== undefined) break;
      chain.push(n);
      top = n;
    }
    if (base === undefined) base = top.nodeType === Node.DOCUMENT_NODE ? [] : null;
    if (base === null || chain.length === 0) {
      for (const n of chain) this.paths.set(n, base);
      return base;
    }
    // chain[last] is the document itself (base []) or a child of a node whose path is known.
    let path = base;
    for (let i = chain.length - 1; i >= 0; i--) {
      const n = chain[i];
      const parent = n.parentNode;
      if (parent) path = [...path, this.indexIn(parent, n)];
      this.paths.set(n, path);
    }
    return path;
  }

  private indexIn(parent: Node, child: Node): number {
    let index = this.indexes.get(parent);
    if (!index) {
      index = new Map();
      let i = 0;
      for (let c = parent.firstChild; c; c = c.nextSibling) index.set(c, i++);
      this.indexes.set(parent, index);
    }
    return index.get(child) ?? 0;
  }
}
