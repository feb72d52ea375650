// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { PageModel, type ScannedBlock } from '../../../src/content/page-model';
import { cutBlocks } from '../../../src/content/scanner';
import { containersOf } from '../../../src/content/scan-controller';
import { blockText } from '../../../src/content/blocks';
import { compareFlat } from '../../../src/content/flat-tree';

const scanned = (root: Node): ScannedBlock[] => cutBlocks(root).map((block) => ({ block, raw: [] }));
const texts = (m: PageModel) => m.records.map((r) => blockText(r.block));

describe('page model: rescans replace containers in flat-tree order', () => {
  it('replaces one container in place and keeps the others', () => {
    document.body.innerHTML = '<p id="a">Alpha</p><p id="b">Beta</p><p id="c">Gamma</p>';
    const model = new PageModel();
    model.replace([document], [scanned(document)]);
    expect(texts(model)).toEqual(['Alpha', 'Beta', 'Gamma']);
    const first = [...model.records];
    const b = document.getElementById('b')!;
    b.textContent = 'Beta two';
    model.replace([b], [scanned(b)]);
    expect(texts(model)).toEqual(['Alpha', 'Beta two', 'Gamma']);
    expect(model.records[0]).toBe(first[0]);
    expect(model.records[2]).toBe(first[2]);
  });

  it('inserts a new container where it stands and drops removed text', () => {
    document.body.innerHTML = '<p id="a">Alpha</p><p id="c">Gamma</p>';
    const model = new PageModel();
    model.replace([document], [scanned(document)]);
    const b = document.createElement('p');
    b.textContent = 'Beta';
    document.getElementById('a')!.after(b);
    model.replace(containersOf([document.body]), [scanned(document.body)]);
    expect(texts(model)).toEqual(['Alpha', 'Beta', 'Gamma']);
    const d = document.createElement('p');
    d.textContent = 'Delta';
    document.body.append(d);
    model.replace([d], [scanned(d)]);
    expect(texts(model)).toEqual(['Alpha', 'Beta', 'Gamma', 'Delta']);
    document.getElementById('a')!.remove();
    model.replace(containersOf([document.body]), [scanned(document.body)]);
    expect(texts(model)).toEqual(['Beta', 'Gamma', 'Delta']);
  });

  it('keeps the record (and so the drawn mentions) of a block that did not change', () => {
    document.body.innerHTML = '<div id="d">one<p>two</p>three</div>';
    const model = new PageModel();
    model.replace([document], [scanned(document)]);
    const before = [...model.records];
    const d = document.getElementById('d')!;
    model.replace([d], [scanned(d)]);
    // The same record objects, one by one (not merely equal ones).
    expect(model.records).toHaveLength(before.length);
    model.records.forEach((r, i) => expect(r).toBe(before[i]));
  });

  it('merges inline text around a removed block element', () => {
    document.body.innerHTML = '<div id="d">New <p id="x">x</p>Delhi</div>';
    const model = new PageModel();
    model.replace([document], [scanned(document)]);
    expect(texts(model)).toEqual(['New ', 'x', 'Delhi']);
    document.getElementById('x')!.remove();
    const containers = containersOf([document.getElementById('d')!]);
    model.replace(containers, containers.map(scanned));
    expect(texts(model)).toEqual(['New Delhi']);
  });
});

describe('rescan containers', () => {
  it('is the innermost block element, outermost when nested, nothing inside excluded text', () => {
    document.body.innerHTML = '<article id="a"><p id="p">x <b id="b">y</b></p></article><textarea id="t">z</textarea><div contenteditable id="e"><i id="i">w</i></div>';
    const $ = (id: string) => document.getElementById(id)!;
    expect(containersOf([$('b').firstChild!])).toEqual([$('p')]);
    expect(containersOf([$('b'), $('a')])).toEqual([$('a')]);
    expect(containersOf([$('t').firstChild!, $('i')])).toEqual([]);
  });

  it('orders shadow content where the host renders it', () => {
    document.body.innerHTML = '<p id="one">one</p><x-h id="h"></x-h><p id="three">three</p>';
    const root = document.getElementById('h')!.attachShadow({ mode: 'open' });
    const inner = document.createElement('p');
    inner.textContent = 'two';
    root.append(inner);
    const one = document.getElementById('one')!.firstChild!;
    const three = document.getElementById('three')!.firstChild!;
    expect(compareFlat(one, inner.firstChild!)).toBeLessThan(0);
    expect(compareFlat(three, inner.firstChild!)).toBeGreaterThan(0);
    const model = new PageModel();
    model.replace([document], [scanned(document)]);
    expect(texts(model)).toEqual(['one', 'two', 'three']);
    inner.textContent = 'two!';
    model.replace(containersOf([inner]), [scanned(inner)]);
    expect(texts(model)).toEqual(['one', 'two!', 'three']);
  });
});
