/**
 * Handing a chosen file to the background's import so that closing the options page the moment
 * after choosing it never aborts the import (CONTRACT §4). Whatever the way, the file leaves this
 * page in the task that handles the file input's change, together with the `importUpload`
 * message that asks for the outcome:
 * - in Chrome, posted to the background's service worker (the one controlling this page, or the
 *   registration's active one for a page opened before it was): the browser delivers it (waking
 *   the worker) even once the page is gone, and the worker stages it in its own connection
 *   (background/upload-handoff.ts says why the page must not);
 * - elsewhere (Firefox's event page), or with no worker known, written here straight to the
 *   open IndexedDB connection and committed at once (no Dexie round trip that would wait for a
 *   later task).
 * The background waits for the staged record (`waitForUpload`), since the message may well
 * arrive first.
 */
import type { BackstoryDb, UploadRecord } from '../shared/db';
import type { HandedUpload } from '../shared/handed-upload';

/**
 * The background's active worker, learned as the page loads. A page opened while the worker was
 * still being installed (the first second of a fresh profile) is never controlled by it, and its
 * own transaction is aborted when the page closes: an import chosen there and the page closed at
 * once was lost (found by a probe, 2026-12-07). Posting to the registration's active worker works
 * from an uncontrolled page too. Learned ahead, since a file's change task must post at once.
 */
let activeWorker: ServiceWorker | null | undefined;

/** Starts learning the background's active worker (options page start-up). */
export function learnActiveWorker(): void {
  try {
    void navigator.serviceWorker?.ready.then(
      (registration) => {
        activeWorker = registration.active;
      },
      () => undefined,
    );
  } catch {
    // Service workers are denied here (Firefox's event page has none): stage in the page.
  }
}

/** The worker to hand a file to: the one controlling this page, else the active one, if any. */
function backgroundWorker(): ServiceWorker | null | undefined {
  try {
    return navigator.serviceWorker?.controller ?? activeWorker;
  } catch {
    return undefined;
  }
}

/** Hands `upload` to the background; resolves once it is on its way (posted) or staged here. */
export function handUpload(db: BackstoryDb, upload: HandedUpload['upload'], worker = backgroundWorker()): Promise<void> {
  if (worker) {
    try {
      worker.postMessage({ type: 'stageUpload', upload } satisfies HandedUpload);
      return Promise.resolve();
    } catch (error) {
      // Not cloneable here (it is in Chrome): stage it in this page instead.
      console.warn('Backstory: the file could not be handed to the background; staging it here', error);
    }
  }
  return stageUpload(db, upload);
}

/** Writes `record` to `uploads`; the write is issued before this returns when `db` is open. */
function stageUpload(db: BackstoryDb, record: UploadRecord): Promise<void> {
  if (!db.isOpen()) return db.uploads.put(record).then(() => undefined);
  const tx = db.backendDB().transaction('uploads', 'readwrite');
  const done = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new Error('the chosen file could not be staged for import'));
  });
  tx.objectStore('uploads').put(record);
  tx.commit();
  return done;
}
