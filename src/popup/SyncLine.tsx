/**
 * The popup's one line about sync: opening the popup starts a sync (when one is set up), and the
 * line shows the last sync time, a failure in words, and the local changes still to send.
 */
import { useEffect, useState } from 'preact/hooks';
import { send } from '../shared/messaging';
import type { SyncStateView } from '../shared/protocol';
import { plural, t } from '../ui/i18n';

export function SyncLine() {
  const [state, setState] = useState<SyncStateView>();
  const [configured, setConfigured] = useState(false);

  useEffect(() => {
    void send('syncSoon', {});
    void send('syncState', {}).then((a) => {
      setConfigured(a.configured);
      setState(a.state);
    });
  }, []);

  if (!configured || !state) return null;
  const when = state.lastSyncedAt ? new Date(state.lastSyncedAt).toLocaleString() : t('never');
  return (
    <p class={`muted ${state.ok ? '' : 'error'}`}>
      {state.ok ? t('popupLastSynced', when) : state.status}
      {state.pending > 0 && ` · ${plural(state.pending, 'toSend_one', 'toSend_other')}`}
    </p>
  );
}
