import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  formatSubscribeStatus,
  listSubscriptions,
  refreshDue,
  saveListNote,
  subscribe,
  unsubscribe,
  withReaderNotes,
  type SubscriptionDeps,
} from '../../../src/background/subscriptions';
import { EntityStore } from '../../../src/background/store';
import { openDb, type BackstoryDb } from '../../../src/shared/db';
import { listFile, startListServer, type ListServer } from './list-server';

const HOUR = 3_600_000;
const srinagar = { id: 'srinagar', name: 'Srinagar', type: 'place', summary: 'Summer capital of Jammu and Kashmir.', notes: 'From the list.' };
const pahalgam = { id: 'pahalgam', name: 'Pahalgām', type: 'place' };

let server: ListServer;
let db: BackstoryDb;
let clock: number;
const deps = (): SubscriptionDeps => ({ now: () => new Date(clock), random: () => 0 });

beforeAll(async () => {
  server = await startListServer();
});
afterAll(() => server.close());
beforeEach(() => {
  db = openDb({ indexedDB: new IDBFactory(), IDBKeyRange });
  clock = Date.parse('2025-05-06T00:00:00Z');
  server.requests.length = 0;
});

function requestsFor(path: string) {
  return server.requests.filter((r) => r.path === path);
}

describe('subscribe', () => {
  it('fetches at once and stores the list in its own namespace', async () => {
    server.serve('/ok.json', {
      body: listFile([srinagar, pahalgam], { title: 'Kashmir places', homepage: 'https://example.org', expires: '12 hours', lastModified: '2025-05-01T00:00:00Z', unknownHeader: 1 }),
      etag: '"v1"',
      lastModified: 'Thu, 01 May 2025 00:00:00 GMT',
    });
    const result = await subscribe(db, server.url('/ok.json'), deps());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(formatSubscribeStatus(result)).toBe('Subscribed: 2 entities');
    expect(result.rebuild).toBe(true);
    expect(result.list).toMatchObject({ title: 'Kashmir places', homepage: 'https://example.org', count: 2, etag: '"v1"', dueAt: clock + 12 * HOUR });
    const rows = await db.entities.where('source').equals(`list:${result.list.id}`).toArray();
    expect(rows.map((r) => r.id).sort()).toEqual([`${result.list.id}/pahalgam`, `${result.list.id}/srinagar`]);
    expect(await listSubscriptions(db)).toHaveLength(1);
  });

  it.each([
    ['a non-http URL', 'ftp://127.0.0.1/list.json', /http:\/\/ or https:\/\//],
    ['a missing list', '/missing.json', /the server answered 404/],
  ])('refuses %s', async (_what, path, reason) => {
    const result = await subscribe(db, path.startsWith('/') ? server.url(path) : path, deps());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(formatSubscribeStatus(result)).toMatch(/^Subscription refused: /);
    expect(result.error).toMatch(reason);
    expect(await db.lists.count()).toBe(0);
  });

  it('refuses an HTML page served with 200 (by type or by content)', async () => {
    server.serve('/portal', { body: '<!doctype html><title>Log in</title>', contentType: 'application/json' });
    server.serve('/typed', { body: listFile([srinagar]), contentType: 'text/html; charset=utf-8' });
    for (const path of ['/portal', '/typed']) {
      const result = await subscribe(db, server.url(path), deps());
      expect(result).toEqual({ ok: false, error: 'the server sent a web page (HTML), not a list' });
    }
    expect(await db.entities.count()).toBe(0);
  });

  it('refuses an empty body', async () => {
    server.serve('/empty.json', { body: '' });
    expect(await subscribe(db, server.url('/empty.json'), deps())).toEqual({ ok: false, error: 'the list is empty' });
  });

  it('refuses an invalid file with the parser’s message', async () => {
    server.serve('/bad.json', { body: listFile([srinagar, { id: 'x', type: 'person' }]) });
    const result = await subscribe(db, server.url('/bad.json'), deps());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/entity 2.*name/);
    expect(await db.entities.count()).toBe(0);
    expect(await db.lists.count()).toBe(0);
  });

  it('treats an unreadable expires as 7 days, never as a refusal', async () => {
    server.serve('/odd.json', { body: listFile([srinagar], { expires: 'when the moon is full' }) });
    const result = await subscribe(db, server.url('/odd.json'), deps());
    expect(result.ok && result.list.dueAt).toBe(clock + 7 * 24 * HOUR);
  });
});

