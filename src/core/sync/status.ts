/**
 * The sync status line (CONTRACT §4): `Syncing…`, then `Synced …` (never containing "error" or
 * "fail") or `Sync failed: <reason in words>`.
 */
export const SYNCING = 'Syncing…';

export interface StatusCounts {
  pulled: number;
  pushed: number;
  /** Entities whose notes now hold two versions between markers. */
  conflicts: number;
  /** Own changes still waiting to be sent. */
  pending: number;
  /** Changes the server refused (validate_doc_update); kept here. */
  forbidden: number;
  /** Deletions held back by the failsafe. */
  blockedDeletions: number;
  /** Entities that kept changing on the server until the retries ran out. */
  unresolved: number;
  /** The first reason the server gave for refusing a change (validate_doc_update). */
  forbiddenReason?: string;
  /** Local entities before the sync, for the failsafe message. */
  localCount: number;
}

const n = (x: number): string => x.toLocaleString('en-US');
const plural = (x: number, one: string, many: string): string => `${n(x)} ${x === 1 ? one : many}`;

export function failedStatus(reason: string): string {
  return `Sync failed: ${reason}`;
}

export function syncStatus(c: StatusCounts): string {
  if (c.blockedDeletions > 0) {
    return failedStatus(`the server would delete ${plural(c.blockedDeletions, 'entity', 'entities')} of ${n(c.localCount)} here; nothing was deleted. Continue the sync only if these deletions are expected`);
  }
  if (c.unresolved > 0) {
    return failedStatus(`${plural(c.unresolved, 'entity', 'entities')} kept changing on the server during the sync (a conflict to resolve); your changes are kept here, sync again`);
  }
  const parts = [`${n(c.pulled)} received`, `${n(c.pushed)} sent`];
  if (c.conflicts > 0) parts.push(`${plural(c.conflicts, 'entity has', 'entities have')} two versions of notes to reconcile`);
  if (c.forbidden > 0) parts.push(`${plural(c.forbidden, 'change was', 'changes were')} refused by the server and kept here${c.forbiddenReason ? ` (“${c.forbiddenReason}”)` : ''}`);
  else if (c.pending > 0) parts.push(`${plural(c.pending, 'change', 'changes')} still to send`);
  return `Synced: ${parts.join(', ')}`;
}
