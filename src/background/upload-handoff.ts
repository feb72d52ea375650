/**
 * Files handed over by the options page through the service worker's own `message` event
 * (Chrome, where the background is a service worker that controls the extension's pages).
 *
 * Why: a chosen file staged in IndexedDB by the options page itself is one transaction of that
 * page, and Chrome aborts a page's unfinished transactions when it closes its connection, which it
 * does when the page closes. Copying 12 MB into the store takes long enough for a reader who
 * closes the page at once to lose the import (a 12 MB import never landed in one CI run, most
 * likely so; docs/manager.md). `ServiceWorker.postMessage`
 * hands the File (a handle to bytes the browser holds, not a copy) to the browser in the change
 * handler's task, and the browser delivers it to this worker, waking it if it sleeps, whether the
 * page still exists or not.
 *
 * Firefox's background is an event page, not a service worker: there the page stages the file
 * itself (options/stage-upload.ts) and commits at once; the e2e that closes the page right after
 * the choice passes there too.
 */
import { isHandedUpload, type HandedUpload } from '../shared/handed-upload';
import type { ImportOutcome } from '../shared/protocol';

/** The parts of a service worker's `ExtendableMessageEvent` this uses (lib "DOM" lacks WebWorker's types). */
interface WorkerMessageEvent extends Event {
  data: unknown;
  origin: string;
  waitUntil(promise: Promise<unknown>): void;
}

/** What this needs of the global scope (a service worker's, or an event page's window). */
export interface WorkerScopeLike extends EventTarget {
  location: { origin: string };
  ServiceWorkerGlobalScope?: abstract new () => unknown;
}

/**
 * Listens for handed files when this script runs as a service worker; does nothing in an event
 * page, whose window `message` events are another channel altogether. Register at the top level:
 * a worker woken by the message must find its listener on the first run of its script.
 */
export function listenForHandedUploads(scope: WorkerScopeLike, handOver: (upload: HandedUpload['upload']) => Promise<ImportOutcome>): boolean {
  const workerScope = scope.ServiceWorkerGlobalScope;
  if (!workerScope || !(scope instanceof workerScope)) return false;
  scope.addEventListener('message', (event: Event) => {
    const message = event as WorkerMessageEvent;
    // Only this extension's own pages are the worker's clients; checked all the same.
    if (message.origin !== scope.location.origin || !isHandedUpload(message.data)) return;
    // Keeps the worker alive while the file is staged and imported.
    message.waitUntil(handOver(message.data.upload).catch((error: unknown) => console.error('Backstory: a handed import failed', error)));
  });
  return true;
}
