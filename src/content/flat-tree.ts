/**
 * The rendered ("flat") tree of a page, as CONTRACT §3 rule 3 orders text: an open shadow root's
 * content stands where its host renders it, a slotted node where its slot is. Closed shadow roots
 * are not entered (docs/page.md says why); the light children of such a host are read in place.
 *
 * Also the element classes of CONTRACT §3 rules 1 and 3: what is never scanned, what starts or
 * ends a block.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Elements whose start and end cut blocks and which contain their blocks (rule 3). */
const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DETAILS', 'DIALOG', 'DIV', 'DL', 'DT',
  'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6',
  'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'CAPTION', 'TR',
  'TD', 'TH', 'UL', 'SUMMARY', 'LEGEND', 'BODY', 'HTML',
  // A form-associated ("listed") element, so a form control of rule 3 whose edges cut; unlike
  // the others it holds text: its fallback content, shown when there is nothing to embed.
  'OBJECT',
]);

/** Elements that cut a block where they stand without containing text of their own (rule 3). */
const BREAK_TAGS = new Set([
  'BR', 'IMG', 'IFRAME', 'FRAME', 'BUTTON', 'INPUT', 'SELECT', 'TEXTAREA', 'METER', 'PROGRESS',
]);

/**
 * Elements whose whole subtree is never scanned (rule 1). Frames are their own pages. `TITLE`
 * for the `<title>` saved pages leave in `<body>` (not rendered there either).
 */
const EXCLUDED_TAGS = new Set([
  'HEAD', 'TITLE', 'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'INPUT', 'BUTTON', 'SELECT',
  'OPTION', 'OPTGROUP', 'DATALIST', 'IFRAME', 'FRAME', 'FRAMESET', 'EMBED',
]);

/** Our own UI: set once the card host exists, never scanned. */
let ownHost: Element | null = null;
export function setOwnHost(host: Element | null): void {
  ownHost = host;
}
export function isOwnHost(node: Node): boolean {
  return node === ownHost;
}

export function isElement(node: Node): node is Element {
  return node.nodeType === Node.ELEMENT_NODE;
}
export function isText(node: Node): node is Text {
  return node.nodeType === Node.TEXT_NODE;
}
export function isShadowRoot(node: Node): node is ShadowRoot {
  return node.nodeType === Node.DOCUMENT_FRAGMENT_NODE && 'host' in node && (node as ShadowRoot).host != null;
}

/** Upper-case local name for HTML elements; `svg` elements of any case are told apart by namespace. */
function tagOf(el: Element): string {
  return el.tagName.toUpperCase();
}

export function isSvg(el: Element): boolean {
  return el.namespaceURI === SVG_NS;
}

/** Is this element and everything under it out of scanning (rule 1)? */
export function isExcluded(el: Element): boolean {
  if (el === ownHost) return true;
  if (isSvg(el)) return true;
  if (EXCLUDED_TAGS.has(tagOf(el))) return true;
  return makesEditable(el.getAttribute('contenteditable'));
}

/**
 * Does this `contenteditable` value make the subtree editable? `""`, `true` and `plaintext-only`
 * do (ASCII case-insensitive); `false` does not, and `inherit` or an invalid value leaves the
 * parent's state (an editable ancestor is skipped whole already). The attribute, not the
 * computed `isContentEditable`, which forces a style update per element in Blink.
 */
function makesEditable(value: string | null): boolean {
  if (value === null) return false;
  const v = value.toLowerCase();
  return v === '' || v === 'true' || v === 'plaintext-only';
}

/** What the walk does with an element (`elementKind`): read its children inline. */
export const INLINE = 0;
/** A block element: cut at its start and end, contain its blocks, read its children. */
export const BLOCK = 1;
/** Cut where it stands and skip its subtree (br, img, svg, form controls, frames; excluded blocks). */
export const CUT = 2;
/** Skip its subtree without a cut (excluded inline elements: script, style, an editable span...). */
export const SKIP = 3;
export type ElementKind = typeof INLINE | typeof BLOCK | typeof CUT | typeof SKIP;

/** The kind of each listed tag, before the per-element checks (our host, SVG, editable). */
const TAG_KINDS = new Map<string, ElementKind>();
for (const tag of BLOCK_TAGS) TAG_KINDS.set(tag, BLOCK);
for (const tag of EXCLUDED_TAGS) TAG_KINDS.set(tag, SKIP);
for (const tag of BREAK_TAGS) TAG_KINDS.set(tag, CUT); // excluded or not, a break cuts and is not read

/**
 * `isExcluded`, `isBlockElement` and `isBreakElement` in one pass, reading the element's tag
 * once: the walk calls this for every element of the page, mostly before the JIT has warmed up.
 */
export function elementKind(el: Element): ElementKind {
  if (el === ownHost) return SKIP;
  if (el.namespaceURI === SVG_NS) return CUT;
  const kind = TAG_KINDS.get(el.tagName.toUpperCase()) ?? INLINE;
  if (kind === SKIP || kind === CUT) return kind;
  if (makesEditable(el.getAttribute('contenteditable'))) return kind === BLOCK ? CUT : SKIP;
  return kind;
}

/** A listed block element: cuts blocks at its start and end, and contains them. */
export function isBlockElement(el: Element): boolean {
  return !isSvg(el) && BLOCK_TAGS.has(tagOf(el));
}

