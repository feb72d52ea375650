/**
 * The sync settings of the options page (CONTRACT §4 "Sync"), checked and normalised.
 *
 * `Database` is one name or a comma-separated list: the first database is the reader's own
 * (entities and notes are written there), the others are team databases that are only read.
 */
export interface SyncConfig {
  /** `Server URL`, e.g. `https://couch.example.org` or `http://127.0.0.1:5984/prefix`. */
  serverUrl: string;
  /** `Database`: one name or a comma-separated list. */
  database: string;
  username?: string;
  password?: string;
}

export interface Target {
  /** The server URL without a trailing slash. */
  server: string;
  /** The reader's own database: read and written. */
  own: string;
  /** Team databases: read and merged in, never written. */
  team: string[];
  username?: string;
  password?: string;
}

/** CouchDB's rule for database names. */
const DB_NAME = /^[a-z][a-z0-9_$()+/-]*$/;

export type ConfigCheck = { ok: true; target: Target } | { ok: false; reason: string };

export function parseSyncConfig(config: SyncConfig): ConfigCheck {
  let url: URL;
  try {
    url = new URL(config.serverUrl.trim());
  } catch {
    return { ok: false, reason: 'the server URL is not a valid address' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'the server URL must start with http:// or https://' };
  if (url.username || url.password) return { ok: false, reason: 'put the username and password in their own fields, not in the server URL' };
  const names = config.database.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) return { ok: false, reason: 'no database name is given' };
  const bad = names.find((n) => !DB_NAME.test(n));
  if (bad) return { ok: false, reason: `“${bad}” is not a valid database name (lower-case letters, digits and _$()+-/, starting with a letter)` };
  const server = url.origin + url.pathname.replace(/\/+$/, '');
  const [own, ...team] = [...new Set(names)];
  return { ok: true, target: { server, own, team: team.filter((t) => t !== own), username: config.username?.trim() || undefined, password: config.password || undefined } };
}

/** The key of a server database: checkpoints and bases are kept per server + database. */
export function targetKey(server: string, database: string): string {
  return `${server}|${database}`;
}

/** The number at the front of a CouchDB `seq` (an integer on CouchDB 1 and PouchDB, `"12-g1AA…"` on CouchDB 2+); NaN when there is none. */
export function seqNumber(seq: unknown): number {
  if (typeof seq === 'number') return seq;
  if (typeof seq === 'string') {
    const m = /^(\d+)/.exec(seq);
    if (m) return Number(m[1]);
  }
  return NaN;
}
