/**
 * Search rows that share a name (eight `Paris`, thirty `Springfield`) look alike in the popup.
 * The index marks them (`namesake`, search.ts); this fills in each one's `detail`, the start of
 * its summary (or its tags when it has none), from the store, so the reader can tell them apart. Only marked rows are read, so
 * a keystroke whose results are all distinct names costs nothing more.
 */
import type { EntitySummary } from '../shared/protocol';
import type { StoredEntity } from '../shared/db';

/** Longer than any popup row shows; the row ends it with an ellipsis. */
export const DETAIL_MAX = 160;

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

export async function withNamesakeDetails(
  rows: EntitySummary[],
  getMany: (ids: string[]) => Promise<(StoredEntity | undefined)[]>,
): Promise<EntitySummary[]> {
  const marked = rows.filter((r) => r.namesake);
  if (marked.length === 0) return rows;
  const found = await getMany(marked.map((r) => r.id));
  const details = new Map<string, string>();
  found.forEach((e, i) => {
    // No summary: the tags may still tell them apart (`country:US`).
    const detail = e ? detailOf(e.summary) || detailOf(e.tags.join(', ')) : '';
    if (detail !== '') details.set(marked[i].id, detail);
  });
  return rows.map((r) => {
    const detail = details.get(r.id);
    return detail === undefined ? r : { ...r, detail };
  });
}
