/**
 * The tab the popup speaks about. The toolbar popup means the active tab of its window; a popup
 * opened as a page (keyboard users, tests) may name its tab with `?tab=<id>`.
 */
import browser from '../shared/browser';

export interface TargetTab {
  id: number;
  /** Host name of a web page, or undefined for pages we do not run on. */
  host?: string;
}

export async function targetTab(): Promise<TargetTab | undefined> {
  const param = new URLSearchParams(location.search).get('tab');
  const tab = param
    ? await browser.tabs.get(Number(param)).catch(() => undefined)
    : (await browser.tabs.query({ active: true, currentWindow: true }))[0];
  if (!tab || tab.id === undefined) return undefined;
  let host: string | undefined;
  try {
    const url = new URL(tab.url ?? '');
    if (url.protocol === 'http:' || url.protocol === 'https:') host = url.hostname;
  } catch {
    host = undefined;
  }
  return { id: tab.id, host };
}
