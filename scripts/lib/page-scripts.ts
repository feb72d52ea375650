/**
 * Code that runs inside the browser page, kept as plain JavaScript source strings.
 *
 * Why strings: tsx and vitest transform TypeScript functions (esbuild may wrap named functions in
 * a `__name` helper that does not exist in the page), so serializing a function with
 * `page.evaluate(fn)` is fragile across the two runners. A string is sent as it is.
 * Every script is an expression whose value is what the caller gets back (JSON values only).
 */

/** One highlighted range as the page sees it through `CSS.highlights`. */
export interface HighlightRange {
  /** The range's text (`Range.toString()` over the StaticRange's boundary points). */
  text: string;
  /** Up to 3 characters of page text just before the range. */
  before: string;
  /** Up to 3 characters of page text just after the range. */
  after: string;
  /** The range starts inside something CONTRACT §3.1 never matches (head, script, textarea, button, svg…). */
  excluded: boolean;
}

/** For each registered highlight name, its ranges in registration order. */
export type HighlightMap = Record<string, HighlightRange[]>;

export const readHighlightsScript = `(() => {
  const out = {};
  if (!globalThis.CSS || !CSS.highlights) return out;
  const root = document.body || document.documentElement;
  const around = (container, offset, dir) => {
    const r = document.createRange();
    try {
      if (dir < 0) { r.setStart(root, 0); r.setEnd(container, offset); return r.toString().slice(-3); }
      r.setStart(container, offset); r.setEnd(root, root.childNodes.length); return r.toString().slice(0, 3);
    } catch { return ''; }
  };
  for (const [name, highlight] of CSS.highlights) {
    const list = [];
    for (const range of highlight) {
      const r = document.createRange();
      let text = '';
      try { r.setStart(range.startContainer, range.startOffset); r.setEnd(range.endContainer, range.endOffset); text = r.toString(); } catch { text = ''; }
      const start = range.startContainer.nodeType === 1 ? range.startContainer : range.startContainer.parentElement;
      const excluded = !!start && !!start.closest('head, script, style, noscript, template, textarea, input, button, select, option, svg, [contenteditable=""], [contenteditable="true"]');
      list.push({ text: text.replace(/\\s+/g, ' '), before: around(range.startContainer, range.startOffset, -1).replace(/\\s+/g, ' '), after: around(range.endContainer, range.endOffset, 1).replace(/\\s+/g, ' '), excluded });
    }
    out[name] = list;
  }
  return out;
})()`;

/** A point in viewport coordinates. */
export interface Point {
  x: number;
  y: number;
}

/**
 * `orderRanges(a, b)`: document order of two ranges, also when they are in different trees (a
 * shadow root and its document), which cannot be compared as ranges (WrongDocumentError): those
 * are ordered by their hosts, outermost first, then as ranges.
 */
const RANGE_ORDER_SOURCE = `const orderRanges = (a, b) => {
    const chain = (node) => {
      const c = [node];
      for (let root = node.getRootNode(); root instanceof ShadowRoot; root = root.host.getRootNode()) c.push(root.host);
      return c.reverse();
    };
    const ca = chain(a.startContainer), cb = chain(b.startContainer);
    for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
      if (i === ca.length - 1 && i === cb.length - 1) break;
      if (ca[i] === cb[i]) continue;
      const pos = ca[i].compareDocumentPosition(cb[i]);
      if (pos & Node.DOCUMENT_POSITION_CONTAINED_BY || pos & Node.DOCUMENT_POSITION_FOLLOWING) return -1;
      if (pos & Node.DOCUMENT_POSITION_CONTAINS || pos & Node.DOCUMENT_POSITION_PRECEDING) return 1;
    }
    if (a.startContainer.getRootNode() !== b.startContainer.getRootNode()) return ca.length - cb.length;
    return a.compareBoundaryPoints(Range.START_TO_START, b) || a.compareBoundaryPoints(Range.END_TO_END, b);
  };`;

/**
 * Page-world source of `nthMention(text, index)`: a live Range over the `index`-th drawn range
 * (any `backstory-*` highlight, document order) whose text, white space collapsed, is `text`;
 * undefined when there is none.
 */
export const NTH_MENTION_SOURCE = `${RANGE_ORDER_SOURCE}
  const nthMention = (text, index) => {
    if (!globalThis.CSS || !CSS.highlights) return undefined;
    const found = [];
    for (const [name, highlight] of CSS.highlights) {
      if (!name.startsWith('backstory')) continue;
      for (const range of highlight) {
        const r = document.createRange();
        try { r.setStart(range.startContainer, range.startOffset); r.setEnd(range.endContainer, range.endOffset); } catch { continue; }
        if (r.toString().replace(/\\s+/g, ' ') === text) found.push(r);
      }
    }
    found.sort(orderRanges);
    return found[index];
  };`;

