/**
 * The tab the popup speaks about. The toolbar popup means the active tab of its window; a popup
 * opened as a page (keyboard users, tests) may name its tab with `?tab=<id>`.
 */
import type { Tabs } from 'webextension-polyfill';
import browser from '../shared/browser';

export interface TargetTab {
  id: number;
  /** Host name of a web page, or undefined for pages we do not run on. */
  host?: string;
  /**
   * No host, and the reader has withheld Backstory's access to sites (Firefox's add-on
   * permissions, Chrome's site access): the tab's address is hidden from us, and no page gets
   * highlights. The popup says so instead of leaving `On this page` out without a word (found by
   * a probe, 2026-12-07).
   */
  accessWithheld?: boolean;
}

export async function targetTab(): Promise<TargetTab | undefined> {
  const param = new URLSearchParams(location.search).get('tab');
  const tab = param ? await browser.tabs.get(Number(param)).catch(() => undefined) : await unnamedTarget();
  if (!tab || tab.id === undefined) return undefined;
  let host: string | undefined;
  try {
    const url = new URL(tab.url ?? '');
    if (url.protocol === 'http:' || url.protocol === 'https:') host = url.hostname;
  } catch {
    host = undefined;
  }
  if (host === undefined && !tab.url) {
    const granted = await browser.permissions.contains({ origins: ['http://*/*', 'https://*/*'] }).catch(() => true);
    if (!granted) return { id: tab.id, accessWithheld: true };
  }
  return { id: tab.id, host };
}

/**
 * Without `?tab=`: the toolbar popup speaks of the active tab of its window. The popup opened as
 * a page of its own (a tab: `tabs.getCurrent()` answers) is itself that active tab, so it speaks
 * of the tab the reader was on before, the most recently used other one in its window; until
 * 2026-12-07 it showed no `On this page` and no `Highlight on this site` at all (found by a probe).
 */
async function unnamedTarget(): Promise<Tabs.Tab | undefined> {
  const own = await Promise.resolve().then(() => browser.tabs.getCurrent()).catch(() => undefined);
  if (!own) return (await browser.tabs.query({ active: true, currentWindow: true }))[0];
  const others = (await browser.tabs.query({ windowId: own.windowId })).filter((t) => t.id !== own.id && !isOwnPage(t.url));
  return others.sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))[0];
}

function isOwnPage(url: string | undefined): boolean {
  return !!url && url.startsWith(browser.runtime.getURL(''));
}
