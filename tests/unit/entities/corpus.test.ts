/**
 * The real entity lists of ../shared (CONTRACT §1: tests that read ../shared run when it is
 * there and say so when it is not). Paths are relative to the repository root, where tests run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportCsv, exportJson, parseEntityFile } from '../../../src/core/entities';

const LISTS = [
  ['../shared/corpus/entities-countries.json', 250],
  ['../shared/corpus/entities-orgs-nsi.json', 27_541],
  ['../shared/demo/entities.json', undefined],
] as const;
const CITIES = '../shared/corpus/entities-cities-100k.json';

const shared = existsSync('../shared/corpus');
if (!shared) console.warn('Skipping the real entity lists: ../shared/corpus is not beside the repository.');

function read(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

describe.skipIf(!shared)('real entity lists of ../shared parse', () => {
  it.each(LISTS)('%s', (path, count) => {
    const result = parseEntityFile(read(path), { filename: path });
    if (!result.ok) throw new Error(result.error);
    if (count !== undefined) expect(result.entities).toHaveLength(count);
    expect(result.entities.length).toBeGreaterThan(0);
    for (const e of result.entities) expect(e.id.startsWith('_')).toBe(false);
  });

  it('the countries round-trip through JSON and CSV', () => {
    const first = parseEntityFile(read(LISTS[0][0]));
    if (!first.ok) throw new Error(first.error);
    for (const again of [parseEntityFile(exportJson(first.entities)), parseEntityFile(exportCsv(first.entities))]) {
      if (!again.ok) throw new Error(again.error);
      expect(again.entities).toEqual(first.entities);
    }
  });

  // Timing is only reported here (tests share the machine with other work); `npm run bench` measures.
  it('the 100k cities parse', { timeout: 60_000 }, () => {
    const bytes = read(CITIES);
    const start = performance.now();
    const result = parseEntityFile(bytes, { filename: CITIES });
    const ms = performance.now() - start;
    if (!result.ok) throw new Error(result.error);
    expect(result.entities).toHaveLength(100_000);
    expect(new Set(result.entities.map((e) => e.id)).size).toBe(100_000);
    console.info(`100k cities: decode, parse and validate in ${ms.toFixed(0)} ms`);
  });
});
