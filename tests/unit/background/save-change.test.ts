/** The popup's notes typed over a text that changed meanwhile (src/background/save-change.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeEdits, mergeSaveChanges, type SaveChange } from '../../../src/background/save-change';

describe('mergeEdits', () => {
  it('with one side unchanged gives the other side', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (base, other) => {
      expect(mergeEdits(base, base, other)).toBe(other);
      expect(mergeEdits(base, other, base)).toBe(other);
    }), { numRuns: 500 });
  });

  it('applies an edit at the start and one at the end both, a stretch apart', () => {
    fc.assert(fc.property(fc.string(), fc.string({ minLength: 1 }), fc.string(), fc.string(), fc.string(), (left, middle, right, mine, theirs) => {
      const merged = mergeEdits(left + middle + right, mine + middle + right, left + middle + theirs);
      // Where the stretches can be told apart, both edits; otherwise a line merge takes over.
      if (merged !== undefined) expect(merged).toBe(mine + middle + theirs);
    }), { numRuns: 2000 });
    // Letters the sides do not share are always told apart.
    expect(mergeEdits('left middle right', 'LEFT middle right', 'left middle RIGHT')).toBe('LEFT middle RIGHT');
  });

  it('keeps the typing and the line that landed below it', () => {
    expect(mergeEdits('seed note', 'seed noteabc', 'seed note\nIMPORTED LINE')).toBe('seed noteabc\nIMPORTED LINE');
    expect(mergeEdits('base A1 B1', 'base A1 B1x', 'base A1 B1y')).toBe('base A1 B1xy');
    expect(mergeEdits('Met in Delhi.', 'Met in Lisbon.', 'Met in Tokyo.')).toBeUndefined();
  });
});

describe('mergeSaveChanges', () => {
  it('keeps the earliest notes base of the saves that wait, and the latest values', () => {
    const into: SaveChange = { patch: { name: 'A' } };
    mergeSaveChanges(into, { patch: { notes: 'ab' }, notesBase: 'a' });
    mergeSaveChanges(into, { patch: { notes: 'abc' }, notesBase: 'ab' });
    expect(into).toEqual({ patch: { name: 'A', notes: 'abc' }, notesBase: 'a' });
  });
});
