/**
 * Sync benchmarks (issue 6): a first sync of 100k entities from the server into an empty store,
 * a sync with no change, and an incremental sync of 100 changes over 100k (target ≤ 1 s).
 *
 * The server is the express-pouchdb test server (in-memory PouchDB, 127.0.0.1); the store is
 * Dexie over fake-indexeddb in Node, so figures are upper bounds of the store side compared with
 * a browser's IndexedDB. `BENCH_SYNC_N` changes the size. Run alone: `npx tsx scripts/bench/sync.ts`.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { pathToFileURL } from 'node:url';
import { syncOnce } from '../../src/background/sync/index';
import { versionToDoc } from '../../src/core/sync/doc';
import { localVersion } from '../../src/core/sync/merge';
import { openDb } from '../../src/shared/db';
import { startCouchServer } from '../../tests/support/couch-server';

import type { Row as BenchRow } from './harness';

/** The one row shape of bench-results.json (CONTRACT §1), defined in harness.ts. */
export type { BenchRow };

function entityDoc(i: number, summary = `Entity number ${i}`) {
  const entity = {
    id: `e${i}`, name: `Entity ${i}`, aliases: [`E${i}`], type: 'person' as const, summary,
    notes: `Notes on entity ${i}.\nSecond line.`, tags: ['bench'], links: [{ title: 'Home', url: `https://example.org/${i}` }],
    updatedAt: new Date(Date.UTC(2025, 0, 1) + i).toISOString(),
  };
  return versionToDoc(localVersion(undefined, entity, 'bench'), undefined, 'bench');
}

export async function benchSync(n = Number(process.env.BENCH_SYNC_N ?? 100_000)): Promise<BenchRow[]> {
  const couch = await startCouchServer();
  const rows: BenchRow[] = [];
  const row = (bench: string, metric: string, unit: string, value: number): void => {
    rows.push({ bench, subject: 'backstory', metric, unit, better: unit === 'entities/s' ? 'higher' : 'lower', value: Math.round(value * 10) / 10 });
  };
  try {
    await couch.createDb('bench');
    for (let i = 0; i < n; i += 5000) {
      const docs = Array.from({ length: Math.min(5000, n - i) }, (_, k) => entityDoc(i + k));
      const r = await couch.request('POST', '/bench/_bulk_docs', { docs });
      if (r.status !== 201) throw new Error(`seeding: ${r.status}`);
    }
    const db = openDb({ indexedDB: new IDBFactory(), IDBKeyRange, name: 'bench' });
    const config = { serverUrl: couch.url, database: 'bench', username: couch.admin.username, password: couch.admin.password };
    const label = `${n.toLocaleString('en-US')} entities`;

    let t = performance.now();
    const first = await syncOnce(db, config, { timeoutMs: 120_000 });
    const firstMs = performance.now() - t;
    if (!first.ok || (await db.entities.count()) !== n) throw new Error(`first sync: ${first.status}`);
    row(`sync: first sync of ${label} into an empty store`, 'time', 'ms', firstMs);
    row(`sync: first sync of ${label} into an empty store`, 'throughput', 'entities/s', n / (firstMs / 1000));

    t = performance.now();
    const quiet = await syncOnce(db, config);
    row(`sync: no-change sync over ${label}`, 'time', 'ms', performance.now() - t);
    if (!quiet.ok || quiet.pulled !== 0) throw new Error(`no-change sync: ${quiet.status}`);

    const all = await couch.request('POST', '/bench/_all_docs?include_docs=true', { keys: Array.from({ length: 100 }, (_, k) => `entity:e${Math.floor((k * n) / 100)}`) });
    const changed = (all.body as { rows: { doc: Record<string, unknown> }[] }).rows.map((r) => ({ ...r.doc, summary: 'changed', updatedAt: '2030-01-01T00:00:00.000Z', sync: {} }));
    await couch.request('POST', '/bench/_bulk_docs', { docs: changed });
    t = performance.now();
    const incremental = await syncOnce(db, config);
    row(`sync: incremental sync of 100 changes over ${label}`, 'time', 'ms', performance.now() - t);
    if (!incremental.ok || incremental.changedIds.length !== 100) throw new Error(`incremental sync: ${incremental.status}`);

    const ids = Array.from({ length: 100 }, (_, k) => `e${k * 7}`);
    await db.transaction('rw', db.entities, db.sync, async () => {
      for (const id of ids) {
        await db.entities.update(id, { notes: 'edited here', updatedAt: new Date().toISOString() });
        await db.sync.update(id, { pending: 1 });
      }
    });
    t = performance.now();
    const pushed = await syncOnce(db, config);
    row(`sync: sending 100 local changes over ${label}`, 'time', 'ms', performance.now() - t);
    if (!pushed.ok || pushed.pushed !== 100) throw new Error(`push: ${pushed.status}`);
    db.close();
  } finally {
    await couch.close();
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchSync().then((rows) => console.table(rows), (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
