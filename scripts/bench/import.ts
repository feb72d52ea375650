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
 * - Popup opening to first contentful paint with the 100k entities stored, beside the same with
 *   an empty store in the same browser (what page loading alone costs on the machine), and the
 *   `limit`: a static one-line HTML page from 127.0.0.1 opened in a new tab the same way.
 *
 * Skips with a message without ../shared/corpus or the build.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, waitFor, type ExtBrowser, type Tab } from '../lib/browsers';
import { distChrome } from '../lib/paths';
import { startStaticServer } from '../lib/server';
import { CORPUS_DIR, corpusPresent } from './corpus';
import type { Row } from './harness';

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

/** The median first contentful paint of `times` openings of a page (the first opening of a page is slower). */
async function medianFcp(open: () => Promise<Tab>, times = 5): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < times; i++) {
    const tab = await open();
    try {
      values.push(await tab.evaluate<number>(FCP_SCRIPT));
    } finally {
      await tab.close();
    }
  }
  values.sort((a, b) => a - b);
  return Math.round(values[Math.floor(values.length / 2)]);
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
  const staticDir = mkdtempSync(join(tmpdir(), 'bench-static-'));
  writeFileSync(join(staticDir, 'one-line.html'), '<!doctype html><meta charset="utf-8"><title>One line</title><p>One line of text.</p>');
  const server = await startStaticServer({ '/corpus/': CORPUS_DIR, '/static/': staticDir });
  const browser = await launchChromium();
  const rows: Row[] = [];
  const bench = 'import 100k cities (Chromium)';
  try {
    const popupFcp = (): Promise<number> => medianFcp(() => browser.openExtensionPage('popup.html'));
    const emptyFcp = await popupFcp();
    // The floor for any page in a new tab on this machine: one paragraph of static HTML, no script.
    const limitFcp = await medianFcp(() => browser.newTab(server.url('/static/one-line.html')));
    const [status, ms] = await timedImport(browser, file);
    if (!/^Imported 100000 entities$/.test(status)) throw new Error(`unexpected import status: ${status}`);
    rows.push({ bench, subject: 'backstory', metric: 'import time (100k)', unit: 'ms', better: 'lower', value: Math.round(ms) });
    rows.push({ bench, subject: 'backstory', metric: 'import rate', unit: 'entities/s', better: 'higher', value: Math.round(100_000 / (ms / 1000)) });
    await printBackgroundLaps(browser);

    const options = await browser.openExtensionPage('options.html');
    try {
      const naiveMs = await options.evaluate<number>(naiveScript(server.url('/corpus/entities-cities-100k.json'), NAIVE_N));
      rows.push({ bench, subject: 'one put per entity', metric: 'import rate', unit: 'entities/s', better: 'higher', value: Math.round(NAIVE_N / (naiveMs / 1000)) });
    } finally {
      await options.close();
    }

    const fcp = await popupFcp();
    rows.push({ bench: 'popup with 100k entities (Chromium)', subject: 'backstory', metric: 'open to first contentful paint (median of 5)', unit: 'ms', better: 'lower', value: fcp });
    rows.push({ bench: 'popup with 100k entities (Chromium)', subject: 'empty store', metric: 'open to first contentful paint (median of 5)', unit: 'ms', better: 'lower', value: emptyFcp });
    rows.push({ bench: 'popup with 100k entities (Chromium)', subject: 'limit', metric: 'static one-line page in a new tab, first contentful paint (median of 5)', unit: 'ms', better: 'lower', value: limitFcp });
  } finally {
    await browser.close();
    await server.close();
  }
  return rows;
}
