/** Site rules: the hosts where highlighting is switched off, and switching one off by name. */
import { useEffect, useState } from 'preact/hooks';
import { send } from '../shared/messaging';
import { useSitesChanged } from '../ui/entities-changed';
import { t } from '../ui/i18n';
import { siteName } from '../ui/site-name';
import { siteFromInput } from './site-input';

export function Sites() {
  const [hosts, setHosts] = useState<string[]>([]);
  const load = () => void send('listSites', {}).then((a) => setHosts(a.disabled));
  useEffect(load, []);
  useSitesChanged(load);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState('');
  const switchOff = (e: Event) => {
    e.preventDefault();
    const host = siteFromInput(typed);
    if (!host) {
      setError(t('siteInvalid'));
      return;
    }
    setError('');
    setTyped('');
    void send('setSiteEnabled', { host, enabled: false }).then(load);
  };
  return (
    <section aria-labelledby="h-sites">
      <h2 id="h-sites">{t('sitesTitle')}</h2>
      <form class="row" onSubmit={switchOff}>
        <label for="site-off">{t('siteToSwitchOff')}</label>
        <input id="site-off" type="text" inputMode="url" autocomplete="off" spellcheck={false} placeholder="www.example.org" value={typed}
          aria-invalid={error ? true : undefined} aria-describedby={error ? 'site-off-error' : undefined}
          onInput={(e) => setTyped(e.currentTarget.value)} />
        <button type="submit">{t('switchOff')}</button>
      </form>
      {error && <p id="site-off-error" class="error">{error}</p>}
      {hosts.length === 0 ? <p class="muted">{t('sitesEmpty')}</p> : (
        <ul class="backups">
          {hosts.map((host) => (
            <li key={host}>
              <span>{siteName(host)}</span>
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
