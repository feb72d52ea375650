/**
 * `Grant access` (CONTRACT §4): the manifest declares access to every http(s) site, so sync and
 * subscriptions normally need no prompt. Where the reader withheld it (Chrome's "site access",
 * Firefox's optional host permissions), this offers the button that asks for the one origin.
 */
import { useEffect, useState } from 'preact/hooks';
import browser from '../shared/browser';
import { t } from '../ui/i18n';

function originPattern(url: string): string | undefined {
  try {
    const { protocol, host } = new URL(url.trim());
    return protocol === 'http:' || protocol === 'https:' ? `${protocol}//${host}/*` : undefined;
  } catch {
    return undefined;
  }
}

export function GrantAccess(props: { url: string }) {
  const pattern = originPattern(props.url);
  const [granted, setGranted] = useState(true);

  useEffect(() => {
    if (!pattern) return;
    let live = true;
    const check = (): void => {
      void browser.permissions.contains({ origins: [pattern] }).then((ok) => live && setGranted(ok), () => undefined);
    };
    check();
    // Access withheld or given while the page is open (the browser's own settings, another
    // page): the button follows at once, not only when the URL is typed again.
    browser.permissions.onAdded.addListener(check);
    browser.permissions.onRemoved.addListener(check);
    return () => {
      live = false;
      browser.permissions.onAdded.removeListener(check);
      browser.permissions.onRemoved.removeListener(check);
    };
  }, [pattern]);

  if (!pattern || granted) return null;
  return (
    <p class="row">
      <span class="muted">{t('mayNotReach', pattern.replace('/*', ''))}</span>
      <button type="button" onClick={() => void browser.permissions.request({ origins: [pattern] }).then(setGranted, () => undefined)}>
        {t('grantAccess')}
      </button>
    </p>
  );
}
