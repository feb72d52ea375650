/**
 * Imports are jobs per staged file: a worker that stopped half-way leaves the staged file, and
 * the next worker start runs the import again (exactly once, even if the options page's request
 * arrives too); files too old to resume, or staged without their Replace choice, are dropped.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Background } from '../../../src/background/app';
import { handlers } from '../../../src/background/handlers';
import { importHanded, importStaged, resumeImports, RESUME_MAX_AGE_MS } from '../../../src/background/imports';
import { listenForHandedUploads } from '../../../src/background/upload-handoff';
import type { BackstoryDb } from '../../../src/shared/db';
import { testBackground } from '../../support/background';

let db: BackstoryDb;
let bg: Background;
beforeEach(async () => {
  ({ db, bg } = await testBackground());
});

const file = (names: string[]) => JSON.stringify({ format: 'backstory.entities', version: 1, entities: names.map((name) => ({ name })) });

describe('resumable imports', () => {
  it('a staged file left by a stopped worker is imported at the next start, and its record goes', async () => {
    await db.uploads.put({ id: 'left', name: 'cities.json', data: file(['Pahalgam', 'Srinagar']), createdAt: Date.now() - 60_000, replace: false });
    expect(await resumeImports(bg)).toEqual([{ ok: true, count: 2 }]);
    expect(await db.uploads.count()).toBe(0);
    expect((await handlers.stats({}, bg)).entities).toBe(2);
  });

  it('a file whose request is being answered is not imported a second time by the start', async () => {
    await db.uploads.put({ id: 'asked', name: 'cities.json', data: file(['Pahalgam']), createdAt: Date.now(), replace: false });
    const asked = handlers.importUpload({ uploadId: 'asked', replace: false }, bg);
    // The same job, whoever asks: the start finds it running and leaves it.
    expect(importStaged(bg, 'asked', false)).toBe(asked);
    expect(await resumeImports(bg)).toEqual([]);
    expect(await asked).toEqual({ ok: true, count: 1 });
  });

  it('a resumed replacing import replaces', async () => {
    await db.uploads.put({ id: 'a', name: 'a.json', data: file(['Kashmir', 'Jammu']), createdAt: Date.now(), replace: false });
    expect(await importStaged(bg, 'a', false)).toEqual({ ok: true, count: 2 });
    await db.uploads.put({ id: 'b', name: 'b.json', data: file(['Leh']), createdAt: Date.now() - 1000, replace: true });
    expect(await resumeImports(bg)).toEqual([{ ok: true, count: 1 }]);
    expect((await handlers.search({ query: '', limit: 10 }, bg)).results.map((r) => r.name)).toEqual(['Leh']);
  });

  it('drops staged files too old to resume, or without their Replace choice, without importing them', async () => {
    const now = Date.now();
    await db.uploads.put({ id: 'old', name: 'old.json', data: file(['Old Town']), createdAt: now - RESUME_MAX_AGE_MS - 1, replace: false });
    await db.uploads.put({ id: 'unknown', name: 'u.json', data: file(['Unknown Choice']), createdAt: now });
    expect(await resumeImports(bg, now)).toEqual([]);
    expect(await db.uploads.count()).toBe(0);
    expect((await handlers.stats({}, bg)).entities).toBe(0);
  });

  it('a broken staged file resumed is refused as on the page, and still removed', async () => {
    await db.uploads.put({ id: 'bad', name: 'bad.json', data: '{"format":"backstory.entities","version":1,"entities":[{"type":"place"}]}', createdAt: Date.now(), replace: false });
    const [outcome] = await resumeImports(bg);
    expect(outcome.ok).toBe(false);
    expect(await db.uploads.count()).toBe(0);
  });
});

describe('asked again after the worker restarted', () => {
  it('a question for an import the start already finished gets that outcome, not "not found"', async () => {
    await db.uploads.put({ id: 'done-by-start', name: 'x.json', data: file(['Pahalgam', 'Srinagar', 'Leh']), createdAt: Date.now(), replace: false });
    expect(await resumeImports(bg)).toEqual([{ ok: true, count: 3 }]);
    // Answered from the kept outcome: the staged file (gone now) is not looked for, let alone
    // waited for (a wait polls uploads for up to UPLOAD_WAIT_MS). Counted, not timed.
    const lookups = vi.spyOn(db.uploads, 'get');
    expect(await handlers.importUpload({ uploadId: 'done-by-start', replace: false }, bg)).toEqual({ ok: true, count: 3 });
    expect(lookups, 'answered at once, not after waiting for a file').not.toHaveBeenCalled();
  });
});

describe('a file handed to the worker by the options page (Chrome)', () => {
  const upload = (id: string, names: string[]) => ({ id, name: `${id}.json`, data: new Blob([file(names)]), createdAt: Date.now(), replace: false });

  it('is staged by the worker and imported once, the page\'s request (sent first) sharing the job', async () => {
    const asked = handlers.importUpload({ uploadId: 'handed', replace: false }, bg);
    const handed = importHanded(bg, upload('handed', ['Pahalgam', 'Srinagar']));
    expect(await asked).toEqual({ ok: true, count: 2 });
    expect(await handed).toEqual({ ok: true, count: 2 });
    expect((await handlers.stats({}, bg)).entities).toBe(2);
    expect(await db.uploads.count(), 'the staged file goes when its job ends').toBe(0);
  });

  it('is imported with no request at all (the page closed before it could ask)', async () => {
    expect(await importHanded(bg, upload('alone', ['Leh']))).toEqual({ ok: true, count: 1 });
    expect((await handlers.search({ query: 'leh', limit: 5 }, bg)).results.map((r) => r.name)).toEqual(['Leh']);
  });
});

describe('the service worker\'s message listener', () => {
  class FakeWorkerScope extends EventTarget {
    location = { origin: 'chrome-extension://backstory' };
    ServiceWorkerGlobalScope = FakeWorkerScope;
  }
  const message = (data: unknown, origin = 'chrome-extension://backstory') => {
    const kept: Promise<unknown>[] = [];
    const event = Object.assign(new Event('message'), { data, origin, waitUntil: (p: Promise<unknown>) => kept.push(p) });
    return { event, kept };
  };
  const handed = { type: 'stageUpload', upload: { id: 'u1', name: 'a.json', data: new Blob(['[]']), createdAt: 1, replace: true } };

  it('hands a well-formed upload from the extension\'s own origin over, keeping the worker alive until it ends', async () => {
    const scope = new FakeWorkerScope();
    const seen: unknown[] = [];
    expect(listenForHandedUploads(scope, async (u) => { seen.push(u); return { ok: true, count: 0 }; })).toBe(true);
    const { event, kept } = message(handed);
    scope.dispatchEvent(event);
    expect(kept).toHaveLength(1);
    await Promise.all(kept);
    expect(seen).toEqual([handed.upload]);
  });

  it('ignores other origins and malformed messages', () => {
    const scope = new FakeWorkerScope();
    const seen: unknown[] = [];
    listenForHandedUploads(scope, async (u) => { seen.push(u); return { ok: true, count: 0 }; });
    for (const { event } of [
      message(handed, 'https://example.org'),
      message({ ...handed, type: 'other' }),
      message({ type: 'stageUpload', upload: { ...handed.upload, replace: undefined } }),
      message({ type: 'stageUpload', upload: { ...handed.upload, data: 42 } }),
      message({ type: 'stageUpload', upload: { ...handed.upload, id: '' } }),
      message(null),
    ]) scope.dispatchEvent(event);
    expect(seen).toEqual([]);
  });

  it('does not listen outside a service worker (Firefox\'s event page gets window messages)', () => {
    const page = Object.assign(new EventTarget(), { location: { origin: 'moz-extension://x' } });
    expect(listenForHandedUploads(page, async () => ({ ok: true, count: 0 }))).toBe(false);
  });
});
