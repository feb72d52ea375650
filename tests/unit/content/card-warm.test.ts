// @vitest-environment happy-dom
/**
 * `Card.warm` pays the first card's one-time costs while the pointer rests, and must not change
 * the page's document: CONTRACT §4 makes the host on first use, and any change of the document
 * makes Blink revalidate every highlight (docs/page.md, "The card").
 */
import { describe, expect, it } from 'vitest';
import { Card, isCardHost } from '../../../src/content/card';

describe('card warm-up', () => {
  it('adds nothing to the document, runs once, and the first card still opens', () => {
    document.body.innerHTML = '<p>Rajnath Singh met Gen Nakatani.</p>';
    const before = document.documentElement.outerHTML;
    const card = new Card(document);
    card.warm();
    card.warm();
    expect(document.documentElement.outerHTML).toBe(before);
    expect([...document.documentElement.children].some(isCardHost)).toBe(false);
    expect(card.isOpen).toBe(false);

    const text = document.querySelector('p')!.firstChild!;
    card.open({
      model: { text: 'Rajnath Singh', short: false, entities: [{ id: 'r', name: 'Rajnath Singh', type: 'person', summary: '', notes: '', tags: [], links: [] }] },
      range: (() => { const r = document.createRange(); r.setStart(text, 0); r.setEnd(text, 13); return r; })(),
      pointer: { x: 1, y: 1 },
    });
    expect(card.isOpen).toBe(true);
    const host = document.documentElement.lastElementChild!;
    expect(isCardHost(host)).toBe(true);
    // A name of this instance's own, not one a page could have defined ahead of it.
    expect(host.localName).toMatch(/^backstory-card-[a-z0-9]{12}$/);
    card.destroy();
  });
});
