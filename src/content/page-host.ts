/**
 * The host name a frame's site rules go by. An `about:blank` or `srcdoc` frame (the content script
 * runs there too: match_about_blank) has no host of its own; it belongs to the page that made it,
 * whose location it may read (same origin). Anything unreadable gives ''.
 */
export function pageHost(win: Window = window): string {
  if (win.location.hostname) return win.location.hostname;
  try {
    for (let w: Window = win; w !== w.parent; w = w.parent) {
      const host = w.parent.location.hostname;
      if (host) return host;
    }
  } catch {
    // A cross-origin ancestor: its host is not ours to read.
  }
  return '';
}
