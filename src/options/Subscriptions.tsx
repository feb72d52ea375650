/**
 * Subscriptions: published lists fetched from a URL, refreshed in the background. Their entities
 * are read-only; the reader's notes on them are kept apart and survive updates.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { send } from '../shared/messaging';
import type { SubscriptionSummary } from '../shared/protocol';
import { plural, t } from '../ui/i18n';
import { useFocusAfterRemoval } from './focus-after-removal';
import { GrantAccess } from './host-access';

const when = (ms?: number) => (ms ? new Date(ms).toLocaleString() : t('never'));

export function Subscriptions() {
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ text: string; ok: boolean }>();
  const [lists, setLists] = useState<SubscriptionSummary[]>([]);
  const load = () => void send('listSubscriptions', {}).then((a) => setLists(a.lists));
  useEffect(load, []);
  const listRef = useRef<HTMLUListElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const removing = useFocusAfterRemoval(lists, listRef, headingRef);

  const subscribe = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    if (!url.trim()) {
      setStatus({ ok: false, text: t('subscriptionRefused', t('listUrlMissing')) });
      return;
    }
    setBusy(true);
    try {
      const answer = await send('subscribe', { url: url.trim() });
      setStatus({ text: answer.status, ok: answer.ok });
      if (answer.ok) setUrl('');
    } catch (error) {
      setStatus({ ok: false, text: t('subscriptionRefused', error instanceof Error ? error.message : String(error)) });
    } finally {
      setBusy(false);
      load();
    }
  };

  return (
    <section aria-labelledby="h-subscriptions">
      <h2 id="h-subscriptions" ref={headingRef} tabIndex={-1}>{t('subscriptionsTitle')}</h2>
      <p class="muted">{t('subscriptionsText')}</p>
      {/* noValidate: the browser's own bubble for a malformed URL left the last status standing;
          the background refuses it in words (CONTRACT §4: `Subscription refused: <reason>`). */}
      <form onSubmit={subscribe} noValidate>
        <label for="list-url">{t('listUrl')}</label>
        <div class="row">
          <input id="list-url" type="url" placeholder={t('listUrlPlaceholder')} value={url} style="flex:1"
            onInput={(e) => setUrl(e.currentTarget.value)} />
          <button type="submit" class="primary" aria-disabled={busy}>{t('subscribe')}</button>
        </div>
      </form>
      <GrantAccess url={url} />
      <p role="status" class={`status ${status?.ok ? 'ok' : 'bad'}`}>{status?.text ?? ''}</p>
      {lists.length > 0 && (
        <ul class="backups" aria-label={t('subscribedLists')} ref={listRef}>
          {lists.map((l, i) => (
            <li key={l.id}>
              <span>
                <strong id={`subscription-${i}`}>{l.title || l.url}</strong> · {plural(l.count, 'entityCount_one', 'entityCount_other')} · {t('listUpdated', when(l.updatedAt))}
                {l.error && <span class="error"> · {t('listCheckFailed', l.error)}</span>}
                <br /><span class="muted">{l.url}</span>
              </span>
              {/* Named by the contract's word alone; the list's title tells the buttons apart. */}
              <button type="button" aria-describedby={`subscription-${i}`} onClick={() => void send('unsubscribe', { id: l.id }).then((answer) => {
                // The status shows only the latest outcome (CONTRACT §4): a `Subscribed: N entities`
                // left standing after its list was removed was stale (found by a probe). Its
                // words are the contract's two, neither of which an unsubscribe is: it clears.
                if (answer.ok) {
                  setStatus(undefined);
                  removing(i);
                }
                return load();
              })}>{t('unsubscribe')}</button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
