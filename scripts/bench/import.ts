/**
 * Import and popup figures of issue 5, in real Chromium with the built extension (dist/chrome):
 *
 * - Backstory: the 100k-city list imported through the options page (`Import entities`), from
 *   choosing the file (the options page already open) to the status `Imported 100000 entities`
 *   (staging, parsing, validation, one atomic transaction, matcher rebuild). The background's
 *   own laps are printed on stderr.
 * - Naive peer: one IndexedDB `put` per entity, each in its own transaction, with the same
 *   indexes, in the same extension origin. It is measured on the first 20,000 entities (100k
 *   would take minutes); both rows are given as entities per second to compare.
 * - Popup opening to first contentful paint (navigation start to the paint entry) with the 100k
 *   entities stored, beside the same with an empty store in the same browser, each opening
 *   alternating with one of the `limit`: a static one-line HTML page in the extension's own origin
 *   (no script, no stylesheet), opened in a new tab the same way. The extension under test is a
 *   copy of dist/chrome with that one page added. A static page from 127.0.0.1 is printed too,
 *   but it is no floor: Backstory's content script (document_start) runs in it.
 * - The popup as readers open it: `chrome.action.openPopup()` from the service worker (it works
 *   in headless Chromium), its paint read over CDP (the popup is a target playwright does not
 *   list; a session attached to it answers through `Target.sendMessageToTarget`): first
 *   contentful paint from its navigation start, and from the `openPopup()` call; its `limit` is the
 *   same static one-line page set as the popup (`chrome.action.setPopup`) and opened the same way.
 * - Popup search per keystroke in the real popup, beside an in-page `Array.filter` (keystrokes.ts).
 * - `Delete all entities` with the 100k stored (confirmed → its status), then `Restore` of the
 *   backup it made.
 *
 * Skips with a message without ../shared/corpus or the build.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { launchChromium, waitFor, type ExtBrowser, type Tab } from '../lib/browsers';
import { distChrome } from '../lib/paths';
import { startStaticServer } from '../lib/server';
import { CORPUS_DIR, corpusPresent } from './corpus';
import type { Row } from './harness';
import { keystrokeRows, writeNaiveSearchPage } from './keystrokes';

const NAIVE_N = 20_000;

/** Runs in the options page: one transaction per put, the v1 indexes. Resolves with ms. */
const naiveScript = (url: string, n: number) => `(async () => {
  const entities = (await (await fetch(${JSON.stringify(url)})).json()).slice(0, ${n});
  const name = 'backstory-bench-naive-' + Math.random();
  const db = await new Promise((resolve, reject) => {
    const req = indexedDB.open(name, 1);
    req.onupgradeneeded = () => {
      const store = req.result.createObjectStore('entities', { keyPath: 'id' });
      store.createIndex('name', 'name');
      store.createIndex('aliases', 'aliases', { multiEntry: true });
      store.createIndex('updatedAt', 'updatedAt');
      store.createIndex('source', 'source');
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const started = performance.now();
  for (let i = 0; i < entities.length; i++) {
    const e = entities[i];
    await new Promise((resolve, reject) => {
      const tx = db.transaction('entities', 'readwrite');
      tx.objectStore('entities').put({ aliases: [], updatedAt: '2025-01-01T00:00:00Z', ...e, id: String(e.id ?? i), source: 'own' });
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
  }
  const ms = performance.now() - started;
  db.close();
  indexedDB.deleteDatabase(name);
  return ms;
})()`;

/** Where the background's part of the import went (handlers.ts keeps it in `meta`), on stderr. */
async function printBackgroundLaps(browser: ExtBrowser): Promise<void> {
  const page = await browser.openExtensionPage('options.html');
  try {
    const laps = await page.evaluate<string>(`new Promise((resolve) => {
      const req = indexedDB.open('backstory');
      req.onsuccess = () => {
        const get = req.result.transaction('meta').objectStore('meta').get('lastImportTimings');
        get.onsuccess = () => { resolve(JSON.stringify(get.result?.value ?? null)); req.result.close(); };
        get.onerror = () => resolve('unreadable');
      };
      req.onerror = () => resolve('unreadable');
    })`);
    process.stderr.write(`  background laps of the import: ${laps}\n`);
  } finally {
    await page.close();
  }
}

