import { describe, expect, it } from 'vitest';
import { parseSyncConfig, seqNumber } from '../../../src/core/sync/config';
import { docToVersion, versionToDoc } from '../../../src/core/sync/doc';
import { deletionsNeedConfirmation } from '../../../src/core/sync/failsafe';
import { localVersion } from '../../../src/core/sync/merge';
import { SYNCING, syncStatus } from '../../../src/core/sync/status';
import { entity } from './clients';

const zero = { pulled: 0, pushed: 0, conflicts: 0, pending: 0, forbidden: 0, blockedDeletions: 0, unresolved: 0, localCount: 0 };

describe('status line', () => {
  it('says Syncing…, Synced … (never error/fail) or Sync failed: …', () => {
    expect(SYNCING).toBe('Syncing…');
    const ok = syncStatus({ ...zero, pulled: 1200, pushed: 1, conflicts: 2, pending: 3 });
    expect(ok).toBe('Synced: 1,200 received, 1 sent, 2 entities have two versions of notes to reconcile, 3 changes still to send');
    expect(ok).not.toMatch(/error|fail/i);
    expect(syncStatus({ ...zero, blockedDeletions: 1500, localCount: 1600 })).toMatch(/^Sync failed: the server would delete 1,500 entities of 1,600 here; nothing was deleted/);
  });
});

describe('failsafe thresholds', () => {
  it('stops above 1,000, or above 20% when more than 10', () => {
    expect(deletionsNeedConfirmation(1001, 1_000_000)).toBe(true);
    expect(deletionsNeedConfirmation(1000, 1_000_000)).toBe(false);
    expect(deletionsNeedConfirmation(10, 20)).toBe(false);
    expect(deletionsNeedConfirmation(11, 50)).toBe(true);
    expect(deletionsNeedConfirmation(11, 56)).toBe(false);
  });
});

describe('config', () => {
  it('splits own and team databases and refuses bad input in words', () => {
    expect(parseSyncConfig({ serverUrl: 'https://h.example/couch/', database: 'alice, team-a,alice' })).toEqual({ ok: true, target: { server: 'https://h.example/couch', own: 'alice', team: ['team-a'], username: undefined, password: undefined } });
    expect(parseSyncConfig({ serverUrl: 'nope', database: 'a' })).toEqual({ ok: false, reason: 'the server URL is not a valid address' });
    expect(parseSyncConfig({ serverUrl: 'http://h', database: 'Bad' }).ok).toBe(false);
  });
  it('reads the numeric prefix of opaque seqs', () => {
    expect(seqNumber(12)).toBe(12);
    expect(seqNumber('34-g1AAAA')).toBe(34);
    expect(seqNumber('now')).toBeNaN();
  });
});

describe('documents', () => {
  it('round-trip an entity with unknown and reserved-name fields', () => {
    const e = entity('x', { extra: { wikidata: 'Q1', sync: 'theirs', _hidden: 1 }, guard: true, links: [{ title: 'W', url: 'https://w' }] });
    const doc = versionToDoc(localVersion(undefined, e, 'n'), '1-a', 'alice');
    expect(doc).toMatchObject({ _id: 'entity:x', _rev: '1-a', wikidata: 'Q1', guard: true, sync: { by: 'alice', extra: { sync: 'theirs', _hidden: 1 } } });
    expect(docToVersion(doc)?.entity).toEqual(e);
  });
  it('reads foreign documents leniently', () => {
    const v = docToVersion({ _id: 'entity:y', name: 3, type: 'planet', tags: ['a', 1] });
    expect(v?.entity).toMatchObject({ id: 'y', name: '', type: 'other', tags: ['a'], notes: '' });
    expect(docToVersion({ _id: '_design/x' })).toBeUndefined();
  });
});
