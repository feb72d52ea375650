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
/** Asked by a newcomer of the instance in its own world: a working one answers at once. */
const PING_EVENT = 'backstory-content-script-ping';
const KEY = Symbol.for('backstory.content-script');

export interface Instance {
  /** False once orphaned. */
  alive(): boolean;
  stop(): void;
  /** Set by its ping listener (listenForSuccessor) when a newcomer asks. */
  heard?: boolean;
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
      // Firefox keeps a tab's content-script world across an extension reload: the old instance
      // still says it is alive (the same runtime object answers), but its listeners and timers
      // no longer run, so the tab kept dead highlights and a card that would not close (found by
      // a probe, 2026-12-07). Alive means answering: its ping listener runs during dispatchEvent.
      alive = previous.alive() && answersPing(previous);
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

function answersPing(previous: Instance): boolean {
  if (typeof document === 'undefined') return true;
  previous.heard = false;
  document.dispatchEvent(new Event(PING_EVENT));
  // Set by the listener during the dispatch (TypeScript cannot see that call).
  return (previous as { heard?: boolean }).heard === true;
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
 * Stop via `onOrphaned` when a successor announces itself and we are orphaned, and answer a
 * newcomer's ping (`claim`). Returns a function that adds the listeners again (after
 * `document.open()` erased them; a no-op while they are there).
 */
export function listenForSuccessor(doc: Document, instance: Instance, onOrphaned: () => void, signal: AbortSignal): () => void {
  const onStarted = (): void => {
    if (isOrphaned()) onOrphaned();
  };
  const onPing = (): void => {
    instance.heard = true;
  };
  const listen = (): void => {
    if (signal.aborted) return;
    doc.addEventListener(STARTED_EVENT, onStarted, { signal });
    doc.addEventListener(PING_EVENT, onPing, { signal });
  };
  listen();
  return listen;
}
