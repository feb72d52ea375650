/**
 * Reaching the content scripts of open tabs: telling them of changes, and giving tabs that were
 * open before an install or update the content script (Chrome does not inject into them).
 */
import browser from '../shared/browser';
import { sendToTab } from '../shared/messaging';
import type { TabMessage } from '../shared/protocol';

const PAGE_URLS = ['http://*/*', 'https://*/*'];

/**
 * Send a message to every frame of every open web page; tabs without our script ignore it.
 * `siteToggled` names its host
 * and each frame checks it: frames of that host stand in other sites' tabs too, and a tab of that
 * host holds frames of others. Sending it only to the tabs whose top page was on the host left
 * its frames in other tabs highlighted and switched other sites' frames in its own tabs (found by
 * a probe, 2026-12-07).
 */
export async function broadcast(message: TabMessage): Promise<void> {
  // The extension's own open pages (popup, options) hear of entity changes too: a sync or an
  // import that lands while one is open refreshes its list and counts (ui/entities-changed.ts).
  // So do they of a site switched on or off (the options page's Sites list follows the popup).
  // No page open: the send fails, which is fine.
  if (message.type === 'entitiesChanged' || message.type === 'siteToggled') void browser.runtime.sendMessage(message).catch(() => undefined);
  const tabs = await browser.tabs.query({ url: PAGE_URLS });
  await Promise.all(
    tabs.map((tab) => (tab.id === undefined ? undefined : browser.tabs.sendMessage(tab.id, message).catch(() => undefined))),
  );
}

/** `closeCard` to every frame of one tab (no frame id: all of them); a tab without our script ignores it. */
export async function closeCards(tabId: number): Promise<void> {
  await sendToTab(tabId, 'closeCard', {}).catch(() => undefined);
}

/** A card's `Edit`: the entity in the popup page, in a new tab next to the reader's. */
export async function openEditor(id: string): Promise<void> {
  await browser.tabs.create({ url: browser.runtime.getURL(`popup.html?entity=${encodeURIComponent(id)}`) });
}

/** Inject the content script into tabs that were already open (install, update, reload). */
export async function injectIntoOpenTabs(): Promise<void> {
  const tabs = await browser.tabs.query({ url: PAGE_URLS });
  await Promise.all(
    tabs.map((tab) =>
      tab.id === undefined || tab.discarded
        ? undefined
        : browser.scripting
            .executeScript({ target: { tabId: tab.id, allFrames: true }, files: ['content.js'] })
            .catch(() => undefined), // pages we may not script (the store, error pages): nothing to do
    ),
  );
}

/**
 * The tab's frames that the page writes itself (`about:blank`, `about:srcdoc`) and that hold text
 * but have no content script yet get it now (they have none until then: content/frame-text.ts).
 * Which frames: a probe run in every frame's page world (no isolated world is made for it),
 * which also marks the frames it picks so that later requests skip them. Resolves how many.
 */
export async function injectIntoFramesWithText(tabId: number): Promise<number> {
  const probes = await browser.scripting.executeScript({ target: { tabId, allFrames: true }, world: 'MAIN', func: pickFrameWithText });
  const frameIds = probes.filter((p) => p.result === true).map((p) => p.frameId);
  if (frameIds.length === 0) return 0;
  await browser.scripting.executeScript({ target: { tabId, frameIds }, files: ['content.js'] });
  return frameIds.length;
}

/** Runs in a frame's page world (serialized by the scripting API: self-contained). */
function pickFrameWithText(): boolean {
  const mark = Symbol.for('backstory.frame-picked');
  const w = window as unknown as Record<symbol, boolean>;
  // An about:blank frame the page wrote with document.open() has the writer's URL in Chromium;
  // frame-watch.ts marked its window when it was still about:blank.
  const written = document.URL === 'about:blank' || document.URL === 'about:srcdoc' || w[Symbol.for('backstory.frame-written')] === true;
  if (window === window.top || !written || w[mark] || !/\S/.test(document.body?.textContent ?? '')) return false;
  w[mark] = true;
  return true;
}
