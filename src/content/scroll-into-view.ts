/**
 * Brings a mention into view for the keyboard command and `On this page`: every box that clips
 * it and can scroll (a carousel's `overflow-x`, an inner `overflow-y` box) is scrolled to put it
 * in the middle of the box, then the window, unless the mention is already in view and on top
 * (not under a sticky header). `scrollIntoView` on the text's element did only the window's part
 * for a tall element, and the keyboard command asked only whether the mention stood within the
 * window's height: a mention clipped by a carousel or an inner box, or under a sticky header,
 * got its card beside blank page (found by a probe, 2026-12-07).
 */
import { liveRange } from './card';
import { flatParent } from './flat-tree';

/**
 * Is the mention's start inside the window, and its own element there, on top? (Its first box:
 * that is where its start text lies; the middle of a mention across elements may be their parent.)
 */
export function isInView(doc: Document, range: AbstractRange): boolean {
  const view = doc.defaultView;
  if (!view) return true;
  const rect = Array.from(liveRange(doc, range).getClientRects()).find((r) => r.width > 0 && r.height > 0);
  if (!rect) return true; // not rendered: nothing to scroll to
  const x = (rect.left + rect.right) / 2;
  const y = (rect.top + rect.bottom) / 2;
  if (x < 0 || y < 0 || x > view.innerWidth || y > view.innerHeight) return false;
  const element = elementOf(range.startContainer);
  const hit = pierce(doc, x, y);
  // Clipped away by a box, the point lands on what is behind (the body); under a sticky header, on the header.
  return !!element && !!hit && (hit === element || element.contains(hit));
}

export function revealRange(doc: Document, range: AbstractRange, behavior: ScrollBehavior): void {
  const view = doc.defaultView;
  if (!view || isInView(doc, range)) return;
  const live = liveRange(doc, range);
  let moved = { x: 0, y: 0 };
  for (let box: Element | null = elementOf(range.startContainer)?.parentElement ?? null; box; box = parentBox(box)) {
    if (box === doc.documentElement || box === doc.body) break;
    if (box.scrollHeight <= box.clientHeight && box.scrollWidth <= box.clientWidth) continue;
    const overflow = getComputedStyle(box);
    if (!/auto|scroll|hidden/.test(overflow.overflowX + overflow.overflowY)) continue;
    const r = live.getBoundingClientRect();
    const b = box.getBoundingClientRect();
    const top = b.top + box.clientTop;
    const left = b.left + box.clientLeft;
    const my = { top: r.top - moved.y, bottom: r.bottom - moved.y, left: r.left - moved.x, right: r.right - moved.x };
    const dy = my.top < top || my.bottom > top + box.clientHeight ? (my.top + my.bottom) / 2 - (top + box.clientHeight / 2) : 0;
    const dx = my.left < left || my.right > left + box.clientWidth ? (my.left + my.right) / 2 - (left + box.clientWidth / 2) : 0;
    if (dx === 0 && dy === 0) continue;
    box.scrollBy({ left: dx, top: dy, behavior });
    moved = { x: moved.x + dx, y: moved.y + dy };
  }
  const r = live.getBoundingClientRect();
  const cy = (r.top + r.bottom) / 2 - moved.y;
  const cx = (r.left + r.right) / 2 - moved.x;
  const dy = cy - view.innerHeight / 2;
  const dx = cx < 0 || cx > view.innerWidth ? cx - view.innerWidth / 2 : 0;
  view.scrollBy({ left: dx, top: dy, behavior });
}

function elementOf(node: Node): Element | null {
  return node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
}

/** The element a box is laid out in, across shadow roots. */
function parentBox(el: Element): Element | null {
  const parent = flatParent(el);
  return parent && parent.nodeType === Node.ELEMENT_NODE ? (parent as Element) : null;
}

/** The innermost element at a point, inside open shadow roots too. */
function pierce(doc: Document, x: number, y: number): Element | null {
  let hit = doc.elementFromPoint(x, y);
  while (hit?.shadowRoot) {
    const inner = hit.shadowRoot.elementFromPoint(x, y);
    if (!inner || inner === hit) break;
    hit = inner;
  }
  return hit;
}
