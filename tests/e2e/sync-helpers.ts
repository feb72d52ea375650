/**
 * Helpers for the sync and subscriptions end-to-end tests (`sync-chromium.test.ts`,
 * `subscriptions-chromium.test.ts`). Everything goes through the controls CONTRACT §4 names:
 * the options page's `Server URL`, `Database`, `Username`, `Password`, `Sync now` and its own
 * `role="status"`; `List URL`, `Subscribe`, `Unsubscribe`; the popup's `Search entities`, result
 * buttons and editor fields. Plus a small list server (node `http` on 127.0.0.1) that speaks
 * ETag / Last-Modified and answers 304 to conditional requests, as a published list's host does.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { findByLabelScript, waitFor, type ExtBrowser, type Tab } from '../../scripts/lib/browsers';

// ---------------------------------------------------------------------------------------------
// Page scripts (strings: see docs/testing.md on why functions are not serialized)

/**
 * The `role="status"` element of the options page section that holds the button named exactly
 * `buttonName` (`Sync now`, `Subscribe`): each section has its own status (CONTRACT §4).
 */
const sectionOfButton = `(name) => {
  const norm = (s) => (s || '').replace(/\\s+/g, ' ').trim();
  const button = [...document.querySelectorAll('button')].find((b) => norm(b.textContent) === name);
  return button ? button.closest('section') : null;
}`;

function sectionStatusScript(buttonName: string): string {
  return `((name) => {
    const section = (${sectionOfButton})(name);
    const status = section && section.querySelector('[role="status"], output');
    return status ? (status.textContent || '').replace(/\\s+/g, ' ').trim() : null;
  })(${JSON.stringify(buttonName)})`;
}

/**
 * Starts recording every change of the text the section's status shows (a MutationObserver), from
 * now on, in `window.__backstoryStatusLog[buttonName]`. Recording catches `Syncing…` even when it
 * is short.
 */
function watchStatusScript(buttonName: string): string {
  return `((name) => {
    const find = ${sectionOfButton};
    const section = find(name);
    if (!section) return false;
    const logs = (window.__backstoryStatusLog = window.__backstoryStatusLog || {});
    const observers = (window.__backstoryStatusObservers = window.__backstoryStatusObservers || {});
    if (observers[name]) observers[name].disconnect();
    const log = (logs[name] = []);
    const current = () => {
      const status = section.querySelector('[role="status"], output');
      return status ? (status.textContent || '').replace(/\\s+/g, ' ').trim() : '';
    };
    // Only changes from what the status shows now are recorded.
    let last = current();
    const read = () => {
      const text = current();
      if (text !== last) log.push(text);
      last = text;
    };
    const observer = new MutationObserver(read);
    observer.observe(section, { subtree: true, childList: true, characterData: true, attributes: true });
    observers[name] = observer;
    return true;
  })(${JSON.stringify(buttonName)})`;
}

function statusLogScript(buttonName: string): string {
  return `((window.__backstoryStatusLog || {})[${JSON.stringify(buttonName)}] || [])`;
}

/** What a test reads of a form control found by its label (same label rules as the harness). */
export interface FieldState {
  tag: string;
  disabled: boolean;
  readOnly: boolean;
  value: string;
}

export function fieldStateScript(label: string): string {
  return `((el) => el && ({ tag: el.tagName.toLowerCase(), disabled: el.matches(':disabled'), readOnly: !!el.readOnly, value: el.value }))(${findByLabelScript(label)})`;
}

/** Texts of the items of the options page's list of subscriptions (each `li` with its buttons). */
export interface SubscriptionItem {
  text: string;
  buttons: string[];
}

export const subscriptionItemsScript = `(() => {
  const norm = (s) => (s || '').replace(/\\s+/g, ' ').trim();
  const section = [...document.querySelectorAll('section')].find((s) => [...s.querySelectorAll('button')].some((b) => norm(b.textContent) === 'Subscribe'));
  if (!section) return [];
  return [...section.querySelectorAll('li')].map((li) => ({
    text: norm(li.textContent),
    buttons: [...li.querySelectorAll('button')].map((b) => norm(b.getAttribute('aria-label') || b.textContent)),
  }));
})()`;

