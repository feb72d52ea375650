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

/**
 * A cheap necessary condition for `withinOneEdit(q, key)` when `key` starts with `q`'s first
 * letter and `q` has at least 4 letters (the typo pass): with one edit after the first letter,
 * the key's second or third letter is the query's second or third. The typo pass walks every
 * key that starts with the query's first letter (tens of thousands at 100k entities) on each
 * keystroke; this check, two loads and four compares, lets most of them go without a call.
 */
export function mayBeWithinOneEdit(q1: number, q2: number, key: string): boolean {
  const a = key.charCodeAt(1);
  const b = key.charCodeAt(2);
  return a === q1 || a === q2 || b === q1 || b === q2;
}

/** First index in the sorted `keys` (between `lo` and `hi`) whose key is ≥ `q`. */
export function lowerBound(keys: readonly string[], q: string, lo = 0, hi = keys.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < q) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The typo pass's keys without walking them all: of the sorted keys [from, to), which all start
 * with `q`'s first letter, the runs that can pass `mayBeWithinOneEdit` (second letter `q[1]` or
 * `q[2]`, or third letter one of those), as flat [start, end) pairs in key order. Keys sharing
 * their second letter are one run of the sorted array, and inside it those sharing the third
 * letter too, so each run is two binary searches: the pass visits a few thousand keys instead
 * of the tens of thousands that start with the letter.
 */
export function typoRanges(keys: readonly string[], q: string, from: number, to: number): number[] {
  const head = q[0];
  const q1 = q.charCodeAt(1);
  const q2 = q.charCodeAt(2);
  const thirds = q1 === q2 ? [q1] : [Math.min(q1, q2), Math.max(q1, q2)];
  const ranges: number[] = [];
  let pos = from;
  while (pos < to && keys[pos].length < 2) pos++; // the letter alone: never within one edit of 4+
  while (pos < to) {
    const x = keys[pos].charCodeAt(1);
    const second = head + String.fromCharCode(x);
    const end = x === 0xffff ? to : lowerBound(keys, head + String.fromCharCode(x + 1), pos, to);
    if (x === q1 || x === q2) ranges.push(pos, end);
    else {
      for (const c of thirds) {
        const a = lowerBound(keys, second + String.fromCharCode(c), pos, end);
        const b = c === 0xffff ? end : lowerBound(keys, second + String.fromCharCode(c + 1), a, end);
        if (a < b) ranges.push(a, b);
      }
    }
    pos = end;
  }
  return ranges;
}

/** The first code unit after `c` as a string: the upper bound of the range of keys starting with `c`. */
export const after = (c: string): string => String.fromCharCode(c.charCodeAt(0) + 1);
