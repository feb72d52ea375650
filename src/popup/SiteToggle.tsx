/** `Highlight on this site`: switches the content script off or on for a host, at once. */
import { useEffect, useState } from 'preact/hooks';
import { send } from '../shared/messaging';
import { t } from '../ui/i18n';

export function SiteToggle(props: { host: string }) {
  const [enabled, setEnabled] = useState<boolean>();

  useEffect(() => {
    void send('siteEnabled', { host: props.host }).then((a) => setEnabled(a.enabled));
  }, [props.host]);

  return (
    <section class="section">
      <label class="inline">
        <input type="checkbox" checked={enabled ?? true} disabled={enabled === undefined}
          onChange={(e) => {
            const next = e.currentTarget.checked;
            setEnabled(next);
            void send('setSiteEnabled', { host: props.host, enabled: next });
          }} />
        {t('highlightOnThisSite')}
      </label>
      <p class="muted">{props.host}</p>
    </section>
  );
}
