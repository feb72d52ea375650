/**
 * Runs in the page's own world (manifest `world: "MAIN"`), at document_start, in every frame. A
 * shadow root attached to an element already on the page (a custom element defined or upgraded
 * after load, a lazily hydrated component) changes what the element renders without any DOM
 * mutation the content script's observer could see: its text stayed unhighlighted until
 * something around it changed (found by a probe, 2026-12-07). So `attachShadow` says so: after
 * the browser's own method returns an open root on a connected element, a
 * `backstory-shadow-attached` event (bubbling, composed: a host inside another open shadow root
 * reaches the document too) is dispatched at the host, where the content script
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
  const wrapped = new Proxy(original, {
    apply(target, self: Element, args: unknown[]) {
      const root: unknown = Reflect.apply(target as (...a: unknown[]) => unknown, self, args);
      try {
        if (modeOf?.call(root) === 'open' && connected?.call(self) === true) {
          dispatch.call(self, new Event(EVENT, { bubbles: true, composed: true }));
        }
      } catch {
        // Never let our note get in the way of the page's call.
      }
      return root;
    },
  });
  Object.defineProperty(proto, 'attachShadow', { ...descriptor, value: wrapped });
})();
