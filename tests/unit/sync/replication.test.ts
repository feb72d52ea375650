/** Replication against a real CouchDB-protocol server (express-pouchdb on 127.0.0.1). */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncOnce } from '../../../src/background/sync';
import { startCouchServer, type CouchServer } from '../../support/couch-server';
import type { Entity } from '../../../src/core/entities/entity';
import { entity, intercept, makeClient, seed, uniqueDb } from './clients';

let couch: CouchServer;
beforeAll(async () => {
  couch = await startCouchServer();
}, 60_000);
afterAll(async () => {
  await couch?.close();
});

async function freshDb(prefix = 'db'): Promise<string> {
  const name = uniqueDb(prefix);
  await couch.createDb(name);
  return name;
}

describe('replication', () => {
  it('round-trips entities as entity:<id> documents, edits both ways', async () => {
    const name = await freshDb();
    const a = makeClient(couch, name);
    const b = makeClient(couch, name);
    await seed(a, [entity('rajnath-singh', { name: 'Rajnath Singh', notes: 'Met Gen Nakatani.', tags: ['india'], extra: { wikidata: 'Q1' } })]);
    const first = await a.sync();
    expect(first).toMatchObject({ ok: true, pushed: 1 });
    expect(first.status).toBe('Synced: 0 received, 1 sent');
    const docs = await couch.allDocs(name);
    expect(docs[0]).toMatchObject({ _id: 'entity:rajnath-singh', id: 'rajnath-singh', name: 'Rajnath Singh', wikidata: 'Q1' });
    const got = await b.sync();
    expect(got.changedIds).toEqual(['rajnath-singh']);
    expect(await b.store.get('rajnath-singh')).toMatchObject({ notes: 'Met Gen Nakatani.', source: 'own', extra: { wikidata: 'Q1' } });
    await b.store.update('rajnath-singh', { summary: 'Minister of Defence' });
    await b.sync();
    await a.sync();
    expect((await a.store.get('rajnath-singh'))?.summary).toBe('Minister of Defence');
    const quiet = await a.sync();
    expect(quiet).toMatchObject({ pulled: 0, pushed: 0, pending: 0 });
  });

  it('merges concurrent edits; a note clash keeps both texts between markers with conflict: true', async () => {
    const name = await freshDb();
    const a = makeClient(couch, name);
    const b = makeClient(couch, name);
    await seed(a, [entity('x', { notes: 'line one\nline two\nline three' })]);
    await a.sync();
    await b.sync();
    await a.store.update('x', { notes: 'line one\nline two, from A\nline three', tags: ['a'] });
    await b.store.update('x', { notes: 'line one\nline two, from B\nline three', summary: 'B' });
    await a.sync();
    const rb = await b.sync();
    expect(rb.conflicts).toBe(1);
    expect(rb.status).toContain('to reconcile');
    await a.sync();
    const ea = await a.store.get('x');
    const eb = await b.store.get('x');
    expect(ea?.notes).toContain('line two, from A');
    expect(ea?.notes).toContain('line two, from B');
    expect(ea?.notes).toContain('<<<<<<< ');
    expect(ea).toMatchObject({ conflict: true, tags: ['a'], summary: 'B' });
    expect(eb?.notes).toBe(ea?.notes);
    expect((await couch.allDocs(name))[0]).toMatchObject({ conflict: true });
    // The reader resolves it on B: the flag clears everywhere.
    await b.store.update('x', { notes: 'line one\nline two, from A and B\nline three', conflict: false });
    await b.sync();
    await a.sync();
    expect(await a.store.get('x')).toMatchObject({ notes: 'line one\nline two, from A and B\nline three' });
    expect((await a.store.get('x'))?.conflict).toBeFalsy();
  });

  it('an import into a synced device is an edit on top of the last agreed copy: merged, and what a Replace leaves out is deleted', async () => {
    const name = await freshDb();
    const a = makeClient(couch, name);
    const b = makeClient(couch, name);
    const keep = (stored: Entity, incoming: Entity): Entity => ({ ...stored, summary: incoming.summary || stored.summary });
    await seed(a, [entity('x', { summary: 'old', notes: 'L1\nL2 wrong rumour\nL3' }), entity('y'), entity('z')]);
    await a.sync();
    await b.sync();
    // B removes a line; A imports a file that changes only the summary.
    await b.store.update('x', { notes: 'L1\nL3' });
    await b.sync();
    await a.store.importEntities({ entities: [entity('x', { summary: 'from the file' })], replace: false, merge: keep });
    const ra = await a.sync();
    expect(ra).toMatchObject({ ok: true, conflicts: 0 });
    expect(await a.store.get('x')).toMatchObject({ summary: 'from the file', notes: 'L1\nL3' });
    // A Replace that leaves y and z out deletes them on the server too; x comes back as an edit.
    await a.store.importEntities({ entities: [entity('x', { summary: 'replaced', notes: 'L1\nL3' })], replace: true, merge: keep });
    expect(await a.sync()).toMatchObject({ ok: true, conflicts: 0 });
    await b.sync();
    expect((await b.store.all()).map((e) => e.id)).toEqual(['x']);
    expect(await b.store.get('x')).toMatchObject({ summary: 'replaced', notes: 'L1\nL3' });
    await a.sync();
    expect((await a.store.all()).map((e) => e.id)).toEqual(['x']);
  });

  it('deletions are soft on the server and land in the trash', async () => {
    const name = await freshDb();
    const a = makeClient(couch, name);
    const b = makeClient(couch, name);
    await seed(a, [entity('gone', { notes: 'keep me' }), entity('stays')]);
    await a.sync();
    await b.sync();
    await a.store.remove('gone');
    await a.sync();
    const doc = (await couch.allDocs(name)).find((d) => d._id === 'entity:gone');
    expect(doc).toMatchObject({ deleted: true, notes: 'keep me' });
    const r = await b.sync();
    expect(r.changedIds).toEqual(['gone']);
    expect(await b.store.get('gone')).toBeUndefined();
    expect((await b.db.trash.get('gone'))?.entity.notes).toBe('keep me');
    // Undo on B revives it everywhere.
    await b.store.undoRemove('gone');
    await b.sync();
    await a.sync();
    expect((await a.store.get('gone'))?.notes).toBe('keep me');
  });

  it('a stale _rev (409 per row) is fetched, merged and retried in the same sync', async () => {
    const name = await freshDb();
    const a = makeClient(couch, name);
    await seed(a, [entity('x', { notes: 'a\nb\nc' })]);
    await a.sync();
    await a.store.update('x', { notes: 'A\nb\nc' });
    let raced = false;
    const fetch = intercept(async (url, init, next) => {
      if (!raced && url.endsWith('/_bulk_docs')) {
        raced = true;
        // Someone else writes the document between our pull and our push.
        const doc = (await couch.allDocs(name))[0];
        const put = await couch.request('PUT', `/${name}/entity:x`, { ...doc, notes: 'a\nb\nC', updatedAt: '2030-01-01T00:00:00.000Z' });
        expect(put.status).toBe(201);
      }
      return next();
    });
    const r = await a.sync({ fetch });
    expect(r).toMatchObject({ ok: true, pushed: 1, unresolved: 0, pending: 0 });
    expect((await a.store.get('x'))?.notes).toBe('A\nb\nC');
    expect((await couch.allDocs(name))[0]).toMatchObject({ notes: 'A\nb\nC' });
  });

  it('resumes a pull cut off half-way without duplicates or gaps', async () => {
    const name = await freshDb();
    const a = makeClient(couch, name);
    await seed(a, Array.from({ length: 40 }, (_, i) => entity(`e${i}`, { notes: `n${i}` })));
    await a.sync();
    const b = makeClient(couch, name);
    let calls = 0;
    const dying = intercept(async (url, init, next) => {
      if (url.includes('/_changes') && ++calls === 3) throw new TypeError('network down');
      return next();
    });
    const cut = await b.sync({ fetch: dying, pullBatch: 10 });
    expect(cut.ok).toBe(false);
    expect(cut.status).toMatch(/^Sync failed: the server at .* cannot be reached/);
    expect(await b.db.entities.count()).toBe(20);
    const seenSince: string[] = [];
    const spy = intercept(async (url, init, next) => {
      if (url.includes('/_changes')) seenSince.push(new URL(url).searchParams.get('since') ?? '');
      return next();
    });
    const resumed = await b.sync({ fetch: spy, pullBatch: 10 });
    expect(resumed.ok).toBe(true);
    expect(seenSince[0]).not.toBe('0');
    expect(await b.db.entities.count()).toBe(40);
    expect(resumed.pushed).toBe(0);
  });

  it('a push whose answer was lost is not duplicated', async () => {
    const name = await freshDb();
    const a = makeClient(couch, name);
    await seed(a, [entity('x', { notes: 'one' })]);
    const lost = intercept(async (url, init, next) => {
      if (url.endsWith('/_bulk_docs')) {
        await next();
        throw new TypeError('connection reset');
      }
      return next();
    });
    expect((await a.sync({ fetch: lost })).ok).toBe(false);
    expect((await a.db.sync.get('x'))?.pending).toBe(1);
    const r = await a.sync();
    expect(r).toMatchObject({ ok: true, pending: 0 });
    const docs = await couch.allDocs(name);
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ notes: 'one' });
  });

  it('works with opaque string seqs (CouchDB 2+)', async () => {
    const name = await freshDb();
    const a = makeClient(couch, name);
    await seed(a, Array.from({ length: 25 }, (_, i) => entity(`s${i}`)));
    await a.sync();
    const sinces: string[] = [];
    const stringSeqs = intercept(async (url, init, next) => {
      if (!url.includes('/_changes')) return next();
      const u = new URL(url);
      const since = u.searchParams.get('since') ?? '0';
      sinces.push(since);
      u.searchParams.set('since', since.split('-')[0]);
      const res = await fetch(u.toString(), init);
      const body = (await res.json()) as { results: { seq: number }[]; last_seq: number };
      const opaque = (n: number) => `${n}-g1AAAAB3eJzLYWBgYMpgSmHgKy5JLCrJTqq0MjIwMTA0AELDHKBUIkNSfShSghN`;
      const rewritten = { ...body, results: body.results.map((r) => ({ ...r, seq: opaque(r.seq) })), last_seq: opaque(body.last_seq) };
      return new Response(JSON.stringify(rewritten), { status: res.status, headers: { 'Content-Type': 'application/json' } });
    });
    const b = makeClient(couch, name);
    expect((await b.sync({ fetch: stringSeqs, pullBatch: 10 })).ok).toBe(true);
    expect(await b.db.entities.count()).toBe(25);
    expect(sinces.slice(1).every((s) => s.includes('-g1AAAA'))).toBe(true);
    await a.store.update('s3', { summary: 'changed' });
    await a.sync();
    const again = await b.sync({ fetch: stringSeqs, pullBatch: 10 });
    expect(again.changedIds).toEqual(['s3']);
  });

  it('a server that redirects elsewhere (http to https, say) is reported as such, not as a wrong password, and loses nothing', async () => {
    const name = await freshDb();
    const a = makeClient(couch, name);
    await seed(a, [entity('x', { notes: 'precious' })]);
    // A real redirect on the wire: 301 to the real server, as a proxy moving http to https does.
    const redirector = createServer((req, res) => {
      res.writeHead(301, { Location: `${couch.url}${req.url ?? '/'}` });
      res.end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    const { port } = redirector.address() as AddressInfo;
    try {
      const r = await syncOnce(a.db, { serverUrl: `http://127.0.0.1:${port}`, database: name, username: couch.admin.username, password: couch.admin.password });
      expect(r.status).toBe(`Sync failed: the server at http://127.0.0.1:${port} sends its requests to another address (${couch.url}/${name}): put that address in Server URL`);
      expect(r.pending).toBe(1);
    } finally {
      redirector.close();
    }
    expect((await a.sync()).pushed).toBe(1);
  });

  it('answers of another shape (a proxy, another server) are reported in words, not as a JavaScript error, and lose nothing', async () => {
    const name = await freshDb();
    const a = makeClient(couch, name);
    await seed(a, [entity('x', { notes: 'precious' })]);
    const wrongShapes: [string, string][] = [
      [`/${name}`, '{"ok":true}'],
      ['/_changes', '{"results":null,"last_seq":"0"}'],
      ['/_bulk_docs', '{"ok":true}'],
    ];
    for (const [ending, body] of wrongShapes) {
      const proxy = intercept(async (url, init, next) => (new URL(url).pathname.endsWith(ending) ? new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } }) : next()));
      const r = await a.sync({ fetch: proxy });
      expect(r.status, ending).toBe(`Sync failed: the server at ${couch.url} did not answer like a CouchDB server (its answer has another shape)`);
      expect(r.pending).toBe(1);
      expect((await a.store.get('x'))?.notes).toBe('precious');
    }
    expect((await a.sync()).pushed).toBe(1);
  });

  it('a hanging request times out as "Sync failed: …" and loses nothing', async () => {
    const name = await freshDb();
    const a = makeClient(couch, name);
    await seed(a, [entity('x', { notes: 'precious' })]);
    const hang = intercept((url, init, next) => {
      if (!url.endsWith('/_bulk_docs')) return next();
      return new Promise<Response>((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    });
    const r = await a.sync({ fetch: hang, timeoutMs: 300 });
    expect(r.status).toBe('Sync failed: the server did not answer within 0.3 seconds');
    expect(r.pending).toBe(1);
    expect((await a.store.get('x'))?.notes).toBe('precious');
    expect((await a.sync()).pushed).toBe(1);
  });

  it('reports a wrong password and a 401 in the middle of a sync, keeping everything', async () => {
    const name = await freshDb();
    await couch.createUser(`u-${name}`, 'right');
    await couch.setMembers(name, [`u-${name}`]);
    const wrong = makeClient(couch, name, { username: `u-${name}`, password: 'wrong' });
    expect((await wrong.sync()).status).toBe('Sync failed: wrong username or password');
    const a = makeClient(couch, name, { username: `u-${name}`, password: 'right' });
    await seed(a, [entity('x')]);
    const expire = intercept(async (url, init, next) => (url.endsWith('/_bulk_docs') ? new Response('{"error":"unauthorized","reason":"Name or password is incorrect."}', { status: 401 }) : next()));
    const r = await a.sync({ fetch: expire });
    expect(r.status).toBe('Sync failed: wrong username or password');
    expect(r.pending).toBe(1);
    expect((await a.sync()).pushed).toBe(1);
  });

  it('the failsafe stops a mass deletion until the reader continues', async () => {
    const name = await freshDb();
    const a = makeClient(couch, name);
    await seed(a, Array.from({ length: 20 }, (_, i) => entity(`m${i}`)));
    await a.sync();
    // Another device (or a wrong server) deletes 15 of 20.
    const docs = await couch.allDocs(name);
    const deletions = docs.slice(0, 15).map((d) => ({ ...d, deleted: true, deletedAt: '2030-01-01T00:00:00.000Z', updatedAt: '2030-01-01T00:00:00.000Z', sync: { clock: {} } }));
    expect((await couch.request('POST', `/${name}/_bulk_docs`, { docs: deletions })).status).toBe(201);
    const stopped = await a.sync();
    expect(stopped.blockedDeletions).toBe(15);
    expect(stopped.status).toMatch(/^Sync failed: the server would delete 15 entities of 20 here; nothing was deleted/);
    expect(await a.db.entities.count()).toBe(20);
    const again = await a.sync();
    expect(again.blockedDeletions).toBe(15);
    const continued = await a.sync({ allowMassDeletion: true });
    expect(continued).toMatchObject({ ok: true, blockedDeletions: 0 });
    expect(continued.changedIds).toHaveLength(15);
    expect(await a.db.entities.count()).toBe(5);
    expect(await a.db.trash.count()).toBe(15);
  });

  it('keeps a write made while its push is in flight', async () => {
    const name = await freshDb();
    const a = makeClient(couch, name);
    await seed(a, [entity('x', { notes: 'first' })]);
    const meddle = intercept(async (url, init, next) => {
      if (url.endsWith('/_bulk_docs')) await a.store.update('x', { notes: 'second' });
      return next();
    });
    const r = await a.sync({ fetch: meddle });
    expect(r.ok).toBe(true);
    expect((await a.store.get('x'))?.notes).toBe('second');
    expect((await a.db.sync.get('x'))?.pending).toBe(1);
    await a.sync();
    expect((await couch.allDocs(name))[0]).toMatchObject({ notes: 'second' });
  });

  it('a refused row stays local, is reported, and is not retried in a loop', async () => {
    const name = await freshDb();
    const validate = 'function (newDoc) { if (newDoc.tags && newDoc.tags.indexOf("locked") >= 0) throw({ forbidden: "locked entities are read-only" }); }';
    expect((await couch.request('PUT', `/${name}/_design/readonly`, { validate_doc_update: validate })).status).toBe(201);
    const a = makeClient(couch, name);
    await seed(a, [entity('ok'), entity('no', { tags: ['locked'] })]);
    let bulk = 0;
    const count = intercept(async (url, init, next) => {
      if (url.endsWith('/_bulk_docs')) bulk++;
      return next();
    });
    const r = await a.sync({ fetch: count });
    expect(r).toMatchObject({ ok: true, pushed: 1, forbidden: 1, pending: 1, forbiddenIds: ['no'] });
    expect(r.status).toBe('Synced: 0 received, 1 sent, 1 change was refused by the server and kept here (“locked entities are read-only”)');
    expect(bulk).toBe(1);
    expect(await a.store.get('no')).toBeDefined();
  });

  it('a row refused for another reason (too_large) is kept, reported with the server\'s reason, and sent once accepted', async () => {
    const name = await freshDb();
    const a = makeClient(couch, name);
    await seed(a, [entity('big', { notes: 'x'.repeat(100) })]);
    const refuse = intercept(async (url, init, next) => {
      if (!url.endsWith('/_bulk_docs')) return next();
      const { docs } = JSON.parse(String(init.body)) as { docs: { _id: string }[] };
      return new Response(JSON.stringify(docs.map((d) => ({ id: d._id, error: 'too_large', reason: 'the document exceeds the maximum size' }))), { status: 201, headers: { 'Content-Type': 'application/json' } });
    });
    const r = await a.sync({ fetch: refuse });
    expect(r).toMatchObject({ ok: true, pushed: 0, forbidden: 1, pending: 1 });
    expect(r.status).toBe('Synced: 0 received, 0 sent, 1 change was refused by the server and kept here (“the document exceeds the maximum size”)');
    expect((await a.sync()).pushed).toBe(1);
  });

  it('a server that refuses large requests (413) gets the changes in smaller batches; a document too large alone is refused and kept', async () => {
    const name = await freshDb();
    const a = makeClient(couch, name);
    await seed(a, [...Array.from({ length: 40 }, (_, i) => entity(`n${i}`, { notes: 'x'.repeat(2_000) })), entity('huge', { notes: 'y'.repeat(30_000) })]);
    const limit = intercept(async (url, init, next) => {
      if (url.endsWith('/_bulk_docs') && String(init.body).length > 25_000) return new Response('<html>413 Request Entity Too Large</html>', { status: 413 });
      return next();
    });
    const r = await a.sync({ fetch: limit });
    expect(r).toMatchObject({ ok: true, pushed: 40, forbidden: 1, pending: 1, forbiddenIds: ['huge'] });
    expect(r.status).toBe('Synced: 0 received, 40 sent, 1 change was refused by the server and kept here (“the server refused a request as too large”)');
    expect((await a.sync()).pushed).toBe(1);
  });

  it('survives the server database wiped and restored from an older backup', async () => {
    const name = await freshDb();
    const a = makeClient(couch, name);
    await seed(a, Array.from({ length: 5 }, (_, i) => entity(`w${i}`, { notes: `v1 ${i}` })));
    await a.sync();
    const backup = await couch.allDocs(name);
    await a.store.update('w0', { notes: 'v2 0' });
    await a.store.create({ name: 'After the backup' });
    await a.sync();
    await a.sync();
    expect(await couch.restoreDb(name, backup)).toBe(201);
    const r = await a.sync();
    expect(r.ok).toBe(true);
    expect(await a.db.entities.count()).toBe(6);
    expect((await a.store.get('w0'))?.notes).toBe('v2 0');
    const docs = await couch.allDocs(name);
    expect(docs).toHaveLength(6);
    expect(docs.find((d) => d._id === 'entity:w0')).toMatchObject({ notes: 'v2 0' });
    expect(await a.db.trash.count()).toBe(0);
  });

  it('a sync to a database that is not there (a typo) fails and keeps the sync state: the next good sync has nothing to re-read', async () => {
    const own = await freshDb();
    const a = makeClient(couch, own);
    await seed(a, Array.from({ length: 20 }, (_, i) => entity(`k${i}`)));
    expect((await a.sync()).ok).toBe(true);
    const typo = await a.sync({ database: `${own}-typo` });
    expect(typo.ok).toBe(false);
    expect(typo.pending, 'nothing waits to be sent after a failed sync').toBe(0);
    const again = await a.sync();
    expect(again.ok).toBe(true);
    expect(again.pulled, 'no full re-read').toBe(0);
    expect(again.pushed, 'no full re-send').toBe(0);
  });

  it('re-pointing to another database deletes nothing on either side', async () => {
    const first = await freshDb();
    const second = await freshDb();
    const a = makeClient(couch, first);
    await seed(a, [entity('x', { notes: 'from first' }), entity('y')]);
    await a.sync();
    const other = makeClient(couch, second);
    await seed(other, [entity('x', { notes: 'from second' }), entity('z')]);
    await other.sync();
    a.database = second;
    const r = await a.sync();
    expect(r.ok).toBe(true);
    expect((await a.db.entities.toCollection().primaryKeys()).sort()).toEqual(['x', 'y', 'z']);
    const notes = (await a.store.get('x'))?.notes ?? '';
    expect(notes).toContain('from first');
    expect(notes).toContain('from second');
    expect((await couch.allDocs(first)).map((d) => d._id).sort()).toEqual(['entity:x', 'entity:y']);
    expect((await couch.allDocs(second)).map((d) => d._id).sort()).toEqual(['entity:x', 'entity:y', 'entity:z']);
  });

  it('merges team databases in, writing only to the first database, with progress', async () => {
    const own = await freshDb('own');
    const team = await freshDb('team');
    const editor = makeClient(couch, team);
    await seed(editor, Array.from({ length: 30 }, (_, i) => entity(`t${i}`, { summary: `team ${i}` })));
    await editor.sync();
    const a = makeClient(couch, own);
    const progress: { database: string; done: number; total: number }[] = [];
    const r = await a.sync({ database: `${own}, ${team}`, pullBatch: 10, onProgress: (p) => progress.push(p) });
    expect(r.ok).toBe(true);
    expect(await a.db.entities.count()).toBe(30);
    expect(progress.filter((p) => p.database === team).map((p) => p.done)).toEqual([0, 10, 20, 30]);
    expect(progress.find((p) => p.database === team && p.done === 0)?.total).toBe(30);
    await a.store.update('t1', { notes: 'my private note' });
    await a.sync({ database: `${own}, ${team}` });
    expect((await couch.allDocs(own)).map((d) => d._id)).toEqual(['entity:t1']);
    expect((await couch.allDocs(team)).find((d) => d._id === 'entity:t1')?.notes).toBe('');
    await editor.store.update('t1', { summary: 'team update' });
    await editor.sync();
    await a.sync({ database: `${own}, ${team}` });
    expect(await a.store.get('t1')).toMatchObject({ summary: 'team update', notes: 'my private note' });
    expect((await couch.allDocs(own))[0]).toMatchObject({ summary: 'team update', notes: 'my private note' });
  });

  it('a team entity the reader deletes without ever editing it is deleted on the reader\'s other devices too', async () => {
    const own = await freshDb('own');
    const team = await freshDb('team');
    const editor = makeClient(couch, team);
    await seed(editor, [entity('t1'), entity('t2')]);
    await editor.sync();
    const database = `${own}, ${team}`;
    const laptop = makeClient(couch, own);
    const phone = makeClient(couch, own);
    await laptop.sync({ database });
    await phone.sync({ database });
    expect(await phone.store.get('t2')).toBeDefined();
    expect(await laptop.store.remove('t2')).toBe(true);
    expect((await laptop.sync({ database })).ok).toBe(true);
    // The deletion is written to the own database (soft), never to the team's.
    expect((await couch.allDocs(own)).find((d) => d._id === 'entity:t2')).toMatchObject({ deleted: true });
    expect((await couch.allDocs(team)).find((d) => d._id === 'entity:t2')?.deleted).toBeFalsy();
    await phone.sync({ database });
    expect(await phone.store.get('t2')).toBeUndefined();
    expect(await phone.store.get('t1')).toBeDefined();
    // And it stays deleted on both at the next syncs.
    await laptop.sync({ database });
    await phone.sync({ database });
    expect(await laptop.store.get('t2')).toBeUndefined();
    expect(await phone.store.get('t2')).toBeUndefined();
  });
});
