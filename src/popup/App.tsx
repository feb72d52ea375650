/**
 * The popup: search, results, the editor, `On this page` and the site switch.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { send } from '../shared/messaging';
import type { EntitySummary } from '../shared/protocol';
import { targetTab, type TargetTab } from './active-tab';
import { Editor } from './Editor';
import { OnThisPage } from './OnThisPage';
import { SiteToggle } from './SiteToggle';

const RESULT_LIMIT = 50;

/** What the editor shows: an existing entity, a new one, or nothing. */
type Editing = { kind: 'entity'; id: string } | { kind: 'new'; key: number } | undefined;

export function App() {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<EntitySummary[]>([]);
  const [total, setTotal] = useState(0);
  const [editing, setEditing] = useState<Editing>();
  const [deleted, setDeleted] = useState<{ id: string; name: string }>();
  const [tab, setTab] = useState<TargetTab>();
  const searchSeq = useRef(0);

  const runSearch = async (q: string) => {
    const seq = ++searchSeq.current;
    const answer = await send('search', { query: q, limit: RESULT_LIMIT });
    if (seq !== searchSeq.current) return; // a newer keystroke's answer wins
    setResults(answer.results);
    setTotal(answer.total);
  };

  useEffect(() => {
    void runSearch(query);
  }, [query]);

  useEffect(() => {
    void targetTab().then(setTab);
  }, []);

  const remove = async (id: string, name: string) => {
    const { ok } = await send('deleteEntity', { id });
    if (!ok) return;
    setEditing(undefined);
    setDeleted({ id, name });
    void runSearch(query);
  };

  const undo = async () => {
    if (!deleted) return;
    const { ok } = await send('undoDelete', { id: deleted.id });
    if (ok) setEditing({ kind: 'entity', id: deleted.id });
    setDeleted(undefined);
    void runSearch(query);
  };

  return (
    <main>
      <div class="toolbar">
        <h1>Backstory</h1>
        <button type="button" class="primary" onClick={() => { setDeleted(undefined); setEditing({ kind: 'new', key: Date.now() }); }}>
          Add entity
        </button>
      </div>
      <label for="search">Search entities</label>
      <input id="search" type="search" autocomplete="off" placeholder="Name or alias" value={query}
        onInput={(e) => setQuery(e.currentTarget.value)} />
      <p class="muted" aria-live="polite">
        {total === 0 ? (query ? 'No entity matches.' : 'No entities yet: add one, or import a list in the options.') : `${total} ${total === 1 ? 'entity' : 'entities'}`}
      </p>
      <ul class="results" aria-label="Results">
        {results.map((r) => (
          <li key={r.id}>
            <button type="button" aria-current={editing?.kind === 'entity' && editing.id === r.id} onClick={() => setEditing({ kind: 'entity', id: r.id })}>
              {r.name}
              <span class="type-badge" aria-hidden="true">{r.type}</span>
            </button>
          </li>
        ))}
      </ul>
      {deleted && (
        <p role="status" class="row">
          Deleted “{deleted.name}”. <button type="button" onClick={undo}>Undo</button>
        </p>
      )}
      {editing && (
        <Editor key={editing.kind === 'new' ? `new-${editing.key}` : editing.id}
          id={editing.kind === 'entity' ? editing.id : undefined}
          onSaved={() => void runSearch(query)}
          onDelete={remove} />
      )}
      {tab?.host && <OnThisPage tabId={tab.id} onChoose={(id) => setEditing({ kind: 'entity', id })} />}
      {tab?.host && <SiteToggle host={tab.host} />}
    </main>
  );
}
