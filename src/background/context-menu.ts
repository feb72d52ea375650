/**
 * `Add “<selection>” to Backstory` on the page's context menu: opens the popup's editor prefilled
 * with the selection as the name and the page (title and URL) as a first link.
 *
 * The prefill travels in the popup's URL (`popup.html?new=…&title=…&url=…`) opened in a small
 * window. `action.openPopup()` would show the real toolbar popup, but its page cannot be given a
 * URL, and handing the prefill over through storage races the popup's first render; a small
 * window is also what the reader gets on every browser and in every window state (openPopup
 * fails without a focused normal window), so it is the one path, tested end to end.
 */
import browser, { type Tabs } from '../shared/browser';
import { prefilledEditorUrl } from '../shared/prefill';
import { t } from '../ui/i18n';

export const CONTEXT_MENU_ID = 'backstory-add-selection';

/** Create the menu item (on install and update: menus persist across worker restarts). */
export function createContextMenu(): void {
  browser.contextMenus.remove(CONTEXT_MENU_ID).catch(() => undefined).finally(() => {
    browser.contextMenus.create({
      id: CONTEXT_MENU_ID,
      // `%s` is the selection, filled in by the browser.
      title: t('contextMenuAdd'),
      contexts: ['selection'],
    });
  });
}

export async function onContextMenuClicked(info: { menuItemId: string | number; selectionText?: string }, tab?: Tabs.Tab): Promise<void> {
  if (info.menuItemId !== CONTEXT_MENU_ID || !info.selectionText) return;
  const url = browser.runtime.getURL(prefilledEditorUrl(info.selectionText, { title: tab?.title, url: tab?.url }));
  await browser.windows.create({ url, type: 'popup', width: 440, height: 680 });
}
