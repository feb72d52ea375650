// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { cutBlocks } from '../../../src/content/scanner';
import { blockText, locate, rangeInit, type Block } from '../../../src/content/blocks';

function page(html: string): Document {
  document.body.innerHTML = html; // a test fixture; src never parses HTML
  return document;
}
const texts = (blocks: Block[]) => blocks.map(blockText);

describe('block cutting (CONTRACT §3 rule 3)', () => {
  it('joins inline elements without separator', () => {
    page('<p><a>Rajnath</a>&nbsp;<b>Singh</b> met <i>Gen</i> Nakatani</p>');
    expect(texts(cutBlocks(document))).toEqual(['Rajnath\u00a0Singh met Gen Nakatani']);
  });

  it('cuts at the start and end of block elements', () => {
    page('<div>abc<p>New</p>Delhi<div>x</div></div><ul><li>one</li><li>two</li></ul><h2>h</h2><table><tr><td>a</td><td>b</td></tr></table>');
    expect(texts(cutBlocks(document))).toEqual(['abc', 'New', 'Delhi', 'x', 'one', 'two', 'h', 'a', 'b']);
  });

  it('cuts at br, img, svg, iframe, button and form controls; wbr joins', () => {
    page('<p>a<br>b<img>c<svg><text>no</text></svg>d<iframe></iframe>e<button>no</button>f<input>g<select><option>no</option></select>h<textarea>no</textarea>i</p><p>Jap<wbr>an</p>');
    expect(texts(cutBlocks(document))).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'Japan']);
  });

  it('skips excluded elements and editable text, joining around inline exclusions', () => {
    page('<p>Raj<script>x()</script><style>.a{}</style>nath</p><noscript>no</noscript><template>no</template><div contenteditable="true">edit <b>me</b></div><div contenteditable="false">keep</div>');
    expect(texts(cutBlocks(document))).toEqual(['Rajnath', 'keep']);
  });

  it('never reads the head', () => {
    document.head.replaceChildren();
    const t = document.createElement('title');
    t.textContent = 'Japan';
    document.head.append(t);
    page('<p>India</p>');
    expect(texts(cutBlocks(document))).toEqual(['India']);
  });

  it('never reads a <title>, also where a saved page has it in the body', () => {
    // Seen on real pages (bbc-1, yahoo-3, breitbart, herald-sun-1 of the corpus): the parser
    // leaves a late <title> in <body>, where it is not rendered; rule 1 names <title>.
    page('<p>In<title>Japan</title>dia</p><title>Obama</title><p>Nepal</p>');
    expect(texts(cutBlocks(document))).toEqual(['India', 'Nepal']);
  });

  it('reads open shadow roots where the host renders them, slotted text at its slot', () => {
    page('<p id="p">before <x-host><b slot="s">slotted</b> light</x-host> after</p>');
    const host = document.querySelector('x-host')!;
    const root = host.attachShadow({ mode: 'open' });
    const span = document.createElement('span');
    span.append('[shadow ');
    span.append(document.createElement('slot'));
    const named = document.createElement('slot');
    named.name = 's';
    span.append(named, ']');
    root.append(span);
    const seen: ShadowRoot[] = [];
    const blocks = cutBlocks(document, (r) => seen.push(r));
    expect(seen).toEqual([root]);
    expect(texts(blocks)).toEqual(['before [shadow  lightslotted] after']);
  });

  it('gives each block its own nodes and offsets (the cutter reuses its working arrays)', () => {
    page('<p>a<b>b</b>c</p><p>d<i>e</i></p><p>f</p>');
    const blocks = cutBlocks(document);
    expect(texts(blocks)).toEqual(['abc', 'de', 'f']);
    expect(blocks.map((b) => b.nodes.map((n) => n.data))).toEqual([['a', 'b', 'c'], ['d', 'e'], ['f']]);
    expect(blocks.map((b) => b.starts)).toEqual([[0, 1, 2], [0, 1], [0]]);
  });

  it('keeps the container of each block', () => {
    page('<article><p>one</p>two</article>');
    const blocks = cutBlocks(document);
    expect(blocks.map((b) => (b.container as Element).tagName)).toEqual(['P', 'ARTICLE']);
  });
});

describe('offsets to ranges', () => {
  it('maps a mention across nodes to one range from first to last character', () => {
    page('<p><a>Rajnath</a>&nbsp;<b>Singh</b> said</p>');
    const [block] = cutBlocks(document);
    const a = document.querySelector('a')!.firstChild as Text;
    const b = document.querySelector('b')!.firstChild as Text;
    expect(rangeInit(block, 0, 13)).toEqual({ startContainer: a, startOffset: 0, endContainer: b, endOffset: 5 });
  });

  it('starts in the node holding the first character and ends in the node holding the last', () => {
    page('<p><a>Raj</a><b>nath</b> Singh</p>');
    const [block] = cutBlocks(document);
    const b = document.querySelector('b')!.firstChild as Text;
    // [3, 7) is exactly "nath": never the end of <a> nor the start of " Singh".
    expect(rangeInit(block, 3, 7)).toEqual({ startContainer: b, startOffset: 0, endContainer: b, endOffset: 4 });
    expect(locate(block, 0, false).offset).toBe(0);
    expect(locate(block, 13, true)).toEqual({ node: block.nodes[2], offset: 6 });
  });
});
