/**
 * Staging a chosen file for the background's import so that closing the options page the moment
 * after choosing it never aborts the import (CONTRACT §4). The write to `uploads` and the message
 * that starts the import both leave this page in the task that handles the file input's change:
 * the write goes straight to the open IndexedDB connection and is committed at once (no Dexie
 * round trip that would wait for a later task), and the background waits for the record to land
 * (`waitForUpload`), since the message may well arrive first.
 */
import type { BackstoryDb, UploadRecord } from '../shared/db';

/** Writes `record` to `uploads`; the write is issued before this returns when `db` is open. */
export function stageUpload(db: BackstoryDb, record: UploadRecord): Promise<void> {
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
