/**
 * One save from the popup's editor, and how saves of one entity that wait are merged
 * (coalesced-saves.ts), and how the notes of a save meet notes changed meanwhile.
 *
 * The editor sends a field's whole text as the reader types. Notes changed elsewhere in between
 * (an import appending below them, a sync, another popup) were overwritten by the next keystroke's
 * text: the imported line was gone for good, and the popup said `Saved` (found by a probe,
 * 2026-12-07). So a save of the notes says which text it was typed over (`notesBase`: the text
 * the editor last sent or loaded); when the stored notes are no longer that text, the reader's
 * change and the other one are merged three ways, as sync merges (core/sync/notes.ts): edits
 * to different lines both stay, and the same lines changed both ways keep both texts between
 * markers, with `conflict`, never dropping either.
 */
import { conflictLabel, mergeNotes } from '../core/sync/notes';
import type { StoredEntity } from '../shared/db';
import type { EntityPatch } from './store';

export interface SaveChange {
  patch: EntityPatch;
  /** The notes text `patch.notes` was typed over. */
  notesBase?: string;
}

/** Fold a later save into one waiting: later values win; the notes keep the earliest base. */
export function mergeSaveChanges(into: SaveChange, next: SaveChange): void {
  const base = into.patch.notes !== undefined ? into.notesBase : next.notesBase;
  Object.assign(into.patch, next.patch);
  into.notesBase = base;
}

/** The stretch of `base` that `text` replaced (common prefix and suffix aside), and what with. */
function edit(base: string, text: string): { start: number; end: number; insert: string } {
  const most = Math.min(base.length, text.length);
  let start = 0;
  while (start < most && base.charCodeAt(start) === text.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < most - start && base.charCodeAt(base.length - 1 - tail) === text.charCodeAt(text.length - 1 - tail)) tail++;
  return { start, end: base.length - tail, insert: text.slice(start, text.length - tail) };
}

/**
 * Two edits of `base` that touch different characters, both applied; undefined when they
 * overlap. At one insertion point the reader's text comes first (an import appends below).
 * Typing is one edit at a time, so this takes the common case, the reader typing while a line
 * lands elsewhere (below, from an import), without the markers a line merge puts around a line
 * next to another's change.
 */
export function mergeEdits(base: string, mine: string, theirs: string): string | undefined {
  const a = edit(base, mine);
  const b = edit(base, theirs);
  const aFirst = a.end <= b.start && (a.start < b.start || a.end === a.start);
  const bFirst = b.end <= a.start && !aFirst;
  if (aFirst) return base.slice(0, a.start) + a.insert + base.slice(a.end, b.start) + b.insert + base.slice(b.end);
  if (bFirst) return base.slice(0, b.start) + b.insert + base.slice(b.end, a.start) + a.insert + base.slice(a.end);
  return undefined;
}

/** The patch to write over `stored`: the reader's notes merged with a change made meanwhile. */
export function withMergedNotes(stored: StoredEntity, change: SaveChange, nowIso: string): EntityPatch {
  const { patch, notesBase } = change;
  if (patch.notes === undefined || notesBase === undefined || stored.notes === notesBase) return patch;
  const simple = mergeEdits(notesBase, patch.notes, stored.notes);
  if (simple !== undefined) return { ...patch, notes: simple };
  const merged = mergeNotes(notesBase, patch.notes, stored.notes, {
    local: conflictLabel(undefined, nowIso, 'typed in the popup'),
    remote: conflictLabel(undefined, stored.updatedAt, 'changed meanwhile'),
  });
  return merged.conflict ? { ...patch, notes: merged.text, conflict: true } : { ...patch, notes: merged.text };
}
