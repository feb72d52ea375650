import { describe, expect, it } from 'vitest';
import { StringList } from '../../../src/core/matcher/strings';

describe('StringList (ids and surname keys, stored packed)', () => {
  it('round-trips through its stored form, then grows like an array', () => {
    const a = StringList.empty();
    for (const s of ['geonames:1', '', 'wd:Q42', 'ü\u0301', '東京']) a.push(s);
    const stored = structuredClone(a.toStored(a.length));
    expect(stored.pack).toBe('geonames:1wd:Q42ü\u0301東京');
    const b = StringList.fromStored(stored.pack, stored.ends);
    expect(b.length).toBe(5);
    expect([0, 1, 2, 3, 4].map((i) => b.get(i))).toEqual(['geonames:1', '', 'wd:Q42', 'ü\u0301', '東京']);
    // A prefix of a loaded list is stored without materializing it.
    const prefix = b.toStored(3);
    expect(prefix.pack).toBe('geonames:1wd:Q42');
    expect([...prefix.ends]).toEqual([10, 10, 16]);
    expect(b.push('x')).toBe(5);
    expect(b.get(5)).toBe('x');
    expect(b.get(2)).toBe('wd:Q42');
    expect(StringList.fromStored(b.toStored(6).pack, b.toStored(6).ends).get(5)).toBe('x');
  });

  it('rejects a damaged stored form', () => {
    expect(() => StringList.fromStored('abc', new Int32Array([1, 2]))).toThrow();
  });
});
