// @vitest-environment happy-dom
import { beforeAll, describe, expect, it } from 'vitest';
import type { Mention } from '../../../src/core/matcher/types';
import { HighlightPainter } from '../../../src/content/highlights';
import { makeRecord, type BlockRecord } from '../../../src/content/page-model';
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

  it('takes the ranges of blocks gone from the page away 200 at a time between pauses', async () => {
    const { records, mentions } = page(450);
    const painter = new HighlightPainter(document);
    await painter.draw(mentions, records);
    expect(size()).toBe(450);
    // The page swapped its article: none of those blocks is there any more.
    const seen: number[] = [];
    await painter.draw([], [], async () => {
      seen.push(size());
    });
    expect(seen).toEqual([250, 50]);
    expect(size()).toBe(0);
    expect(painter.count).toBe(0);
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

describe('drawing as a diff, block by block', () => {
  /** The drawn range of each mention, by its block record and start. */
  const kept = (painter: HighlightPainter) => {
    const out = new Map<BlockRecord, Map<number, AbstractRange>>();
    for (const d of painter.all()) {
      if (!out.has(d.record)) out.set(d.record, new Map());
      out.get(d.record)!.set(d.mention.start, d.range);
    }
    return out;
  };

  it('keeps the ranges of unchanged mentions, replaces changed ones and drops those gone', async () => {
    document.body.innerHTML = '<p>Paris and Lyon</p><p>Nice</p><p>Lagos</p>';
    const records = cutBlocks(document).map((b) => makeRecord(b, []));
    const m = (block: number, start: number, end: number, type = 'place'): Mention => ({ block, start, end, ids: ['x'], type, short: false }) as unknown as Mention;
    const painter = new HighlightPainter(document);
    await painter.draw([m(0, 0, 5), m(0, 10, 14), m(1, 0, 4), m(2, 0, 5)], records);
    expect(painter.count).toBe(4);
    const before = kept(painter);

    // Block 0: Paris unchanged, Lyon now a person; block 1 loses its mention; block 2 unchanged.
    const next = [m(0, 0, 5), m(0, 10, 14, 'person'), m(2, 0, 5)];
    await painter.draw(next, records);
    const after = kept(painter);
    expect(painter.count).toBe(3);
    expect(size()).toBe(3);
    expect(after.get(records[0])?.get(0)).toBe(before.get(records[0])?.get(0));
    expect(after.get(records[2])?.get(0)).toBe(before.get(records[2])?.get(0));
    expect(after.get(records[0])?.get(10)).not.toBe(before.get(records[0])?.get(10));
    expect(after.get(records[1])?.has(0) ?? false).toBe(false);
    // Every drawn mention is the one of the latest draw, and only its type's highlight holds it.
    for (const d of painter.all()) expect(next).toContain(d.mention);
    const lyon = after.get(records[0])?.get(10) as StaticRange;
    expect(CSS.highlights.get('backstory-person')?.has(lyon)).toBe(true);
    expect(CSS.highlights.get('backstory-place')?.has(lyon)).toBe(false);
    expect(CSS.highlights.get('backstory-place')?.has(before.get(records[0])?.get(10) as StaticRange)).toBe(false);

    // The page model replaced block 2's record (text changed elsewhere in the block): a mention
    // at the same nodes and offsets keeps its range object, now under the new record.
    const replaced = [records[0], records[1], makeRecord(records[2].block, [])];
    await painter.draw([m(0, 0, 5), m(0, 10, 14, 'person'), m(2, 0, 5)], replaced);
    expect(painter.count).toBe(3);
    expect(size()).toBe(3);
    expect(kept(painter).get(replaced[2])?.get(0)).toBe(before.get(records[2])?.get(0));
    expect(kept(painter).has(records[2]), 'nothing is left under the old record').toBe(false);

    // A record no longer on the page whose mention moved (the text before it changed) takes its
    // range with it: the new one is a new range, and the old one leaves the highlight.
    const lagos = before.get(records[2])?.get(0) as StaticRange;
    const p = document.querySelectorAll('p')[2];
    p.firstChild!.textContent = 'Abuja, Lagos';
    const moved = [records[0], records[1], makeRecord(cutBlocks(document)[2], [])];
    await painter.draw([m(0, 0, 5), m(0, 10, 14, 'person'), m(2, 7, 12)], moved);
    expect(painter.count).toBe(3);
    expect(size()).toBe(3);
    const now = kept(painter).get(moved[2])?.get(7) as StaticRange;
    expect(now).toBeDefined();
    expect(now).not.toBe(lagos);
    expect(now.startOffset).toBe(7);
    expect(CSS.highlights.get('backstory-place')?.has(lagos)).toBe(false);
  });

  it('a mention beside text that changed in its block keeps its range (an open card on it stays open)', async () => {
    document.body.innerHTML = '<p>Markets: Paris index <span>100.0</span> points, Lagos too.</p>';
    const m = (start: number, end: number): Mention => ({ block: 0, start, end, ids: ['x'], type: 'place', short: false }) as unknown as Mention;
    const painter = new HighlightPainter(document);
    const first = cutBlocks(document).map((b) => makeRecord(b, []));
    // "Markets: Paris index 100.0 points, Lagos too."
    await painter.draw([m(9, 14), m(35, 40)], first);
    const [paris, lagos] = [...painter.all()];
    // The ticker in the span grows by one character: a new block, a new record.
    document.querySelector('span')!.firstChild!.textContent = '1000.0';
    const second = cutBlocks(document).map((b) => makeRecord(b, []));
    await painter.draw([m(9, 14), m(36, 41)], second);
    const [paris2, lagos2] = [...painter.all()];
    expect(paris2, 'Paris: same text node, same offsets').toBe(paris);
    expect(paris2.record).toBe(second[0]);
    // Lagos is in the text node after the span: its offsets in that node did not change either.
    expect(lagos2).toBe(lagos);
    expect(painter.byHighlightRange(paris.range)).toBe(paris);
    expect(size()).toBe(2);
  });
});