describe('namespaces', () => {
  it('keeps a list’s srinagar apart from the reader’s own srinagar', async () => {
    const store = new EntityStore(db, () => new Date(clock));
    await store.importEntities({
      entities: [{ id: 'srinagar', name: 'Srinagar', aliases: [], type: 'place', summary: 'Mine', notes: 'My notes', tags: [], links: [], updatedAt: '2025-01-01T00:00:00Z' }],
      replace: false,
      merge: (_s, i) => i,
    });
    server.serve('/ns.json', { body: listFile([srinagar]) });
    const result = await subscribe(db, server.url('/ns.json'), deps());
    if (!result.ok) throw new Error(result.error);
    const own = await db.entities.get('srinagar');
    const listed = await db.entities.get(`${result.list.id}/srinagar`);
    expect(own).toMatchObject({ source: 'own', summary: 'Mine', notes: 'My notes' });
    expect(listed).toMatchObject({ source: `list:${result.list.id}`, summary: 'Summer capital of Jammu and Kashmir.' });
    expect((await store.own()).map((e) => e.id)).toEqual(['srinagar']); // export sees only the reader's

    // Unsubscribing removes the list's srinagar only.
    await unsubscribe(db, result.list.id);
    expect(await db.entities.get('srinagar')).toMatchObject({ source: 'own' });
    expect(await db.entities.count()).toBe(1);
  });
});

