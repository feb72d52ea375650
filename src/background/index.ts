/**
 * Background entry: only wiring. Every listener is registered synchronously at the top level
 * (an MV3 worker woken by an event must find its listener on the first run of this script);
 * handlers wait on `ready` (store open, matcher loaded), or only on `opened` when they just read the store.
 */
import browser, { type Runtime } from '../shared/browser';
import { isRequest } from '../shared/messaging';
import type { Request } from '../shared/protocol';
import { createBackground } from './app';
import { withheldAccessReason } from './site-access';
import { setMentionBadge, setSyncBlockedBadge } from './badge';
import { createContextMenu, onContextMenuClicked } from './context-menu';
import { handlers } from './handlers';
import { importHanded, resumeImports } from './imports';
import { requestPersistentStorage } from './persistence';
import { isRefreshAlarm, scheduleRefresh } from './subscriptions';
import { SYNC_ALARM, SYNC_PERIOD_MINUTES } from './sync-service';
import { browserSyncedArea } from './subscriptions/synced-area-browser';
import { broadcast, injectIntoFramesWithText, injectIntoOpenTabs, openEditor, closeCards } from './tabs';
import { onCommand } from './commands';
import { listenForHandedUploads } from './upload-handoff';

const { background, ready, opened } = createBackground({ broadcast, badge: setMentionBadge, openEditor, closeCards, syncBlocked: setSyncBlockedBadge, injectFramesWithText: injectIntoFramesWithText, explainUnreachable: withheldAccessReason,
  // Chrome stops a worker 30 s after its last extension event or API call; IndexedDB work alone does not count
  // (since Chrome 110 an API call resets the timer: developer.chrome.com/docs/extensions/develop/concepts/service-workers/lifecycle).
  keepAlive: async () => void (await browser.runtime.getPlatformInfo()) }, browserSyncedArea());

/** Requests that only read the store: answered once it is open, without waiting for the matcher. */
const STORE_READS: ReadonlySet<Request['type']> = new Set<Request['type']>([
  'search', 'getEntity', 'cards', 'stats', 'escapePressed', 'siteEnabled', 'listSites', 'listBackups', 'getSyncSettings', 'syncState', 'listSubscriptions', 'listTrash',
]);

async function handle(request: Request, sender: Runtime.MessageSender): Promise<unknown> {
  await (STORE_READS.has(request.type) ? opened : ready);
  const handler = handlers[request.type] as (r: Request, bg: typeof background, s: Runtime.MessageSender) => Promise<unknown>;
  return handler(request, background, sender);
}

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  if (!isRequest(message) || !(message.type in handlers)) return undefined;
  return handle(message, sender);
});

// Chrome: files the options page hands to this service worker, staged and imported here.
listenForHandedUploads(globalThis, (upload) => ready.then(() => importHanded(background, upload)));

browser.runtime.onInstalled.addListener(() => {
  void requestPersistentStorage();
  void injectIntoOpenTabs();
  createContextMenu();
});

// Site access granted again (Firefox's add-on permissions, Chrome's site access): tabs opened
// while it was withheld got no content script; they get it now, without a reload (found by a
// probe, 2026-12-07). A tab that has one already keeps it (lifecycle.ts `claim`).
browser.permissions.onAdded.addListener((added) => {
  if ((added.origins ?? []).length > 0) void injectIntoOpenTabs();
});

browser.commands.onCommand.addListener((command, tab) => void onCommand(command, tab));

browser.contextMenus.onClicked.addListener((info, tab) => void onContextMenuClicked(info, tab));

browser.alarms.onAlarm.addListener((alarm) => {
  if (isRefreshAlarm(alarm)) void ready.then(() => background.subscriptions.refresh());
  if (alarm.name === SYNC_ALARM) void ready.then(() => background.sync.runIfConfigured());
});

void browser.alarms.get(SYNC_ALARM).then((existing) => {
  if (!existing) void browser.alarms.create(SYNC_ALARM, { periodInMinutes: SYNC_PERIOD_MINUTES });
});

void scheduleRefresh(browser.alarms);

// An import whose worker stopped before it ended is run again from its staged file.
void ready.then(() => resumeImports(background));
ready.catch((error: unknown) => console.error('Backstory: the store could not be opened', error));
