/** Site rules: the hosts where highlighting is switched off. */
import { useEffect, useState } from 'preact/hooks';
import { send } from '../shared/messaging';
import { t } from '../ui/i18n';

export function Sites() {
  const [hosts, setHosts] = useState<string[]>([]);
  const load = () => void send('listSites', {}).then((a) => setHosts(a.disabled));
  useEffect(load, []);
  return (
    <section aria-labelledby="h-sites">
      <h2 id="h-sites">{t('sitesTitle')}</h2>
      {hosts.length === 0 ? <p class="muted">{t('sitesEmpty')}</p> : (
        <ul class="backups">
          {hosts.map((host) => (
            <li key={host}>
              <span>{host}</span>
              <button type="button" onClick={() => void send('setSiteEnabled', { host, enabled: true }).then(load)}>
                {t('highlightAgain')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
