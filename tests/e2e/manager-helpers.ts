/**
 * Helpers for the entity-manager end-to-end tests (tests/e2e/manager-*.test.ts): what the
 * shared `Tab` interface does not say (arrow keys, controls inside one section, the extension's
 * own APIs from one of its pages). Both browsers: playwright's page (Chromium) and puppeteer's
 * (Firefox) under `Tab` share the keyboard and mouse calls used here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor, type ExtBrowser, type Tab } from '../../scripts/lib/browsers';
import { distChrome } from '../../scripts/lib/paths';

/** What playwright's and puppeteer's pages both offer. */
interface InputPage {
  keyboard: { press(key: string): Promise<void> };
  mouse: { click(x: number, y: number): Promise<void> };
}

/** The automation library's page under a `Tab`. */
function inputOf(tab: Tab): InputPage {
  const page = (tab as unknown as { page?: InputPage }).page;
  if (!page) throw new Error('this Tab has no automation page');
  return page;
}

/** Sets the tab's viewport (playwright's setViewportSize, puppeteer's setViewport). */
export async function setViewport(tab: Tab, width: number, height: number): Promise<void> {
  const page = (tab as unknown as { page?: { setViewportSize?(size: { width: number; height: number }): Promise<void>; setViewport?(size: { width: number; height: number }): Promise<void> } }).page;
  if (page?.setViewportSize) await page.setViewportSize({ width, height });
  else if (page?.setViewport) await page.setViewport({ width, height });
  else throw new Error('this Tab has no automation page');
}

export async function pressKey(tab: Tab, key: string): Promise<void> {
  await inputOf(tab).keyboard.press(key);
}

/** The section labelled (aria-labelledby) `region`, then its button or link named `name`, as page script. */
const buttonInRegion = (region: string, name: string) => `(() => {
  const section = [...document.querySelectorAll('section[aria-labelledby]')]
    .find((s) => document.getElementById(s.getAttribute('aria-labelledby'))?.textContent.trim() === ${JSON.stringify(region)});
  if (!section) return null;
  return [...section.querySelectorAll('button, a[href]')].find((b) => (b.getAttribute('aria-label') ?? b.textContent).trim() === ${JSON.stringify(name)}) ?? null;
})()`;

export function hasInRegion(tab: Tab, region: string, name: string): Promise<boolean> {
  return tab.evaluate<boolean>(`!!${buttonInRegion(region, name)}`);
}

/** The text of the section labelled `region` (its heading included). */
export function regionText(tab: Tab, region: string): Promise<string> {
  return tab.evaluate<string>(`[...document.querySelectorAll('section[aria-labelledby]')]
    .find((s) => document.getElementById(s.getAttribute('aria-labelledby'))?.textContent.trim() === ${JSON.stringify(region)})?.textContent ?? ''`);
}

/** Clicks, with the pointer, the button or link named `name` inside the section labelled `region`. */
export async function clickInRegion(tab: Tab, region: string, name: string): Promise<void> {
  const point = await tab.evaluate<{ x: number; y: number } | null>(`(() => {
    const button = ${buttonInRegion(region, name)};
    if (!button) return null;
    button.scrollIntoView({ block: 'center' });
    const r = button.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  })()`);
  if (!point) throw new Error(`no button ${name} in ${region}`);
  await inputOf(tab).mouse.click(point.x, point.y);
}

/**
 * Opens the popup page and waits until the app has taken it over. popup.html paints its first
 * screen before the app's deferred script runs (src/popup/shell.ts), marked `aria-busy` until
 * then; the app runs before the load event, so this wait is a check more than a delay.
 */
export async function openPopup(browser: ExtBrowser, path = 'popup.html'): Promise<Tab> {
  const tab = await browser.openExtensionPage(path);
  await waitFor(() => tab.evaluate<boolean>(`!!document.querySelector('#app > main:not([aria-busy])')`), { message: `the app in ${path}` });
  return tab;
}

/** Names of the buttons in the popup's result list, in order. */
export function resultNames(tab: Tab): Promise<string[]> {
  return tab.evaluate<string[]>(`[...document.querySelectorAll('.results li button .name')].map((e) => e.textContent)`);
}

/** The accessible name (text) of the focused element. */
export function focusedText(tab: Tab): Promise<string> {
  return tab.evaluate<string>(`(document.activeElement && document.activeElement.querySelector('.name') || document.activeElement || {}).textContent || ''`);
}

/** Runs `expression` (which may await `chrome.*`) in an extension page and returns its value. */
export async function inExtension<T>(browser: ExtBrowser, expression: string): Promise<T> {
  const tab = await browser.openExtensionPage('options.html');
  try {
    return await tab.evaluate<T>(`(async () => (${expression}))()`);
  } finally {
    await tab.close();
  }
}

/** The browser's id of the tab showing `url`. */
export function tabIdOf(browser: ExtBrowser, url: string): Promise<number> {
  return inExtension<number>(browser, `(await chrome.tabs.query({})).find((t) => t.url === ${JSON.stringify(url)}).id`);
}

/** The entities of an export, sorted by id. */
export function exportedEntities(text: string): Record<string, unknown>[] {
  const parsed = JSON.parse(text) as { entities?: Record<string, unknown>[] } | Record<string, unknown>[];
  const list = Array.isArray(parsed) ? parsed : (parsed.entities ?? []);
  return [...list].sort((a, b) => String(a.id).localeCompare(String(b.id)));
}
