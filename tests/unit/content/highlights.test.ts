// @vitest-environment happy-dom
import { beforeAll, describe, expect, it } from 'vitest';
import type { Mention } from '../../../src/core/matcher/types';
import { HighlightPainter } from '../../../src/content/highlights';
import { makeRecord } from '../../../src/content/page-model';
import { cutBlocks } from '../../../src/content/scanner';

// happy-dom has no CSS Custom Highlight API: the smallest stand-ins with the same shape.
beforeAll(() => {
  const g = globalThis as Record<string, unknown>;
  if (typeof g.Highlight !== 'function') g.Highlight = class extends Set<AbstractRange> {};
  if (typeof g.StaticRange !== 'function') {
    g.StaticRange = class {
      constructor(init: StaticRangeInit) {
        Object.assign(this, init);
      }
    };
  }
  const css = (g.CSS ?? {}) as Record<string, unknown>;
  if (!css.highlights) css.highlights = new Map<string, unknown>();
  g.CSS = css;
});

function page(count: number) {
  document.body.innerHTML = Array.from({ length: count }, (_, i) => `<p>Paris ${i}</p>`).join('');
  const records = cutBlocks(document).map((b) => makeRecord(b, []));
  const mentions: Mention[] = records.map((_, i) => ({ block: i, start: 0, end: 5, ids: ['paris'], type: 'place', short: false } as unknown as Mention));
  return { records, mentions };
}

const size = (): number => [...(CSS.highlights as unknown as Map<string, Set<unknown>>).values()].reduce((n, h) => n + h.size, 0);

describe('drawing in slices', () => {
  it('pauses every 200 new ranges and ends with every mention drawn once', async () => {
    const { records, mentions } = page(450);
    const painter = new HighlightPainter(document);
    let pauses = 0;
    await painter.draw(mentions, records, async () => {
      pauses++;
    });
    expect(pauses).toBe(2);
    expect(painter.count).toBe(450);
    expect(size()).toBe(450);
    // A redraw of the same mentions makes nothing new and does not pause.
    await painter.draw(mentions, records, async () => {
      pauses++;
    });
    expect(pauses).toBe(2);
    expect(size()).toBe(450);
  });

  it('a draw paused half-way is not undone by the periodic check, and stops if the page is cleared', async () => {
    const { records, mentions } = page(450);
    const painter = new HighlightPainter(document);
    await painter.draw(mentions.slice(440), records); // 10 drawn before
    let release: () => void = () => undefined;
    const drawing = painter.draw(mentions, records, () => new Promise<void>((resolve) => (release = resolve)));
    await Promise.resolve();
    expect(size()).toBe(10 + 199); // paused before the 200th new range
    painter.check(); // the 1 s tick during the pause must not reset to what was drawn before
    expect(size()).toBe(10 + 199);
    painter.clear(); // the site is switched off meanwhile
    release();
    await drawing;
    expect(size()).toBe(0);
    expect(painter.count).toBe(0);
  });
});
