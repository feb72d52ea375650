/**
 * Rule 2 folding of a whole string with an offset map back to the original, for code that
 * needs folded text itself (search, tests, tools). The matcher does not use it: it folds and
 * tokenizes in one pass (tokenize.ts). Same folding, cluster by cluster.
 */
import { CLS_IGNORED, CLS_SPACE, F_MARK, charInfo, codePointAt } from './chars';
import { foldCluster } from './fold';

export interface Normalized {
  /** The folded text: canonical, diacritics of Latin/Greek/Cyrillic removed, lower case, one space per run. */
  text: string;
  /** For each code unit of `text`: offset in the original of the cluster it comes from. */
  start: Int32Array;
  /** For each code unit of `text`: end (exclusive) in the original of that cluster. */
  end: Int32Array;
}

export function normalizeText(s: string): Normalized {
  const units: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 0;
  let lastSpace = false;
  while (i < s.length) {
    const cp = codePointAt(s, i);
    const len = cp > 0xffff ? 2 : 1;
    const info = charInfo(cp);
    if ((info & 7) === CLS_IGNORED) {
      i += len;
      continue;
    }
    if ((info & 7) === CLS_SPACE) {
      if (lastSpace) ends[ends.length - 1] = i + len;
      else {
        units.push(32);
        starts.push(i);
        ends.push(i + len);
      }
      lastSpace = true;
      i += len;
      continue;
    }
    // One cluster: this character and the marks (and ignored characters) after it.
    let j = i + len;
    let clusterEnd = j;
    let raw = s.slice(i, j);
    while (j < s.length) {
      const cp2 = codePointAt(s, j);
      const l2 = cp2 > 0xffff ? 2 : 1;
      const info2 = charInfo(cp2);
      if ((info2 & 7) === CLS_IGNORED) {
        j += l2;
        continue;
      }
      if ((info2 & F_MARK) === 0) break;
      raw += s.slice(j, j + l2);
      j += l2;
      clusterEnd = j;
    }
    const f = foldCluster(raw);
    for (let q = 0; q < f.length; q++) {
      units.push(f.charCodeAt(q));
      starts.push(i);
      ends.push(clusterEnd);
    }
    lastSpace = false;
    i = j;
  }
  return { text: String.fromCharCode(...units), start: Int32Array.from(starts), end: Int32Array.from(ends) };
}