describe('refreshDue', () => {
  async function subscribed(path: string) {
    const result = await subscribe(db, server.url(path), deps());
    if (!result.ok) throw new Error(result.error);
    return result.list;
  }

  it('does nothing before a list is due', async () => {
    server.serve('/due.json', { body: listFile([srinagar], { expires: '12 hours' }), etag: '"a"' });
    await subscribed('/due.json');
    server.requests.length = 0;
    clock += 11 * HOUR;
    expect((await refreshDue(db, deps())).results).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it('on 304 sends one conditional request, moves dueAt and rewrites no entity row', async () => {
    server.serve('/same.json', {
      body: listFile([srinagar, pahalgam], { expires: '4 days' }),
      etag: '"same"',
      lastModified: 'Thu, 01 May 2025 00:00:00 GMT',
    });
    const list = await subscribed('/same.json');
    // A row-level marker: a rewrite of the list's rows would drop it.
    await db.entities.update(`${list.id}/srinagar`, { summary: 'marker' });
    server.requests.length = 0;
    const bulkAdd = vi.spyOn(db.entities, 'bulkAdd');
    const bulkPut = vi.spyOn(db.entities, 'bulkPut');
    clock += 5 * 24 * HOUR;

    const report = await refreshDue(db, deps());
    expect(report).toEqual({ results: [{ listId: list.id, url: list.url, outcome: 'unchanged' }], rebuild: false });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ status: 304 });
    expect(server.requests[0].headers).toMatchObject({ 'if-none-match': '"same"', 'if-modified-since': 'Thu, 01 May 2025 00:00:00 GMT' });
    expect(bulkAdd).not.toHaveBeenCalled();
    expect(bulkPut).not.toHaveBeenCalled();
    expect((await db.entities.get(`${list.id}/srinagar`))?.summary).toBe('marker');
    expect((await db.lists.get(list.id))?.dueAt).toBe(clock + 4 * 24 * HOUR);
  });

  it('swaps a newer copy in atomically and reports a rebuild', async () => {
    server.serve('/news.json', { body: listFile([srinagar, pahalgam], { lastModified: '2025-05-01T00:00:00Z' }), etag: '"1"' });
    const list = await subscribed('/news.json');
    server.serve('/news.json', { body: listFile([{ ...srinagar, summary: 'Updated' }], { lastModified: '2025-05-08T00:00:00Z' }), etag: '"2"' });
    clock += 8 * 24 * HOUR;
    const bulkAdd = vi.spyOn(db.entities, 'bulkAdd');
    const report = await refreshDue(db, deps());
    expect(bulkAdd).toHaveBeenCalledTimes(1); // so the spy in the 304 test would see a rewrite
    expect(report.rebuild).toBe(true);
    expect(report.results[0]).toMatchObject({ outcome: 'updated', count: 1 });
    const rows = await db.entities.where('source').equals(`list:${list.id}`).toArray();
    expect(rows.map((r) => [r.id, r.summary])).toEqual([[`${list.id}/srinagar`, 'Updated']]);
    expect(await db.lists.get(list.id)).toMatchObject({ etag: '"2"', count: 1, lastModified: '2025-05-08T00:00:00Z' });
  });

  it('rejects a copy older than the one it has and keeps the last good copy', async () => {
    server.serve('/older.json', { body: listFile([srinagar, pahalgam], { lastModified: '2025-05-05T00:00:00Z' }), etag: '"new"' });
    const list = await subscribed('/older.json');
    // A mirror serving a stale edition.
    server.serve('/older.json', { body: listFile([pahalgam], { lastModified: '2025-04-01T00:00:00Z' }), etag: '"old"' });
    clock += 8 * 24 * HOUR;
    const report = await refreshDue(db, deps());
    expect(report.results[0]).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/older than the one already kept/) });
    expect(report.rebuild).toBe(false);
    expect(await db.entities.where('source').equals(`list:${list.id}`).count()).toBe(2);
    const kept = await db.lists.get(list.id);
    expect(kept).toMatchObject({ etag: '"new"', count: 2, lastModified: '2025-05-05T00:00:00Z' });
    expect(kept?.error).toMatch(/older/);
    expect(kept?.dueAt).toBe(clock + 4 * HOUR); // retried after the minimum interval
  });

  it.each([
    ['an HTTP error', { body: 'oops', status: 500, contentType: 'text/plain' }, /answered 500/],
    ['an HTML body', { body: '<html><body>Maintenance</body></html>', contentType: 'text/html' }, /web page/],
    ['an empty body', { body: '   ' }, /empty/],
    ['an invalid file', { body: listFile([{ name: 'X', type: 'planet' }]) }, /entity 1.*type/],
    ['a body that is not JSON', { body: '{"entities": [' }, /not valid JSON/],
  ])('keeps the last good copy after %s and records the error', async (_what, served, reason) => {
    server.serve('/fail.json', { body: listFile([srinagar, pahalgam]), etag: '"good"' });
    const list = await subscribed('/fail.json');
    const before = await db.entities.where('source').equals(`list:${list.id}`).toArray();
    server.serve('/fail.json', served);
    clock += 8 * 24 * HOUR;
    const report = await refreshDue(db, deps());
    expect(report.results[0]).toMatchObject({ outcome: 'failed', error: expect.stringMatching(reason) });
    expect(await db.entities.where('source').equals(`list:${list.id}`).toArray()).toEqual(before);
    expect((await db.lists.get(list.id))?.error).toMatch(reason);

    // The next good copy clears the error.
    server.serve('/fail.json', { body: listFile([srinagar]), etag: '"fixed"' });
    clock += 5 * HOUR;
    expect((await refreshDue(db, deps())).results[0]).toMatchObject({ outcome: 'updated', count: 1 });
    expect((await db.lists.get(list.id))?.error).toBeUndefined();
  });

  it('keeps the last good copy when the server cannot be reached', async () => {
    server.serve('/gone.json', { body: listFile([srinagar]) });
    const list = await subscribed('/gone.json');
    await db.lists.update(list.id, { url: 'http://127.0.0.1:9/gone.json' }); // the discard port: refused
    clock += 8 * 24 * HOUR;
    const report = await refreshDue(db, deps());
    expect(report.results[0]).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/could not be reached/) });
    expect(await db.entities.get(`${list.id}/srinagar`)).toBeDefined();
  });

  it('does not rewrite rows when a server without validators sends the same bytes', async () => {
    server.serve('/plain.json', { body: listFile([srinagar]) });
    const list = await subscribed('/plain.json');
    await db.entities.update(`${list.id}/srinagar`, { summary: 'marker' });
    clock += 8 * 24 * HOUR;
    const report = await refreshDue(db, deps());
    expect(report).toMatchObject({ rebuild: false, results: [{ outcome: 'unchanged' }] });
    expect((await db.entities.get(`${list.id}/srinagar`))?.summary).toBe('marker');
  });

  it('does not bring back a list unsubscribed during its fetch', async () => {
    server.serve('/race.json', { body: listFile([srinagar]) });
    const list = await subscribed('/race.json');
    server.serve('/race.json', { body: listFile([pahalgam]) });
    clock += 8 * 24 * HOUR;
    const slowFetch: typeof fetch = async (input, init) => {
      await unsubscribe(db, list.id);
      return fetch(input, init);
    };
    await refreshDue(db, { ...deps(), fetch: slowFetch });
    expect(await db.lists.count()).toBe(0);
    expect(await db.entities.count()).toBe(0);
  });
});

