/**
 * Which drawn mention is under the pointer. `CSS.highlights.highlightsFromPoint` where the browser
 * has it (its `shadowRoots` option reaches open shadow roots), else `caretPositionFromPoint` and
 * the mentions of that text node. Either way the point must lie inside one of the mention's
 * client rectangles: white space beside a mention is not a hit.
 */
import { liveRange } from './card';
import type { Drawn, HighlightPainter } from './highlights';

/** What `highlightsFromPoint` returns: hit results (current spec) or bare highlights (early drafts). */
type HitResult = { highlight: Highlight; ranges: AbstractRange[] } | Highlight;
type RegistryWithHitTest = HighlightRegistry & {
  highlightsFromPoint?: (x: number, y: number, options?: { shadowRoots?: ShadowRoot[] }) => HitResult[];
};
type DocWithCaret = Document & {
  caretRangeFromPoint?: (x: number, y: number) => Range | null;
};

/** Is (x, y) inside one of the range's client rectangles? */
export function pointInRange(doc: Document, range: AbstractRange, x: number, y: number): boolean {
  let rects: DOMRectList;
  try {
    rects = liveRange(doc, range).getClientRects();
  } catch {
    return false; // the range's nodes changed under it
  }
  for (const r of Array.from(rects)) {
    if (x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) return true;
  }
  return false;
}

/**
 * `highlightsFromPoint` costs more the more ranges are registered: Chromium took 50-80 ms a call
 * on a page of 10,000 mentions, a long task on every pointer frame (found by a probe,
 * 2026-12-07), where `caretPositionFromPoint` costs the same on any page. After SLOW_CALLS calls
 * slower than SLOW_MS (not necessarily in a row: a point over no text answers fast on any page),
 * the caret path answers for that document. It is as exact (the point must lie in the
 * mention's rectangles either way), so a page switched by chance (a collection pause during
 * three calls) loses nothing.
 */
const SLOW_MS = 12;
const SLOW_CALLS = 3;
/** With this many mentions drawn the caret path answers from the first call (10,000 cost 50 ms). */
const MANY_RANGES = 4000;
const slowCalls = new WeakMap<Document, number>();

export function hitTest(
  doc: Document, painter: HighlightPainter, x: number, y: number, shadowRoots: ShadowRoot[],
): Drawn | null {
  if (painter.count === 0) return null;
  const registry = CSS.highlights as RegistryWithHitTest;
  const slow = slowCalls.get(doc) ?? 0;
  if (slow < SLOW_CALLS && painter.count < MANY_RANGES && typeof registry.highlightsFromPoint === 'function') {
    const started = performance.now();
    const hit = fromHighlights(doc, painter, registry, x, y, shadowRoots);
    if (performance.now() - started > SLOW_MS) slowCalls.set(doc, slow + 1);
    if (hit !== undefined && hit !== NONE_OF_OURS) return hit;
  }
  return fromCaret(doc, painter, x, y, shadowRoots);
}

/**
 * `highlightsFromPoint` found none of our ranges. Chromium's skips text under
 * `pointer-events: none` (a caption over its box's background picture), which the reader sees
 * highlighted, and whose card Firefox opened; the caret lands in that text (the hit test finds
 * the box, the caret the nearest text in it), so the caret path answers then (found by a probe,
 * 2026-12-07). Over text that holds no mention it costs one caret lookup more per pointer frame.
 * Such text laid over another element (a sibling picture) stays out of reach in both browsers:
 * every hit test there, the caret's too, finds the picture, and nothing tells which is on top.
 */
const NONE_OF_OURS = Symbol('none of ours');

