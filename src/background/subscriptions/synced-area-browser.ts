/**
 * The real SyncedArea: `browser.storage.sync`. Kept out of synced-settings.ts so unit tests,
 * which run outside an extension, never load webextension-polyfill.
 */
import browser from '../../shared/browser';
import type { SyncedArea } from './synced-settings';

export function browserSyncedArea(): SyncedArea {
  return {
    get: (key) => browser.storage.sync.get(key),
    set: (items) => browser.storage.sync.set(items),
  };
}
