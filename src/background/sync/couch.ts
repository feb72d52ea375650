/**
 * A small CouchDB HTTP client over `fetch`: basic auth, JSON, a timeout on every request
 * (an AbortController per request, chained to the sync's own signal), and failures turned into
 * `CouchError`s whose `reason` is a sentence for the status line.
 */
import * as v from 'valibot';
import type { Target } from '../../core/sync/config';
import type { ReplyShape } from './replies';

export type CouchErrorKind = 'auth' | 'forbidden' | 'not_found' | 'unreachable' | 'timeout' | 'aborted' | 'server';

export class CouchError extends Error {
  constructor(readonly kind: CouchErrorKind, readonly reason: string, readonly status?: number) {
    super(reason);
    this.name = 'CouchError';
  }
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface CouchOptions {
  fetch?: FetchLike;
  signal?: AbortSignal;
  /** Per request; a request that takes longer is cut off. */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/** Basic auth with UTF-8 user names and passwords (btoa alone only takes Latin-1). */
export function basicAuth(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `Basic ${btoa(binary)}`;
}

function seconds(ms: number): string {
  const s = ms >= 10_000 ? Math.round(ms / 1000) : Math.round(ms / 100) / 10;
  return `${s} ${s === 1 ? 'second' : 'seconds'}`;
}

export class Couch {
  private readonly fetch: FetchLike;
  private readonly timeoutMs: number;

  constructor(private readonly target: Target, private readonly options: CouchOptions = {}) {
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** `/<db><path>` on the server, the database name encoded (`/` in a name is `%2F`). */
  dbUrl(db: string, path = ''): string {
    return `${this.target.server}/${encodeURIComponent(db)}${path}`;
  }

  /** `shape`, when given, is what the answer must look like (replies.ts); anything else is a server error. */
  async request<T>(method: string, url: string, body?: unknown, shape?: ReplyShape): Promise<T> {
    const outer = this.options.signal;
    if (outer?.aborted) throw new CouchError('aborted', 'the sync was stopped');
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const onAbort = () => controller.abort();
    outer?.addEventListener('abort', onAbort);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.target.username !== undefined) headers.Authorization = basicAuth(this.target.username, this.target.password ?? '');
    try {
      let response: Response;
      try {
        // No redirect is followed: one to another origin (http → https) arrives without the
        // Authorization header and was reported as a wrong password, and Chromium cached the 301,
        // so the typed address was never asked again (found by a probe, 2026-12-07). No HTTP cache
        // either: every answer must be the server's own, now.
        response = await this.fetch(url, {
          method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: controller.signal,
          credentials: 'omit', redirect: 'manual', cache: 'no-store',
        });
      } catch {
        throw this.transportError(timedOut, outer);
      }
      let text: string;
      try {
        text = await response.text();
      } catch {
        throw this.transportError(timedOut, outer);
      }
      if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
        // Browsers hide where an unfollowed redirect goes (an opaque answer); Node shows it.
        const to = response.headers.get('location');
        throw new CouchError('server', `the server at ${this.target.server} sends its requests to another address${to ? ` (${to})` : ''}: put that address in Server URL`, response.status || undefined);
      }
      if (!response.ok) throw this.httpError(response.status, text, url);
      let answer: unknown;
      try {
        answer = JSON.parse(text);
      } catch {
        throw new CouchError('server', `the server at ${this.target.server} did not answer like a CouchDB server`, response.status);
      }
      if (shape && !v.is(shape, answer)) {
        throw new CouchError('server', `the server at ${this.target.server} did not answer like a CouchDB server (its answer has another shape)`, response.status);
      }
      return answer as T;
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    }
  }

  private transportError(timedOut: boolean, outer: AbortSignal | undefined): CouchError {
    if (outer?.aborted) return new CouchError('aborted', 'the sync was stopped');
    if (timedOut) return new CouchError('timeout', `the server did not answer within ${seconds(this.timeoutMs)}`);
    return new CouchError('unreachable', `the server at ${this.target.server} cannot be reached (offline, or a wrong address)`);
  }

  private httpError(status: number, text: string, url: string): CouchError {
    let detail = '';
    try {
      const body = JSON.parse(text) as { reason?: unknown };
      if (typeof body.reason === 'string') detail = body.reason;
    } catch {
      // Not JSON: keep the status alone.
    }
    if (status === 401) return new CouchError('auth', this.target.username ? 'wrong username or password' : 'the server asks for a username and password', status);
    if (status === 403) return new CouchError('forbidden', `this account may not use the database${detail ? ` (${detail})` : ''}`, status);
    if (status === 404) return new CouchError('not_found', `not found on the server: ${decodeURIComponent(url.slice(this.target.server.length + 1).split('/')[0] ?? '')}`, status);
    if (status === 413) return new CouchError('server', `the server refused a request as too large${detail ? ` (${detail})` : ''}`, status);
    return new CouchError('server', `the server answered ${status}${detail ? ` (${detail})` : ''}`, status);
  }
}
