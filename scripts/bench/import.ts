/**
 * Import and popup figures of issue 5, in real Chromium with the built extension (dist/chrome):
 *
 * - Backstory: the 100k-city list imported through the options page (`Import entities`), from
 *   choosing the file to the status `Imported 100000 entities` (staging, parsing, validation,
 *   one atomic transaction, matcher rebuild).
 * - Naive peer: one IndexedDB `put` per entity, each in its own transaction, with the same
 *   indexes, in the same extension origin. It is measured on the first 20,000 entities (100k
 *   would take minutes); both rows are given as entities per second to compare.
 * - Popup opening to first contentful paint with the 100k entities stored.
 *
 * Skips with a message without ../shared/corpus or the build.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { importEntities } from '../lib/actions';
import { launchChromium } from '../lib/browsers';
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
  const server = await startStaticServer({ '/corpus/': CORPUS_DIR });
  const browser = await launchChromium();
  const rows: Row[] = [];
  const bench = 'import 100k cities (Chromium)';
  try {
    const started = performance.now();
    const status = await importEntities(browser, file, { timeout: 600_000 });
    const ms = performance.now() - started;
    if (!/^Imported 100000 entities$/.test(status)) throw new Error(`unexpected import status: ${status}`);
    rows.push({ bench, subject: 'backstory', metric: 'import time (100k)', unit: 'ms', better: 'lower', value: Math.round(ms) });
    rows.push({ bench, subject: 'backstory', metric: 'import rate', unit: 'entities/s', better: 'higher', value: Math.round(100_000 / (ms / 1000)) });

    const options = await browser.openExtensionPage('options.html');
    try {
      const naiveMs = await options.evaluate<number>(naiveScript(server.url('/corpus/entities-cities-100k.json'), NAIVE_N));
      rows.push({ bench, subject: 'one put per entity', metric: 'import rate', unit: 'entities/s', better: 'higher', value: Math.round(NAIVE_N / (naiveMs / 1000)) });
    } finally {
      await options.close();
    }

    const popup = await browser.openExtensionPage('popup.html');
    try {
      const fcp = await popup.evaluate<number>(`new Promise((resolve) => {
        const seen = () => performance.getEntriesByName('first-contentful-paint')[0];
        const poll = () => (seen() ? resolve(seen().startTime) : setTimeout(poll, 20));
        poll();
      })`);
      rows.push({ bench: 'popup with 100k entities (Chromium)', subject: 'backstory', metric: 'open to first contentful paint', unit: 'ms', better: 'lower', value: Math.round(fcp) });
    } finally {
      await popup.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return rows;
}