/** Cuts a block where it stands (br, img, form controls, svg, iframe...). */
export function isBreakElement(el: Element): boolean {
  return isSvg(el) || BREAK_TAGS.has(tagOf(el));
}

/**
 * Set once an open shadow root has been met (walked into, or passed on the way up from a node).
 * Until then the flat tree is the document's own tree, so `compareWalked` can ask the DOM for the
 * order instead of building both nodes' ancestor chains: a live page's rescans compare thousands
 * of nodes, and those chains were a large part of its garbage (docs/page.md, "Stalls on a
 * churning page"). Closed roots do not count: their hosts' light children are read where they
 * stand.
 */
let openRootMet = false;

/** An open shadow root we walk into, or null (no shadow root, or a closed one). */
export function openShadowRoot(el: Element): ShadowRoot | null {
  const root = el.shadowRoot;
  if (root && root.mode === 'open') {
    openRootMet = true;
    return root;
  }
  return null;
}

/** The children of `node` in the flat tree, in order. */
export function flatChildren(node: Node): ArrayLike<Node> {
  if (isElement(node)) {
    const root = openShadowRoot(node);
    if (root) return [root];
    if (tagOf(node) === 'SLOT' && typeof (node as HTMLSlotElement).assignedNodes === 'function') {
      const assigned = (node as HTMLSlotElement).assignedNodes();
      if (assigned.length > 0) return assigned;
    }
  }
  return node.childNodes;
}

/**
 * The parent of `node` in the flat tree: the host for a shadow root, the slot for a slotted node;
 * null at the document, for detached nodes, and for light children of an open host that no slot
 * renders.
 */
export function flatParent(node: Node): Node | null {
  if (isShadowRoot(node)) return node.host;
  const slot = (node as Partial<Element>).assignedSlot;
  if (slot) return slot;
  const parent = node.parentNode;
  if (parent && isElement(parent) && openShadowRoot(parent)) return null;
  return parent;
}

/** `node`, then its flat-tree ancestors up to the root (a Document when connected and rendered). */
export function flatChain(node: Node): Node[] {
  const chain: Node[] = [];
  for (let n: Node | null = node; n; n = flatParent(n)) chain.push(n);
  return chain;
}

/**
 * Order of two nodes in the flat tree: negative when `a` comes first (or contains `b`), positive
 * when after, 0 when equal or not comparable (not in the same rendered tree).
 */
export function compareFlat(a: Node, b: Node): number {
  if (a === b) return 0;
  const ca = flatChain(a).reverse();
  const cb = flatChain(b).reverse();
  if (ca[0] !== cb[0]) return 0;
  let i = 1;
  while (i < ca.length && i < cb.length && ca[i] === cb[i]) i++;
  if (i === ca.length) return -1; // a is an ancestor of b
  if (i === cb.length) return 1;
  // ca[i] and cb[i] are flat children of the same node, hence siblings in one tree (light
  // children of a host, a slot's fallback children, or ordinary children).
  const pos = ca[i].compareDocumentPosition(cb[i]);
  if (pos & Node.DOCUMENT_POSITION_FOLLOWING) return -1;
  if (pos & Node.DOCUMENT_POSITION_PRECEDING) return 1;
  return 0;
}

/**
 * `compareFlat` for nodes that a walk of this script reached (the page model's blocks): until
 * the walk has met an open shadow root, the flat tree is the document's tree and the DOM's own
 * order answers, with no ancestor chains built. A walk reaches a node under an open host only
 * through that host, whose root it then meets (`openShadowRoot`), so the flag is set before any
 * such node can be compared.
 */
/** Is the flat tree the document's own tree as far as walks have gone (no open shadow root met yet)? */
export function flatIsDocumentOrder(): boolean {
  return !openRootMet;
}

export function compareWalked(a: Node, b: Node): number {
  if (openRootMet) return compareFlat(a, b);
  if (a === b) return 0;
  const pos = a.compareDocumentPosition(b);
  if (pos & Node.DOCUMENT_POSITION_DISCONNECTED) return 0;
  return pos & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : pos & Node.DOCUMENT_POSITION_PRECEDING ? 1 : 0;
}

export interface Placement {
  /** Innermost block element (or the document) holding the node in the flat tree. */
  container: Node;
  /** Inside an excluded element (rule 1), or not rendered (unslotted, detached). */
  ignored: boolean;
}

/**
 * Where a node stands for scanning: its container (the node itself when it is a block element),
 * or `ignored` when nothing under it can ever be scanned.
 */
export function placementOf(node: Node): Placement {
  let container: Node | null = null;
  let last: Node = node;
  for (let n: Node | null = node; n; n = flatParent(n)) {
    last = n;
    if (isElement(n)) {
      if (isExcluded(n)) return { container: n, ignored: true };
      if (!container && isBlockElement(n)) container = n;
    }
  }
  if (last.nodeType !== Node.DOCUMENT_NODE) return { container: last, ignored: true };
  const doc = last as Document;
  if (doc.designMode === 'on') return { container: doc, ignored: true };
  return { container: container ?? doc, ignored: false };
}

/** Is `node` inside (or equal to) one of `set`, along the flat tree? */
export function flatInsideAny(node: Node, set: ReadonlySet<Node>): boolean {
  for (let n: Node | null = node; n; n = flatParent(n)) if (set.has(n)) return true;
  return false;
}
