// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { LoadingFrontier } from '../../../src/content/frontier';
import { PageModel, type ScannedBlock } from '../../../src/content/page-model';
import { cutBlocks } from '../../../src/content/scanner';
import { blockText } from '../../../src/content/blocks';

const p = (id: string, text: string): HTMLElement => {
  const el = document.createElement('p');
  el.id = id;
  el.textContent = text;
  return el;
};
const ids = (els: Element[]): string[] => els.map((e) => e.id || e.localName);

describe('the loading frontier: blocks the parser has finished', () => {
  it('hands out each block once it has a later sibling, in document order, never the one being parsed', () => {
    document.body.innerHTML = '';
    const frontier = new LoadingFrontier();
    const story = document.createElement('div');
    story.id = 'story';
    document.body.append(story);
    story.append(p('a', 'Alpha'));
    expect(ids(frontier.take(document))).toEqual([]);
    story.append(p('b', 'Beta'));
    expect(ids(frontier.take(document))).toEqual(['a']);
    const span = document.createElement('span');
    span.textContent = 'inline';
    story.append(span);
    // b is finished; the span is inline (left for DOMContentLoaded) and last anyway.
    expect(ids(frontier.take(document))).toEqual(['b']);
    story.append(p('c', 'Gamma'));
    expect(ids(frontier.take(document))).toEqual([]);
    const footer = document.createElement('footer');
    footer.id = 'footer';
    document.body.append(footer);
    // The whole story is finished now (it holds a and b, already handed out: the caller skips them).
    expect(ids(frontier.take(document))).toEqual(['story']);
    expect(ids(frontier.take(document))).toEqual([]);
  });

  it('skips what is never scanned, and looks again when a script took out the last child it saw', () => {
    document.body.innerHTML = '';
    const frontier = new LoadingFrontier();
    const style = document.createElement('style');
    document.body.append(p('a', 'Alpha'), style, p('b', 'Beta'), p('c', 'Gamma'));
    expect(ids(frontier.take(document))).toEqual(['a', 'b']);
    document.getElementById('b')!.remove();
    document.body.append(p('d', 'Delta'));
    // Starting over from the first child: a again (the caller knows it), c now finished.
    expect(ids(frontier.take(document))).toEqual(['a', 'c']);
  });
});

describe('the scan at DOMContentLoaded keeps the blocks scanned while loading', () => {
  const scanned = (root: Node): ScannedBlock[] => cutBlocks(root).map((block) => ({ block, raw: [] }));
  /** The document walked around `keep`, as the scan at DOMContentLoaded does. */
  const around = (keep: ReadonlySet<Node>): [ScannedBlock[], Map<Node, number>] => {
    const skipped = new Map<Node, number>();
    const blocks = cutBlocks(document, undefined, { skip: keep, onSkip: (node, before) => skipped.set(node, before) });
    return [blocks.map((block) => ({ block, raw: [] })), skipped];
  };
  const texts = (model: PageModel): string[] => model.records.map((r) => blockText(r.block));
  /** A model holding each block of `ids` as scanned while the page loaded, and those blocks. */
  const early = (...ids: string[]): [PageModel, Set<Node>] => {
    const model = new PageModel();
    const blocks = ids.map((id) => document.getElementById(id)!);
    for (const b of blocks) model.replace([b], [scanned(b)]);
    return [model, new Set<Node>(blocks)];
  };

  it('walks around kept blocks and keeps their records, each at its place among the new ones', () => {
    document.body.innerHTML = '<div id="story"><p id="a">Alpha</p>Loose text<p id="b">Beta</p><p id="n">Nested <p id="m">inner</p></p></div><p id="c">Gamma</p>';
    const [model, kept] = early('a', 'b');
    const earlyRecords = [...model.records];
    const [rest, skipped] = around(kept);
    expect(rest.map((s) => blockText(s.block))).toEqual(['Loose text', 'Nested ', 'inner', 'Gamma']);
    expect([...skipped.values()]).toEqual([0, 1]);
    model.complete(rest, skipped);
    expect(texts(model)).toEqual(['Alpha', 'Loose text', 'Beta', 'Nested ', 'inner', 'Gamma']);
    expect(model.records[0]).toBe(earlyRecords[0]);
    expect(model.records[2]).toBe(earlyRecords[1]);
  });

  it('keeps adjacent kept blocks in order, and blocks inside a kept block', () => {
    document.body.innerHTML = '<p id="a">Alpha</p><div id="d"><p>Delta one</p><p>Delta two</p></div><p id="c">Gamma</p>';
    const [model, kept] = early('a', 'd');
    const [rest, skipped] = around(kept);
    model.complete(rest, skipped);
    expect(texts(model)).toEqual(['Alpha', 'Delta one', 'Delta two', 'Gamma']);
  });

  it('drops a kept block that left the page, and records the walk did not meet', () => {
    document.body.innerHTML = '<p id="a">Alpha</p><p id="b">Beta</p><p id="c">Gamma</p>';
    const model = new PageModel();
    model.replace([document], [scanned(document)]);
    const a = document.getElementById('a')!;
    const b = document.getElementById('b')!;
    a.remove();
    // b was scanned but is not kept (a change touched it): the walk cuts it anew.
    b.firstChild!.textContent = 'Beta two';
    const [rest, skipped] = around(new Set<Node>([a]));
    model.complete(rest, skipped);
    expect(texts(model)).toEqual(['Beta two', 'Gamma']);
  });
});
