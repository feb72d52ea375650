/**
 * One drawing instance per frame and extension. The background re-injects the content script into
 * open tabs on install and update; a script orphaned by an update (its runtime gone: messaging
 * throws "Extension context invalidated", `runtime.id` is undefined) must clean up and stop, and
 * never draw beside its successor:
 * - same isolated world (Chrome re-injection, Firefox double injection): a registry on globalThis
 *   tells a live instance (the newcomer yields) from an orphaned one (the newcomer stops it);
 * - another world: the newcomer dispatches a DOM event; an instance that hears it checks whether
 *   it is orphaned and stops if so (a page that fires the event itself can stop only an orphan).
 *   Orphans also notice on their own periodic tick.
 * An instance whose sandbox the browser destroyed (Firefox) cannot clean up: the newcomer removes
 * what it left (highlights, style sheet, card host) before drawing.
 */
import browser from '../shared/browser';

export const STARTED_EVENT = 'backstory-content-script-started';
const KEY = Symbol.for('backstory.content-script');

export interface Instance {
  /** False once orphaned. */
  alive(): boolean;
  stop(): void;
}

type Registry = typeof globalThis & { [KEY]?: Instance };

/** Has the extension that injected us gone away (update, reload, uninstall)? */
export function isOrphaned(): boolean {
  try {
    return !browser.runtime?.id;
  } catch {
    return true;
  }
}

/**
 * Register `instance` as this world's content script. False when a live one is already here
 * (double injection): the caller must not start.
 */
export function claim(instance: Instance): boolean {
  const g = globalThis as Registry;
  const previous = g[KEY];
  if (previous && previous !== instance) {
    let alive = false;
    try {
      alive = previous.alive();
    } catch {
      alive = false; // a dead object (its sandbox is gone)
    }
    if (alive) return false;
    try {
      previous.stop();
    } catch {
      // Nothing left to stop.
    }
  }
  g[KEY] = instance;
  return true;
}

/** Give up the registry slot (on stop). */
export function release(instance: Instance): void {
  const g = globalThis as Registry;
  if (g[KEY] === instance) delete g[KEY];
}

/** Tell instances in other worlds that a new one started; orphans among them stop. */
export function announce(doc: Document): void {
  doc.dispatchEvent(new Event(STARTED_EVENT));
}

/**
 * Stop via `onOrphaned` when a successor announces itself and we are orphaned. Returns a function
 * that adds the listener again (after `document.open()` erased it; a no-op while it is there).
 */
export function listenForSuccessor(doc: Document, onOrphaned: () => void, signal: AbortSignal): () => void {
  const onStarted = (): void => {
    if (isOrphaned()) onOrphaned();
  };
  const listen = (): void => {
    if (!signal.aborted) doc.addEventListener(STARTED_EVENT, onStarted, { signal });
  };
  listen();
  return listen;
}
