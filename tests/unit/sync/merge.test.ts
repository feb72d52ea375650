import { describe, expect, it } from 'vitest';
import { diff3Chunks, lcsMatch } from '../../../src/core/sync/diff3';
import { hlcFromTime, makeHlc, tick } from '../../../src/core/sync/hlc';
import { localVersion, mergeEntity } from '../../../src/core/sync/merge';
import { conflictLabel, hasConflictMarkers, mergeNotes } from '../../../src/core/sync/notes';
import { mergeKeys } from '../../../src/core/sync/sets';
import type { SyncedEntity, Version } from '../../../src/core/sync/types';
import { entity } from './clients';

const labels = { local: 'alice, 2025-05-06 10:00 UTC', remote: 'bob, 2025-05-06 10:02 UTC' };
const at = (min: number) => new Date(Date.parse('2025-05-06T10:00:00Z') + min * 60_000).toISOString();

function versions(base: SyncedEntity, local: SyncedEntity, remote: SyncedEntity) {
  const b = localVersion(undefined, base, 'base');
  const l = localVersion(b, local, 'aaaa');
  const r = localVersion(b, remote, 'bbbb');
  return { base: b, local: l, remote: r } as { base: Version; local: Version; remote: Version };
}
const merge = (base: SyncedEntity, local: SyncedEntity, remote: SyncedEntity) =>
  mergeEntity({ ...versions(base, local, remote), labels, node: 'aaaa', nowMs: Date.parse(at(30)) });

describe('hlc', () => {
  it('orders by time, then counter, and ticks past what it saw', () => {
    expect(makeHlc(1, 0, 'a') < makeHlc(2, 0, 'a')).toBe(true);
    expect(makeHlc(2, 0, 'a') < makeHlc(2, 1, 'a')).toBe(true);
    const seen = makeHlc(5000, 3, 'z');
    expect(tick(seen, 1000, 'a') > seen).toBe(true);
    expect(tick(seen, 9000, 'a')).toBe(makeHlc(9000, 0, 'a'));
    expect(hlcFromTime('not a date', 'n')).toBe(makeHlc(0, 0, 'n'));
  });
});

describe('diff3', () => {
  it('matches a longest common subsequence', () => {
    expect(lcsMatch(['a', 'b', 'c'], ['a', 'x', 'c'])).toEqual([0, -1, 2]);
  });
  it('merges edits to different lines and reports same-line edits as conflicts', () => {
    expect(diff3Chunks(['a', 'b', 'c', 'd'], ['A', 'b', 'c', 'd'], ['a', 'b', 'c', 'D'])).toEqual([{ ok: ['A', 'b', 'c', 'D'] }]);
    const chunks = diff3Chunks(['a', 'b'], ['a', 'x'], ['a', 'y']);
    expect(chunks).toEqual([{ ok: ['a'] }, { conflict: { a: ['x'], base: ['b'], b: ['y'] } }]);
  });
});

describe('mergeNotes', () => {
  it('takes the changed side, merges separate lines, and keeps both texts of a clash between markers', () => {
    expect(mergeNotes('x', 'x', 'y', labels)).toEqual({ text: 'y', conflict: false });
    expect(mergeNotes('a\nb\nc', 'a1\nb\nc', 'a\nb\nc1', labels)).toEqual({ text: 'a1\nb\nc1', conflict: false });
    const clash = mergeNotes('Met Nakatani.', 'Met Nakatani in Delhi.', 'Met Nakatani in Tokyo.', labels);
    expect(clash.conflict).toBe(true);
    expect(clash.text).toBe(['<<<<<<< alice, 2025-05-06 10:00 UTC', 'Met Nakatani in Delhi.', '=======', 'Met Nakatani in Tokyo.', '>>>>>>> bob, 2025-05-06 10:02 UTC'].join('\n'));
    expect(hasConflictMarkers(clash.text)).toBe(true);
  });
  it('without a base keeps a text that contains the other, else both', () => {
    expect(mergeNotes(undefined, 'a\nb', 'a', labels).text).toBe('a\nb');
    expect(mergeNotes(undefined, '', 'b', labels).text).toBe('b');
    expect(mergeNotes(undefined, 'a', 'b', labels).conflict).toBe(true);
  });
  it('labels name who and when, in UTC', () => {
    expect(conflictLabel('alice', '2025-05-06T10:00:59Z', 'x')).toBe('alice, 2025-05-06 10:00 UTC');
    expect(conflictLabel(undefined, undefined, 'one device')).toBe('one device');
  });
});

describe('mergeKeys (add-wins sets)', () => {
  it('keeps additions from both sides and removals made against the base', () => {
    expect(mergeKeys(['a', 'b', 'c'], ['a', 'c', 'd'], ['a', 'b', 'c', 'e'])).toEqual(['a', 'c', 'd', 'e']);
  });
  it('without a base: union, minus what the other side recorded as removed', () => {
    expect(mergeKeys(undefined, ['a', 'x'], ['a', 'y'], [], ['x'])).toEqual(['a', 'y']);
  });
});

describe('mergeEntity', () => {
  const base = entity('e', { name: 'E', summary: 's0', notes: 'n0', tags: ['t'], updatedAt: at(0) });
  it('keeps concurrent edits of different fields', () => {
    const out = merge(base, { ...base, summary: 's1', updatedAt: at(1) }, { ...base, tags: ['t', 'u'], name: 'E2', updatedAt: at(2) }).version.entity;
    expect(out).toMatchObject({ summary: 's1', tags: ['t', 'u'], name: 'E2', updatedAt: at(2) });
  });
  it('lets the later edit of the same scalar field win', () => {
    expect(merge(base, { ...base, summary: 'mine', updatedAt: at(5) }, { ...base, summary: 'theirs', updatedAt: at(3) }).version.entity.summary).toBe('mine');
    expect(merge(base, { ...base, summary: 'mine', updatedAt: at(3) }, { ...base, summary: 'theirs', updatedAt: at(5) }).version.entity.summary).toBe('theirs');
  });
  it('marks the entity in conflict when notes clash', () => {
    const result = merge(base, { ...base, notes: 'mine', updatedAt: at(1) }, { ...base, notes: 'theirs', updatedAt: at(2) });
    expect(result.notesConflict).toBe(true);
    expect(result.version.entity.conflict).toBe(true);
    expect(result.version.entity.notes).toContain('mine');
    expect(result.version.entity.notes).toContain('theirs');
  });
  it('a deletion wins over an untouched copy; an edit made after the deletion revives', () => {
    const deleted = { ...base, deleted: true, deletedAt: at(2), updatedAt: at(2) };
    expect(merge(base, base, deleted).version.entity.deleted).toBe(true);
    expect(merge(base, { ...base, notes: 'later', updatedAt: at(3) }, deleted).version.entity.deleted).toBeFalsy();
    expect(merge(base, { ...base, notes: 'earlier', updatedAt: at(1) }, deleted).version.entity).toMatchObject({ deleted: true, notes: 'earlier' });
  });
  it('ignores remote fields older than the base (a server restored from a backup)', () => {
    const b = localVersion(undefined, { ...base, summary: 'new', updatedAt: at(10) }, 'n');
    const old = localVersion(undefined, { ...base, summary: 'old', updatedAt: at(1) }, 'n');
    const out = mergeEntity({ base: b, local: b, remote: old, labels, node: 'n', nowMs: 0 }).version.entity;
    expect(out.summary).toBe('new');
  });
});
