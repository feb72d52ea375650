/** `Highlight on this site`: switches the content script off or on for a host, at once. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { send } from '../shared/messaging';
import { useSitesChanged } from '../ui/entities-changed';
import { t } from '../ui/i18n';
import { siteName } from '../ui/site-name';

export function SiteToggle(props: { host: string }) {
  const [enabled, setEnabled] = useState<boolean>();
  // Answers to reads asked before the reader's last click are stale: one that landed after the
  // click put the box back as it was, undoing the click on screen (CI caught it, 2026-12-08).
  const asked = useRef(0);

  const load = () => {
    const mine = ++asked.current;
    void send('siteEnabled', { host: props.host }).then((a) => {
      if (mine === asked.current) setEnabled(a.enabled);
    });
  };
  useEffect(load, [props.host]);
  // The options page's Sites list can switch this host back on while the popup is open.
  useSitesChanged(load);

  return (
    <section class="section">
      <label class="inline">
        <input type="checkbox" checked={enabled ?? true} disabled={enabled === undefined}
          onChange={(e) => {
            const next = e.currentTarget.checked;
            asked.current++;
            setEnabled(next);
            void send('setSiteEnabled', { host: props.host, enabled: next });
          }} />
        {t('highlightOnThisSite')}
      </label>
      <p class="muted">{siteName(props.host)}</p>
    </section>
  );
}
