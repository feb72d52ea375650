// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Drawn, HighlightPainter } from '../../../src/content/highlights';
import { hitTest } from '../../../src/content/hittest';

/** A painter with one mention over the whole of `text`. */
function painterOf(text: Text): { painter: HighlightPainter; drawn: Drawn } {
  const range = { startContainer: text, startOffset: 0, endContainer: text, endOffset: text.length, collapsed: false } as AbstractRange;
  const drawn = { range, mention: { ids: ['x'] } } as unknown as Drawn;
  const painter = { count: 1, owns: () => true, byHighlightRange: () => drawn, atNode: (n: Text) => (n === text ? [drawn] : []) } as unknown as HighlightPainter;
  return { painter, drawn };
}

describe('hitTest', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('leaves highlightsFromPoint for caretPositionFromPoint once it was slow three times (a page of 10,000 mentions)', () => {
    document.body.innerHTML = '<p>Paris</p>';
    const text = document.querySelector('p')!.firstChild as Text;
    const { painter, drawn } = painterOf(text);
    // Layout is not happy-dom's: every point is inside the mention.
    vi.spyOn(Range.prototype, 'getClientRects').mockReturnValue([{ left: 0, right: 100, top: 0, bottom: 100 }] as unknown as DOMRectList);
    vi.spyOn(document, 'elementFromPoint').mockReturnValue(text.parentElement);
    let calls = 0;
    const slow = () => {
      calls++;
      const until = performance.now() + 15;
      while (performance.now() < until) { /* a highlightsFromPoint as slow as Chromium's with 10,000 ranges */ }
      return [{ highlight: {}, ranges: [drawn.range] }];
    };
    vi.stubGlobal('CSS', { highlights: { highlightsFromPoint: slow } });
    const caret = vi.fn(() => ({ offsetNode: text, offset: 1 }));
    (document as unknown as { caretPositionFromPoint: unknown }).caretPositionFromPoint = caret;
    for (let i = 0; i < 5; i++) expect(hitTest(document, painter, 10, 10, [])).toBe(drawn);
    expect(calls).toBe(3);
    expect(caret).toHaveBeenCalledTimes(2);
  });

  it('asks caretPositionFromPoint from the first call on a page of very many mentions', () => {
    document.body.innerHTML = '<p>Paris</p>';
    const text = document.querySelector('p')!.firstChild as Text;
    const { painter, drawn } = painterOf(text);
    (painter as unknown as { count: number }).count = 10_000;
    vi.spyOn(Range.prototype, 'getClientRects').mockReturnValue([{ left: 0, right: 100, top: 0, bottom: 100 }] as unknown as DOMRectList);
    const fromPoint = vi.fn(() => [{ highlight: {}, ranges: [drawn.range] }]);
    vi.stubGlobal('CSS', { highlights: { highlightsFromPoint: fromPoint } });
    (document as unknown as { caretPositionFromPoint: unknown }).caretPositionFromPoint = () => ({ offsetNode: text, offset: 1 });
    // The caret path also asks which element is on top: the text's own paragraph.
    vi.spyOn(document, 'elementFromPoint').mockReturnValue(text.parentElement);
    expect(hitTest(document, painter, 10, 10, [])).toBe(drawn);
    expect(fromPoint).not.toHaveBeenCalled();
  });

  it('takes no mention whose own element is not the one on top (hidden, clipped away, a rotated box\'s corner): the body there is not the mention', () => {
    document.body.innerHTML = '<nav><div style="visibility: hidden">Menu: Paris</div></nav>';
    const text = document.querySelector('div')!.firstChild as Text;
    const { painter, drawn } = painterOf(text);
    vi.spyOn(Range.prototype, 'getClientRects').mockReturnValue([{ left: 0, right: 100, top: 0, bottom: 100 }] as unknown as DOMRectList);
    vi.stubGlobal('CSS', { highlights: { highlightsFromPoint: () => [{ highlight: {}, ranges: [drawn.range] }] } });
    // Whichever path answers (the caret path too, once calls were slow), the same text is under the point.
    (document as unknown as { caretPositionFromPoint: unknown }).caretPositionFromPoint = () => ({ offsetNode: text, offset: 1 });
    vi.spyOn(document, 'elementFromPoint').mockReturnValue(document.body);
    expect(hitTest(document, painter, 10, 10, [])).toBeNull();
    // Its own element on top: a hit.
    vi.spyOn(document, 'elementFromPoint').mockReturnValue(text.parentElement);
    expect(hitTest(document, painter, 10, 10, [])).toBe(drawn);
  });
  it('asks the caret when highlightsFromPoint finds none of our ranges (Chromium skips text under pointer-events: none)', () => {
    document.body.innerHTML = '<div class="hero"><p style="pointer-events: none">Paris</p></div>';
    const text = document.querySelector('p')!.firstChild as Text;
    const { painter, drawn } = painterOf(text);
    vi.spyOn(Range.prototype, 'getClientRects').mockReturnValue([{ left: 0, right: 100, top: 0, bottom: 100 }] as unknown as DOMRectList);
    vi.stubGlobal('CSS', { highlights: { highlightsFromPoint: () => [] } });
    (document as unknown as { caretPositionFromPoint: unknown }).caretPositionFromPoint = () => ({ offsetNode: text, offset: 1 });
    // The hit test skips the paragraph: the box around it is on top.
    vi.spyOn(document, 'elementFromPoint').mockReturnValue(document.querySelector('.hero'));
    expect(hitTest(document, painter, 10, 10, [])).toBe(drawn);
    // Hidden as well: no hit, though the element on top is the same.
    (text.parentElement as HTMLElement).style.visibility = 'hidden';
    expect(hitTest(document, painter, 10, 10, [])).toBeNull();
  });
});
