/**
 * The reader's notes on subscribed-list entities replicate through the reader's own database
 * (`listnote:<list id>/<entity id>` documents), merged three-way like an entity's notes: two
 * stores against the real CouchDB-protocol test server (express-pouchdb on 127.0.0.1).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { saveListNote } from '../../../src/background/subscriptions/reader-notes';
import { removeList, swapInCopy } from '../../../src/background/subscriptions/swap';
import type { SubscriptionRecord } from '../../../src/background/subscriptions/types';
import type { CouchServer } from '../../support/couch-server';
import { entity, intercept, makeClient, seed, useCouchServer, type Client } from './clients';

const server = useCouchServer();
/** The running server: every test starts with `freshDb()`, which sets it. */
let couch: CouchServer;
const freshDb = async (prefix = 'notes'): Promise<string> => {
  couch = server.server();
  return server.freshDb(prefix);
};

const LIST = 'example-org-3fa9c1b2d4';

/** Subscribe a client to the same published list (as Subscribe would store it). */
async function subscribeList(client: Client, ids: string[] = ['ilse', 'lake', 'port']): Promise<void> {
  const record = { id: LIST, url: 'https://example.org/list.json', dueAt: Date.now() + 3_600_000, count: ids.length } as SubscriptionRecord;
  await swapInCopy(client.db, record, ids.map((id) => entity(id, { notes: `the list's own notes on ${id}` })), { requireExisting: false });
}

let tick = Date.parse('2025-06-01T00:00:00Z');
/** Saves with strictly increasing times, like a reader typing. */
async function note(client: Client, id: string, text: string): Promise<void> {
  const saved = await saveListNote(client.db, `${LIST}/${id}`, text, () => new Date((tick += 1000)));
  expect(saved.ok).toBe(true);
}

const readerNote = async (client: Client, id: string): Promise<string> => (await client.db.listNotes.get(`${LIST}/${id}`))?.notes ?? '';