/**
 * Scrolls the `index`-th range whose text is `text` (in any `backstory-*` highlight, document
 * order) into view and gives the centre of its first client rectangle, or null.
 */
export function mentionPointScript(text: string, index = 0): string {
  return `((text, index) => {
    ${NTH_MENTION_SOURCE}
    const r = nthMention(text, index);
    if (!r) return null;
    const first = () => [...r.getClientRects()].find((c) => c.width > 0 && c.height > 0);
    let rect = first();
    if (!rect || rect.top < 0 || rect.bottom > innerHeight || rect.left < 0 || rect.right > innerWidth) {
      const el = r.startContainer.nodeType === 1 ? r.startContainer : r.startContainer.parentElement;
      el.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' });
      rect = first();
    }
    if (!rect) return null;
    return { x: rect.left + Math.min(rect.width / 2, 12), y: rect.top + rect.height / 2 };
  })(${JSON.stringify(text)}, ${JSON.stringify(index)})`;
}

/** What a test reads of an open hover card. */
export interface CardDom {
  /** The dialog's name from aria-labelledby / aria-label (the browser's own name is checked separately). */
  domName: string;
  /** The text the dialog shows: its words are generated content (`data-text`), read in order, hidden parts left out. */
  text: string;
  /** Every `<a href>` in the dialog. */
  links: { name: string; href: string; target: string; rel: string }[];
  /** The shadow host is a child of `<html>` that comes after `<body>`. */
  hostAfterBody: boolean;
  /** The dialog's computed `position`: `fixed` when the card's own style sheet applies. */
  position: string;
  /** The dialog's computed `direction` (the card is laid out ltr on any page). */
  direction: string;
  /** The dialog's box in the viewport. */
  rect: { left: number; top: number; right: number; bottom: number };
  /**
   * For the first line of Arabic or Hebrew text in the dialog: does it read right to left as a
   * whole, its first character standing to the right of its last (a final `.` included, which
   * a left-to-right paragraph would put after the Arabic, on the right)? null when there is none.
   */
  rtlReadsRightToLeft: boolean | null;
}

/**
 * A function declaration (for CDP `Runtime.callFunctionOn` and BiDi `script.callFunction`) called
 * with a shadow root as its one argument; returns a CardDom when the root holds a visible
 * `role="dialog"`, else null.
 */
export const readCardInRootFunction = `function (root) {
  root = root || this;
  const dialog = root.querySelector('[role="dialog"]');
  if (!dialog || !dialog.isConnected) return null;
  const visible = typeof dialog.checkVisibility === 'function'
    ? dialog.checkVisibility({ visibilityProperty: true, opacityProperty: true })
    : dialog.getClientRects().length > 0;
  if (!visible) return null;
  const norm = (s) => (s || '').replace(/\\s+/g, ' ').trim();
  // The card's words are generated content (\`content: attr(data-text)\`, src/content/card-view.ts),
  // not text nodes: what an element shows is its data-text and its shown descendants', in order.
  const shown = (node) => {
    if (node.nodeType === 3) return node.data;
    if (node.nodeType !== 1) return '';
    if (node.hidden || (typeof node.checkVisibility === 'function' && !node.checkVisibility())) return '';
    const own = node.getAttribute('data-text');
    return [own ?? '', ...[...node.childNodes].map(shown)].filter((s) => s !== '').join(' ');
  };
  let domName = '';
  const labelledby = dialog.getAttribute('aria-labelledby');
  if (labelledby) {
    domName = norm(labelledby.split(/\\s+/).map((id) => {
      const el = root.getElementById ? root.getElementById(id) : root.querySelector('#' + CSS.escape(id));
      return el ? shown(el) : '';
    }).join(' '));
  }
  if (!domName) domName = norm(dialog.getAttribute('aria-label'));
  const host = root.host;
  const body = document.body;
  const hostAfterBody = !!host && host.parentNode === document.documentElement && !!body &&
    (body.compareDocumentPosition(host) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
  const links = [...dialog.querySelectorAll('a[href]')].map((a) => ({
    name: norm(a.getAttribute('aria-label') || shown(a)),
    href: a.href,
    target: a.target,
    rel: a.rel,
  }));
  let rtlReadsRightToLeft = null;
  // Laid out as the element lays out its generated text: the same text as a text node in it,
  // its ::before off for the measure, both put back after.
  for (const el of dialog.querySelectorAll('[data-text]')) {
    const line = el.getAttribute('data-text').split('\\n')[0];
    if (!/[\\u0590-\\u08ff]/.test(line)) continue;
    const t = document.createTextNode(el.getAttribute('data-text'));
    const was = el.getAttribute('data-text');
    el.removeAttribute('data-text');
    el.prepend(t);
    const range = (i, j) => { const r = document.createRange(); r.setStart(t, i); r.setEnd(t, j); return r; };
    const first = line.search(/\\S/);
    const last = line.search(/\\S\\s*$/);
    const x = (i) => { const b = range(i, i + 1).getBoundingClientRect(); return b.left + b.width / 2; };
    // Only a line on one row: a wrapped line's ends stand on different rows.
    const rows = new Set([...range(first, last + 1).getClientRects()].map((r) => Math.round(r.top))).size;
    if (rows === 1 && last > first) rtlReadsRightToLeft = x(first) > x(last);
    t.remove();
    el.setAttribute('data-text', was);
    break;
  }
  const box = dialog.getBoundingClientRect();
  const rect = { left: box.left, top: box.top, right: box.right, bottom: box.bottom };
  return { domName, text: norm(shown(dialog)), links, hostAfterBody, position: getComputedStyle(dialog).position, direction: getComputedStyle(dialog).direction, rtlReadsRightToLeft, rect };
}`;

