/**
 * `document.open()` erases every event listener of the document and its window, those our
 * isolated world added included (HTML, "document open steps": "erase all event listeners and
 * handlers"), and replaces the document's children. A page that opens its document again after
 * load and writes it anew kept its highlights (the mutation observer is not a listener and
 * survives) but lost the hover card and the keyboard, in Chromium and Firefox alike.
 *
 * There is no event for it; the document's own child list changing is the sign. Then `relisten`
 * adds our listeners again: `addEventListener` with the same function and capture does nothing
 * when the listener is still there (a page replacing `<html>` by a script, which erases nothing).
 * The observer watches the document's children only, never its subtree: a busy page's changes
 * cost it nothing.
 */
export function whenDocumentReopened(doc: Document, relisten: () => void, signal: AbortSignal): void {
  if (signal.aborted) return;
  const observer = new MutationObserver(() => relisten());
  observer.observe(doc, { childList: true });
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
}
