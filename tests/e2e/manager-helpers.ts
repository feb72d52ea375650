/**
 * Helpers for the entity-manager end-to-end tests (tests/e2e/manager-*.test.ts): what the
 * shared `Tab` interface does not say (arrow keys, controls inside one section, the extension's
 * own APIs from one of its pages). Chromium only: they reach playwright's page under `Tab`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { ExtBrowser, Tab } from '../../scripts/lib/browsers';
import { distChrome } from '../../scripts/lib/paths';

/** playwright's page under a Chromium `Tab`. */
export function pageOf(tab: Tab): Page {
  const page = (tab as unknown as { page?: Page }).page;
  if (!page || tab.kind !== 'chromium') throw new Error('manager helpers need a Chromium tab');
  return page;
}

export async function pressKey(tab: Tab, key: string): Promise<void> {
  await pageOf(tab).keyboard.press(key);
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

/** Is `needle` in the built content script? (Parts the lead wires into src/content/index.ts.) */
export function contentScriptHas(needle: string): boolean {
  try {
    return readFileSync(join(distChrome, 'content.js'), 'utf8').includes(needle);
  } catch {
    return false;
  }
}

/** The entities of an export, sorted by id. */
export function exportedEntities(text: string): Record<string, unknown>[] {
  const parsed = JSON.parse(text) as { entities?: Record<string, unknown>[] } | Record<string, unknown>[];
  const list = Array.isArray(parsed) ? parsed : (parsed.entities ?? []);
  return [...list].sort((a, b) => String(a.id).localeCompare(String(b.id)));
}
