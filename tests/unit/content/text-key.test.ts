import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textKey } from '../../../src/content/text-key';

describe('textKey (what the page model and the answer cache keep instead of a block text)', () => {
  it('is the same for the same text and differs for different texts', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(textKey(a)).toBe(textKey(`${a}`));
        if (a !== b) expect(textKey(a)).not.toBe(textKey(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('tells apart texts one code unit apart, whatever their length, and stays short', () => {
    const base = 'Rajnath Singh met Gen Nakatani in New Delhi. '.repeat(200);
    const keys = new Set<string>();
    for (let i = 0; i < base.length; i += 97) {
      const changed = base.slice(0, i) + String.fromCharCode(base.charCodeAt(i) ^ 1) + base.slice(i + 1);
      keys.add(textKey(changed));
    }
    keys.add(textKey(base));
    expect(keys.size).toBe(Math.ceil(base.length / 97) + 1);
    for (const k of keys) expect(k.length).toBeLessThanOrEqual(16);
  });
});