/** undefined: the API answered in a shape we cannot use; fall back. */
function fromHighlights(
  doc: Document, painter: HighlightPainter, registry: RegistryWithHitTest,
  x: number, y: number, shadowRoots: ShadowRoot[],
): Drawn | null | undefined | typeof NONE_OF_OURS {
  let results: HitResult[];
  try {
    results = registry.highlightsFromPoint!(x, y, shadowRoots.length > 0 ? { shadowRoots } : undefined);
  } catch {
    return undefined;
  }
  let ours = false;
  for (const result of Array.from(results)) {
    if (!('ranges' in result)) return undefined;
    if (!painter.owns(result.highlight)) continue;
    ours = true;
    for (const range of Array.from(result.ranges)) {
      const drawn = painter.byHighlightRange(range);
      if (drawn && pointInRange(doc, drawn.range, x, y) && notCovered(doc, drawn.range, x, y)) return drawn;
    }
  }
  return ours ? null : NONE_OF_OURS;
}

/**
 * Is the element on top at (x, y) the mention's own: the element holding its text, or inside it
 * (a mention across elements)? Firefox's `highlightsFromPoint` also returns ranges under other
 * elements: a mention under a page's fixed header opened its card there. And it returns ranges
 * nobody sees: text in a `visibility: hidden` menu, text clipped away by an `overflow: hidden`
 * carousel, the empty corners of a rotated mention's upright box; the element on top there is
 * one around the mention (the body, the wrapper), which until 2026-12-07 was taken for the
 * mention's own and opened its card over blank page (found by a probe). The caret path had the
 * same corners. An element around the text counts only where the browser's hit test skips the
 * text's own element (`pointer-events: none`, `display: contents`).
 */
function notCovered(doc: Document, range: AbstractRange, x: number, y: number): boolean {
  let around: Node;
  try {
    around = liveRange(doc, range).commonAncestorContainer;
  } catch {
    return false; // the range's nodes changed under it
  }
  const root = around.getRootNode();
  // Inside a shadow root, the document's answer is the host: ask the root itself.
  const top = (root instanceof ShadowRoot ? root : doc).elementFromPoint(x, y);
  if (!top) return true;
  // Text straight under a shadow root (no element around it there) is its host's.
  const holder = around.nodeType === Node.ELEMENT_NODE || around instanceof ShadowRoot ? around : around.parentNode;
  const own = holder instanceof ShadowRoot ? holder.host : holder instanceof Element ? holder : null;
  if (!own) return false;
  if (composedContains(own, top)) return true;
  // The hit test skips hidden elements as well: hidden text under `pointer-events: none` would
  // pass the test of the element around it.
  return top === hitTestTarget(own) && !['hidden', 'collapse'].includes(getComputedStyle(own).visibility);
}

/** The element a hit test over `el`'s text reports: `el`, or the first ancestor that takes pointer events and has a box. */
function hitTestTarget(el: Element): Element {
  let target = el;
  for (;;) {
    const style = getComputedStyle(target);
    if (style.pointerEvents !== 'none' && style.display !== 'contents') return target;
    const parent = target.parentElement;
    if (!parent) return target;
    target = parent;
  }
}

/** Is `inner` `outer` or inside it, crossing shadow roots to their hosts? */
function composedContains(outer: Node, inner: Node): boolean {
  for (let n: Node | null = inner; n; n = n.parentNode ?? (n as ShadowRoot).host ?? null) {
    if (n === outer) return true;
  }
  return false;
}

function fromCaret(
  doc: Document, painter: HighlightPainter, x: number, y: number, shadowRoots: ShadowRoot[],
): Drawn | null {
  let node: Node | null = null;
  if (typeof doc.caretPositionFromPoint === 'function') {
    node = doc.caretPositionFromPoint(x, y, shadowRoots.length > 0 ? { shadowRoots } : undefined)?.offsetNode ?? null;
  } else {
    node = (doc as DocWithCaret).caretRangeFromPoint?.(x, y)?.startContainer ?? null;
  }
  if (!node || node.nodeType !== Node.TEXT_NODE) return null;
  for (const drawn of painter.atNode(node as Text)) {
    if (pointInRange(doc, drawn.range, x, y) && notCovered(doc, drawn.range, x, y)) return drawn;
  }
  return null;
}
