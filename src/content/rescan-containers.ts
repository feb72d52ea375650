/**
 * Which containers a rescan walks, for scan-controller.ts: the changed nodes the observer
 * reports, reduced to the outermost of their innermost blocks. A pure function of the DOM:
 * apart so that it reads, and is tested, without the run around it.
 */
import { flatParent, placementOf } from './flat-tree';

/**
 * The containers to rescan for these changed nodes: the innermost block element around each
 * (or the node itself), with those inside another one left out.
 */
export function containersOf(targets: readonly Node[]): Node[] {
  const set = new Set<Node>();
  for (const t of targets) {
    const p = placementOf(t);
    if (p.ignored) continue;
    if (p.container.nodeType === Node.DOCUMENT_NODE) return [p.container];
    set.add(p.container);
  }
  return [...set].filter((c) => {
    for (let n = flatParent(c); n; n = flatParent(n)) if (set.has(n)) return false;
    return true;
  });
}
