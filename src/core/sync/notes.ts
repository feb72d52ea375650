/**
 * Three-way merge of an entity's notes (CONTRACT §4): edits to different lines merge; where both
 * sides changed the same lines differently, both texts are kept between visible markers and the
 * merge reports a conflict, so no one's words are ever dropped.
 *
 * The markers are git's, because readers who know them recognise them and tools can find them;
 * their labels name who edited and when (not "this device", which would read wrongly on the
 * other device once the merged text is synced there):
 *
 *   <<<<<<< alice, 2025-05-06 10:00 UTC
 *   Met Gen Nakatani in New Delhi.
 *   =======
 *   Met Gen Nakatani in Tokyo.
 *   >>>>>>> bob, 2025-05-06 10:02 UTC
 */
import { diff3Chunks } from './diff3';

export const MARKER_START = '<<<<<<<';
export const MARKER_SPLIT = '=======';
export const MARKER_END = '>>>>>>>';

export interface NotesMerge {
  text: string;
  conflict: boolean;
}

/** A marker label: who edited (when known) and when, in UTC to the minute. */
export function conflictLabel(who: string | undefined, iso: string | undefined, fallback: string): string {
  const ms = iso ? Date.parse(iso) : NaN;
  const when = Number.isFinite(ms) ? `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';
  return [who?.trim() || fallback, when].filter(Boolean).join(', ');
}

/** True when a text holds a conflict block left by a merge. */
export function hasConflictMarkers(text: string): boolean {
  return text.split('\n').some((line) => line.startsWith(MARKER_START));
}

function split(text: string): string[] {
  return text === '' ? [] : text.split('\n');
}

/** Both versions of a conflicting chunk, minus the lines they share at either end. */
function conflictBlock(a: string[], b: string[], labels: { local: string; remote: string }): string[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return [
    ...a.slice(0, head),
    `${MARKER_START} ${labels.local}`,
    ...a.slice(head, a.length - tail),
    MARKER_SPLIT,
    ...b.slice(head, b.length - tail),
    `${MARKER_END} ${labels.remote}`,
    ...a.slice(a.length - tail),
  ];
}

/**
 * Merge `local` and `remote`, both edited from `base`. Without a base (the two copies met for the
 * first time), a text that contains the other wins; otherwise both are kept.
 */
export function mergeNotes(base: string | undefined, local: string, remote: string, labels: { local: string; remote: string }): NotesMerge {
  if (local === remote) return { text: local, conflict: false };
  if (base === undefined) {
    if (remote === '' || local.includes(remote)) return { text: local, conflict: false };
    if (local === '' || remote.includes(local)) return { text: remote, conflict: false };
    return { text: conflictBlock(split(local), split(remote), labels).join('\n'), conflict: true };
  }
  if (local === base) return { text: remote, conflict: false };
  if (remote === base) return { text: local, conflict: false };
  const lines: string[] = [];
  let conflict = false;
  for (const chunk of diff3Chunks(split(base), split(local), split(remote))) {
    if ('ok' in chunk) lines.push(...chunk.ok);
    else {
      conflict = true;
      lines.push(...conflictBlock(chunk.conflict.a, chunk.conflict.b, labels));
    }
  }
  return { text: lines.join('\n'), conflict };
}
