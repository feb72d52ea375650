/**
 * CONTRACT/issue 6: "Subscription refresh of a 100k-entity list that did not change: a single
 * conditional request, no rewrite of the store." fake-indexeddb says nothing about speed; this
 * checks the behaviour, which does not depend on size: 10k entities by default (fake-indexeddb
 * needs ~30 s to store 100k, too much for `npm test`), the full 100k with BACKSTORY_FULL_SIZE=1.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { refreshDue, subscribe } from '../../../src/background/subscriptions';
import { openDb } from '../../../src/shared/db';
import { listFile, startListServer, type ListServer } from './list-server';

const N = process.env.BACKSTORY_FULL_SIZE === '1' ? 100_000 : 10_000;
let server: ListServer;
beforeAll(async () => {
  server = await startListServer();
});
afterAll(() => server.close());

it(`refreshing an unchanged ${N.toLocaleString('en')}-entity list is one conditional request and no write`, async () => {
  const db = openDb({ indexedDB: new IDBFactory(), IDBKeyRange });
  let clock = Date.parse('2025-05-06T00:00:00Z');
  const deps = { now: () => new Date(clock), random: () => 0 };
  const entities = Array.from({ length: N }, (_, i) => ({ id: `e${i}`, name: `Entity ${i}`, type: 'other' }));
  server.serve('/big.json', { body: listFile(entities, { expires: '1 day' }), etag: '"big-1"', lastModified: 'Thu, 01 May 2025 00:00:00 GMT' });

  const result = await subscribe(db, server.url('/big.json'), deps);
  expect(result).toMatchObject({ ok: true, count: N });
  server.requests.length = 0;
  const bulkAdd = vi.spyOn(db.entities, 'bulkAdd');
  const bulkPut = vi.spyOn(db.entities, 'bulkPut');
  const bulkDelete = vi.spyOn(db.entities, 'bulkDelete');

  clock += 2 * 24 * 3_600_000;
  const report = await refreshDue(db, deps);
  expect(report.rebuild).toBe(false);
  expect(server.requests).toHaveLength(1);
  expect(server.requests[0].status).toBe(304);
  expect(bulkAdd).not.toHaveBeenCalled();
  expect(bulkPut).not.toHaveBeenCalled();
  expect(bulkDelete).not.toHaveBeenCalled();
  expect(await db.entities.count()).toBe(N);
}, 120_000);
