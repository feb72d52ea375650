import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPIRES_MS, expiresInMs } from '../../../src/core/entities';

const H = 3_600_000;
const NOW = new Date('2025-06-01T00:00:00Z');

describe('expires of published lists (CONTRACT §2)', () => {
  it.each([
    ['12 hours', 12 * H],
    ['1 hour', H],
    ['4 days', 96 * H],
    ['1 Day', 24 * H],
    ['PT12H', 12 * H],
    ['P1DT6H', 30 * H],
    ['P1W', 168 * H],
    ['PT90M', 1.5 * H],
    ['2025-06-02T00:00:00Z', 24 * H],
    ['2025-05-01', 0],
  ])('%s', (expires, ms) => {
    expect(expiresInMs(expires, NOW)).toBe(ms);
  });

  it.each([undefined, null, 5, '', 'soon', 'P', 'PT', 'forever days', '2025-13-45'])('unreadable %j means 7 days', (expires) => {
    expect(expiresInMs(expires, NOW)).toBe(DEFAULT_EXPIRES_MS);
  });
});
