/**
 * The message by which the options page hands a chosen file to the background's service worker
 * (background/upload-handoff.ts says why): the page posts it, the worker checks it.
 */
import type { UploadRecord } from './db';

/** What the options page posts: the upload record, File and Replace choice included. */
export interface HandedUpload {
  type: 'stageUpload';
  upload: UploadRecord & { replace: boolean };
}

/** The one message this channel carries, checked field by field: anything else is ignored. */
export function isHandedUpload(data: unknown): data is HandedUpload {
  if (!data || typeof data !== 'object') return false;
  const { type, upload } = data as { type?: unknown; upload?: unknown };
  if (type !== 'stageUpload' || !upload || typeof upload !== 'object') return false;
  const u = upload as Record<string, unknown>;
  return typeof u.id === 'string' && u.id !== '' && typeof u.name === 'string' && typeof u.createdAt === 'number'
    && typeof u.replace === 'boolean'
    && (typeof u.data === 'string' || u.data instanceof ArrayBuffer || (typeof Blob !== 'undefined' && u.data instanceof Blob));
}
