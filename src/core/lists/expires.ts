/**
 * When a subscribed list is next due (CONTRACT §2 "Published lists", issue 6).
 *
 * Reading the `expires` text itself belongs to the entity format (`expiresInMs` in
 * core/entities/header.ts), so there is one reading of it in the code base; this module owns the
 * refresh policy on top: at least 4 hours between checks (a list saying "1 hour" or a date that
 * has passed must not make us hammer its server), 7 days when unreadable or absent, at most
 * 30 days (a list saying "P10Y" still gets a cheap conditional check now and then), and jitter so
 * that every reader of a popular list does not knock at the same minute.
 */
import { expiresInMs } from '../entities/header';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The shortest time between two checks of one list, whatever the list says. */
export const MIN_REFRESH_MS = 4 * HOUR_MS;
/** What an absent or unreadable `expires` means. */
export const DEFAULT_REFRESH_MS = 7 * DAY_MS;
/** The longest time a list goes unchecked (our decision: see docs/subscriptions.md). */
export const MAX_REFRESH_MS = 30 * DAY_MS;
/** Jitter adds up to this share of the interval (never subtracts: the minimum stays a minimum). */
export const JITTER_SHARE = 0.1;

/** The refresh interval a list's `expires` asks for, clamped to [4 hours, 30 days]. */
export function refreshIntervalMs(expires: unknown, now: Date = new Date()): number {
  const ms = expiresInMs(expires, now);
  if (!Number.isFinite(ms)) return DEFAULT_REFRESH_MS;
  return Math.min(MAX_REFRESH_MS, Math.max(MIN_REFRESH_MS, ms));
}

/** `ms` plus up to 10 % more, chosen by `random` (0 ≤ random() < 1). */
export function withJitter(ms: number, random: () => number = Math.random): number {
  const r = Math.min(Math.max(random(), 0), 1);
  return ms + Math.floor(ms * JITTER_SHARE * r);
}

/** The time (ms since the epoch) a list fetched at `now` is due again. */
export function nextDueAt(expires: unknown, now: Date, random: () => number = Math.random): number {
  return now.getTime() + withJitter(refreshIntervalMs(expires, now), random);
}

/** After a failed check: try again after the minimum interval (with jitter), not sooner. */
export function retryDueAt(now: Date, random: () => number = Math.random): number {
  return now.getTime() + withJitter(MIN_REFRESH_MS, random);
}
