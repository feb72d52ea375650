/**
 * A second reading of a page's text, written straight from CONTRACT §3 rules 1 and 3 and sharing
 * no code with src/content: the blocks a page's main document holds, and where each drawn
 * `backstory-*` range falls in them. It runs in the page's own world (a JavaScript source string,
 * like scripts/lib/page-scripts.ts), so it sees open shadow roots only, as a page does.
 *
 * Where the contract leaves the reading open, it takes the extension's documented choice
 * (docs/page.md): closed shadow roots are not entered (their hosts' light children are read in
 * place); `<meter>`, `<progress>` and frames cut a block and are not read; `<object>` (a
 * form-associated element) cuts at its edges and its fallback content is read as a block of its
 * own; `<embed>` is none of rule 3's elements: it joins.
 */

/** Where one drawn range falls in the reference blocks. */
export interface DrawnRange {
  name: string;
  /** Block index, or -1 when a boundary is in no block of the reference reading. */
  block: number;
  start: number;
  end: number;
  /** The range's text, for messages. */
  text: string;
  /** For a range in no block: where its start is (connected or not, and its ancestors). */
  at?: string;
}

export interface PageReading {
  blocks: string[];
  drawn: DrawnRange[];
  /** A fingerprint of the text and the ranges, to tell when the page and the drawing are still. */
  signature: string;
}

export const readPageScript = `(() => {
  const SVG = 'http://www.w3.org/2000/svg';
  const BLOCKS = new Set(['address', 'article', 'aside', 'blockquote', 'dd', 'details', 'dialog', 'div', 'dl', 'dt',
    'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li',
    'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'caption', 'tr', 'td', 'th', 'ul', 'summary', 'legend', 'body', 'html', 'object']);
  // Rule 3's cuts that hold no text of their own; rule 1's excluded subtrees.
  const CUTS = new Set(['br', 'img', 'iframe', 'frame', 'button', 'input', 'select', 'textarea', 'meter', 'progress']);
  const NEVER = new Set(['head', 'title', 'script', 'style', 'noscript', 'template', 'option', 'optgroup', 'datalist', 'frameset', 'embed']);
  const blocks = [];
  const where = new Map();
  let parts = [];
  let nodes = [];
  let length = 0;
  const cut = () => {
    const text = parts.join('');
    if (/\\S/.test(text)) {
      const b = blocks.length;
      blocks.push(text);
      for (const [node, offset] of nodes) where.set(node, [b, offset]);
    }
    parts = []; nodes = []; length = 0;
  };
  // "", true and plaintext-only make text editable; false, inherit and invalid values do not.
  const editable = (el) => ['', 'true', 'plaintext-only'].includes((el.getAttribute('contenteditable') ?? 'false').toLowerCase());
  const children = (node) => {
    if (node.nodeType === 1) {
      if (node.shadowRoot) return node.shadowRoot.childNodes;
      if (node.localName === 'slot' && node.namespaceURI !== SVG) {
        const assigned = node.assignedNodes();
        if (assigned.length > 0) return assigned;
      }
    }
    return node.childNodes;
  };
  const walk = (node) => {
    if (node.nodeType === 3) {
      if (node.data.length > 0) { parts.push(node.data); nodes.push([node, length]); length += node.data.length; }
      return;
    }
    if (node.nodeType === 1) {
      if (node.namespaceURI === SVG) { cut(); return; }
      const name = node.localName.toLowerCase();
      if (NEVER.has(name)) return;
      if (CUTS.has(name)) { cut(); return; }
      const block = BLOCKS.has(name);
      if (editable(node)) { if (block) cut(); return; }
      if (block) cut();
      for (const child of Array.from(children(node))) walk(child);
      if (block) cut();
      return;
    }
    if (node.nodeType === 9 || node.nodeType === 11) for (const child of Array.from(children(node))) walk(child);
  };
  if (document.designMode !== 'on') walk(document);
  cut();
  const drawn = [];
  let sum = 0;
  for (const [name, highlight] of CSS.highlights) {
    if (!name.startsWith('backstory')) continue;
    for (const range of highlight) {
      const a = where.get(range.startContainer);
      const b = where.get(range.endContainer);
      let text = '';
      try { const r = document.createRange(); r.setStart(range.startContainer, range.startOffset); r.setEnd(range.endContainer, range.endOffset); text = r.toString(); } catch { text = '?'; }
      const ok = a !== undefined && b !== undefined && a[0] === b[0];
      const d = { name, block: ok ? a[0] : -1, start: ok ? a[1] + range.startOffset : -1, end: ok ? b[1] + range.endOffset : -1, text };
      if (!ok) {
        const path = [];
        for (let n = range.startContainer; n; n = n.parentNode || (n.host ?? null)) path.push(n.nodeType === 1 ? n.localName : n.nodeName);
        d.at = (range.startContainer.isConnected ? 'connected ' : 'detached ') + path.slice(0, 8).join(' < ');
      }
      drawn.push(d);
      sum = (sum * 31 + d.block * 7 + d.start + d.end) % 1000000007;
    }
  }
  let chars = 0;
  for (const t of blocks) chars += t.length;
  return { blocks, drawn, signature: blocks.length + ':' + chars + ':' + drawn.length + ':' + sum };
})()`;
