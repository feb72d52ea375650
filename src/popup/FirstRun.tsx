/** The empty store's first-run panel: what Backstory does, and a one-click starter pack. */
import { useState } from 'preact/hooks';
import { send } from '../shared/messaging';
import { t } from '../ui/i18n';

export function FirstRun(props: { onLoaded: () => void; onAdd: () => void }) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');

  const load = async () => {
    setBusy(true);
    try {
      const answer = await send('loadStarterPack', {});
      setMessage(answer.ok ? t('starterPackLoaded', answer.count) : t('starterPackFailed', answer.error));
      if (answer.ok) props.onLoaded();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="section first-run" aria-labelledby="first-run">
      <h2 id="first-run">{t('firstRunTitle')}</h2>
      <p>{t('firstRunText')}</p>
      <div class="row">
        <button type="button" class="primary" disabled={busy} onClick={() => void load()}>{t('loadStarterPack')}</button>
        <button type="button" onClick={props.onAdd}>{t('addFirstEntity')}</button>
      </div>
      <p class="muted small">{t('starterPackNote')}</p>
      <p role="status" class="status ok">{message}</p>
    </section>
  );
}
