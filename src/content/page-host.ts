/**
 * The host name a frame's site rules go by. An `about:blank` or `srcdoc` frame (the content script
 * runs there too: match_about_blank) has no host of its own; it belongs to the page that made it,
 * whose location it may read (same origin), or at least whose origin it is told. Anything unreadable
 * gives ''.
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
  // A sandboxed `srcdoc` frame has an opaque origin: its parent's location is unreadable, but the
  // parent's origin is listed (Chromium; Firefox gives such frames no content script). Without
  // it, no site rule reached the frame, and a site switched off kept it highlighted (found by a
  // probe, 2026-12-07).
  const parentOrigin = (win.location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins?.[0];
  if (parentOrigin) {
    try {
      return new URL(parentOrigin).hostname;
    } catch {
      // "null": an opaque parent.
    }
  }
  return '';
}
