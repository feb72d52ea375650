/**
 * A CouchDB-protocol server for tests: express-pouchdb over in-memory PouchDB, bound to
 * 127.0.0.1 on a random port (see /work/shared/notes/couchdb-test-server.md).
 *
 *   const couch = await startCouchServer();            // an admin `admin`/`admin-pass` exists
 *   await couch.createDb('alice');                     // databases are created as the admin
 *   await couch.createUser('alice', 'secret');
 *   await couch.setMembers('alice', ['alice']);        // only alice (and admins) may use it
 *   couch.url                                          // http://127.0.0.1:41234
 *   await couch.close();
 *
 * express-pouchdb rejects some promises nobody awaits (e.g. `_changes?filter=_selector`), which
 * would end the test process: the helper installs an `unhandledRejection` handler while a server
 * runs.
 */
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

interface ExpressApp {
  use(path: string, handler: unknown): void;
  listen(port: number, host: string, callback: () => void): Server;
}
interface PouchStatic {
  plugin(plugin: unknown): PouchStatic;
  defaults(options: Record<string, unknown>): unknown;
}

export interface CouchResponse {
  status: number;
  body: unknown;
}

export interface CouchServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  readonly admin: { username: string; password: string };
  /** A request as the admin (or as `auth`, or anonymously with `auth: null`). */
  request(method: string, path: string, body?: unknown, auth?: { username: string; password: string } | null): Promise<CouchResponse>;
  createDb(name: string): Promise<void>;
  deleteDb(name: string): Promise<void>;
  /**
   * The database wiped and restored from `docs` (an earlier `allDocs`) with their revisions
   * (`new_edits: false`), as an admin restoring a backup would; resolves with `_bulk_docs`' status.
   */
  restoreDb(name: string, docs: Record<string, unknown>[]): Promise<number>;
  createUser(name: string, password: string, roles?: string[]): Promise<void>;
  /** Restrict a database to these user names (CouchDB `_security` members). */
  setMembers(db: string, names: string[]): Promise<void>;
  /** Every document of a database (admin view), `_id` order. */
  allDocs(db: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

let liveServers = 0;
const swallow = (reason: unknown) => {
  // express-pouchdb's own unawaited rejections: log, never crash the test run.
  console.warn('[couch-server] unhandled rejection:', reason instanceof Error ? reason.message : reason);
};

export async function startCouchServer(options: { admin?: { username: string; password: string } } = {}): Promise<CouchServer> {
  const express = require('express') as () => ExpressApp;
  const PouchDB = require('pouchdb-node') as PouchStatic;
  PouchDB.plugin(require('pouchdb-adapter-memory'));
  const dir = mkdtempSync(join(tmpdir(), 'backstory-couch-'));
  const Mem = PouchDB.defaults({ adapter: 'memory', prefix: `${dir}/` });
  const app = express();
  const expressPouch = require('express-pouchdb') as (db: unknown, opts: Record<string, unknown>) => unknown;
  app.use('/', expressPouch(Mem, { mode: 'fullCouchDB', inMemoryConfig: true, logPath: join(dir, 'log.txt') }));
  if (liveServers++ === 0) process.on('unhandledRejection', swallow);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const admin = options.admin ?? { username: 'admin', password: 'admin-pass' };
  const auth = (a: { username: string; password: string }) => `Basic ${Buffer.from(`${a.username}:${a.password}`).toString('base64')}`;

  const request = async (method: string, path: string, body?: unknown, as: { username: string; password: string } | null = admin): Promise<CouchResponse> => {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (as) headers.Authorization = auth(as);
    const res = await fetch(url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(20_000) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // keep the text
    }
    return { status: res.status, body: parsed };
  };
  const expectOk = (what: string, r: CouchResponse) => {
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  };
  const createDb = async (name: string): Promise<void> => expectOk(`create ${name}`, await request('PUT', `/${encodeURIComponent(name)}`));
  const deleteDb = async (name: string): Promise<void> => expectOk(`delete ${name}`, await request('DELETE', `/${encodeURIComponent(name)}`));
  expectOk('create admin', await request('PUT', `/_config/admins/${admin.username}`, admin.password, null));

  return {
    url,
    admin,
    request,
    createDb,
    deleteDb,
    async restoreDb(name, docs) {
      await deleteDb(name);
      await createDb(name);
      return (await request('POST', `/${encodeURIComponent(name)}/_bulk_docs`, { docs, new_edits: false })).status;
    },
    async createUser(name, password, roles = []) {
      expectOk(`user ${name}`, await request('PUT', `/_users/org.couchdb.user:${encodeURIComponent(name)}`, { _id: `org.couchdb.user:${name}`, name, password, roles, type: 'user' }));
    },
    async setMembers(db, names) {
      expectOk(`security ${db}`, await request('PUT', `/${encodeURIComponent(db)}/_security`, { admins: { names: [], roles: [] }, members: { names, roles: [] } }));
    },
    async allDocs(db) {
      const r = await request('GET', `/${encodeURIComponent(db)}/_all_docs?include_docs=true`);
      expectOk(`all docs ${db}`, r);
      return (r.body as { rows: { doc: Record<string, unknown> }[] }).rows.map((row) => row.doc);
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      });
      if (--liveServers === 0) process.off('unhandledRejection', swallow);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
