/**
 * The keys of the popup's search (src/background/search.ts): folding for search, word starts,
 * the one-edit test of the typo-tolerant pass, and sorted-array bounds. Pure: no browser APIs.
 */
const SPECIAL: Record<string, string> = { ø: 'o', ł: 'l', đ: 'd', ħ: 'h', ı: 'i', ß: 'ss', æ: 'ae', œ: 'oe', þ: 'th' };
const RE_SPECIAL = /[øłđħıßæœþ]/g;
const RE_IGNORED = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
/** Printable ASCII without doubled, leading or trailing spaces. */
const RE_PLAIN = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;
const RE_APOSTROPHES = /[\u2018\u2019\u02bc\u2032]/g;

/**
 * Case and accent folding for search. Looser than the matcher on purpose (every combining mark
 * goes, whatever the script): a reader typing a name should find it however it was spelled.
 */
export function foldForSearch(text: string): string {
  // Most names are plain ASCII: lower case is all they need (a fifth of the cost at 100k).
  if (RE_PLAIN.test(text)) return text.toLowerCase();
  return text
    .replace(RE_IGNORED, '')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(RE_SPECIAL, (ch) => SPECIAL[ch] ?? ch)
    .replace(RE_APOSTROPHES, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** Offsets where a word starts inside a folded key (after the first): after a space, hyphen, dot… */
export function wordStarts(key: string): number[] {
  const starts: number[] = [];
  const re = /[^\p{L}\p{N}]+(?=[\p{L}\p{N}])/gu;
  for (let m = re.exec(key); m; m = re.exec(key)) {
    const at = m.index + m[0].length;
    if (at > 0) starts.push(at);
  }
  return starts;
}

/**
 * Is some prefix of `key` (from `from`) within one edit of `q`? One substitution, insertion,
 * deletion, or swap of neighbours. Exact prefixes are found before this is asked.
 */
export function withinOneEdit(q: string, key: string, from = 0): boolean {
  let i = 0;
  let j = from;
  while (i < q.length && j < key.length && q.charCodeAt(i) === key.charCodeAt(j)) {
    i++;
    j++;
  }
  if (i === q.length) return true; // an exact prefix
  if (j === key.length) return i === q.length - 1; // the query has one letter more than the key
  return (
    key.startsWith(q.slice(i + 1), j + 1) || // substitution
    key.startsWith(q.slice(i + 1), j) || // a letter too many in the query
    key.startsWith(q.slice(i), j + 1) || // a letter missing from the query
    (q.charCodeAt(i) === key.charCodeAt(j + 1) && q.charCodeAt(i + 1) === key.charCodeAt(j) && key.startsWith(q.slice(i + 2), j + 2)) // swapped neighbours
  );
}

/** First index in the sorted `keys` (through `order`) whose key is ≥ `q`. */
export function lowerBound(keys: readonly string[], q: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < q) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first code unit after `c` as a string: the upper bound of the range of keys starting with `c`. */
export const after = (c: string): string => String.fromCharCode(c.charCodeAt(0) + 1);
