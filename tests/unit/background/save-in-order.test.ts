/**
 * The popup sends every change of an entity at once, without waiting for answers (closing the
 * popup mid-typing must lose nothing, CONTRACT §4): the background applies one entity's saves in
 * the order they were sent, and a new entity's first saves, all marked `create` with the id the
 * popup gave it, make exactly one entity.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Background } from '../../../src/background/app';
import { handlers } from '../../../src/background/handlers';
import { CoalescedSaves } from '../../../src/background/coalesced-saves';
import type { BackstoryDb } from '../../../src/shared/db';
import { testBackground } from '../../support/background';

let db: BackstoryDb;
let bg: Background;
beforeEach(async () => {
  ({ db, bg } = await testBackground());
});

describe('CoalescedSaves', () => {
  it('applies one id\'s saves in order, merging those that wait, past failures; other ids do not wait', async () => {
    const applied: Array<[string, Record<string, string>, boolean]> = [];
    const apply = async (id: string, patch: Record<string, string>, create: boolean): Promise<string> => {
      await new Promise((resolve) => setTimeout(resolve, id === 'k' ? 20 : 1));
      applied.push([id, { ...patch }, create]);
      if (patch.fail) throw new Error('refused');
      return `${id}:${patch.notes ?? ''}`;
    };
    const queue = new CoalescedSaves<Record<string, string>, string>();
    const q = { save: (id: string, patch: Record<string, string>, create: boolean) => queue.save(id, patch, create, apply), settled: (id: string) => queue.settled(id) };
    const first = q.save('k', { name: 'A', notes: 'a' }, true);
    await new Promise((resolve) => setTimeout(resolve, 0)); // the first is being applied now
    // These arrive while the first is being applied: one write after it, the later values winning.
    const second = q.save('k', { notes: 'ab' }, false);
    const third = q.save('k', { notes: 'abc', tags: 't' }, false);
    const other = q.save('j', { notes: 'x' }, false);
    expect(await other).toBe('j:x');
    expect(await first).toBe('k:a');
    expect(await second).toBe('k:abc');
    expect(await third).toBe('k:abc');
    const failed = q.save('k', { fail: '1' }, false);
    await expect(failed).rejects.toThrow('refused');
    expect(await q.save('k', { notes: 'after' }, false)).toBe('k:after');
    await q.settled('k');
    expect(applied).toEqual([
      ['j', { notes: 'x' }, false],
      ['k', { name: 'A', notes: 'a' }, true],
      ['k', { notes: 'abc', tags: 't' }, false],
      ['k', { fail: '1' }, false],
      ['k', { notes: 'after' }, false],
    ]);
  });
});

describe('saveEntity sent without waiting for answers', () => {
  it('makes one new entity from saves that all say create, ending with the last text typed', async () => {
    const id = 'popup-made-1';
    const typed = ['R', 'Ra', 'Raj', 'Rajn'];
    const answers = await Promise.all(typed.map((name, k) =>
      handlers.saveEntity({ id, create: true, patch: { name, notes: `note ${k}`, type: 'person' } }, bg)));
    expect(answers.every((a) => 'entity' in a && a.entity.id === id)).toBe(true);
    expect(await db.entities.count()).toBe(1);
    expect((await handlers.getEntity({ id }, bg)).entity).toMatchObject({ id, name: 'Rajn', notes: 'note 3', type: 'person' });
  });

  it('applies a burst of note edits in the order sent', async () => {
    await handlers.saveEntity({ id: 'e1', create: true, patch: { name: 'Pahalgam' } }, bg);
    const notes = Array.from({ length: 40 }, (_, k) => 'Valley town'.slice(0, 1 + (k % 11)) + ` ${k}`);
    const sent = notes.map((n) => handlers.saveEntity({ id: 'e1', patch: { notes: n } }, bg));
    // Read at once, as a popup opened again right after the burst would: it sees the last edit.
    expect((await handlers.getEntity({ id: 'e1' }, bg)).entity?.notes).toBe(notes[notes.length - 1]);
    await Promise.all(sent);
  });

  it('still refuses what it refused: no name, an unknown id without create, an id starting with _', async () => {
    expect(await handlers.saveEntity({ id: 'x', create: true, patch: { notes: 'no name yet' } }, bg)).toEqual({ error: 'An entity needs a name.' });
    expect(await handlers.saveEntity({ id: 'gone', patch: { name: 'Gone' } }, bg)).toEqual({ error: 'This entity no longer exists.' });
    expect(await handlers.saveEntity({ id: '_design', create: true, patch: { name: 'Sneaky' } }, bg)).toMatchObject({ error: expect.stringContaining('_') });
    expect(await db.entities.count()).toBe(0);
  });
});

describe('notes typed over a text that changed meanwhile', () => {
  it('keep what landed meanwhile (an import appending below them) with what the reader typed', async () => {
    await handlers.saveEntity({ id: 's1', create: true, patch: { name: 'Seed One', notes: 'seed note' } }, bg);
    // An import lands between two keystrokes: the stored notes are no longer what the editor showed.
    await bg.store.update('s1', { notes: 'seed note\nIMPORTED LINE' });
    const typed = ['seed notea', 'seed noteab', 'seed noteabc'];
    let base = 'seed note';
    const answers = await Promise.all(typed.map((notes) => {
      const sent = handlers.saveEntity({ id: 's1', patch: { notes }, notesBase: base }, bg);
      base = notes;
      return sent;
    }));
    const last = answers[answers.length - 1];
    expect('entity' in last && last.entity.notes).toBe('seed noteabc\nIMPORTED LINE');
    expect((await handlers.getEntity({ id: 's1' }, bg)).entity).toMatchObject({ notes: 'seed noteabc\nIMPORTED LINE' });
    expect((await handlers.getEntity({ id: 's1' }, bg)).entity?.conflict).toBeUndefined();
  });

  it('keep both texts between markers, flagged as a conflict, when the same line changed both ways', async () => {
    await handlers.saveEntity({ id: 's2', create: true, patch: { name: 'Seed Two', notes: 'Met in Delhi.' } }, bg);
    await bg.store.update('s2', { notes: 'Met in Tokyo.' });
    const answer = await handlers.saveEntity({ id: 's2', patch: { notes: 'Met in Lisbon.' }, notesBase: 'Met in Delhi.' }, bg);
    const notes = 'entity' in answer ? answer.entity.notes : '';
    expect(notes).toContain('Met in Lisbon.');
    expect(notes).toContain('Met in Tokyo.');
    expect(notes).toMatch(/^<<<<<<< typed in the popup/);
    expect('entity' in answer && answer.entity.conflict).toBe(true);
  });

  it('are written as typed when nothing changed meanwhile, or when the editor sends no base', async () => {
    await handlers.saveEntity({ id: 's3', create: true, patch: { name: 'Seed Three', notes: 'a' } }, bg);
    expect(await handlers.saveEntity({ id: 's3', patch: { notes: 'ab' }, notesBase: 'a' }, bg)).toMatchObject({ entity: { notes: 'ab' } });
    await bg.store.update('s3', { notes: 'elsewhere' });
    expect(await handlers.saveEntity({ id: 's3', patch: { notes: 'mine' } }, bg)).toMatchObject({ entity: { notes: 'mine' } });
  });
});

