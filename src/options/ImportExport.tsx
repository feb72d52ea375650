/**
 * `Import entities`, `Replace existing entities`, `Export`, `Export CSV` and backups.
 *
 * The chosen file is staged in IndexedDB and the background imports it from there: large files
 * never travel through messages, and closing this page does not abort a started import.
 */
import { useEffect, useState } from 'preact/hooks';
import { openDb } from '../shared/db';
import { send } from '../shared/messaging';
import type { ImportOutcome } from '../shared/protocol';
import { plural, t } from '../ui/i18n';
import { downloadText } from './download';
import { handUpload } from './stage-upload';

type Status = { text: string; ok: boolean } | undefined;

const db = openDb();
// Open now, so that a file staged by this page (stage-upload.ts) is written in the change handler's task.
void db.open().catch(() => undefined);

/**
 * The worker stopped before it answered (the message channel closed): the next message wakes it,
 * its start runs the staged import again (background/imports.ts), and this question joins that
 * job, or reads its outcome if it has ended already.
 */
async function askAgain(uploadId: string, replace: boolean): Promise<ImportOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send('importUpload', { uploadId, replace });
    } catch (error) {
      if (attempt === 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}

export function ImportExport(props: { storeVersion?: number; onStoreChanged?: () => void } = {}) {
  const [replace, setReplace] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>();
  const [count, setCount] = useState<number>();

  const refreshCount = () => void send('stats', {}).then((s) => setCount(s.entities));
  useEffect(refreshCount, [props.storeVersion]);

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    setStatus(undefined);
    try {
      const uploadId = crypto.randomUUID();
      // The File itself: no copy of its bytes in this page (26 MB for 100k cities); the background
      // reads it. Handed over and asked for in this very task: closing the page now keeps the import.
      const handed = handUpload(db, { id: uploadId, name: file.name, data: file, createdAt: Date.now(), replace });
      const asked = send('importUpload', { uploadId, replace });
      await handed;
      const outcome = await asked.catch(() => askAgain(uploadId, replace));
      setStatus(outcome.ok
        // The contract's words to the letter, whatever the count (CONTRACT §4).
        ? { ok: true, text: t('importedCount', outcome.count) }
        : { ok: false, text: t('importRefused', outcome.error) });
    } catch (error) {
      setStatus({ ok: false, text: t('importRefused', error instanceof Error ? error.message : String(error)) });
    } finally {
      setBusy(false);
      input.value = ''; // choosing the same file again imports it again
      refreshCount();
      props.onStoreChanged?.();
    }
  };

  const exportAs = async (format: 'json' | 'csv') => {
    try {
      const { token, parts } = await send('exportEntities', { format });
      const texts: string[] = [];
      for (let index = 0; index < parts; index++) texts.push((await send('exportPart', { token, index })).text);
      downloadText(texts, exportName(format), format === 'json' ? 'application/json' : 'text/csv');
    } catch (error) {
      // Until 2026-12-07 a failed export gave no file and no word (found by a probe).
      setStatus({ ok: false, text: t('exportFailed', error instanceof Error ? error.message : String(error)) });
    }
  };

  return (
    <section aria-labelledby="h-import">
      <h2 id="h-import">{t('importExportTitle')}</h2>
      <p class="muted">
        {t('importExportText')}
        {count !== undefined && ` ${t('storeHolds', plural(count, 'entityCount_one', 'entityCount_other'))}`}
      </p>
      <label for="import-file">{t('importEntities')}</label>
      {/* aria-disabled, not disabled: disabling the focused input dropped the focus to <body>. */}
      <input id="import-file" type="file" accept=".json,.csv,application/json,text/csv" aria-disabled={busy}
        onClick={(e) => { if (busy) e.preventDefault(); }}
        onChange={(e) => void importFile(e.currentTarget)} />
      <label class="inline">
        <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.currentTarget.checked)} />
        {t('replaceExisting')}
      </label>
      {/* Indeterminate: the background imports in one transaction and reports only the end. */}
      {busy && <progress role="progressbar" aria-label={t('importing')}>{t('importing')}</progress>}
      <p role="status" class={`status ${status?.ok ? 'ok' : 'bad'}`}>{status?.text ?? ''}</p>
      <div class="row">
        <ExportButton label={t('exportJson')} filename={exportName('json')} onExport={() => void exportAs('json')} />
        <ExportButton label={t('exportCsv')} filename={exportName('csv')} onExport={() => void exportAs('csv')} />
      </div>
      <p class="muted small">{t('exportNote')}</p>
      <Backups storeVersion={props.storeVersion} onRestored={(text, ok) => { setStatus({ text, ok }); refreshCount(); props.onStoreChanged?.(); }} />
    </section>
  );
}

/** The file an export saves, dated; the button's own `download` names the same file. */
function exportName(format: 'json' | 'csv'): string {
  return `backstory-entities-${new Date().toISOString().slice(0, 10)}.${format}`;
}

/**
 * `Export` is a button that is an `<a download>` (CONTRACT §4 names both): role button, and the
 * element a test or a reader finds as `a[download]`. The store is read when it is pressed, so the
 * anchor itself never navigates; `downloadText` saves the fresh text through its own `<a download>`.
 */
function ExportButton(props: { label: string; filename: string; onExport: () => void }) {
  return (
    <a role="button" class="button" href="#" download={props.filename}
      onClick={(e) => { e.preventDefault(); props.onExport(); }}
      onKeyDown={(e) => { if (e.key === ' ') { e.preventDefault(); props.onExport(); } }}>
      {props.label}
    </a>
  );
}

/** The backups of replacing imports; a restore's outcome goes to the import area's one status. */
function Backups(props: { storeVersion?: number; onRestored: (text: string, ok: boolean) => void }) {
  const [rows, setRows] = useState<{ id: string; createdAt: number; count: number }[]>([]);
  const load = () => void send('listBackups', {}).then((a) => setRows(a.backups));
  useEffect(load, [props.storeVersion]);
  if (rows.length === 0) return null;
  return (
    <div>
      <h3>{t('backupsTitle')}</h3>
      <p class="muted">{t('backupsText')}</p>
      <ul class="backups">
        {rows.map((b) => (
          <li key={b.id}>
            <span>{new Date(b.createdAt).toLocaleString()} · {plural(b.count, 'entityCount_one', 'entityCount_other')}</span>
            <button type="button" onClick={() => void send('restoreBackup', { id: b.id }).then((a) => {
              load();
              props.onRestored(a.ok ? t('restored', a.count) : t('backupExpired'), a.ok);
            }, () => {
              // The background stopped before answering: a restore is one transaction, whole or not at all.
              load();
              props.onRestored(t('restoreInterrupted'), false);
            })}>{t('restore')}</button>
          </li>
        ))}
      </ul>
    </div>
  );
}
