/**
 * popup.html's only script (popup.js): starts the app (popup-app.js) once the page has loaded
 * and painted.
 *
 * Chrome shows an action popup only when its page's load event has fired (a `chrome.action
 * .openPopup()` popup paints after `load`; Chromium's own popup tests wait for `onload` "since
 * that's when the popup is shown"), and every script the page fetches before then delays that
 * event. popup.html already holds the first screen (src/popup/shell.ts), so the app's bundle is
 * left out of the load, and out of the first frame after it (requestAnimationFrame, then a task):
 * the popup shows without waiting for it, and the app takes over the screen a moment later (what
 * was typed meanwhile is kept). `<main aria-busy="true">` says so until then. A page that is not
 * drawn (a background tab) gets no animation frame: the timeout starts the app anyway.
 */
let started = false;

const start = (): void => {
  if (started) return;
  started = true;
  const script = document.createElement('script');
  script.src = 'popup-app.js';
  document.head.append(script);
};

const afterFirstFrame = (): void => {
  requestAnimationFrame(() => setTimeout(start));
  setTimeout(start, 250);
};

if (document.readyState === 'complete') afterFirstFrame();
else addEventListener('load', afterFirstFrame, { once: true });
