/**
 * Runs in the page's own world (manifest `world: "MAIN"`), at document_start, in every frame. A
 * shadow root attached to an element already on the page (a custom element defined or upgraded
 * after load, a lazily hydrated component) changes what the element renders without any DOM
 * mutation the content script's observer could see: its text stayed unhighlighted until
 * something around it changed (found by a probe, 2026-12-07). So `attachShadow` says so: after
 * the browser's own method returns an open root on a connected element, a
 * `backstory-shadow-attached` event (bubbling, composed: a host inside another open shadow root
 * reaches the document too) is dispatched at the host, in a task of ours soon after the page's
 * (`flush`), where the content script
 * (content/shadow-attached.ts) hears it and rescans around the host.
 *
 * The method is wrapped in a Proxy, so it still reads as native code, keeps its name and length,
 * and returns and throws exactly what the browser's does. The page can see the event and can send
 * it itself, which only makes us look at an element again.
 *
 * Kept free of imports on purpose: this file is its own bundle, evaluated in every frame.
 */
(() => {
  const EVENT = 'backstory-shadow-attached'; // SHADOW_ATTACHED_EVENT in shadow-attached.ts
  const proto = Element.prototype;
  const descriptor = Object.getOwnPropertyDescriptor(proto, 'attachShadow');
  const original: unknown = descriptor?.value;
  if (!descriptor || typeof original !== 'function') return;
  // What the page may replace later; these are the browser's own.
  const dispatch = EventTarget.prototype.dispatchEvent;
  const connected = Object.getOwnPropertyDescriptor(Node.prototype, 'isConnected')?.get;
  const modeOf = Object.getOwnPropertyDescriptor(ShadowRoot.prototype, 'mode')?.get;
  const later = setTimeout;
  const clock = performance;
  const now = Performance.prototype.now;
  /**
   * Hosts to tell about, told in tasks of our own after the page's, at most FLUSH_MS of them per
   * task: dispatched inside `attachShadow`, each event (about 25-45 µs, most of it the call into
   * the content script's world) lengthened the page's own task, and a page attaching 1,000-2,000
   * roots in one script got 25-66 ms more of it (found by a probe, 2026-12-07). The content
   * script rescans around a host later anyway, and reads the root as it is then.
   */
  const pending: Element[] = [];
  const FLUSH_MS = 4;
  const flush = (): void => {
    const start = now.call(clock);
    let told = 0;
    while (told < pending.length && (told === 0 || now.call(clock) - start < FLUSH_MS)) {
      const host = pending[told++];
      try {
        if (connected?.call(host) === true) dispatch.call(host, new Event(EVENT, { bubbles: true, composed: true }));
      } catch {
        // A host of a frame gone meanwhile.
      }
    }
    pending.splice(0, told);
    if (pending.length > 0) later(flush, 0);
  };
  const wrapped = new Proxy(original, {
    apply(target, self: Element, args: unknown[]) {
      const root: unknown = Reflect.apply(target as (...a: unknown[]) => unknown, self, args);
      try {
        if (modeOf?.call(root) === 'open' && connected?.call(self) === true && pending.push(self) === 1) later(flush, 0);
      } catch {
        // Never let our note get in the way of the page's call.
      }
      return root;
    },
  });
  Object.defineProperty(proto, 'attachShadow', { ...descriptor, value: wrapped });
})();
