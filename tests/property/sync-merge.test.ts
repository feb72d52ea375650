/** Properties of the pure merge: no one's words are lost, clean merges do not depend on who merges. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeNotes } from '../../src/core/sync/notes';
import { mergeKeys } from '../../src/core/sync/sets';

const labels = { local: 'one device', remote: 'another device' };

type Edit = { kind: 'insert' | 'delete' | 'replace'; pos: number };
const edits = fc.array(fc.record({ kind: fc.constantFrom<Edit['kind']>('insert', 'delete', 'replace'), pos: fc.nat(50) }), { maxLength: 8 });

/** Apply edits, making unique new lines tagged with `side`. */
function edit(base: string[], list: Edit[], side: string): string[] {
  const lines = [...base];
  list.forEach((e, i) => {
    const fresh = `${side}${i}`;
    if (e.kind === 'insert' || lines.length === 0) lines.splice(e.pos % (lines.length + 1), 0, fresh);
    else if (e.kind === 'delete') lines.splice(e.pos % lines.length, 1);
    else lines.splice(e.pos % lines.length, 1, fresh);
  });
  return lines;
}

describe('mergeNotes properties', () => {
  it('keeps every line either side added, and every base line both sides kept', () => {
    fc.assert(fc.property(fc.nat(8), edits, edits, (n, le, re) => {
      const base = Array.from({ length: n }, (_, i) => `base${i}`);
      const local = edit(base, le, 'L');
      const remote = edit(base, re, 'R');
      const merged = new Set(mergeNotes(base.join('\n'), local.join('\n'), remote.join('\n'), labels).text.split('\n'));
      for (const line of [...local, ...remote]) if (!base.includes(line)) expect(merged.has(line)).toBe(true);
      for (const line of base) if (local.includes(line) && remote.includes(line)) expect(merged.has(line)).toBe(true);
    }), { numRuns: 500 });
  });

  it('a clean merge is the same whichever side merges', () => {
    fc.assert(fc.property(fc.nat(8), edits, edits, (n, le, re) => {
      const base = Array.from({ length: n }, (_, i) => `base${i}`).join('\n');
      const local = edit(base ? base.split('\n') : [], le, 'L').join('\n');
      const remote = edit(base ? base.split('\n') : [], re, 'R').join('\n');
      const ab = mergeNotes(base, local, remote, labels);
      const ba = mergeNotes(base, remote, local, labels);
      expect(ab.conflict).toBe(ba.conflict);
      if (!ab.conflict) expect(ab.text).toBe(ba.text);
    }), { numRuns: 500 });
  });
});

describe('add-wins set properties', () => {
  it('keeps additions of both sides and drops only elements some side removed', () => {
    const set = fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 6 });
    fc.assert(fc.property(set, set, set, (base, local, remote) => {
      const merged = new Set(mergeKeys(base, local, remote));
      for (const e of [...local, ...remote]) if (!base.includes(e)) expect(merged.has(e)).toBe(true);
      for (const e of base) expect(merged.has(e)).toBe(local.includes(e) && remote.includes(e));
      expect(new Set(mergeKeys(base, remote, local))).toEqual(merged);
    }), { numRuns: 300 });
  });
});
