/**
 * `Import entities`, `Replace existing entities`, `Export`, `Export CSV` and backups.
 *
 * The chosen file is staged in IndexedDB and the background imports it from there: large files
 * never travel through messages, and closing this page does not abort a started import.
 */
import { useEffect, useState } from 'preact/hooks';
import { openDb } from '../shared/db';
import { send } from '../shared/messaging';
import { downloadText } from './download';

type Status = { text: string; ok: boolean } | undefined;

const db = openDb();

export function ImportExport() {
  const [replace, setReplace] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>();
  const [count, setCount] = useState<number>();

  const refreshCount = () => void send('stats', {}).then((s) => setCount(s.entities));
  useEffect(refreshCount, []);

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    setStatus(undefined);
    try {
      const uploadId = crypto.randomUUID();
      await db.uploads.put({ id: uploadId, name: file.name, data: await file.arrayBuffer(), createdAt: Date.now() });
      const outcome = await send('importUpload', { uploadId, replace });
      setStatus(outcome.ok
        // The contract's words to the letter, whatever the count (CONTRACT §4).
        ? { ok: true, text: `Imported ${outcome.count} entities` }
        : { ok: false, text: `Import refused: ${outcome.error}` });
    } catch (error) {
      setStatus({ ok: false, text: `Import refused: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      setBusy(false);
      input.value = ''; // choosing the same file again imports it again
      refreshCount();
    }
  };

  const exportAs = async (format: 'json' | 'csv') => {
    const { text } = await send('exportEntities', { format });
    const date = new Date().toISOString().slice(0, 10);
    if (format === 'json') downloadText(text, `backstory-entities-${date}.json`, 'application/json');
    else downloadText(text, `backstory-entities-${date}.csv`, 'text/csv');
  };

  return (
    <section aria-labelledby="h-import">
      <h2 id="h-import">Import and export</h2>
      <p class="muted">
        JSON in Backstory’s format (or a bare array of entities) and CSV with a header row.
        {count !== undefined && ` The store holds ${count} ${count === 1 ? 'entity' : 'entities'}.`}
      </p>
      <label for="import-file">Import entities</label>
      <input id="import-file" type="file" accept=".json,.csv,application/json,text/csv" disabled={busy}
        onChange={(e) => void importFile(e.currentTarget)} />
      <label class="inline">
        <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.currentTarget.checked)} />
        Replace existing entities
      </label>
      {busy && <progress aria-label="Importing">Importing…</progress>}
      <p role="status" class={`status ${status?.ok ? 'ok' : 'bad'}`}>{status?.text ?? ''}</p>
      <div class="row">
        <button type="button" onClick={() => void exportAs('json')}>Export</button>
        <button type="button" onClick={() => void exportAs('csv')}>Export CSV</button>
      </div>
      <Backups onRestored={refreshCount} />
    </section>
  );
}

function Backups(props: { onRestored: () => void }) {
  const [rows, setRows] = useState<{ id: string; createdAt: number; count: number }[]>([]);
  const [message, setMessage] = useState('');
  const load = () => void send('listBackups', {}).then((a) => setRows(a.backups));
  useEffect(load, []);
  if (rows.length === 0) return null;
  return (
    <div>
      <h3>Backups</h3>
      <p class="muted">A replacing import keeps the entities it replaced for 7 days.</p>
      <ul class="backups">
        {rows.map((b) => (
          <li key={b.id}>
            <span>{new Date(b.createdAt).toLocaleString()} · {b.count} entities</span>
            <button type="button" onClick={() => void send('restoreBackup', { id: b.id }).then((a) => {
              setMessage(a.ok ? `Restored ${a.count} entities` : 'That backup has expired.');
              load();
              props.onRestored();
            })}>Restore</button>
          </li>
        ))}
      </ul>
      <p role="status" class="status ok">{message}</p>
    </div>
  );
}