describe('reader notes on list entities', () => {
  it('are kept apart, survive updates and unsubscribing, and show again on re-subscribing', async () => {
    server.serve('/notes.json', { body: listFile([srinagar], { lastModified: '2025-05-01T00:00:00Z' }), etag: '"n1"' });
    const first = await subscribe(db, server.url('/notes.json'), deps());
    if (!first.ok) throw new Error(first.error);
    const id = `${first.list.id}/srinagar`;
    const saved = await saveListNote(db, id, 'Visited in 2024.', () => new Date(clock));
    expect(saved).toMatchObject({ ok: true, entity: { notes: 'From the list.\n\nVisited in 2024.', readOnly: true, readerNotes: 'Visited in 2024.', listNotes: 'From the list.' } });
    // The list row itself keeps only the list's notes.
    expect((await db.entities.get(id))?.notes).toBe('From the list.');

    // An update of the list leaves the reader's notes alone.
    server.serve('/notes.json', { body: listFile([{ ...srinagar, notes: 'New list notes.' }], { lastModified: '2025-05-09T00:00:00Z' }), etag: '"n2"' });
    clock += 8 * 24 * HOUR;
    await refreshDue(db, deps());
    const [view] = await withReaderNotes(db, [(await db.entities.get(id))!]);
    expect(view.notes).toBe('New list notes.\n\nVisited in 2024.');

    await unsubscribe(db, first.list.id);
    expect(await db.entities.get(id)).toBeUndefined();
    expect(await db.listNotes.get(id)).toMatchObject({ notes: 'Visited in 2024.' });

    const again = await subscribe(db, server.url('/notes.json'), deps());
    if (!again.ok) throw new Error(again.error);
    expect(again.list.id).toBe(first.list.id);
    const [back] = await withReaderNotes(db, [(await db.entities.get(id))!]);
    expect(back).toMatchObject({ readOnly: true, readerNotes: 'Visited in 2024.' });
  });

  it('refuses saveListNote on the reader’s own entities and clears notes with empty text', async () => {
    const store = new EntityStore(db);
    const own = await store.create({ name: 'Mine' });
    expect(await saveListNote(db, own.id, 'x')).toMatchObject({ ok: false });
    server.serve('/clear.json', { body: listFile([srinagar]) });
    const result = await subscribe(db, server.url('/clear.json'), deps());
    if (!result.ok) throw new Error(result.error);
    const id = `${result.list.id}/srinagar`;
    await saveListNote(db, id, 'temporary');
    await saveListNote(db, id, '   ');
    expect(await db.listNotes.get(id)).toBeUndefined();
    const [ownView] = await withReaderNotes(db, [own]);
    expect(ownView.readOnly).toBe(false);
  });
});
