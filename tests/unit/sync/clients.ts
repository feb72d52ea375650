/** Test clients for replication tests: a fake-indexeddb store each, syncing to one test server. */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll } from 'vitest';
import type { Entity } from '../../../src/core/entities/entity';
import { EntityStore } from '../../../src/background/store';
import { syncOnce, type SyncOptions, type SyncReport } from '../../../src/background/sync/index';
import { openDb, type BackstoryDb } from '../../../src/shared/db';
import { startCouchServer, type CouchServer } from '../../support/couch-server';

export interface Client {
  db: BackstoryDb;
  store: EntityStore;
  database: string;
  sync(options?: SyncOptions & { database?: string }): Promise<SyncReport>;
}

let serial = 0;
export function uniqueDb(prefix = 'db'): string {
  return `${prefix}-${Date.now().toString(36)}-${(serial++).toString(36)}`;
}

export function makeClient(couch: CouchServer, database: string, auth: { username: string; password: string } = couch.admin): Client {
  const db = openDb({ indexedDB: new IDBFactory(), IDBKeyRange, name: `client-${serial++}` });
  let clock = Date.parse('2025-05-06T00:00:00Z') + serial * 7;
  // Strictly increasing times: edits on one client are ordered like a reader's.
  const store = new EntityStore(db, () => new Date((clock += 1000)));
  const client: Client = {
    db,
    store,
    database,
    sync: (options = {}) => syncOnce(db, { serverUrl: couch.url, database: options.database ?? client.database, username: auth.username, password: auth.password }, options),
  };
  return client;
}

export function entity(id: string, over: Partial<Entity> = {}): Entity {
  return { id, name: id, aliases: [], type: 'other', summary: '', notes: '', tags: [], links: [], updatedAt: '2025-01-01T00:00:00.000Z', ...over };
}

export async function seed(client: Client, entities: Entity[]): Promise<void> {
  await client.store.importEntities({ entities, replace: false, merge: (_stored, incoming) => incoming });
}

/** A fetch that lets a test see and change requests and answers. */
export type Interceptor = (url: string, init: RequestInit, next: () => Promise<Response>) => Promise<Response>;
export function intercept(fn: Interceptor): (url: string, init: RequestInit) => Promise<Response> {
  return (url, init) => fn(url, init, () => fetch(url, init));
}

/**
 * One test server for the calling file, started before its tests and closed after them.
 * `server()` is the running server; `freshDb()` creates an empty database on it.
 */
export function useCouchServer(): { server(): CouchServer; freshDb(prefix?: string): Promise<string> } {
  let couch: CouchServer | undefined;
  beforeAll(async () => {
    couch = await startCouchServer();
  }, 60_000);
  afterAll(async () => {
    await couch?.close();
  });
  const server = (): CouchServer => {
    if (!couch) throw new Error('the test server is not running (call useCouchServer at the top of the file)');
    return couch;
  };
  return {
    server,
    async freshDb(prefix = 'db') {
      const name = uniqueDb(prefix);
      await server().createDb(name);
      return name;
    },
  };
}
