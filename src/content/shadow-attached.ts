/**
 * The isolated world's side of shadow-watch.ts: `backstory-shadow-attached` events at the
 * document tell which element just got an open shadow root. The element is the event's first
 * path entry (a host inside another open shadow root is retargeted to the outer host at the
 * document, which `composedPath` sees through).
 *
 * Returns a function that adds the listener again: `document.open()` erases it (reopen.ts), and
 * adding the same function twice does nothing.
 */
export const SHADOW_ATTACHED_EVENT = 'backstory-shadow-attached';

export function listenForShadowAttached(doc: Document, attached: (host: Element) => void, signal: AbortSignal): () => void {
  const onEvent = (event: Event): void => {
    const host = event.composedPath()[0];
    if (host instanceof Element) attached(host);
  };
  const listen = (): void => {
    if (!signal.aborted) doc.addEventListener(SHADOW_ATTACHED_EVENT, onEvent, { capture: true, signal });
  };
  listen();
  return listen;
}
