// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { compareFlat, compareWalked } from '../../../src/content/flat-tree';
import { cutBlocks } from '../../../src/content/scanner';

const sign = (n: number): number => Math.sign(n);

describe('compareWalked (the page model’s order of walked nodes)', () => {
  it('agrees with compareFlat on a page without shadow roots, pair by pair', () => {
    document.body.innerHTML = '<article><h1>Title</h1><p>one <b>two <i>three</i></b> four</p><ul><li>five</li><li>six</li></ul></article><p>seven</p>';
    cutBlocks(document);
    const nodes: Node[] = [];
    const w = document.createTreeWalker(document.body, NodeFilter.SHOW_ALL);
    for (let n = w.nextNode(); n; n = w.nextNode()) nodes.push(n);
    const detached = document.createElement('p');
    detached.textContent = 'gone';
    nodes.push(detached, detached.firstChild!);
    for (const a of nodes) for (const b of nodes) expect(sign(compareWalked(a, b))).toBe(sign(compareFlat(a, b)));
    expect(compareWalked(nodes[0], nodes[1])).toBeLessThan(0);
    expect(compareWalked(detached, nodes[0])).toBe(0);
  });

  it('orders shadow content where its host renders it once a walk has met the open root', () => {
    document.body.innerHTML = '<p id="one">one</p><x-h id="h"></x-h><p id="three">three</p>';
    const root = document.getElementById('h')!.attachShadow({ mode: 'open' });
    root.innerHTML = '<p>two</p>';
    const one = document.getElementById('one')!.firstChild!;
    const two = root.firstChild!.firstChild!;
    const three = document.getElementById('three')!.firstChild!;
    // The document's own order cannot place text of another tree.
    expect(one.compareDocumentPosition(two) & Node.DOCUMENT_POSITION_DISCONNECTED).toBeTruthy();
    cutBlocks(document); // the walk enters the root
    expect(compareWalked(one, two)).toBeLessThan(0);
    expect(compareWalked(two, three)).toBeLessThan(0);
    expect(compareWalked(three, two)).toBeGreaterThan(0);
  });
});
