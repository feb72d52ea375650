/**
 * The options page's hand-off of a chosen file: posted to the controlling service worker when
 * there is one (Chrome), staged in the page's own IndexedDB connection otherwise (Firefox), or
 * when the post fails.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { openDb } from '../../../src/shared/db';
import { handUpload } from '../../../src/options/stage-upload';

const upload = () => ({ id: 'u1', name: 'a.json', data: '[]', createdAt: 1, replace: false });

async function openedDb() {
  const db = openDb({ indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
  return db;
}

describe('handUpload', () => {
  it('posts the upload to the controlling worker and writes nothing itself', async () => {
    const db = await openedDb();
    const postMessage = vi.fn();
    await handUpload(db, upload(), { postMessage } as unknown as ServiceWorker);
    expect(postMessage).toHaveBeenCalledWith({ type: 'stageUpload', upload: upload() });
    expect(await db.uploads.count()).toBe(0);
  });

  it('stages the upload in the page when there is no controlling worker', async () => {
    const db = await openedDb();
    await handUpload(db, upload(), null);
    expect(await db.uploads.get('u1')).toEqual(upload());
  });

  it('stages the upload in the page when the post throws', async () => {
    const db = await openedDb();
    const postMessage = vi.fn(() => { throw new DOMException('could not be cloned', 'DataCloneError'); });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await handUpload(db, upload(), { postMessage } as unknown as ServiceWorker);
    expect(await db.uploads.get('u1')).toEqual(upload());
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });
});