const FCP_SCRIPT = `new Promise((resolve) => {
  const seen = () => performance.getEntriesByName('first-contentful-paint')[0];
  const poll = () => (seen() ? resolve(seen().startTime) : setTimeout(poll, 20));
  poll();
})`;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]);
};

/**
 * The median first contentful paint of `times` openings of each page, the pages taking turns
 * (popup, limit, popup, limit…) so that the machine's load weighs on both alike.
 */
async function medianFcps(opens: readonly (() => Promise<Tab>)[], times = 5): Promise<number[]> {
  const values: number[][] = opens.map(() => []);
  for (let i = 0; i < times; i++) {
    for (const [k, open] of opens.entries()) {
      const tab = await open();
      try {
        values[k].push(await tab.evaluate<number>(FCP_SCRIPT));
      } finally {
        await tab.close();
      }
    }
  }
  return values.map(median);
}

interface TargetInfo { targetId: string; type: string; url: string }

/** Evaluates `expression` (awaited) in a target playwright does not list, over `cdp`. */
async function evaluateInTarget<T>(cdp: CDPSession, targetId: string, expression: string): Promise<T> {
  const untyped = cdp as unknown as { send(method: string, params: object): Promise<unknown>; on(event: string, fn: (e: { sessionId: string; message: string }) => void): void; off(event: string, fn: (e: { sessionId: string; message: string }) => void): void };
  const { sessionId } = (await untyped.send('Target.attachToTarget', { targetId, flatten: false })) as { sessionId: string };
  return new Promise<T>((resolve, reject) => {
    const onMessage = (e: { sessionId: string; message: string }) => {
      const answer = JSON.parse(e.message) as { id?: number; result?: { result?: { value?: T }; exceptionDetails?: unknown } };
      if (e.sessionId !== sessionId || answer.id !== 1) return;
      untyped.off('Target.receivedMessageFromTarget', onMessage);
      if (answer.result?.exceptionDetails || answer.result?.result === undefined) reject(new Error(`evaluation failed in ${targetId}: ${e.message}`));
      else resolve(answer.result.result.value as T);
    };
    untyped.on('Target.receivedMessageFromTarget', onMessage);
    const message = JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression, awaitPromise: true, returnByValue: true } });
    untyped.send('Target.sendMessageToTarget', { sessionId, message }).catch(reject);
  });
}

/**
 * The popup opened as readers open it (`chrome.action.openPopup()` in the service worker),
 * `times` times: medians of its first contentful paint from its own navigation start, and from
 * the `openPopup()` call (both clocks are the machine's: `timeOrigin + now()`).
 */
async function actionPopupFcp(browser: ExtBrowser, anchor: Tab, popupPage = 'popup.html', times = 5): Promise<{ fromNavigation: number; fromCall: number }> {
  const page = (anchor as unknown as { page: Page }).page;
  const worker = page.context().serviceWorkers().find((w) => w.url().startsWith(browser.extensionBase));
  if (!worker) throw new Error('no service worker to call openPopup() in');
  await worker.evaluate(`chrome.action.setPopup({ popup: ${JSON.stringify(popupPage)} })`);
  const cdp = await page.context().newCDPSession(page);
  const popupUrl = browser.extensionBase + popupPage;
  const popups = async (): Promise<TargetInfo[]> =>
    ((await cdp.send('Target.getTargets')) as { targetInfos: TargetInfo[] }).targetInfos.filter((t) => t.type === 'page' && t.url === popupUrl);
  const fromNavigation: number[] = [];
  const fromCall: number[] = [];
  try {
    for (let i = 0; i < times; i++) {
      await page.bringToFront();
      const before = new Set((await popups()).map((t) => t.targetId));
      const calledAt = await worker.evaluate<number>(`(async () => { const t = performance.timeOrigin + performance.now(); await chrome.action.openPopup(); return t; })()`);
      const target = await waitFor(async () => (await popups()).find((t) => !before.has(t.targetId)), { message: 'the action popup' });
      const [fcp, at] = await evaluateInTarget<[number, number]>(cdp, target.targetId, `${FCP_SCRIPT}.then((fcp) => [fcp, performance.timeOrigin + fcp])`);
      fromNavigation.push(fcp);
      fromCall.push(at - calledAt);
      await cdp.send('Target.closeTarget', { targetId: target.targetId });
      await waitFor(async () => !(await popups()).some((t) => t.targetId === target.targetId), { message: 'the action popup to close' });
    }
  } finally {
    await cdp.detach();
    await worker.evaluate(`chrome.action.setPopup({ popup: 'popup.html' })`);
  }
  return { fromNavigation: median(fromNavigation), fromCall: median(fromCall) };
}

