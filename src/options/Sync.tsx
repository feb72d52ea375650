/**
 * Sync with a CouchDB server (CONTRACT §4): `Server URL`, `Database`, `Username`, `Password`,
 * `Sync now`, and a status that says `Syncing…` the moment the button is pressed.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { send } from '../shared/messaging';
import type { SyncSettings, SyncStateView } from '../shared/protocol';
import { plural, t } from '../ui/i18n';
import { GrantAccess } from './host-access';

const EMPTY: SyncSettings = { serverUrl: '', database: '', username: '', password: '' };

export function Sync() {
  const [config, setConfig] = useState<SyncSettings>(EMPTY);
  const [loaded, setLoaded] = useState(false);
  const [state, setState] = useState<SyncStateView>();
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  // The latest settings, for handlers that run before the next render.
  const latest = useRef(EMPTY);

  useEffect(() => {
    void send('getSyncSettings', {}).then((a) => {
      latest.current = { ...EMPTY, ...a.config };
      setConfig(latest.current);
      setLoaded(true);
    });
    void send('syncState', {}).then((a) => setState(a.state));
  }, []);

  // Every change is kept at once. Nothing is saved before the stored settings are loaded, so an
  // early keystroke or click can never overwrite them with empty fields.
  const field = (key: keyof SyncSettings) => (e: { currentTarget: HTMLInputElement }) => {
    latest.current = { ...latest.current, [key]: e.currentTarget.value };
    setConfig(latest.current);
    void send('saveSyncSettings', { config: latest.current });
  };

  const syncNow = async (allowMassDeletion = false) => {
    if (busy || !loaded) return;
    setStatus(t('syncing'));
    setBusy(true);
    // A first sync of a large list takes a while: show how far it is.
    const poll = setInterval(() => void send('syncState', {}).then((a) => a.state?.progress && setState(a.state)), 400);
    try {
      const result = await send('syncNow', { continue: allowMassDeletion });
      setState(result);
      setStatus(result.status);
    } catch (error) {
      setStatus(t('syncFailed', error instanceof Error ? error.message : String(error)));
    } finally {
      clearInterval(poll);
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="h-sync">
      <h2 id="h-sync">{t('syncTitle')}</h2>
      <p class="muted">{t('syncText')}</p>
      <label for="sync-url">{t('serverUrl')}</label>
      <input id="sync-url" disabled={!loaded} type="url" placeholder={t('serverUrlPlaceholder')} value={config.serverUrl} onInput={field('serverUrl')} />
      <GrantAccess url={config.serverUrl} />
      <label for="sync-db">{t('database')}</label>
      <input id="sync-db" disabled={!loaded} type="text" placeholder={t('databasePlaceholder')} value={config.database} onInput={field('database')} />
      <label for="sync-user">{t('username')}</label>
      <input id="sync-user" disabled={!loaded} type="text" autocomplete="username" value={config.username ?? ''} onInput={field('username')} />
      <label for="sync-password">{t('password')}</label>
      <input id="sync-password" disabled={!loaded} type="password" autocomplete="current-password" value={config.password ?? ''} onInput={field('password')} />
      <p class="muted">{t('passwordNote')}</p>
      <div class="row">
        {/* aria-disabled, not disabled: a disabled button loses the focus to <body> (the keyboard reader's place). */}
        <button type="button" class="primary" aria-disabled={busy || !loaded} onClick={() => void syncNow()}>{t('syncNow')}</button>
        {state?.needsContinue && !busy && (
          <button type="button" class="danger" onClick={() => void syncNow(true)}>{t('syncContinue')}</button>
        )}
      </div>
      {busy && state?.progress && state.progress.total > 0 && (
        <progress aria-label={t('syncProgress')} max={state.progress.total} value={state.progress.done} />
      )}
      <p role="status" class={`status ${status.startsWith(t('syncFailed', '')) ? 'bad' : 'ok'}`}>{status}</p>
      {state && (
        <p class="muted">
          {t('lastSyncedLine', state.lastSyncedAt ? new Date(state.lastSyncedAt).toLocaleString() : t('never'))} · {plural(state.pending, 'waiting_one', 'waiting_other')}
        </p>
      )}
    </section>
  );
}
