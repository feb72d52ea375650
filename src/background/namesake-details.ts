/**
 * Search rows that share a name (eight `Paris`, thirty `Springfield`) look alike in the popup.
 * The search index marks them (`namesake`, search.ts) and gives each one's detail, the start of
 * its summary (or its tags when it has none), so the reader can tell them apart. The index keeps
 * the details itself: read from the store per keystroke, they cost whole packs of imported
 * entities (keystroke → rows p95 55-83 ms against 16.6 ms, 100k cities; docs/manager.md).
 */
import type { Entity } from '../core/entities/entity';

/** Longer than any popup row shows; the row ends it with an ellipsis. */
export const DETAIL_MAX = 160;

type WithDetail = Pick<Entity, 'id'> & Partial<Pick<Entity, 'summary' | 'tags'>>;

/** The summary's first line, its white space collapsed, cut at DETAIL_MAX characters. */
export function detailOf(summary: string): string {
  const line = summary.trim().split(/\r?\n/, 1)[0] ?? '';
  const flat = line.replace(/\s+/g, ' ').trim();
  if (flat.length <= DETAIL_MAX) return flat;
  // Never cut a surrogate pair in two.
  let end = DETAIL_MAX;
  const last = flat.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${flat.slice(0, end)}…`;
}

/** An entity's detail: its summary's start, or its tags (`country:US`) when it has no summary. */
export function entityDetail(e: WithDetail): string {
  return detailOf(e.summary ?? '') || detailOf((e.tags ?? []).join(', '));
}

/** The details of the entities whose name key (`keys[i]` for entity i) another entity has too, by id. */
export function namesakeDetails(entities: readonly WithDetail[], keys: readonly string[]): Map<string, string> {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  const details = new Map<string, string>();
  entities.forEach((e, i) => {
    if ((counts.get(keys[i]) ?? 0) < 2) return;
    const detail = entityDetail(e);
    if (detail !== '') details.set(e.id, detail);
  });
  return details;
}

/** An entity changed: keep its detail (a namesake or not: it may become one). */
export function setDetail(details: Map<string, string>, e: WithDetail): void {
  const detail = entityDetail(e);
  if (detail === '') details.delete(e.id);
  else details.set(e.id, detail);
}
