/**
 * Deciding what a fetched 200 means for a list: refuse it (the kept copy stays), note that it
 * is the copy we already have (no rewrite), or swap it in. Shared by Subscribe and the alarm.
 */
import { parseEntityFile } from '../../core/entities';
import { bodyProblem, olderCopyProblem } from '../../core/lists/copy-checks';
import { nextDueAt } from '../../core/lists/expires';
import { sha256Hex } from '../../core/lists/list-url';
import type { BackstoryDb } from '../../shared/db';
import type { FetchedCopy } from './fetch-list';
import { swapInCopy } from './swap';
import type { SubscriptionDeps, SubscriptionRecord } from './types';

export type CopyOutcome =
  | { kind: 'updated'; record: SubscriptionRecord }
  | { kind: 'unchanged'; record: SubscriptionRecord }
  /** The subscription was removed while its copy was fetched: nothing was written. */
  | { kind: 'gone' }
  | { kind: 'refused'; error: string };

export interface CopyTarget {
  id: string;
  url: string;
  /** The subscription as kept, when there is one. */
  previous?: SubscriptionRecord;
  /** True for the alarm's refresh (see SwapOptions.requireExisting). */
  requireExisting: boolean;
}

type OkCopy = Extract<FetchedCopy, { status: 'ok' }>;

export async function acceptCopy(db: BackstoryDb, target: CopyTarget, copy: OkCopy, deps: SubscriptionDeps): Promise<CopyOutcome> {
  const now = (deps.now ?? (() => new Date()))();
  const { previous } = target;
  const problem = bodyProblem(copy.bytes, copy.contentType);
  if (problem) return { kind: 'refused', error: problem };

  const validators = {
    etag: copy.etag ?? previous?.etag,
    httpLastModified: copy.httpLastModified ?? previous?.httpLastModified,
  };
  const bodySha256 = await sha256Hex(copy.bytes);
  if (previous && previous.bodySha256 === bodySha256) {
    // The same bytes again (a server without validators): move the due time, keep every row.
    const { error: _lastError, ...kept } = previous;
    const record: SubscriptionRecord = {
      ...kept,
      ...validators,
      dueAt: nextDueAt(previous.expires, now, deps.random),
      checkedAt: now.getTime(),
    };
    return (await putIfPresent(db, record, target.requireExisting)) ? { kind: 'unchanged', record } : { kind: 'gone' };
  }

  const parsed = parseEntityFile(copy.bytes, { filename: filenameOf(target.url), now });
  if (!parsed.ok) return { kind: 'refused', error: parsed.error };
  if (parsed.entities.length === 0) return { kind: 'refused', error: 'the list holds no entities' };
  const older = olderCopyProblem(parsed.header.lastModified, previous?.lastModified);
  if (older) return { kind: 'refused', error: older };

  const { header } = parsed;
  const record: SubscriptionRecord = {
    id: target.id,
    url: target.url,
    title: header.title,
    homepage: header.homepage,
    expires: header.expires,
    lastModified: header.lastModified,
    ...validators,
    bodySha256,
    dueAt: nextDueAt(header.expires, now, deps.random),
    updatedAt: now.getTime(),
    checkedAt: now.getTime(),
    subscribedAt: previous?.subscribedAt ?? now.getTime(),
    count: parsed.entities.length,
  };
  try {
    const swapped = await swapInCopy(db, record, parsed.entities, { requireExisting: target.requireExisting });
    return swapped ? { kind: 'updated', record } : { kind: 'gone' };
  } catch (error) {
    return { kind: 'refused', error: storeReason(error) };
  }
}

async function putIfPresent(db: BackstoryDb, record: SubscriptionRecord, requireExisting: boolean): Promise<boolean> {
  return db.transaction('rw', db.lists, async () => {
    if (requireExisting && !(await db.lists.get(record.id))) return false;
    await db.lists.put(record);
    return true;
  });
}

/** The URL's last path segment, so that a `.csv` list is read as CSV by the parser. */
function filenameOf(url: string): string | undefined {
  const last = new URL(url).pathname.split('/').pop();
  if (!last) return undefined;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

function storeReason(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'BulkError' || name === 'ConstraintError') {
    return 'some of the list’s entity ids are already used by entities of your own; nothing was changed';
  }
  if (name === 'QuotaExceededError') return 'the browser has no room left to store the list';
  return `the list could not be stored (${error instanceof Error ? error.message : String(error)})`;
}