/** Texts of every `role="status"` element (and `<output>`, whose implicit role is status). */
export const statusTextsScript = `[...document.querySelectorAll('[role="status"], output')].map((e) => (e.textContent || '').replace(/\\s+/g, ' ').trim())`;

/**
 * Captures what the page downloads through an `<a download>` (clicked in the document or
 * detached) without letting the browser save it: the test reads the text back with
 * `exportedTextScript`. Runs in the extension page's own world, which is where its code runs.
 */
export const captureDownloadsScript = `(() => {
  if (window.__backstoryTestDownloads) return true;
  const blobs = new Map();
  const downloads = [];
  window.__backstoryTestDownloads = downloads;
  const create = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (obj) => { const url = create(obj); if (obj instanceof Blob) blobs.set(url, obj); return url; };
  URL.revokeObjectURL = () => {};
  const take = (a) => {
    const href = a.href;
    const blob = blobs.get(href);
    downloads.push(blob ? blob.text() : fetch(href).then((r) => r.text()));
  };
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function () {
    if (this.hasAttribute('download')) { take(this); return; }
    return click.call(this);
  };
  // Bubble phase on window: runs after the page's own handlers (which may set href on click).
  window.addEventListener('click', (event) => {
    const a = event.target instanceof Element ? event.target.closest('a[download]') : null;
    if (a && !event.defaultPrevented) { event.preventDefault(); take(a); }
  });
  return true;
})()`;

export const downloadCountScript = `(window.__backstoryTestDownloads || []).length`;

export function downloadTextScript(index: number): string {
  return `(window.__backstoryTestDownloads || [])[${index}]`;
}

/** One mention: a range of a `backstory*` highlight, in document order. */
export interface OrderedMention {
  highlight: string;
  /** The range's text, white space collapsed to single spaces. */
  text: string;
  /** This range starts before the previous one ends (mentions must never overlap). */
  overlapsPrevious: boolean;
}

/** Every range of every `backstory*` highlight, sorted in document order. */
export const readMentionsInOrderScript = `(() => {
  const all = [];
  if (!globalThis.CSS || !CSS.highlights) return all;
  for (const [name, highlight] of CSS.highlights) {
    if (!name.startsWith('backstory')) continue;
    for (const range of highlight) {
      const r = document.createRange();
      try { r.setStart(range.startContainer, range.startOffset); r.setEnd(range.endContainer, range.endOffset); } catch { continue; }
      all.push({ name, r });
    }
  }
  ${RANGE_ORDER_SOURCE}
  const sameRoot = (a, b) => a.r.startContainer.getRootNode() === b.r.startContainer.getRootNode();
  all.sort((a, b) => orderRanges(a.r, b.r));
  return all.map(({ name, r }, i) => ({
    highlight: name,
    text: r.toString().replace(/\\s+/g, ' '),
    overlapsPrevious: i > 0 && sameRoot(all[i - 1], all[i]) && all[i - 1].r.compareBoundaryPoints(Range.END_TO_START, r) > 0,
  }));
})()`;