/** Clicks the `Unsubscribe` button of the subscription item whose text contains `text`. */
export function unsubscribeButtonScript(text: string): string {
  return `((text) => {
    const norm = (s) => (s || '').replace(/\\s+/g, ' ').trim();
    const li = [...document.querySelectorAll('li')].find((l) => norm(l.textContent).includes(text));
    const button = li && [...li.querySelectorAll('button')].find((b) => norm(b.textContent) === 'Unsubscribe');
    if (!button) return false;
    button.click();
    return true;
  })(${JSON.stringify(text)})`;
}

// ---------------------------------------------------------------------------------------------
// Options page: sync and subscriptions

export interface SyncSettings {
  serverUrl: string;
  database: string;
  username: string;
  password: string;
}

/** The section status of the button `buttonName`, or null when there is no such section yet. */
export function sectionStatus(tab: Tab, buttonName: string): Promise<string | null> {
  return tab.evaluate<string | null>(sectionStatusScript(buttonName));
}

/** Types the settings into the four sync fields (each change is saved by the page at once). */
export async function fillSyncSettings(options: Tab, settings: Partial<SyncSettings>): Promise<void> {
  if (settings.serverUrl !== undefined) await options.fill('Server URL', settings.serverUrl);
  if (settings.database !== undefined) await options.fill('Database', settings.database);
  if (settings.username !== undefined) await options.fill('Username', settings.username);
  if (settings.password !== undefined) await options.fill('Password', settings.password);
}

export interface SyncOutcome {
  /** The final status text: `Synced …` or `Sync failed: …`. */
  status: string;
  /** Every text the sync status showed from the click on, in order. */
  seen: string[];
}

const syncOutcome = /^(Synced\b|Sync failed:)/;

/**
 * Presses `Sync now` on an options tab and waits for the outcome that follows `Syncing…`.
 * Throws when the status never says `Syncing…` first.
 */
export async function pressSyncNow(options: Tab, timeout = 60_000): Promise<SyncOutcome> {
  await waitFor(() => options.evaluate<boolean>(watchStatusScript('Sync now')), { message: 'the Sync section of the options page' });
  await options.click('Sync now', ['button']);
  let seen: string[] = [];
  const status = await waitFor(
    async () => {
      seen = await options.evaluate<string[]>(statusLogScript('Sync now'));
      const syncing = seen.indexOf('Syncing…');
      if (syncing < 0) return null;
      return seen.slice(syncing + 1).find((t) => syncOutcome.test(t)) ?? null;
    },
    { timeout, message: () => `"Syncing…" then a sync outcome (status texts seen: ${JSON.stringify(seen)})` },
  );
  return { status, seen };
}

/** Opens the options page, fills the settings, presses `Sync now`, closes the page. */
export async function syncThroughOptions(browser: ExtBrowser, settings?: Partial<SyncSettings>): Promise<SyncOutcome> {
  const options = await browser.openExtensionPage('options.html');
  try {
    if (settings) await fillSyncSettings(options, settings);
    return await pressSyncNow(options);
  } finally {
    await options.close();
  }
}

const subscribeOutcome = /^(Subscribed: \d+ entities|Subscription refused: )/;

/** Types `url` into `List URL`, presses `Subscribe` and returns the new subscription status. */
export async function subscribeTo(options: Tab, url: string, timeout = 30_000): Promise<string> {
  await waitFor(() => options.evaluate<boolean>(watchStatusScript('Subscribe')), { message: 'the Subscriptions section of the options page' });
  await options.fill('List URL', url);
  await options.click('Subscribe', ['button']);
  let seen: string[] = [];
  return waitFor(
    async () => {
      seen = await options.evaluate<string[]>(statusLogScript('Subscribe'));
      return seen.find((t) => subscribeOutcome.test(t)) ?? null;
    },
    { timeout, message: () => `a subscription outcome (status texts seen: ${JSON.stringify(seen)})` },
  );
}

// ---------------------------------------------------------------------------------------------
// Popup

/**
 * Opens the popup page in a tab, searches `query` in `Search entities`, clicks the result button
 * named `name` and waits until the editor shows it (its `Notes` field is there).
 */
