/**
 * Keyboard commands (manifest `commands`) other than `_execute_action`, which the browser handles.
 * `next-mention` (Alt+Shift+M by default) asks the active tab's top frame to open the card of the
 * mention at the selection or of the next mention: highlights are invisible to screen readers, so
 * this is the keyboard and screen-reader path to the cards. Only the top frame is asked: it owns
 * the page's reading order, and a tab message to every frame would open a card in each.
 */
import browser, { type Tabs } from '../shared/browser';
import { sendToTab } from '../shared/messaging';

export const NEXT_MENTION = 'next-mention';

export async function onCommand(command: string, tab?: Tabs.Tab): Promise<void> {
  if (command !== NEXT_MENTION) return;
  // Firefox passes the tab; Chrome does too since 86, but query when it is missing.
  const target = tab?.id !== undefined ? tab : (await browser.tabs.query({ active: true, currentWindow: true }))[0];
  if (target?.id === undefined) return;
  await sendToTab(target.id, 'nextMention', {}, 0).catch(() => undefined); // no content script there
}
