// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { compareWalked } from '../../../src/content/flat-tree';
import { WalkedOrder } from '../../../src/content/walked-order';

const sign = (n: number): number => Math.sign(n);

describe('WalkedOrder (compareWalked for many nodes at once)', () => {
  it('agrees with compareWalked on every pair of a page, detached nodes included', () => {
    document.body.innerHTML = '<article><h1>Title</h1><p>one <b>two <i>three</i></b> four</p><ul><li>five</li><li>six</li></ul></article><p>seven</p><div><div><p>eight</p></div></div>';
    const nodes: Node[] = [document, document.documentElement];
    const w = document.createTreeWalker(document.body, NodeFilter.SHOW_ALL);
    for (let n = w.nextNode(); n; n = w.nextNode()) nodes.push(n);
    const detached = document.createElement('p');
    detached.textContent = 'gone';
    nodes.push(detached, detached.firstChild!);
    const order = new WalkedOrder();
    for (const a of nodes) for (const b of nodes) expect(sign(order.compare(a, b)), `${a.nodeName} ${b.nodeName}`).toBe(sign(compareWalked(a, b)));
  });

  it('sorts thousands of siblings reading the parent\'s children once, not comparing positions each time', () => {
    const main = document.createElement('main');
    for (let i = 0; i < 3000; i++) main.append(Object.assign(document.createElement('p'), { textContent: `Line ${i}` }));
    document.body.replaceChildren(main);
    const texts = [...main.children].map((p) => p.firstChild!).reverse();
    const spy = vi.spyOn(Node.prototype, 'compareDocumentPosition');
    const sorted = [...texts].sort(new WalkedOrder().compare);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    expect(sorted.map((t) => t.textContent)).toEqual([...main.children].map((p) => p.textContent));
  });
});