/** From choosing the file on an open options page to the import's status; resolves [status, ms]. */
async function timedImport(browser: ExtBrowser, file: string): Promise<[string, number]> {
  const tab = await browser.openExtensionPage('options.html');
  try {
    await waitFor(() => tab.statusTexts(), { message: 'the options page' });
    const started = performance.now();
    await tab.setFiles('Import entities', file);
    const status = await waitFor(async () => (await tab.statusTexts()).find((t) => /^(Imported|Import refused)/.test(t)) ?? null, { timeout: 600_000, interval: 25, message: 'the import status' });
    return [status, performance.now() - started];
  } finally {
    await tab.close();
  }
}

/** On the options page: `Delete all entities`, confirmed, to its status; then `Restore` to its. */
async function timedDeleteAllAndRestore(browser: ExtBrowser): Promise<[string, number, number]> {
  const options = await browser.openExtensionPage('options.html');
  try {
    await options.click('Delete all entities');
    const started = performance.now();
    await options.click('Delete all');
    const deleted = await waitFor(async () => (await options.statusTexts()).find((t) => t.startsWith('Deleted')) ?? null, { timeout: 600_000, interval: 20, message: 'the delete-all status' });
    const deletedAt = performance.now();
    await options.click('Restore');
    await waitFor(async () => (await options.statusTexts()).find((t) => t.startsWith('Restored')) ?? null, { timeout: 600_000, interval: 20, message: 'the restore status' });
    return [deleted, deletedAt - started, performance.now() - deletedAt];
  } finally {
    await options.close();
  }
}

