/**
 * Add-wins three-way merge of sets (aliases, tags, links by URL).
 *
 * With a base, an element is kept when both sides kept it or either side added it: a removal
 * counts only where the other side left the element as it was, so a concurrent add and remove
 * keep the element. Without a base (two copies meeting for the first time) it is the union,
 * except elements the other side is recorded to have removed (`Removals`).
 */
import type { Link } from '../entities/entity';
import type { Removals, SetField } from './types';
import { linkKeys, sameValue } from './values';

/** How many removals per set a document keeps: enough for copies a few edits apart, bounded in size. */
export const MAX_REMOVALS = 200;

export function mergeKeys(base: readonly string[] | undefined, local: readonly string[], remote: readonly string[], localRemoved: readonly string[] = [], remoteRemoved: readonly string[] = []): string[] {
  const inL = new Set(local);
  const inR = new Set(remote);
  const inB = base ? new Set(base) : undefined;
  const lGone = new Set(localRemoved);
  const rGone = new Set(remoteRemoved);
  const keep = (e: string): boolean => {
    const l = inL.has(e);
    const r = inR.has(e);
    if (l && r) return true;
    if (inB) return !inB.has(e);
    return l ? !rGone.has(e) : !lGone.has(e);
  };
  // Order: the side that changed the set leads (so a reordering is kept), else local.
  const localUnchanged = base !== undefined && local.length === base.length && local.every((e, i) => e === base[i]);
  const order = localUnchanged ? [...remote, ...local] : [...local, ...remote];
  const out: string[] = [];
  const seen = new Set<string>();
  for (const e of order) {
    if (seen.has(e)) continue;
    seen.add(e);
    if (keep(e)) out.push(e);
  }
  return out;
}

/**
 * Links merged as a set keyed by URL; where both sides hold the same URL with a different title
 * (or extra fields), the side that changed it from the base wins, else `preferLocal` decides.
 */
export function mergeLinks(base: readonly Link[] | undefined, local: readonly Link[], remote: readonly Link[], removed: { local?: string[]; remote?: string[] }, preferLocal: boolean): Link[] {
  const byKey = (links: readonly Link[]) => {
    const keys = linkKeys(links);
    return new Map(keys.map((k, i) => [k, links[i]]));
  };
  const b = base ? byKey(base) : undefined;
  const l = byKey(local);
  const r = byKey(remote);
  const keys = mergeKeys(b ? [...b.keys()] : undefined, [...l.keys()], [...r.keys()], removed.local, removed.remote);
  return keys.map((k) => {
    const lv = l.get(k);
    const rv = r.get(k);
    if (!lv) return rv as Link;
    if (!rv || sameValue(lv, rv)) return lv;
    const bv = b?.get(k);
    if (bv && sameValue(lv, bv)) return rv;
    if (bv && sameValue(rv, bv)) return lv;
    return preferLocal ? lv : rv;
  });
}

export function setKeys(field: SetField, values: readonly string[] | readonly Link[]): string[] {
  return field === 'links' ? linkKeys(values as Link[]) : [...(values as string[])];
}

/** Removals after a merge: both sides' records plus what left the base, minus what is present again. */
export function mergeRemovals(field: SetField, parts: { base?: readonly string[]; local?: Removals; remote?: Removals; result: readonly string[] }): string[] {
  const present = new Set(parts.result);
  const out = new Set<string>();
  for (const e of [...(parts.local?.[field] ?? []), ...(parts.remote?.[field] ?? []), ...(parts.base ?? [])]) {
    if (!present.has(e)) out.add(e);
  }
  return [...out].slice(-MAX_REMOVALS);
}