describe('reader notes on list entities', () => {
  it('replicate to another device as listnote: documents; the list\'s entities are never sent', async () => {
    const name = await freshDb();
    const a = makeClient(couch, name);
    const b = makeClient(couch, name);
    await subscribeList(a);
    await subscribeList(b);
    await note(a, 'ilse', 'She answered my email within a day.');
    expect((await a.sync()).pending, 'nothing left to send').toBe(0);
    const docs = await couch.allDocs(name);
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({
      _id: `listnote:${LIST}/ilse`, id: `${LIST}/ilse`, list: LIST, entity: 'ilse', notes: 'She answered my email within a day.',
      sync: { clock: { notes: expect.any(String) } },
    });
    expect(docs[0].conflict).toBeUndefined();

    const got = await b.sync();
    expect(got).toMatchObject({ ok: true, pulled: 1, pushed: 0 });
    expect(got.changedIds, 'tabs showing the entity hear of it').toEqual([`${LIST}/ilse`]);
    expect(await readerNote(b, 'ilse')).toBe('She answered my email within a day.');
    // The list's own row is untouched: the reader's notes live apart.
    expect((await b.db.entities.get(`${LIST}/ilse`))?.notes).toBe('the list\'s own notes on ilse');

    await note(b, 'ilse', 'She answered my email within a day.\nMet her in Morvan, June.');
    await b.sync();
    await a.sync();
    expect(await readerNote(a, 'ilse')).toBe('She answered my email within a day.\nMet her in Morvan, June.');
    expect(await a.sync()).toMatchObject({ pulled: 0, pushed: 0, pending: 0 });
  });

  it('a note edited unsynced counts as pending and is reported', async () => {
    const name = await freshDb();
    const a = makeClient(couch, name);
    await subscribeList(a);
    await note(a, 'lake', 'Shrinking fast.');
    const down = intercept(async (url, init, next) => (url.endsWith('/_bulk_docs') ? Promise.reject(new TypeError('network down')) : next()));
    const failed = await a.sync({ fetch: down });
    expect(failed.ok).toBe(false);
    expect(failed.pending).toBe(1);
    const r = await a.sync();
    expect(r).toMatchObject({ ok: true, pushed: 1, pending: 0 });
  });

  it('concurrent edits merge line by line; a clash keeps both texts between markers, conflict: true on the server', async () => {
    const name = await freshDb();
    const a = makeClient(couch, name, couch.admin);
    const b = makeClient(couch, name, couch.admin);
    await subscribeList(a);
    await subscribeList(b);
    await note(a, 'port', 'line one\nline two\nline three');
    await a.sync();
    await b.sync();
    // Different lines: both edits survive, no markers.
    await note(a, 'port', 'line one, from A\nline two\nline three');
    await note(b, 'port', 'line one\nline two\nline three, from B');
    await a.sync();
    await b.sync();
    await a.sync();
    expect(await readerNote(a, 'port')).toBe('line one, from A\nline two\nline three, from B');
    expect(await readerNote(b, 'port')).toBe('line one, from A\nline two\nline three, from B');
    // The same line: both kept between markers.
    await note(a, 'port', 'line one, from A\nline two, A\nline three, from B');
    await note(b, 'port', 'line one, from A\nline two, B\nline three, from B');
    await a.sync();
    const rb = await b.sync();
    expect(rb.conflicts).toBe(1);
    expect(rb.status).toContain('to reconcile');
    await a.sync();
    const ta = await readerNote(a, 'port');
    expect(ta).toContain('line two, A');
    expect(ta).toContain('line two, B');
    expect(ta).toContain('<<<<<<< ');
    expect(await readerNote(b, 'port')).toBe(ta);
    expect((await couch.allDocs(name))[0]).toMatchObject({ conflict: true, notes: ta });
    // Resolving is editing the text: the flag goes with the markers.
    await note(a, 'port', 'line one, from A\nline two, A and B\nline three, from B');
    await a.sync();
    await b.sync();
    expect(await readerNote(b, 'port')).toBe('line one, from A\nline two, A and B\nline three, from B');
    expect((await couch.allDocs(name))[0].conflict).toBeUndefined();
  });

  it('a removal syncs; a removal against a concurrent edit keeps the edit', async () => {
    const name = await freshDb();
    const a = makeClient(couch, name);
    const b = makeClient(couch, name);
    await subscribeList(a);
    await subscribeList(b);
    await note(a, 'ilse', 'one');
    await note(a, 'lake', 'two');
    await a.sync();
    await b.sync();
    await note(a, 'ilse', '');
    await a.sync();
    await b.sync();
    expect(await b.db.listNotes.get(`${LIST}/ilse`)).toBeUndefined();
    expect((await couch.allDocs(name)).find((d) => d._id === `listnote:${LIST}/ilse`)).toMatchObject({ notes: '' });
    // A removes "two" while B extends it: B's words are never dropped.
    await note(a, 'lake', '');
    await note(b, 'lake', 'two\nand more');
    await a.sync();
    await b.sync();
    await a.sync();
    expect(await readerNote(a, 'lake')).toContain('and more');
    expect(await readerNote(b, 'lake')).toBe(await readerNote(a, 'lake'));
  });

  it('notes reach a device not subscribed to the list, and show once it subscribes; unsubscribing keeps them', async () => {
    const name = await freshDb();
    const a = makeClient(couch, name);
    const b = makeClient(couch, name);
    await subscribeList(a);
    await note(a, 'ilse', 'kept for later');
    await a.sync();
    const r = await b.sync();
    expect(r.changedIds, 'no entity to refresh on B').toEqual([]);
    expect(await readerNote(b, 'ilse')).toBe('kept for later');
    await subscribeList(b);
    expect(await readerNote(b, 'ilse')).toBe('kept for later');
    await removeList(b.db, LIST);
    expect(await b.sync()).toMatchObject({ ok: true, pushed: 0, pending: 0 });
    expect(await readerNote(b, 'ilse')).toBe('kept for later');
    expect((await couch.allDocs(name))[0]).toMatchObject({ notes: 'kept for later' });
  });

  it('a stale _rev (another device wrote first) is fetched, merged and retried in the same sync', async () => {
    const name = await freshDb();
    const a = makeClient(couch, name);
    await subscribeList(a);
    await note(a, 'ilse', 'a\nb\nc');
    await a.sync();
    await note(a, 'ilse', 'A\nb\nc');
    let raced = false;
    const fetch = intercept(async (url, init, next) => {
      if (!raced && url.endsWith('/_bulk_docs')) {
        raced = true;
        const doc = (await couch.allDocs(name))[0];
        const put = await couch.request('PUT', `/${name}/${encodeURIComponent(String(doc._id))}`, { ...doc, notes: 'a\nb\nC', updatedAt: '2030-01-01T00:00:00.000Z', sync: { by: 'bob' } });
        expect(put.status).toBe(201);
      }
      return next();
    });
    const r = await a.sync({ fetch });
    expect(r).toMatchObject({ ok: true, pushed: 1, unresolved: 0, pending: 0 });
    expect(await readerNote(a, 'ilse')).toBe('A\nb\nC');
    expect((await couch.allDocs(name))[0]).toMatchObject({ notes: 'A\nb\nC' });
  });

  it('keeps a note saved while its push is in flight', async () => {
    const name = await freshDb();
    const a = makeClient(couch, name);
    await subscribeList(a);
    await note(a, 'ilse', 'first');
    const meddle = intercept(async (url, init, next) => {
      if (url.endsWith('/_bulk_docs')) await note(a, 'ilse', 'second');
      return next();
    });
    const r = await a.sync({ fetch: meddle });
    expect(r.ok).toBe(true);
    expect(r.pending).toBe(1);
    expect(await readerNote(a, 'ilse')).toBe('second');
    await a.sync();
    expect((await couch.allDocs(name))[0]).toMatchObject({ notes: 'second' });
  });

  it('a database wiped and restored from an older backup never brings an old text back', async () => {
    const name = await freshDb();
    const a = makeClient(couch, name);
    await subscribeList(a);
    await note(a, 'ilse', 'v1');
    await a.sync();
    const backup = await couch.allDocs(name);
    await note(a, 'ilse', 'v2');
    await note(a, 'lake', 'after the backup');
    await a.sync();
    await a.sync();
    expect(await couch.restoreDb(name, backup)).toBe(201);
    const r = await a.sync();
    expect(r).toMatchObject({ ok: true, pending: 0 });
    expect(await readerNote(a, 'ilse')).toBe('v2');
    const docs = await couch.allDocs(name);
    expect(docs.map((d) => [d._id, d.notes])).toEqual([[`listnote:${LIST}/ilse`, 'v2'], [`listnote:${LIST}/lake`, 'after the backup']]);
  });

  it('re-pointing sends the notes to the new database, merging with what it holds, deleting nothing', async () => {
    const first = await freshDb();
    const second = await freshDb();
    const a = makeClient(couch, first);
    await subscribeList(a);
    await note(a, 'ilse', 'from first');
    await a.sync();
    const other = makeClient(couch, second);
    await subscribeList(other);
    await note(other, 'ilse', 'from second');
    await other.sync();
    a.database = second;
    expect((await a.sync()).ok).toBe(true);
    const text = await readerNote(a, 'ilse');
    expect(text).toContain('from first');
    expect(text).toContain('from second');
    expect((await couch.allDocs(first))[0]).toMatchObject({ notes: 'from first' });
    expect((await couch.allDocs(second))[0]).toMatchObject({ notes: text });
  });

  it('team databases are never written, and their notes documents are not read as the reader\'s', async () => {
    const own = await freshDb('own');
    const team = await freshDb('team');
    const teammate = makeClient(couch, team);
    await subscribeList(teammate);
    await note(teammate, 'ilse', 'a teammate\'s private note');
    await teammate.sync();
    const a = makeClient(couch, own);
    await subscribeList(a);
    await note(a, 'lake', 'mine');
    expect((await a.sync({ database: `${own}, ${team}` })).ok).toBe(true);
    expect(await readerNote(a, 'ilse')).toBe('');
    expect((await couch.allDocs(team)).map((d) => d._id)).toEqual([`listnote:${LIST}/ilse`]);
    expect((await couch.allDocs(own)).map((d) => d._id)).toEqual([`listnote:${LIST}/lake`]);
  });

  it('a refused note stays here, is reported, and is not retried in a loop', async () => {
    const name = await freshDb();
    const validate = 'function (newDoc) { if (newDoc._id.indexOf("listnote:") === 0) throw({ forbidden: "notes are not kept here" }); }';
    expect((await couch.request('PUT', `/${name}/_design/readonly`, { validate_doc_update: validate })).status).toBe(201);
    const a = makeClient(couch, name);
    await subscribeList(a);
    await seed(a, [entity('own-one')]);
    await note(a, 'ilse', 'private');
    let bulk = 0;
    const count = intercept(async (url, init, next) => {
      if (url.endsWith('/_bulk_docs')) bulk++;
      return next();
    });
    const r = await a.sync({ fetch: count });
    expect(r).toMatchObject({ ok: true, pushed: 1, forbidden: 1, pending: 1, forbiddenIds: [`listnote:${LIST}/ilse`] });
    expect(r.status).toContain('refused by the server and kept here (“notes are not kept here”)');
    expect(bulk).toBe(2);
    expect(await readerNote(a, 'ilse')).toBe('private');
  });

  it('randomized concurrent edits on two devices over many rounds lose no line of any note', async () => {
    const name = await freshDb();
    const a = makeClient(couch, name);
    const b = makeClient(couch, name);
    await subscribeList(a);
    await subscribeList(b);
    const ids = ['ilse', 'lake', 'port'];
    let serial = 0;
    const op = fc.record({ device: fc.constantFrom(0, 1), id: fc.constantFrom(...ids), kind: fc.constantFrom('append', 'prepend', 'rewrite-first') });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 3, maxLength: 6 }), async (rounds) => {
        // Every line ever written that no edit meant to drop: each must be somewhere after the last sync.
        const mustKeep = new Set<string>();
        for (const round of rounds) {
          for (const { device, id, kind } of round) {
            const client = device === 0 ? a : b;
            const current = await readerNote(client, id);
            const line = `line ${serial++} by ${device === 0 ? 'A' : 'B'}`;
            mustKeep.add(line);
            const lines = current === '' ? [] : current.split('\n');
            if (kind === 'append') lines.push(line);
            else if (kind === 'prepend') lines.unshift(line);
            // A rewrite changes a line in place: its old text may legitimately go (only on this device's copy).
            else if (lines.length > 0 && !lines[0].startsWith('<<<<<<<')) {
              mustKeep.delete(lines[0]);
              lines[0] = line;
            } else lines.push(line);
            await note(client, id, lines.join('\n'));
          }
          await a.sync();
          await b.sync();
        }
        await a.sync();
        await b.sync();
        await a.sync();
        for (const id of ids) {
          const ta = await readerNote(a, id);
          expect(await readerNote(b, id), `both devices agree on ${id}`).toBe(ta);
        }
        const all = (await Promise.all(ids.map((id) => readerNote(a, id)))).join('\n');
        for (const line of mustKeep) expect(all, `"${line}" kept`).toContain(line);
        expect((await a.sync()).pending).toBe(0);
      }),
      { numRuns: 8, seed: 6 },
    );
  }, 120_000);
});
