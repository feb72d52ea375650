/**
 * The text of CSV list cells (CONTRACT §2): items separated by `|`; a link is `title <url>` or
 * a bare url.
 *
 * Escapes: a backslash makes the next character literal. The contract names `\|` and `\\`; the
 * exporter also writes `\<` and `\>` inside links, and escapes white space at the ends of an
 * item, because the reader trims unescaped white space around items (people type `a | b`). A
 * backslash at the very end of a cell is literal.
 */
import type { Link } from './entity';

/** One item of a list cell: its characters (UTF-16 units) and which of them were escaped. */
interface Item {
  chars: string[];
  escaped: boolean[];
}

const SPACE = /\s/;

function splitItems(cell: string): Item[] {
  const items: Item[] = [];
  let item: Item = { chars: [], escaped: [] };
  for (let i = 0; i < cell.length; i++) {
    const c = cell[i];
    if (c === '\\' && i + 1 < cell.length) {
      item.chars.push(cell[++i]);
      item.escaped.push(true);
    } else if (c === '|') {
      items.push(item);
      item = { chars: [], escaped: [] };
    } else {
      item.chars.push(c);
      item.escaped.push(false);
    }
  }
  items.push(item);
  return items;
}

/** The characters from `start` to `end` without unescaped white space at either end. */
function trimmed(item: Item, start = 0, end = item.chars.length): string {
  const blank = (i: number): boolean => !item.escaped[i] && SPACE.test(item.chars[i]);
  while (start < end && blank(start)) start++;
  while (end > start && blank(end - 1)) end--;
  return item.chars.slice(start, end).join('');
}

/** A list cell's items; blank items (`a||b`, a trailing `|`) are skipped. */
export function readList(cell: string): string[] {
  if (cell.trim() === '') return [];
  return splitItems(cell).map((item) => trimmed(item)).filter((text) => text !== '');
}

/** A links cell: `title <url>` (the last unescaped `<` up to a final unescaped `>`) or a bare url. */
export function readLinks(cell: string): Link[] {
  if (cell.trim() === '') return [];
  const links: Link[] = [];
  for (const item of splitItems(cell)) {
    let end = item.chars.length;
    while (end > 0 && !item.escaped[end - 1] && SPACE.test(item.chars[end - 1])) end--;
    if (end === 0) continue;
    let open = -1;
    if (item.chars[end - 1] === '>' && !item.escaped[end - 1]) {
      for (let i = end - 2; i >= 0 && open < 0; i--) if (item.chars[i] === '<' && !item.escaped[i]) open = i;
    }
    if (open < 0) {
      links.push({ url: trimmed(item, 0, end) });
      continue;
    }
    const title = trimmed(item, 0, open);
    const url = trimmed(item, open + 1, end - 1);
    // `<url>` alone is a link without a title, as in e-mail; a title of '' needs JSON (see linksCell).
    links.push(title === '' ? { url } : { title, url });
  }
  return links;
}

/** Escapes `\`, `|` (and `<`, `>` in links) and white space at the ends, so the reader gets `text` back. */
function escapeItem(text: string, inLink: boolean): string {
  let first = 0;
  while (first < text.length && SPACE.test(text[first])) first++;
  let last = text.length - 1;
  while (last >= first && SPACE.test(text[last])) last--;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const special = c === '\\' || c === '|' || (inLink && (c === '<' || c === '>'));
    out += special || i < first || i > last ? `\\${c}` : c;
  }
  return out;
}

export function writeList(items: readonly string[]): string {
  return items.map((item) => escapeItem(item, false)).join(' | ');
}

/**
 * The links cell, or undefined when the cell cannot carry them losslessly: a link with fields
 * other than `url` and `title`, an empty title, or an empty url without a title. The exporter then
 * writes the links as JSON in the `extra` cell instead.
 */
export function writeLinks(links: readonly Link[]): string | undefined {
  const parts: string[] = [];
  for (const link of links) {
    const keys = Object.keys(link).filter((k) => link[k] !== undefined);
    if (keys.some((k) => k !== 'url' && k !== 'title')) return undefined;
    if (link.title === undefined) {
      if (link.url === '') return undefined;
      parts.push(escapeItem(link.url, true));
    } else {
      if (link.title === '') return undefined;
      parts.push(`${escapeItem(link.title, true)} <${escapeItem(link.url, true)}>`);
    }
  }
  return parts.join(' | ');
}
