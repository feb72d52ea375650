/**
 * The popup: the entity manager (issue 5). Search with a virtual result list, `Add entity`, the
 * editor, `Delete` with `Undo`, `On this page`, `Highlight on this site`, and a first-run panel
 * with the starter pack. Opened from the context menu it starts on a prefilled new entity.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { send } from '../shared/messaging';
import type { EntitySummary } from '../shared/protocol';
import { plural, t } from '../ui/i18n';
import { targetTab, type TargetTab } from './active-tab';
import { Editor } from './Editor';
import { FirstRun } from './FirstRun';
import { OnThisPage } from './OnThisPage';
import { prefillFrom, type Prefill } from '../shared/prefill';
import { Results } from './Results';
import { SiteToggle } from './SiteToggle';
import { SyncLine } from './SyncLine';
import { useSearch } from './use-search';
import { useEntitiesChanged } from '../ui/entities-changed';
import { useShortcutHint } from './shortcut';

/** What the editor shows: an existing entity, a new one (maybe prefilled), or nothing. */
type Editing = { kind: 'entity'; id: string } | { kind: 'new'; key: number; prefill?: Prefill } | undefined;

/** Whatever was typed into popup.html's field before popup.js ran (src/popup/shell.ts). */
const typedBeforeScript = (): string => {
  const field = document.getElementById('search');
  return field instanceof HTMLInputElement ? field.value : '';
};

export function App() {
  const [query, setQuery] = useState(typedBeforeScript);
  const search = useSearch(query);
  const [editing, setEditing] = useState<Editing>(() => {
    // The card's `Edit` opens `popup.html?entity=<id>`: start on that entity.
    const id = new URLSearchParams(location.search).get('entity');
    if (id) return { kind: 'entity', id };
    const prefill = prefillFrom(location.search);
    return prefill ? { kind: 'new', key: Date.now(), prefill } : undefined;
  });
  const [deleted, setDeleted] = useState<{ id: string; name: string }>();
  /** After Undo, the restored entity's editor takes the focus (the Undo button it was on is gone). */
  const [focusEditor, setFocusEditor] = useState(false);
  const undoButton = useRef<HTMLButtonElement>(null);
  // After Delete, the focus goes to Undo: the Delete button it was on is gone with the editor.
  useEffect(() => {
    if (deleted) undoButton.current?.focus();
  }, [deleted]);
  const [tab, setTab] = useState<TargetTab>();
  const [enterList, setEnterList] = useState(0);
  const searchField = useRef<HTMLInputElement>(null);
  // A sync or an import that lands while the popup is open: the results follow.
  useEntitiesChanged(() => search.refresh());
  const shortcutHint = useShortcutHint();

  useEffect(() => {
    void targetTab().then(setTab);
  }, []);

  const remove = async (id: string, name: string) => {
    const { ok } = await send('deleteEntity', { id });
    if (!ok) return;
    setEditing(undefined);
    setDeleted({ id, name });
    search.refresh();
  };

  const undo = async () => {
    if (!deleted) return;
    const { ok } = await send('undoDelete', { id: deleted.id });
    if (ok) {
      setFocusEditor(true);
      setEditing({ kind: 'entity', id: deleted.id });
    }
    setDeleted(undefined);
    search.refresh();
  };

  const addEntity = () => {
    setFocusEditor(false);
    setDeleted(undefined);
    setEditing({ kind: 'new', key: Date.now() });
  };

  const open = (row: EntitySummary) => {
    setFocusEditor(false);
    setDeleted(undefined);
    setEditing({ kind: 'entity', id: row.id });
  };

  const total = search.total;
  const empty = total === 0 && query === '' && editing === undefined;

  return (
    <main>
      <div class="toolbar">
        <h1>{t('appName')}</h1>
        <button type="button" class="primary" onClick={addEntity}>{t('addEntity')}</button>
      </div>
      <label for="search">{t('searchEntities')}</label>
      <input id="search" ref={searchField} type="search" autocomplete="off" spellcheck={false} placeholder={t('searchPlaceholder')} value={query}
        aria-describedby="search-count search-help" autofocus
        onInput={(e) => setQuery(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && (search.total ?? 0) > 0) {
            e.preventDefault();
            setEnterList((n) => n + 1);
          }
        }} />
      <p id="search-help" class="sr-only">{t('searchHelp')}</p>
      <p id="search-count" class="muted count" aria-live="polite">
        {total === undefined ? '' : total === 0 ? (query ? t('noMatch') : '') : plural(total, 'entityCount_one', 'entityCount_other')}
      </p>
      <Results rows={search.rows} total={total ?? 0} want={search.want} queryKey={query}
        selectedId={editing?.kind === 'entity' ? editing.id : undefined}
        onOpen={open} enterSignal={enterList} onLeave={() => searchField.current?.focus()} />
      {empty && <FirstRun onLoaded={search.refresh} onAdd={addEntity} />}
      {deleted && (
        <p role="status" class="row undo">
          {t('deletedName', deleted.name)} <button type="button" ref={undoButton} onClick={() => void undo()}>{t('undo')}</button>
        </p>
      )}
      {editing && (
        <Editor key={editing.kind === 'new' ? `new-${editing.key}` : editing.id}
          id={editing.kind === 'entity' ? editing.id : undefined}
          prefill={editing.kind === 'new' ? editing.prefill : undefined}
          focusName={focusEditor}
          onSaved={search.refresh}
          onDelete={(id, name) => void remove(id, name)} />
      )}
      {tab?.host && <OnThisPage tabId={tab.id} onEdit={(id) => { setDeleted(undefined); setEditing({ kind: 'entity', id }); }} />}
      {tab?.host && <SiteToggle host={tab.host} />}
      {tab?.accessWithheld && <p class="section muted">{t('siteAccessWithheld')}</p>}
      <SyncLine />
      <p class="muted small">
        <a href="options.html" target="_blank" rel="noopener">{t('openOptions')}</a>{` · ${shortcutHint}`}
      </p>
    </main>
  );
}
