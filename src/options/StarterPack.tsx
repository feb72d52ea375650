/** `Load starter pack`: the world's countries and capitals (src/background/starter-pack.ts). */
import { useState } from 'preact/hooks';
import { send } from '../shared/messaging';
import { t } from '../ui/i18n';

export function StarterPack(props: { onLoaded: () => void }) {
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();

  const load = async () => {
    setBusy(true);
    try {
      const answer = await send('loadStarterPack', {});
      setStatus(answer.ok ? { ok: true, text: t('starterPackLoaded', answer.count) } : { ok: false, text: t('starterPackFailed', answer.error) });
      if (answer.ok) props.onLoaded();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="h-starter">
      <h2 id="h-starter">{t('starterPackTitle')}</h2>
      <p class="muted">{t('starterPackText')}</p>
      <button type="button" disabled={busy} onClick={() => void load()}>{t('loadStarterPack')}</button>
      {busy && <progress role="progressbar" aria-label={t('loadingStarterPack')} />}
      <p role="status" class={`status ${status?.ok === false ? 'bad' : 'ok'}`}>{status?.text ?? ''}</p>
    </section>
  );
}
