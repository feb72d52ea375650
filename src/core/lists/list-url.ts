/**
 * A subscription's URL and the id of its namespace.
 *
 * The id is derived from the URL, not drawn at random, so that unsubscribing and subscribing
 * again to the same list gives the same entity ids (`<listId>/<entity id>`) and the reader's
 * notes on them (kept in `listNotes` under those ids) show again. It reads as the list's host
 * followed by a hash of the whole URL: readable where ids surface (exported notes), distinct
 * for two lists on one host, never starting with `_`, and made only of `[a-z0-9-]`, so it can
 * never contain the `/` that separates it from the entity id.
 */

export type UrlCheck = { ok: true; url: string } | { ok: false; error: string };

/** The URL as it will be fetched and stored, or why it cannot be a list URL. */
export function normalizeListUrl(input: string): UrlCheck {
  const text = input.trim();
  if (text === '') return { ok: false, error: 'no list URL was given' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, error: `“${text}” is not a web address` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, error: `a list URL must start with http:// or https:// (not ${url.protocol})` };
  }
  if (url.username || url.password) {
    // Credentials in the URL would be stored and synced in clear: refuse rather than keep them.
    return { ok: false, error: 'a list URL must not contain a user name or password' };
  }
  // The fragment never reaches the server: two URLs differing only there are the same list.
  url.hash = '';
  return { ok: true, url: url.href };
}

const HOST_PART_LENGTH = 24;
const HASH_HEX_LENGTH = 10;

/** The namespace of a list: `<host slug>-<10 hex digits of SHA-256 of the normalized URL>`. */
export async function listIdFor(normalizedUrl: string): Promise<string> {
  const { hostname } = new URL(normalizedUrl);
  const host = hostname
    .toLowerCase()
    .replace(/^www\./, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, HOST_PART_LENGTH)
    .replace(/-+$/, '');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(normalizedUrl));
  const hash = toHex(new Uint8Array(digest)).slice(0, HASH_HEX_LENGTH);
  return host === '' ? `list-${hash}` : `${host}-${hash}`;
}

/** The full id of a list's entity in the store. */
export function listEntityId(listId: string, entityId: string): string {
  return `${listId}/${entityId}`;
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** SHA-256 of a body, in hex: tells an unchanged copy from a changed one without rewriting. */
export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
}
