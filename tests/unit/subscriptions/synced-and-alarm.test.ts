import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  REFRESH_ALARM,
  isRefreshAlarm,
  listSubscriptions,
  readSynced,
  reconcileWithSynced,
  scheduleRefresh,
  subscribe,
  subscribeAndSync,
  unsubscribeAndSync,
  SYNCED_KEY,
  type AlarmsLike,
  type SyncedArea,
} from '../../../src/background/subscriptions';
import { openDb, type BackstoryDb } from '../../../src/shared/db';
import { listFile, startListServer, type ListServer } from './list-server';

/** storage.sync stand-in: JSON round trip, as the real area clones values. */
function memoryArea(initial: Record<string, unknown> = {}): SyncedArea & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = JSON.parse(JSON.stringify(initial));
  return {
    data,
    get: async (key) => (key in data ? { [key]: JSON.parse(JSON.stringify(data[key])) } : {}),
    set: async (items) => void Object.assign(data, JSON.parse(JSON.stringify(items))),
  };
}

let server: ListServer;
let db: BackstoryDb;
beforeAll(async () => {
  server = await startListServer();
  server.serve('/a.json', { body: listFile([{ name: 'Srinagar', type: 'place' }]) });
  server.serve('/b.json', { body: listFile([{ name: 'Leh', type: 'place' }, { name: 'Kargil', type: 'place' }]) });
});
afterAll(() => server.close());
beforeEach(() => {
  db = openDb({ indexedDB: new IDBFactory(), IDBKeyRange });
});

describe('synced settings', () => {
  it('mirrors Subscribe and Unsubscribe into the synced URLs', async () => {
    const area = memoryArea();
    const result = await subscribeAndSync(db, area, server.url('/a.json'));
    if (!result.ok) throw new Error(result.error);
    expect(await readSynced(area)).toEqual({ urls: [server.url('/a.json')], removed: [] });
    await unsubscribeAndSync(db, area, result.list.id);
    expect(await readSynced(area)).toEqual({ urls: [], removed: [server.url('/a.json')] });
    // Subscribing again takes it off the removed list.
    await subscribeAndSync(db, area, server.url('/a.json'));
    expect(await readSynced(area)).toEqual({ urls: [server.url('/a.json')], removed: [] });
  });

  it('does not record a refused subscription', async () => {
    const area = memoryArea();
    await subscribeAndSync(db, area, server.url('/missing.json'));
    expect(await readSynced(area)).toEqual({ urls: [], removed: [] });
  });

  it('on startup subscribes to synced URLs missing here, drops removed ones, publishes local ones', async () => {
    const local = await subscribe(db, server.url('/b.json'));
    const gone = await subscribe(db, server.url('/a.json#old-fragment'));
    if (!local.ok || !gone.ok) throw new Error('setup');
    await db.lists.delete(gone.list.id); // simulate: only /a.json is elsewhere now
    await db.entities.where('source').equals(`list:${gone.list.id}`).delete();
    const area = memoryArea({ [SYNCED_KEY]: { urls: [server.url('/a.json'), 'javascript:alert(1)', 42], removed: [] } });

    const report = await reconcileWithSynced(db, area);
    expect(report.subscribed.map((s) => [s.url, s.result.ok])).toEqual([[server.url('/a.json'), true]]);
    expect(report.rebuild).toBe(true);
    expect((await listSubscriptions(db)).map((l) => l.url).sort()).toEqual([server.url('/a.json'), server.url('/b.json')]);
    expect((await readSynced(area)).urls.sort()).toEqual([server.url('/a.json'), server.url('/b.json')]);

    // Unsubscribed in another browser: removed here at the next start.
    area.data[SYNCED_KEY] = { urls: [server.url('/a.json')], removed: [server.url('/b.json')] };
    const second = await reconcileWithSynced(db, area);
    expect(second.unsubscribed).toEqual([server.url('/b.json')]);
    expect((await listSubscriptions(db)).map((l) => l.url)).toEqual([server.url('/a.json')]);
  });

  it('never fails a local action because synced storage refuses', async () => {
    const broken: SyncedArea = {
      get: async () => ({}),
      set: async () => {
        throw new Error('QUOTA_BYTES quota exceeded');
      },
    };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const result = await subscribeAndSync(db, broken, server.url('/a.json'));
    expect(result.ok).toBe(true);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });
});

describe('refresh alarm', () => {
  function fakeAlarms(): AlarmsLike & { created: { name: string; info: object }[] } {
    const created: { name: string; info: object }[] = [];
    return {
      created,
      get: async (name) => (created.some((a) => a.name === name) ? { name } : undefined),
      create: (name, info) => void created.push({ name, info }),
    };
  }

  it('is created once, periodic, and recognised by name', async () => {
    const alarms = fakeAlarms();
    await scheduleRefresh(alarms);
    await scheduleRefresh(alarms);
    expect(alarms.created).toEqual([{ name: REFRESH_ALARM, info: { delayInMinutes: 1, periodInMinutes: 30 } }]);
    expect(isRefreshAlarm({ name: REFRESH_ALARM })).toBe(true);
    expect(isRefreshAlarm({ name: 'other' })).toBe(false);
  });
});
