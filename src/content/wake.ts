/**
 * When to start the content script's instance in this frame. The instance's code is evaluated
 * only when it starts (index.ts: a deferred module), so what runs before is this module alone.
 */

/** Some visible character in the document's body (scripts' text counts: waking up is never wrong, only early). */
function hasText(doc: Document): boolean {
  const body = doc.body;
  return body !== null && /\S/.test(body.textContent ?? '');
}

/**
 * A subframe still at `about:blank` without text (ad slots and placeholders: up to 34 on a
 * corpus page) starts nothing until text appears in it: no instance, no message to the
 * background, no settings read, not even the evaluation of the instance's code; only this
 * observer, so the page's load and heap do not pay for dozens of empty frames (docs/page.md,
 * Frames and "Content-script heap"). `srcdoc` and other frames start as pages do.
 */
export function startWhenText(start: () => void): void {
  const doc = document;
  if (window === window.top || doc.URL !== 'about:blank' || hasText(doc)) {
    start();
    return;
  }
  const observer = new MutationObserver(() => {
    if (!hasText(doc)) return;
    observer.disconnect();
    start();
  });
  observer.observe(doc, { childList: true, subtree: true, characterData: true });
}
