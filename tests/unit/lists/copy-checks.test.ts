import { describe, expect, it } from 'vitest';
import { bodyProblem, olderCopyProblem } from '../../../src/core/lists/copy-checks';
import { listIdFor, normalizeListUrl } from '../../../src/core/lists/list-url';
import { formatSubscribeStatus } from '../../../src/core/lists/status';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('bodyProblem', () => {
  it('accepts JSON', () => {
    expect(bodyProblem(bytes('{"entities":[]}'), 'application/json')).toBeUndefined();
    expect(bodyProblem(bytes('\uFEFF  [ ]'), null)).toBeUndefined();
  });
  it('refuses HTML by type or by the markup it starts with', () => {
    expect(bodyProblem(bytes('{"entities":[]}'), 'text/html; charset=utf-8')).toMatch(/web page/);
    expect(bodyProblem(bytes('\n  <!doctype html><p>Login'), 'application/json')).toMatch(/web page/);
    for (const body of ['<html>', '<?xml version="1.0"?>', '</p>', '<HEAD>']) expect(bodyProblem(bytes(body), 'application/json'), body).toMatch(/web page/);
    // Not markup: left to the parsers, which say what it is not.
    expect(bodyProblem(bytes('<<<%%% not json'), 'application/json')).toBeUndefined();
    expect(bodyProblem(bytes('<'), 'application/json')).toBeUndefined();
  });
  it('refuses empty bodies', () => {
    expect(bodyProblem(new Uint8Array(), 'application/json')).toBe('the list is empty');
    expect(bodyProblem(bytes(' \r\n\t'), null)).toBe('the list is empty');
  });
});

describe('olderCopyProblem', () => {
  it('refuses only a copy dated before the kept one', () => {
    expect(olderCopyProblem('2025-01-01T00:00:00Z', '2025-02-01T00:00:00Z')).toMatch(/older/);
    expect(olderCopyProblem('2025-02-01T00:00:00Z', '2025-02-01T00:00:00Z')).toBeUndefined();
    expect(olderCopyProblem('2025-03-01', '2025-02-01')).toBeUndefined();
    expect(olderCopyProblem(undefined, '2025-02-01')).toBeUndefined();
    expect(olderCopyProblem('2025-01-01', undefined)).toBeUndefined();
    expect(olderCopyProblem('whenever', '2025-02-01')).toBeUndefined();
  });
});

describe('list URLs and ids', () => {
  it('accepts http(s) only, without credentials, dropping the fragment', () => {
    expect(normalizeListUrl(' https://Lists.Example.org/a.json#top ')).toEqual({ ok: true, url: 'https://lists.example.org/a.json' });
    expect(normalizeListUrl('ftp://example.org/a.json')).toMatchObject({ ok: false, error: expect.stringMatching(/http/) });
    expect(normalizeListUrl('file:///etc/passwd').ok).toBe(false);
    expect(normalizeListUrl('javascript:alert(1)').ok).toBe(false);
    expect(normalizeListUrl('not a url').ok).toBe(false);
    expect(normalizeListUrl('').ok).toBe(false);
    expect(normalizeListUrl('https://me:secret@example.org/a.json').ok).toBe(false);
  });

  it('derives a stable, safe id from the URL', async () => {
    const a = await listIdFor('https://www.example.org/lists/india.json');
    expect(a).toMatch(/^example-org-[0-9a-f]{10}$/);
    expect(await listIdFor('https://www.example.org/lists/india.json')).toBe(a);
    expect(await listIdFor('https://www.example.org/lists/japan.json')).not.toBe(a);
    expect(await listIdFor('http://127.0.0.1:8080/x.json')).toMatch(/^127-0-0-1-[0-9a-f]{10}$/);
    expect(await listIdFor('https://[::1]/x.json')).toMatch(/^1-[0-9a-f]{10}$/);
  });
});

describe('formatSubscribeStatus', () => {
  it('speaks the contract words', () => {
    expect(formatSubscribeStatus({ ok: true, count: 3 })).toBe('Subscribed: 3 entities');
    expect(formatSubscribeStatus({ ok: false, error: 'the list is empty' })).toBe('Subscription refused: the list is empty');
  });
});
