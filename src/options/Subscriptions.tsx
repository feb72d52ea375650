/**
 * Subscriptions: published lists fetched from a URL, refreshed in the background. Their entities
 * are read-only; the reader's notes on them are kept apart and survive updates.
 */
import { useEffect, useState } from 'preact/hooks';
import { send } from '../shared/messaging';
import type { SubscriptionSummary } from '../shared/protocol';
import { GrantAccess } from './host-access';

const when = (ms?: number) => (ms ? new Date(ms).toLocaleString() : 'never');

export function Subscriptions() {
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ text: string; ok: boolean }>();
  const [lists, setLists] = useState<SubscriptionSummary[]>([]);
  const load = () => void send('listSubscriptions', {}).then((a) => setLists(a.lists));
  useEffect(load, []);

  const subscribe = async (event: Event) => {
    event.preventDefault();
    if (!url.trim()) return;
    setBusy(true);
    try {
      const answer = await send('subscribe', { url: url.trim() });
      setStatus({ text: answer.status, ok: answer.ok });
      if (answer.ok) setUrl('');
    } catch (error) {
      setStatus({ ok: false, text: `Subscription refused: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      setBusy(false);
      load();
    }
  };

  return (
    <section aria-labelledby="h-subscriptions">
      <h2 id="h-subscriptions">Subscriptions</h2>
      <p class="muted">Published entity lists, checked again when they expire (at least every 7 days). Their entities are read-only; your notes on them are kept apart.</p>
      <form onSubmit={subscribe}>
        <label for="list-url">List URL</label>
        <div class="row">
          <input id="list-url" type="url" placeholder="https://example.org/entities.json" value={url} style="flex:1"
            onInput={(e) => setUrl(e.currentTarget.value)} />
          <button type="submit" class="primary" disabled={busy}>Subscribe</button>
        </div>
      </form>
      <GrantAccess url={url} />
      <p role="status" class={`status ${status?.ok ? 'ok' : 'bad'}`}>{status?.text ?? ''}</p>
      {lists.length > 0 && (
        <ul class="backups" aria-label="Subscribed lists">
          {lists.map((l) => (
            <li key={l.id}>
              <span>
                <strong>{l.title || l.url}</strong> · {l.count} entities · updated {when(l.updatedAt)}
                {l.error && <span class="error"> · last check failed: {l.error}</span>}
                <br /><span class="muted">{l.url}</span>
              </span>
              <button type="button" onClick={() => void send('unsubscribe', { id: l.id }).then(load)}>Unsubscribe</button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
