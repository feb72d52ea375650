/**
 * A page restored from the back/forward cache missed every message sent while it was cached:
 * an entity added, edited or deleted, a list imported, the site switched off or on. Chromium
 * closes a cached page's message channels and delivers nothing to it
 * (https://developer.chrome.com/blog/bfcache-extension-messaging-changes), so after `Back` a
 * deleted entity stayed highlighted, with no card, until the page itself changed. `pageshow` with
 * `persisted` is the sign; the caller then asks again as after `entitiesChanged`.
 *
 * Returns a function that adds the listener again: `document.open()` erases the window's
 * listeners too (reopen.ts), and adding the same function twice does nothing.
 */
export function listenForRestore(win: Window, restored: () => void, signal: AbortSignal): () => void {
  const onPageShow = (event: PageTransitionEvent): void => {
    if (event.persisted) restored();
  };
  const listen = (): void => {
    if (!signal.aborted) win.addEventListener('pageshow', onPageShow, { signal });
  };
  listen();
  return listen;
}
