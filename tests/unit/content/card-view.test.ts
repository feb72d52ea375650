// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { renderCard, TEXT_ATTRIBUTE, TITLE_ID } from '../../../src/content/card-view';
import type { CardEntity } from '../../../src/shared/protocol';

/** What an element shows: its generated text (data-text) and its descendants', in order. */
const shown = (el: Element): string =>
  [el.getAttribute(TEXT_ATTRIBUTE) ?? '', ...[...el.children].map(shown)].filter((s) => s !== '').join(' ');

/** The card holds no text node: a page's window.find() lands only in text nodes. */
function expectNoTextNode(card: HTMLElement): void {
  const walker = document.createTreeWalker(card, NodeFilter.SHOW_TEXT);
  expect(walker.nextNode()?.nodeValue ?? null).toBeNull();
}

const entity = (over: Partial<CardEntity>): CardEntity => ({
  id: 'x', name: 'X', type: 'person', summary: '', notes: '', tags: [], links: [], ...over,
});

describe('card view', () => {
  it('is a dialog named by the first entity, with type, summary, notes, tags and links as text', () => {
    const card = renderCard(document, {
      text: 'Rajnath Singh',
      short: false,
      entities: [entity({
        name: 'Rajnath <b>Singh</b>', summary: 'Minister <img src=x onerror=alert(1)>', notes: 'line 1\n\nline 2',
        tags: ['india'], links: [{ title: 'Wikipedia', url: 'https://en.wikipedia.org/' }, { url: 'http://example.org/a' }, { title: 'Local', url: 'file:///etc/passwd' }, { url: 'javascript:alert(1)' }],
      })],
    });
    expect(card.getAttribute('role')).toBe('dialog');
    const title = card.querySelector(`#${TITLE_ID}`)!;
    expect(card.getAttribute('aria-labelledby')).toBe(TITLE_ID);
    expect(shown(title)).toBe('Rajnath <b>Singh</b>');
    expect(card.querySelector('b, img')).toBeNull();
    expectNoTextNode(card);
    expect(shown(card)).toContain('Person');
    // One element per line: generated text keeps its breaks for screen readers only so.
    expect([...card.querySelectorAll('.notes > .line')].map(shown)).toEqual(['line 1', '', 'line 2']);
    expect(card.querySelector('.notes > .line:nth-child(2)')!.classList.contains('blank')).toBe(true);
    const anchors = [...card.querySelectorAll('a')];
    expect(anchors.map((a) => [shown(a), a.getAttribute('href'), a.target, a.rel])).toEqual([
      ['Wikipedia', 'https://en.wikipedia.org/', '_blank', 'noopener noreferrer'],
      ['http://example.org/a', 'http://example.org/a', '_blank', 'noopener noreferrer'],
    ]);
    // A screen reader hears that they open in a new tab from their list (their names stay theirs).
    expect(card.querySelector('ul.links')!.getAttribute('aria-label')).toBe('Links, opening in a new tab');
    expect(shown(card)).toContain('Local: file:///etc/passwd');
    expect(shown(card)).toContain('javascript:alert(1)');
  });

  it('lists the candidates of an ambiguous mention best first, and says what a short form resolved to', () => {
    const card = renderCard(document, {
      text: 'Singh', short: true,
      entities: [entity({ id: 'a', name: 'Rajnath Singh' }), entity({ id: 'b', name: 'Singh Dynasty', type: 'org' })],
    });
    const names = [...card.querySelectorAll('.name')].map(shown);
    expect(names).toEqual(['Rajnath Singh', 'Singh Dynasty']);
    expect(shown(card.querySelector(`#${TITLE_ID}`)!)).toBe('Rajnath Singh');
    expect(shown(card)).toContain('Mentioned as “Singh”');
    expect(shown(card)).toContain('may also mean');
    expectNoTextNode(card);
  });

  it('tells candidates of one name apart by their type in the names a screen reader hears', () => {
    const card = renderCard(document, {
      text: 'Amazon', short: false,
      entities: [entity({ id: 'a', name: 'Amazon', type: 'org', notes: 'Retailer.' }), entity({ id: 'b', name: 'Amazon', type: 'place', notes: 'River.' }), entity({ id: 'c', name: 'Amazonas', type: 'place' })],
    }, { edit: () => undefined });
    expect([...card.querySelectorAll('button')].map((b) => b.getAttribute('aria-label'))).toEqual(['Edit Amazon, Organization', 'Edit Amazon, Place', 'Edit Amazonas']);
    expect([...card.querySelectorAll('.notes')].map((n) => n.getAttribute('aria-label'))).toEqual(['Notes on Amazon, Organization', 'Notes on Amazon, Place']);
  });
});
