import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { openDb, type BackstoryDb } from '../../../src/shared/db';

// The service's scheduling is what is tested here; replication itself has its own tests.
const calls: string[] = [];
let release: (() => void)[] = [];
vi.mock('../../../src/background/sync', () => ({
  SYNCING: 'Syncing…',
  syncOnce: vi.fn(async () => {
    calls.push('sync');
    await new Promise<void>((resolve) => release.push(resolve));
    return {
      ok: true, status: 'Synced: 0 received, 0 sent', changedIds: ['a'], forbiddenIds: [],
      pulled: 0, pushed: 0, conflicts: 0, pending: 0, forbidden: 0, blockedDeletions: 0, unresolved: 0, localCount: 0,
    };
  }),
}));
const { SyncService } = await import('../../../src/background/sync-service');

let db: BackstoryDb;
beforeEach(() => {
  db = openDb({ indexedDB: new IDBFactory(), IDBKeyRange });
  calls.length = 0;
  release = [];
});

// Polled rather than a fixed pause: under load fake-indexeddb's writes can take longer than any pause.
const eventually = (check: () => Promise<void> | void) => vi.waitFor(check, { timeout: 5000, interval: 5 });

describe('SyncService', () => {
  it('says in words that no server is set up', async () => {
    const service = new SyncService(db, async () => undefined);
    const state = await service.run();
    expect(state.status).toMatch(/^Sync failed: no server is set up/);
    expect(calls).toEqual([]);
  });

  it('runs one more sync after a running one instead of joining it, and tells what changed', async () => {
    const changed: string[][] = [];
    const service = new SyncService(db, async (ids) => void changed.push(ids));
    await service.saveSettings({ serverUrl: 'http://127.0.0.1:9', database: 'notes' });
    const first = service.run();
    await eventually(async () => expect((await service.state())?.status).toBe('Syncing…'));
    const second = service.run();
    const third = service.run();
    expect(third).toBe(second); // calls made meanwhile share the next sync
    expect(calls).toEqual(['sync']);
    release.shift()?.();
    await first;
    await eventually(() => expect(calls).toEqual(['sync', 'sync']));
    release.shift()?.();
    const state = await second;
    expect(state).toMatchObject({ ok: true, status: 'Synced: 0 received, 0 sent', needsContinue: false });
    expect(state.lastSyncedAt).toBeTypeOf('number');
    expect(changed).toEqual([['a'], ['a']]);
  });
});