export async function benchImport(): Promise<Row[]> {
  const file = join(CORPUS_DIR, 'entities-cities-100k.json');
  if (!corpusPresent() || !existsSync(file)) {
    process.stderr.write('  import bench skipped: ../shared/corpus is not beside the repository\n');
    return [];
  }
  if (!existsSync(join(distChrome, 'manifest.json'))) {
    process.stderr.write('  import bench skipped: run npm run build first\n');
    return [];
  }
  const staticPage = '<!doctype html><meta charset="utf-8"><title>One line</title><p>One line of text.</p>';
  const staticDir = mkdtempSync(join(tmpdir(), 'bench-static-'));
  writeFileSync(join(staticDir, 'one-line.html'), staticPage);
  // The build under test plus one static page in its origin: the floor for the popup's paint.
  const extensionDir = mkdtempSync(join(tmpdir(), 'bench-extension-'));
  cpSync(distChrome, extensionDir, { recursive: true });
  writeFileSync(join(extensionDir, 'bench-static.html'), staticPage);
  writeNaiveSearchPage(extensionDir);
  const server = await startStaticServer({ '/corpus/': CORPUS_DIR, '/static/': staticDir });
  const browser = await launchChromium({ extensionDir });
  const rows: Row[] = [];
  const bench = 'import 100k cities (Chromium)';
  const popupBench = 'popup with 100k entities (Chromium)';
  const emptyBench = 'popup with an empty store (Chromium)';
  const fcpMetric = 'open in a new tab to first contentful paint (median of 5)';
  const popup = (): Promise<Tab> => browser.openExtensionPage('popup.html');
  const limit = (): Promise<Tab> => browser.openExtensionPage('bench-static.html');
  try {
    const [emptyFcp, emptyLimitFcp] = await medianFcps([popup, limit]);
    const [httpFcp] = await medianFcps([() => browser.newTab(server.url('/static/one-line.html'))]);
    const [status, ms] = await timedImport(browser, file);
    if (!/^Imported 100000 entities$/.test(status)) throw new Error(`unexpected import status: ${status}`);
    rows.push({ bench, subject: 'backstory', metric: 'import time (100k)', unit: 'ms', better: 'lower', value: Math.round(ms) });
    rows.push({ bench, subject: 'backstory', metric: 'import rate', unit: 'entities/s', better: 'higher', value: Math.round(100_000 / (ms / 1000)) });
    await printBackgroundLaps(browser);

    const options = await browser.openExtensionPage('options.html');
    try {
      const naiveMs = await options.evaluate<number>(naiveScript(server.url('/corpus/entities-cities-100k.json'), NAIVE_N));
      rows.push({ bench, subject: 'IndexedDB', metric: 'import rate, one put per transaction (the plain way)', unit: 'entities/s', better: 'higher', value: Math.round(NAIVE_N / (naiveMs / 1000)) });
    } finally {
      await options.close();
    }

    const [fcp, limitFcp] = await medianFcps([popup, limit]);
    rows.push({ bench: popupBench, subject: 'backstory', metric: fcpMetric, unit: 'ms', better: 'lower', value: fcp });
    rows.push({ bench: popupBench, subject: 'limit', metric: `${fcpMetric}: static one-line page in the extension, taking turns with the row above`, unit: 'ms', better: 'lower', value: limitFcp });
    rows.push({ bench: emptyBench, subject: 'backstory', metric: fcpMetric, unit: 'ms', better: 'lower', value: emptyFcp });
    rows.push({ bench: emptyBench, subject: 'limit', metric: `${fcpMetric}: static one-line page in the extension, taking turns with the row above`, unit: 'ms', better: 'lower', value: emptyLimitFcp });
    // No floor (Backstory's content script runs in it), so printed, not a row.
    process.stderr.write(`  a static page from 127.0.0.1, ${fcpMetric}: ${httpFcp} ms\n`);

    const anchor = await browser.newTab(server.url('/static/one-line.html'));
    try {
      const action = await actionPopupFcp(browser, anchor);
      // The floor of this path: the static one-line page opened as the action popup the same way.
      const floor = await actionPopupFcp(browser, anchor, 'bench-static.html');
      const navMetric = 'chrome.action.openPopup(): navigation start to first contentful paint (median of 5)';
      const callMetric = 'chrome.action.openPopup() call to first contentful paint (median of 5)';
      rows.push({ bench: popupBench, subject: 'backstory', metric: navMetric, unit: 'ms', better: 'lower', value: Math.round(action.fromNavigation) });
      rows.push({ bench: popupBench, subject: 'limit', metric: `${navMetric}: static one-line page as the popup`, unit: 'ms', better: 'lower', value: Math.round(floor.fromNavigation) });
      rows.push({ bench: popupBench, subject: 'backstory', metric: callMetric, unit: 'ms', better: 'lower', value: Math.round(action.fromCall) });
      rows.push({ bench: popupBench, subject: 'limit', metric: `${callMetric}: static one-line page as the popup`, unit: 'ms', better: 'lower', value: Math.round(floor.fromCall) });
    } finally {
      await anchor.close();
    }

    // Names typed into the popup: spread over the list, up to 10 characters each.
    const cities = JSON.parse(readFileSync(file, 'utf8')) as { name: string }[];
    const typed = Array.from({ length: 12 }, (_, k) => cities[Math.floor((k * cities.length) / 12)].name.slice(0, 10));
    rows.push(...(await keystrokeRows(browser, server.url('/corpus/entities-cities-100k.json'), typed, 'popup search per keystroke with 100k entities (Chromium)')));

    const [deleted, deleteMs, restoreMs] = await timedDeleteAllAndRestore(browser);
    if (!/^Deleted 100000 entities/.test(deleted)) throw new Error(`unexpected delete-all status: ${deleted}`);
    const deleteBench = 'Delete all entities with 100k imported, then Restore (Chromium)';
    rows.push({ bench: deleteBench, subject: 'backstory', metric: '"Delete all" confirmed → "Deleted 100000 entities"', unit: 'ms', better: 'lower', value: Math.round(deleteMs) });
    rows.push({ bench: deleteBench, subject: 'backstory', metric: '"Restore" → "Restored 100000 entities" (the same backup back)', unit: 'ms', better: 'lower', value: Math.round(restoreMs) });
  } finally {
    await browser.close();
    await server.close();
    rmSync(extensionDir, { recursive: true, force: true });
    rmSync(staticDir, { recursive: true, force: true });
  }
  return rows;
}
