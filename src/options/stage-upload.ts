/**
 * Handing a chosen file to the background's import so that closing the options page the moment
 * after choosing it never aborts the import (CONTRACT §4). Whatever the way, the file leaves this
 * page in the task that handles the file input's change, together with the `importUpload`
 * message that asks for the outcome:
 * - in Chrome, posted to the background's service worker, which controls this page: the browser
 *   delivers it (waking the worker) even once the page is gone, and the worker stages it in its
 *   own connection (background/upload-handoff.ts says why the page must not);
 * - elsewhere (Firefox's event page), or with no controlling worker, written here straight to the
 *   open IndexedDB connection and committed at once (no Dexie round trip that would wait for a
 *   later task).
 * The background waits for the staged record (`waitForUpload`), since the message may well
 * arrive first.
 */
import type { BackstoryDb, UploadRecord } from '../shared/db';
import type { HandedUpload } from '../shared/handed-upload';

/** The service worker controlling this page, if any (reading it throws where service workers are denied). */
function controllingWorker(): ServiceWorker | null | undefined {
  try {
    return navigator.serviceWorker?.controller;
  } catch {
    return undefined;
  }
}

/** Hands `upload` to the background; resolves once it is on its way (posted) or staged here. */
export function handUpload(db: BackstoryDb, upload: HandedUpload['upload'], worker = controllingWorker()): Promise<void> {
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
