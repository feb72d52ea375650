/**
 * Header fields of a file, as published lists use them (CONTRACT §2): `title`, `homepage`,
 * `expires`, `lastModified`, plus our list-level `guard` default (CONTRACT §3 rule 10). They are
 * read leniently: a field of the wrong type is ignored, never a reason to refuse a list.
 */

export interface ListHeader {
  title?: string;
  homepage?: string;
  /** As written: `"<n> hours"`, `"<n> days"`, an ISO 8601 duration or a date. See `expiresInMs`. */
  expires?: string;
  lastModified?: string;
  /** Precision guard for every entity of the file that has no `guard` of its own. */
  guard?: boolean;
}

/** Header fields of the file object (the fields of the wrong type are left out). */
export function readHeader(file: Record<string, unknown>): ListHeader {
  const header: ListHeader = {};
  for (const key of ['title', 'homepage', 'expires', 'lastModified'] as const) {
    const value = file[key];
    if (typeof value === 'string') header[key] = value;
  }
  if (typeof file.guard === 'boolean') header.guard = file.guard;
  return header;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** What an absent or unreadable `expires` means. */
export const DEFAULT_EXPIRES_MS = 7 * DAY_MS;

const UNITS: Readonly<Record<string, number>> = { hour: HOUR_MS, hours: HOUR_MS, day: DAY_MS, days: DAY_MS };
const ISO_DURATION = /^P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/i;
// Years and months as 365 and 30 days: a refresh interval needs no calendar.
const ISO_DURATION_MS = [365 * DAY_MS, 30 * DAY_MS, 7 * DAY_MS, DAY_MS, HOUR_MS, 60_000, 1000];

/**
 * How long a fetched list stays fresh, in milliseconds from `now`: `"12 hours"`, `"4 days"`,
 * `"PT12H"`, `"P1DT6H"`, or a date (the time left until it, 0 once it has passed). Anything
 * else, or nothing, is 7 days: an unreadable `expires` is never a refusal.
 */
export function expiresInMs(expires: unknown, now: Date = new Date()): number {
  if (typeof expires !== 'string') return DEFAULT_EXPIRES_MS;
  const text = expires.trim();
  const words = /^(\d+(?:\.\d+)?)\s*(hours?|days?)$/i.exec(text);
  if (words) return Number(words[1]) * UNITS[words[2].toLowerCase()];
  const iso = ISO_DURATION.exec(text);
  if (iso && text !== 'P' && !/T$/i.test(text)) {
    return iso.slice(1).reduce((ms, part, i) => ms + (part ? Number(part.replace(',', '.')) * ISO_DURATION_MS[i] : 0), 0);
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const at = Date.parse(text);
    if (!Number.isNaN(at)) return Math.max(0, at - now.getTime());
  }
  return DEFAULT_EXPIRES_MS;
}
