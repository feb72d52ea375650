/** The bench's row check against CONTRACT §1 (scripts/bench/harness.ts `rowProblems`). */
import { describe, expect, it } from 'vitest';
import { rowProblems, type Row } from '../../../scripts/bench/harness';

const row = (subject: string, extra: Partial<Row> = {}): Row => ({ bench: 'scan corpus (cities-100k)', subject, metric: 'scan throughput', unit: 'chars/s', better: 'higher', value: 1, ...extra });

describe('bench rows', () => {
  it('take backstory, limit, a peer package or a platform peer as the subject', () => {
    const rows = ['backstory', 'limit', 'modern-ahocorasick', 'mark.js', 'RegExp', 'Array.filter', 'IndexedDB'].map((s) => row(s));
    expect(rowProblems(rows, ['modern-ahocorasick', 'mark.js'])).toEqual([]);
  });

  it('name each row whose subject is none of those: a variant of backstory, a description, a package that is not a dependency', () => {
    const problems = rowProblems([row('backstory (bundled)'), row('empty store'), row('ahocorasick')], ['modern-ahocorasick']);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toBe('scan corpus (cities-100k) / backstory (bundled) / scan throughput: subject "backstory (bundled)" is not backstory, limit or a peer package');
  });

  it('want better higher or lower, a finite value, and a bench, metric and unit', () => {
    const bad = [row('backstory', { better: 'more' as 'higher' }), row('backstory', { value: Number.NaN }), row('backstory', { unit: '' })];
    expect(rowProblems(bad, [])).toHaveLength(3);
  });
});
