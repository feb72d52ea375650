/**
 * Imports of staged files (CONTRACT §2, §4 `Import entities`). The options page stages the chosen
 * file in `uploads` with its `replace` choice and asks for it in the same task; the import is one
 * job per staged file, which the request and the worker's start share:
 * - a request for a file whose job is running (or the worker's start found first) waits for it;
 * - a worker stopped half-way (a crash, the browser closed) leaves the staged file behind, since
 *   the import is one transaction nothing of it landed, and the next worker start runs it again
 *   (`resumeImports`): an import the reader started always ends up done, exactly once;
 * - the staged file is deleted when its job ends, whatever the outcome.
 */
import { mergeImported, parseEntityFile } from '../core/entities';
import type { BackstoryDb, UploadRecord } from '../shared/db';
import type { HandedUpload } from '../shared/handed-upload';
import type { ImportOutcome } from '../shared/protocol';
import type { Background } from './app';
import { ImportConflict } from './store';

/** How long an import waits for its staged file, which the options page writes as it asks. */
export const UPLOAD_WAIT_MS = 10_000;
/** A staged file older than this at a worker's start is dropped, not imported: the reader has moved on. */
export const RESUME_MAX_AGE_MS = 24 * 3600_000;

/** The import of the staged file `uploadId`: started now, or the one already running. */
export function importStaged(bg: Background, uploadId: string, replace: boolean): Promise<ImportOutcome> {
  const existing = bg.imports.get(uploadId);
  if (existing) return existing;
  const job = runImport(bg, uploadId, replace).finally(() => bg.imports.delete(uploadId));
  bg.imports.set(uploadId, job);
  return job;
}

/**
 * At a worker's start: imports whose worker stopped before they ended are run again from their
 * staged file; staged files too old to resume, or staged before the file recorded its `replace`
 * choice, are deleted. Resolves with the outcomes of those run.
 */
export async function resumeImports(bg: Background, now = Date.now()): Promise<ImportOutcome[]> {
  const staged = await bg.db.uploads.toArray();
  const outcomes: Promise<ImportOutcome>[] = [];
  for (const upload of staged) {
    if (bg.imports.has(upload.id)) continue; // its request got here first
    if (upload.replace === undefined || now - upload.createdAt > RESUME_MAX_AGE_MS) await bg.db.uploads.delete(upload.id);
    else outcomes.push(importStaged(bg, upload.id, upload.replace));
  }
  return Promise.all(outcomes);
}

/** The staged upload `id`, once it has landed (polled), or undefined after `UPLOAD_WAIT_MS`. */
async function waitForUpload(db: BackstoryDb, id: string): Promise<UploadRecord | undefined> {
  const until = Date.now() + UPLOAD_WAIT_MS;
  for (;;) {
    const upload = await db.uploads.get(id);
    if (upload || Date.now() >= until) return upload;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The outcome of the last import that ran to its end, kept for a page that asks again (`askAgain` in the options page). */
const LAST_OUTCOME_KEY = 'lastImportOutcome';
interface LastOutcome {
  uploadId: string;
  outcome: ImportOutcome;
}

async function runImport(bg: Background, uploadId: string, replace: boolean): Promise<ImportOutcome> {
  // Asked again after a worker restart whose start already ran this import to its end.
  const last = (await bg.db.meta.get(LAST_OUTCOME_KEY))?.value as LastOutcome | undefined;
  if (last?.uploadId === uploadId) return last.outcome;
  const outcome = await importUpload(bg, uploadId, replace);
  if (outcome !== NOT_FOUND) await bg.db.meta.put({ key: LAST_OUTCOME_KEY, value: { uploadId, outcome } satisfies LastOutcome });
  return outcome;
}

const NOT_FOUND: ImportOutcome = { ok: false, error: 'the file to import was not found; choose it again.' };

async function importUpload(bg: Background, uploadId: string, replace: boolean): Promise<ImportOutcome> {
  const laps: [string, number][] = [];
  let last = performance.now();
  const lap = (what: string) => {
    const now = performance.now();
    laps.push([what, Math.round(now - last)]);
    last = now;
    // Between steps: an extension API call, so a long import is not taken for an idle worker.
    void bg.keepAlive();
  };
  // The options page sends this in the same task as it stages the file: the record may land just after.
  const upload = await waitForUpload(bg.db, uploadId);
  if (!upload) return NOT_FOUND;
  lap('read staged file');
  try {
    const data = typeof upload.data === 'string' ? upload.data
      : new Uint8Array(upload.data instanceof Blob ? await upload.data.arrayBuffer() : upload.data);
    const parsed = parseEntityFile(data, { filename: upload.name });
    lap('parse and validate');
    if (!parsed.ok) return { ok: false, error: parsed.error };
    const count = await bg.store.importEntities({ entities: parsed.entities, replace, merge: mergeImported, fileExtra: parsed.fileExtra });
    lap('store');
    await bg.changed({ rebuild: true });
    lap('matcher rebuild and tabs told');
    // Where the last import's time went: read by the import bench (docs/manager.md), a few bytes.
    await bg.db.meta.put({ key: 'lastImportTimings', value: { count, laps } });
    return { ok: true, count };
  } catch (error) {
    return importFailure(error);
  } finally {
    await bg.db.uploads.delete(uploadId);
  }
}

/** The outcome of an import (or a starter pack) whose write to the store failed: nothing landed. */
export function importFailure(error: unknown): ImportOutcome {
  if (error instanceof ImportConflict) return { ok: false, error: error.message };
  return { ok: false, error: `the store could not be written (${error instanceof Error ? error.message : String(error)}); nothing was changed.` };
}

/**
 * A file the options page handed to this worker itself (Chrome: `ServiceWorker.postMessage`,
 * upload-handoff.ts): staged here, in the worker's own connection, then imported. The page's
 * `importUpload` request, which may come first, waits for this record and shares the job.
 */
export async function importHanded(bg: Background, upload: HandedUpload['upload']): Promise<ImportOutcome> {
  await bg.db.uploads.put(upload);
  return importStaged(bg, upload.id, upload.replace);
}
