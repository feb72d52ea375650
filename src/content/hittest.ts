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
    if (hit !== undefined) return hit;
  }
  return fromCaret(doc, painter, x, y, shadowRoots);
}

/** undefined: the API answered in a shape we cannot use; fall back. */
function fromHighlights(
  doc: Document, painter: HighlightPainter, registry: RegistryWithHitTest,
  x: number, y: number, shadowRoots: ShadowRoot[],
): Drawn | null | undefined {
  let results: HitResult[];
  try {
    results = registry.highlightsFromPoint!(x, y, shadowRoots.length > 0 ? { shadowRoots } : undefined);
  } catch {
    return undefined;
  }
  for (const result of Array.from(results)) {
    if (!('ranges' in result)) return undefined;
    if (!painter.owns(result.highlight)) continue;
    for (const range of Array.from(result.ranges)) {
      const drawn = painter.byHighlightRange(range);
      if (drawn && pointInRange(doc, drawn.range, x, y) && notCovered(doc, drawn.range, x, y)) return drawn;
    }
  }
  return null;
}

/**
 * Is the element on top at (x, y) related to the mention's text (the text's element, inside it, or
 * around it)? Firefox's `highlightsFromPoint` also returns ranges under other elements: a mention
 * under a page's fixed header opened its card there. An element unrelated to the text on top of
 * it covers it. (Chromium's answer already leaves covered ranges out.)
 */
function notCovered(doc: Document, range: AbstractRange, x: number, y: number): boolean {
  const top = doc.elementFromPoint(x, y);
  if (!top) return true;
  let around: Node;
  try {
    around = liveRange(doc, range).commonAncestorContainer;
  } catch {
    return false; // the range's nodes changed under it
  }
  return composedContains(around, top) || composedContains(top, around);
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
    if (pointInRange(doc, drawn.range, x, y)) return drawn;
  }
  return null;
}
