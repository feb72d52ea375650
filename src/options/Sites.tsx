/** Site rules: the hosts where highlighting is switched off. */
import { useEffect, useState } from 'preact/hooks';
import { send } from '../shared/messaging';

export function Sites() {
  const [hosts, setHosts] = useState<string[]>([]);
  const load = () => void send('listSites', {}).then((a) => setHosts(a.disabled));
  useEffect(load, []);
  return (
    <section aria-labelledby="h-sites">
      <h2 id="h-sites">Sites</h2>
      {hosts.length === 0 ? <p class="muted">Backstory highlights on every site. Switch a site off from the toolbar popup.</p> : (
        <ul class="backups">
          {hosts.map((host) => (
            <li key={host}>
              <span>{host}</span>
              <button type="button" onClick={() => void send('setSiteEnabled', { host, enabled: true }).then(load)}>
                Highlight again
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
