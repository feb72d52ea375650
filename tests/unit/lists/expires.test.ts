import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REFRESH_MS,
  MAX_REFRESH_MS,
  MIN_REFRESH_MS,
  nextDueAt,
  refreshIntervalMs,
  retryDueAt,
  withJitter,
} from '../../../src/core/lists/expires';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = new Date('2025-05-06T00:00:00Z');

describe('refreshIntervalMs', () => {
  it.each([
    ['12 hours', 12 * HOUR],
    ['1 day', DAY],
    ['4 days', 4 * DAY],
    ['PT12H', 12 * HOUR],
    ['P1DT6H', 30 * HOUR],
    ['P2W', 14 * DAY],
    ['2025-05-09T00:00:00Z', 3 * DAY],
  ])('reads %s', (expires, ms) => {
    expect(refreshIntervalMs(expires, now)).toBe(ms);
  });

  it('never goes under 4 hours', () => {
    expect(refreshIntervalMs('1 hours', now)).toBe(MIN_REFRESH_MS);
    expect(refreshIntervalMs('0 days', now)).toBe(MIN_REFRESH_MS);
    expect(refreshIntervalMs('PT10M', now)).toBe(MIN_REFRESH_MS);
    expect(refreshIntervalMs('2020-01-01', now)).toBe(MIN_REFRESH_MS); // a date already passed
  });

  it('means 7 days when absent or unreadable, never a refusal', () => {
    for (const expires of [undefined, null, 42, '', 'soon', 'P', 'PT', '3 fortnights', 'yesterday']) {
      expect(refreshIntervalMs(expires, now)).toBe(DEFAULT_REFRESH_MS);
    }
  });

  it('is capped at 30 days so a list is still checked now and then', () => {
    expect(refreshIntervalMs('P10Y', now)).toBe(MAX_REFRESH_MS);
    expect(refreshIntervalMs('99999 days', now)).toBe(MAX_REFRESH_MS);
  });

  it('stays within [4 hours, 30 days] for any text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const ms = refreshIntervalMs(text, now);
        return ms >= MIN_REFRESH_MS && ms <= MAX_REFRESH_MS;
      }),
    );
  });
});

describe('jitter', () => {
  it('adds up to 10 % and never subtracts', () => {
    expect(withJitter(10 * HOUR, () => 0)).toBe(10 * HOUR);
    expect(withJitter(10 * HOUR, () => 0.5)).toBe(10.5 * HOUR);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.999_999, noNaN: true }), (r) => {
        const ms = withJitter(DAY, () => r);
        return ms >= DAY && ms <= 1.1 * DAY;
      }),
    );
  });

  it('puts the next check after the interval, and a retry after the minimum', () => {
    expect(nextDueAt('12 hours', now, () => 0)).toBe(now.getTime() + 12 * HOUR);
    expect(nextDueAt(undefined, now, () => 0)).toBe(now.getTime() + 7 * DAY);
    expect(retryDueAt(now, () => 0)).toBe(now.getTime() + MIN_REFRESH_MS);
  });
});
