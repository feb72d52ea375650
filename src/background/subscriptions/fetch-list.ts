/**
 * One HTTP request for a list, conditional when we hold validators. Everything that can go
 * wrong on the wire becomes a reason in words, never an exception, so callers keep the last
 * good copy by construction.
 */
import type { SubscriptionDeps } from './types';

export const FETCH_TIMEOUT_MS = 60_000;

export interface Validators {
  etag?: string;
  httpLastModified?: string;
}

export type FetchedCopy =
  | { status: 'notModified' }
  | { status: 'ok'; bytes: Uint8Array<ArrayBuffer>; contentType: string | null; etag?: string; httpLastModified?: string }
  | { status: 'failed'; error: string };

export async function fetchList(url: string, validators: Validators, deps: SubscriptionDeps = {}): Promise<FetchedCopy> {
  const doFetch = deps.fetch ?? globalThis.fetch;
  const timeoutMs = deps.timeoutMs ?? FETCH_TIMEOUT_MS;
  const headers: Record<string, string> = { Accept: 'application/json, text/csv;q=0.5, */*;q=0.1' };
  if (validators.etag) headers['If-None-Match'] = validators.etag;
  if (validators.httpLastModified) headers['If-Modified-Since'] = validators.httpLastModified;
  let response: Response;
  try {
    response = await doFetch(url, {
      headers,
      // We send our own validators; the browser's HTTP cache must neither answer for the server
      // nor turn our 304 into a 200 from cache.
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'follow',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const ours = await deps.explainUnreachable?.(url).catch(() => undefined);
    return { status: 'failed', error: ours ?? networkReason(error, timeoutMs) };
  }
  if (response.status === 304) return { status: 'notModified' };
  if (!response.ok) {
    void response.body?.cancel();
    const text = response.statusText ? ` ${response.statusText}` : '';
    return { status: 'failed', error: `the server answered ${response.status}${text}` };
  }
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    return { status: 'failed', error: networkReason(error, timeoutMs) };
  }
  return {
    status: 'ok',
    bytes,
    contentType: response.headers.get('content-type'),
    etag: response.headers.get('etag') ?? undefined,
    httpLastModified: response.headers.get('last-modified') ?? undefined,
  };
}

function networkReason(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `the server did not answer within ${Math.round(timeoutMs / 1000)} seconds`;
  }
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  const message = error instanceof Error ? error.message : String(error);
  return `the server could not be reached (${message}${cause})`;
}
