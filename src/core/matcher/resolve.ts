/**
 * The page-order half of matching, run in the content script over the scan of the whole page
 * (blocks in document order): short forms (CONTRACT §3 rule 7) and ranking by earlier mentions
 * (rule 8). One pass, a Map per entity seen: cheap enough to rerun on every change of the page.
 */
import type { Mention, RawMention, ScanResult } from './types';

interface Seen {
  /** Clock of the entity's latest mention (higher is more recent). */
  t: number;
  /** Surnames made valid by full mentions of this person so far. */
  keys: Set<string> | null;
}

/** Rule 8: entities mentioned earlier first (most recent first), then the given static order. */
function rank(ids: string[], seen: Map<string, Seen>): string[] {
  if (ids.length < 2) return ids;
  const earlier = ids.filter((id) => seen.has(id));
  if (earlier.length === 0) return ids;
  earlier.sort((a, b) => (seen.get(b) as Seen).t - (seen.get(a) as Seen).t);
  return earlier.concat(ids.filter((id) => !seen.has(id)));
}

/** The person a bare surname refers to: the most recently mentioned one it is valid for. */
function shortTarget(m: RawMention, seen: Map<string, Seen>): string | null {
  if (m.short.length === 0 || m.shortKey === undefined) return null;
  let best: string | null = null;
  let bestT = -1;
  for (const id of m.short) {
    const s = seen.get(id);
    if (s && s.keys && s.keys.has(m.shortKey) && s.t > bestT) {
      best = id;
      bestT = s.t;
    }
  }
  return best;
}

export function resolveMentions(result: ScanResult): Mention[] {
  const out: Mention[] = [];
  const seen = new Map<string, Seen>();
  let clock = 0;
  for (let b = 0; b < result.blocks.length; b++) {
    for (const m of result.blocks[b]) {
      const person = shortTarget(m, seen);
      let ids = rank(m.full, seen);
      if (person !== null) ids = [person, ...ids.filter((id) => id !== person)];
      if (ids.length === 0) continue; // a surname with no full mention before it
      out.push({ block: b, start: m.start, end: m.end, ids, type: result.types[ids[0]] ?? 'other', short: person !== null });
      // Every linked entity counts as mentioned here; the first-ranked one most recently.
      for (let k = ids.length - 1; k >= 0; k--) {
        const id = ids[k];
        const s = seen.get(id);
        if (s) s.t = ++clock;
        else seen.set(id, { t: ++clock, keys: null });
      }
      if (m.activates) {
        for (const id in m.activates) {
          const s = seen.get(id) as Seen;
          s.keys ??= new Set();
          for (const k of m.activates[id]) s.keys.add(k);
        }
      }
    }
  }
  return out;
}
