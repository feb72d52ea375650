import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExportParts } from '../../../src/background/export-parts';

function readAll(exports: ExportParts, text: string): string[] {
  const { token, parts } = exports.hold(text);
  return Array.from({ length: parts }, (_, i) => exports.part(token, i));
}

describe('ExportParts', () => {
  it('gives the text back part by part, each within the size of a part, never cutting a surrogate pair', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.integer({ min: 2, max: 9 }), (text, size) => {
        const parts = readAll(new ExportParts(size), text);
        expect(parts.join('')).toBe(text);
        for (const part of parts) {
          expect(part.length).toBeLessThanOrEqual(size);
          // Well-formed: no lone half of a pair at either end.
          expect(part).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
        }
      }),
    );
  });

  it('an export read to its end is let go; another token, or a part out of range, is an error that says so', () => {
    const exports = new ExportParts(4);
    const { token, parts } = exports.hold('0123456789');
    expect(parts).toBe(3);
    expect(() => exports.part(token, 3)).toThrow('no part 3');
    expect([0, 1, 2].map((i) => exports.part(token, i))).toEqual(['0123', '4567', '89']);
    expect(() => exports.part(token, 0)).toThrow('interrupted; export again');
    expect(() => exports.part('another', 0)).toThrow('interrupted');
    // An empty store's export is one part.
    expect(readAll(exports, '')).toEqual(['']);
  });
});
