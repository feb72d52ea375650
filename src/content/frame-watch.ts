/**
 * Runs in the page's own world (manifest `world: "MAIN"`), at document_start, in every frame,
 * and does nothing except in a subframe the page writes itself (`about:blank`, `about:srcdoc`),
 * which gets no content script of its own until it holds text (content/frame-text.ts explains
 * why): there it waits for a visible character, then dispatches `backstory-frame-text` at its
 * `<iframe>` element, where the parent frame's content script hears it (or, when the parent is
 * such a frame too, its own watcher passes the event on up). Main world: no isolated world is
 * made for the frame, which is the point; the page can see this script's event, nothing else.
 *
 * Kept free of imports on purpose: this file is its own bundle, evaluated in every frame.
 */
(() => {
  const EVENT = 'backstory-frame-text'; // FRAME_TEXT_EVENT in frame-text.ts
  if (window === window.top) return;
  const url = document.URL;
  if (url !== 'about:blank' && url !== 'about:srcdoc') return;
  let frame: Element | null = null;
  try {
    frame = window.frameElement;
  } catch {
    return; // a cross-origin parent: not a frame the page writes
  }
  // A sandboxed `srcdoc` frame is written by its page too, but its origin is opaque: it cannot
  // reach its <iframe> element (frameElement is null), so it tells its parent window instead.
  const sandboxed = frame === null && url === 'about:srcdoc' && self.origin === 'null';
  if (!frame && !sandboxed) return;
  // A frame the page writes: the background's probe (tabs.ts) knows it by this mark too, since
  // `document.open()` from the parent gives it the parent's URL in Chromium (the window stays).
  (window as unknown as Record<symbol, boolean>)[Symbol.for('backstory.frame-written')] = true;
  const owner = frame;
  const doc = document;
  const parentWindow = window.parent;
  // The page can replace these globals later; what it finds here are the browser's own.
  const dispatch = EventTarget.prototype.dispatchEvent;
  const signal = (): void => {
    try {
      if (owner) dispatch.call(owner, new Event(EVENT));
      else parentWindow.postMessage(EVENT, '*'); // cross-origin: the page in here cannot replace it
    } catch {
      // The frame was removed meanwhile.
    }
  };
  // A sandboxed child of this frame that got text: its message goes on to our parent.
  addEventListener('message', (e) => {
    if (e.data === EVENT) signal();
  });
  // A child of this frame that got text: its signal goes on to our parent.
  doc.addEventListener(EVENT, signal, true);
  const hasText = (): boolean => /\S/.test(doc.body?.textContent ?? '');
  // Text already there (this script ran after the page filled the frame): no mutation will come.
  if (hasText()) {
    signal();
    return;
  }
  const observer = new MutationObserver(() => {
    if (!hasText()) return;
    observer.disconnect();
    signal();
  });
  observer.observe(doc, { childList: true, subtree: true, characterData: true });
})();