export async function openInPopup(browser: ExtBrowser, query: string, name: string): Promise<Tab> {
  const popup = await browser.openExtensionPage('popup.html');
  try {
    await popup.fill('Search entities', query);
    await popup.click(name, ['button']);
    let shown: FieldState | null = null;
    await waitFor(async () => (shown = await popup.evaluate<FieldState | null>(fieldStateScript('Name')))?.value === name, {
      message: () => `the popup editor showing "${name}" (its Name field: ${JSON.stringify(shown)})`,
    });
    await waitFor(() => popup.evaluate<FieldState | null>(fieldStateScript('Notes')), { message: 'the popup editor\'s Notes field' });
    return popup;
  } catch (error) {
    await popup.close();
    throw error;
  }
}

/** The popup editor's notes for one entity (opens and closes the popup). */
export async function notesInPopup(browser: ExtBrowser, query: string, name: string): Promise<string> {
  const popup = await openInPopup(browser, query, name);
  try {
    return await popup.fieldValue('Notes');
  } finally {
    await popup.close();
  }
}

/** Replaces the notes of one entity through the popup editor and waits for `Saved`. */
export async function writeNotesInPopup(browser: ExtBrowser, query: string, name: string, notes: string): Promise<void> {
  const popup = await openInPopup(browser, query, name);
  try {
    await popup.fill('Notes', notes);
    await waitFor(async () => (await popup.statusTexts()).includes('Saved'), { timeout: 10_000, message: 'the notes status "Saved"' });
    const kept = await popup.fieldValue('Notes');
    if (kept !== notes) throw new Error(`the Notes field holds ${JSON.stringify(kept)} after typing ${JSON.stringify(notes)}`);
  } finally {
    await popup.close();
  }
}

// ---------------------------------------------------------------------------------------------
// A published list's host: node http on 127.0.0.1, validators and 304s

export interface ServedFile {
  body: string;
  contentType: string;
}

export interface ListRequest {
  path: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  status: number;
}

export interface ListServer {
  readonly origin: string;
  url(path: string): string;
  /** Serves `body` at `path` from now on, with a new ETag and a later Last-Modified when it changed. */
  set(path: string, body: string, contentType?: string): void;
  /** Every request received, in order. */
  readonly requests: ListRequest[];
  close(): Promise<void>;
}

interface Route extends ServedFile {
  etag: string;
  lastModified: Date;
}

/**
 * A server for published lists and test pages. Each body has a strong ETag (its SHA-256) and a
 * Last-Modified that moves forward by at least a second whenever the body changes; a request
 * with a matching `If-None-Match`, or (without it) an `If-Modified-Since` not older than
 * Last-Modified, gets 304 with no body.
 */
export async function startListServer(): Promise<ListServer> {
  const routes = new Map<string, Route>();
  const requests: ListRequest[] = [];
  let clock = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;

  const answer = (req: IncomingMessage, res: ServerResponse): void => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const route = routes.get(path);
    const ifNoneMatch = header(req, 'if-none-match');
    const ifModifiedSince = header(req, 'if-modified-since');
    const log = (status: number): void => {
      requests.push({ path, ifNoneMatch, ifModifiedSince, status });
    };
    if (!route || (req.method !== 'GET' && req.method !== 'HEAD')) {
      log(404);
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const validators = { etag: route.etag, 'last-modified': route.lastModified.toUTCString(), 'cache-control': 'no-cache' };
    let notModified = false;
    if (ifNoneMatch !== undefined) {
      notModified = ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === route.etag || tag.trim() === '*');
    } else if (ifModifiedSince !== undefined) {
      const since = Date.parse(ifModifiedSince);
      notModified = !Number.isNaN(since) && since >= route.lastModified.getTime();
    }
    if (notModified) {
      log(304);
      res.writeHead(304, validators).end();
      return;
    }
    log(200);
    res.writeHead(200, { ...validators, 'content-type': route.contentType });
    res.end(req.method === 'HEAD' ? undefined : route.body);
  };

  const server: Server = createServer(answer);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => origin + (path.startsWith('/') ? path : `/${path}`),
    set(path, body, contentType = 'application/json; charset=utf-8') {
      const etag = `"${createHash('sha256').update(body).update(contentType).digest('hex').slice(0, 32)}"`;
      const previous = routes.get(path);
      if (previous && previous.etag === etag) return;
      clock = Math.max(clock + 1000, Math.floor(Date.now() / 1000) * 1000 - 3_600_000);
      routes.set(path, { body, contentType, etag, lastModified: new Date(clock) });
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
