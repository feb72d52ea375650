/**
 * The page-order half of matching, run in the content script over the scan of the whole page
 * (blocks in document order): short forms (CONTRACT §3 rule 7) and ranking by earlier mentions
 * (rule 8). One pass over two maps (clocks and surnames): cheap enough to rerun on every change
 * of the page.
 */
import type { Mention, RawMention, ScanResult } from './types';

/**
 * What the pass knows of the entities met so far: the clock of each one's latest mention (higher
 * is more recent), and the surnames that full mentions of a person made valid. Plain maps of
 * numbers and sets, not an object per entity: the pass reruns on every change of a live page,
 * and a city name links dozens of homonyms. The pass was a third of the content script's
 * garbage on a churning page, half of it after this (docs/page.md, "Stalls on a churning page").
 */
type Clocks = Map<string, number>;
type Surnames = Map<string, Set<string>>;

/**
 * The clocks outlive a pass: a page names thousands of entities (each city name links its
 * homonyms), and a map that size built anew on every pass grows and rehashes every time. A
 * pass's clocks start above every clock of the passes before it (`base`), so an entity counts as
 * mentioned in this pass only when its clock is above `base`.
 */
let clocks: Clocks = new Map();
let ticks = 0;

/** Rule 8: entities mentioned earlier first (most recent first), then the given static order. */
function rank(ids: string[], seen: Clocks, base: number): string[] {
  if (ids.length < 2) return ids;
  let any = false;
  for (let k = 0; k < ids.length && !any; k++) any = (seen.get(ids[k]) ?? 0) > base;
  if (!any) return ids; // nothing to reorder, nothing allocated
  // One new list: the entities met in this pass, most recent first (usually one to three, so an
  // insertion sort; clocks are never equal), then the others in the given order.
  const out: string[] = [];
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k];
    const t = seen.get(id) ?? 0;
    if (t <= base) continue;
    let j = out.length - 1;
    while (j >= 0 && (seen.get(out[j]) as number) < t) {
      out[j + 1] = out[j];
      j--;
    }
    out[j + 1] = id;
  }
  for (let k = 0; k < ids.length; k++) if ((seen.get(ids[k]) ?? 0) <= base) out.push(ids[k]);
  return out;
}

/** The person a bare surname refers to: the most recently mentioned one it is valid for. */
function shortTarget(m: RawMention, seen: Clocks, base: number, surnames: Surnames): string | null {
  if (m.short.length === 0 || m.shortKey === undefined) return null;
  let best: string | null = null;
  let bestT = base;
  for (const id of m.short) {
    const t = seen.get(id);
    if (t !== undefined && t > bestT && surnames.get(id)?.has(m.shortKey) === true) {
      best = id;
      bestT = t;
    }
  }
  return best;
}

export function resolveMentions(result: ScanResult): Mention[] {
  const out: Mention[] = [];
  const seen = clocks;
  const base = ticks;
  const surnames: Surnames = new Map();
  let clock = base;
  let touched = 0;
  for (let b = 0; b < result.blocks.length; b++) {
    // Surname-only candidates may overlap (ScanResult): the first valid one at the leftmost
    // start, the longest there, takes its text.
    let taken = 0;
    for (const m of result.blocks[b]) {
      if (m.start < taken) continue;
      const person = shortTarget(m, seen, base, surnames);
      let ids = rank(m.full, seen, base);
      if (person !== null) ids = [person, ...ids.filter((id) => id !== person)];
      if (ids.length === 0) continue; // a surname with no full mention before it: hides nothing
      taken = m.end;
      out.push({ block: b, start: m.start, end: m.end, ids, type: result.types[ids[0]] ?? 'other', short: person !== null });
      // Every linked entity counts as mentioned here; the first-ranked one most recently.
      for (let k = ids.length - 1; k >= 0; k--) seen.set(ids[k], ++clock);
      touched += ids.length;
      if (m.activates) {
        for (const id in m.activates) {
          let keys = surnames.get(id);
          if (!keys) surnames.set(id, (keys = new Set()));
          for (const k of m.activates[id]) keys.add(k);
        }
      }
    }
  }
  ticks = clock;
  // Entities the page no longer names would stay in the map: start over when they outnumber it.
  if (seen.size > 4 * touched + 4096) clocks = new Map();
  return out;
}
