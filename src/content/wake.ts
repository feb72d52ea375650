/**
 * When to start the content script's instance in this frame. The instance's code is evaluated
 * only when it starts (index.ts: a deferred module), so what runs before is this module alone.
 */

import { FRAME_TEXT_EVENT } from './frame-text';

/** `XPathResult.STRING_TYPE`, without reading the `XPathResult` interface into this world. */
const STRING_TYPE = 2;

/**
 * Some visible character in the document's body (scripts' text counts: waking up is never
 * wrong, only early). The body's text is read through XPath (its string value is its
 * `textContent`; empty when there is no body) rather than `doc.body`: the first element this
 * world touches makes it build the Element and HTMLElement interfaces, about 11 kB of heap in
 * each dormant frame (docs/page.md, "Content-script heap (session 5)").
 */
function hasText(doc: Document): boolean {
  return /\S/.test(doc.evaluate('string(/html/body)', doc, null, STRING_TYPE, null).stringValue);
}

interface PostTask {
  postTask(callback: () => void, options: { priority: 'user-blocking' }): Promise<unknown>;
}

/**
 * Runs `task` in a task of its own, next: a `user-blocking` task where the browser has
 * `scheduler.postTask` (it runs before the page's queued tasks, the parser's next chunk
 * included), else a timer. Called at injection, the instance's code (its parse, every module's
 * setup, the first messages) ran inside the page's own parser task, which is often long already;
 * on its own it cannot make any task of the page longer.
 */
function soon(task: () => void): void {
  const scheduler = (globalThis as { scheduler?: Partial<PostTask> }).scheduler;
  if (typeof scheduler?.postTask === 'function') {
    scheduler.postTask(task, { priority: 'user-blocking' }).catch((error: unknown) => console.error('Backstory:', error));
  } else {
    setTimeout(task, 0);
  }
}

/**
 * A frame the page writes itself signals its first text (`FRAME_TEXT_EVENT`, frame-watch.ts) at
 * once, and a page that fills a frame while it loads (an inline script right after the
 * `<iframe>`) does so before the instance starts (`soon`) and listens (frame-text.ts): Firefox
 * then never highlighted the frame, 8 of 12 loads (found by a probe, 2026-12-07). Heard here
 * from injection on, such a signal is dispatched again once the instance listens.
 */
function keepEarlyFrameText(doc: Document): { replay(): void } {
  let heard = false;
  const hear = (): void => {
    heard = true;
  };
  const hearMessage = (e: MessageEvent): void => {
    if (e.data === FRAME_TEXT_EVENT) heard = true; // a sandboxed srcdoc frame's way (frame-text.ts)
  };
  doc.addEventListener(FRAME_TEXT_EVENT, hear, true);
  addEventListener('message', hearMessage);
  return {
    replay() {
      doc.removeEventListener(FRAME_TEXT_EVENT, hear, true);
      removeEventListener('message', hearMessage);
      if (heard) doc.dispatchEvent(new Event(FRAME_TEXT_EVENT));
    },
  };
}

/** The instance's code, evaluated by the call (index.ts, a deferred module): what starts it. */
export type Evaluate = () => { start(): void };

/**
 * Evaluates the instance's code in one task and starts it in the next (`soon` both times), then
 * runs `after`. The evaluation (the polyfill's tables, every module's top level) and `start` (the
 * scanner, highlights, card, listeners, the first message) were one task, our longest: a median
 * 11-12 ms on the corpus pages, worst 33-46 (a Chrome trace without the profiler, 2026-12-08;
 * docs/page.md, "Timing").
 */
function evaluateThenStart(evaluate: Evaluate, after?: () => void): void {
  soon(() => {
    const { start } = evaluate();
    soon(() => {
      start();
      after?.();
    });
  });
}

/** Documents the page writes itself: an empty one may never get text (ad slots, placeholders). */
const WRITTEN_BY_THE_PAGE = new Set(['about:blank', 'about:srcdoc']);

/**
 * A subframe still at `about:blank` or `about:srcdoc` without text (ad slots and placeholders:
 * up to 34 on a corpus page, `srcdoc=""` 12 of cnn's 30) starts nothing until text appears in
 * it: no instance, no message to the background, no settings read, not even the evaluation of
 * the instance's code; only this observer, so the page's load and heap do not pay for dozens of
 * empty frames (docs/page.md, Frames and "Content-script heap"). A `srcdoc` frame with text
 * starts at its first text the parser inserts. Frames with a URL start as pages do.
 */
export function startWhenText(evaluate: Evaluate): void {
  const doc = document;
  if (window === window.top || !WRITTEN_BY_THE_PAGE.has(doc.URL) || hasText(doc)) {
    const early = keepEarlyFrameText(doc);
    evaluateThenStart(evaluate, () => early.replay());
    return;
  }
  const observer = new MutationObserver(() => {
    if (!hasText(doc)) return;
    observer.disconnect();
    evaluateThenStart(evaluate);
  });
  observer.observe(doc, { childList: true, subtree: true, characterData: true });
}
