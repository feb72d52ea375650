/**
 * Frames the page writes itself (`about:blank`, `about:srcdoc`: ad slots and placeholders, up to
 * 34 on a corpus page) get no content script until they hold text: an injected frame costs the
 * tab an isolated world, about 175 kB of heap each, even with nothing in it (docs/page.md,
 * "Frames"). Such frames run only `frame-watch.ts`, in the page's own world, which signals its
 * `<iframe>` element in the parent document with `FRAME_TEXT_EVENT` once text appears. This part,
 * in the parent's content script, hears it and asks the background to inject the frames that
 * have text (background/tabs.ts, `injectIntoFramesWithText`).
 */
export const FRAME_TEXT_EVENT = 'backstory-frame-text';

/**
 * Calls `inject` when a child frame says it holds text, once per burst, until `signal` aborts.
 * Returns a function that adds the listener again (after `document.open()` erased it; a no-op
 * while it is still there).
 */
export function listenForFrameText(doc: Document, inject: () => void, signal: AbortSignal): () => void {
  let pending = false;
  const onFrameText = (): void => {
    if (pending) return;
    pending = true;
    // Frames filled together (a page writing its ad slots) are asked for in one request.
    setTimeout(() => {
      pending = false;
      inject();
    }, 20);
  };
  // Capture: the event is dispatched at the <iframe> element and does not bubble.
  const listen = (): void => {
    if (!signal.aborted) doc.addEventListener(FRAME_TEXT_EVENT, onFrameText, { capture: true, signal });
  };
  listen();
  // A sandboxed srcdoc frame cannot reach its element: it posts the event's name to this window.
  // Any script may post it too; the worst it gets is the probe run again (nothing new is picked).
  doc.defaultView?.addEventListener('message', (e) => {
    if (e.data === FRAME_TEXT_EVENT) onFrameText();
  }, { signal });
  return listen;
}
