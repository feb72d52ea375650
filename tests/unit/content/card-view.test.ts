// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { renderCard, TITLE_ID } from '../../../src/content/card-view';
import type { CardEntity } from '../../../src/shared/protocol';

const entity = (over: Partial<CardEntity>): CardEntity => ({
  id: 'x', name: 'X', type: 'person', summary: '', notes: '', tags: [], links: [], ...over,
});

describe('card view', () => {
  it('is a dialog named by the first entity, with type, summary, notes, tags and links as text', () => {
    const card = renderCard(document, {
      text: 'Rajnath Singh',
      short: false,
      entities: [entity({
        name: 'Rajnath <b>Singh</b>', summary: 'Minister <img src=x onerror=alert(1)>', notes: 'line 1\nline 2',
        tags: ['india'], links: [{ title: 'Wikipedia', url: 'https://en.wikipedia.org/' }, { url: 'http://example.org/a' }, { title: 'Local', url: 'file:///etc/passwd' }, { url: 'javascript:alert(1)' }],
      })],
    });
    expect(card.getAttribute('role')).toBe('dialog');
    const title = card.querySelector(`#${TITLE_ID}`)!;
    expect(card.getAttribute('aria-labelledby')).toBe(TITLE_ID);
    expect(title.textContent).toBe('Rajnath <b>Singh</b>');
    expect(card.querySelector('b, img')).toBeNull();
    expect(card.textContent).toContain('Person');
    expect(card.querySelector('.notes')!.textContent).toBe('line 1\nline 2');
    const anchors = [...card.querySelectorAll('a')];
    expect(anchors.map((a) => [a.textContent, a.getAttribute('href'), a.target, a.rel])).toEqual([
      ['Wikipedia', 'https://en.wikipedia.org/', '_blank', 'noopener noreferrer'],
      ['http://example.org/a', 'http://example.org/a', '_blank', 'noopener noreferrer'],
    ]);
    expect(card.textContent).toContain('Local: file:///etc/passwd');
    expect(card.textContent).toContain('javascript:alert(1)');
  });

  it('lists the candidates of an ambiguous mention best first, and says what a short form resolved to', () => {
    const card = renderCard(document, {
      text: 'Singh', short: true,
      entities: [entity({ id: 'a', name: 'Rajnath Singh' }), entity({ id: 'b', name: 'Singh Dynasty', type: 'org' })],
    });
    const names = [...card.querySelectorAll('.name')].map((n) => n.textContent);
    expect(names).toEqual(['Rajnath Singh', 'Singh Dynasty']);
    expect(card.querySelector(`#${TITLE_ID}`)!.textContent).toBe('Rajnath Singh');
    expect(card.textContent).toContain('Mentioned as “Singh”');
    expect(card.textContent).toContain('may also mean');
  });
});
