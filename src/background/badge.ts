/**
 * The toolbar badge: how many entities the tab's page mentions. The content script cannot set
 * it, so its top frame reports the count (`reportMentions`) and this sets the tab's own badge
 * text. Browsers clear a tab's badge when it navigates; the new page reports again.
 */
import browser from '../shared/browser';

/** A calm colour that reads on light and dark toolbars. */
const BADGE_COLOUR = '#2f5bd3';
let coloured = false;

export async function setMentionBadge(tabId: number, count: number): Promise<void> {
  const text = count <= 0 ? '' : count > 999 ? '999+' : String(count);
  if (!coloured) {
    coloured = true;
    await browser.action.setBadgeBackgroundColor({ color: BADGE_COLOUR }).catch(() => undefined);
    // Chrome and Firefox both take a text colour; white on the accent blue.
    await browser.action.setBadgeTextColor?.({ color: '#ffffff' })?.catch(() => undefined);
  }
  // The tab may have closed since it reported: nothing to do then.
  await browser.action.setBadgeText({ tabId, text }).catch(() => undefined);
}

/**
 * The sync failsafe stopped a mass deletion: every tab's badge says so (a red `!` as the default
 * text; tabs that report mentions show their count again once it is cleared) and the tooltip says
 * where to go.
 */
export async function setSyncBlockedBadge(blocked: boolean): Promise<void> {
  await browser.action.setBadgeBackgroundColor({ color: blocked ? '#b3261e' : BADGE_COLOUR }).catch(() => undefined);
  await browser.action.setBadgeText({ text: blocked ? '!' : '' }).catch(() => undefined);
  await browser.action
    .setTitle({ title: blocked ? 'Backstory: a sync would delete many entities and waits for Continue in the options' : 'Backstory' })
    .catch(() => undefined);
}
