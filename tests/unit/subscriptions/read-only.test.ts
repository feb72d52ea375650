import { describe, expect, it } from 'vitest';
import { READ_ONLY_MESSAGE, decideListPatch, joinNotes } from '../../../src/background/subscriptions';
import type { StoredEntity } from '../../../src/shared/db';

const listed: StoredEntity = {
  id: 'example-org-0123456789/srinagar', name: 'Srinagar', aliases: [], type: 'place', summary: 'S',
  notes: 'List notes', tags: ['kashmir'], links: [], updatedAt: '2025-05-01T00:00:00Z', source: 'list:example-org-0123456789',
};

describe('list entities are read-only', () => {
  it('lets the reader’s own entities through to the store', () => {
    expect(decideListPatch({ ...listed, source: 'own' }, { summary: 'x' })).toEqual({ kind: 'own' });
  });
  it('routes notes to the reader’s notes', () => {
    expect(decideListPatch(listed, { notes: 'Mine' })).toEqual({ kind: 'notes', notes: 'Mine' });
    // An editor sending the whole form back, unchanged fields included, still works.
    expect(decideListPatch(listed, { name: 'Srinagar', tags: ['kashmir'], notes: 'Mine' })).toEqual({ kind: 'notes', notes: 'Mine' });
    expect(decideListPatch(listed, { name: 'Srinagar' })).toEqual({ kind: 'unchanged' });
  });
  it('refuses any other change', () => {
    expect(decideListPatch(listed, { summary: 'Edited' })).toEqual({ kind: 'refused', error: READ_ONLY_MESSAGE });
    expect(decideListPatch(listed, { tags: [], notes: 'Mine' })).toEqual({ kind: 'refused', error: READ_ONLY_MESSAGE });
  });
  it('shows the list’s notes, then the reader’s', () => {
    expect(joinNotes('List', 'Mine')).toBe('List\n\nMine');
    expect(joinNotes('', 'Mine')).toBe('Mine');
    expect(joinNotes('List', ' ')).toBe('List');
  });
});
