/**
 * The reader's appearance settings (src/shared/settings.ts) as the content script and the options
 * page follow them: read from `storage.local` at start and again on every `storage.onChanged`, so
 * a change in the options page restyles open tabs at once, without reload, and another open
 * options page shows it (and does not write its stale copy back over it). A content script may
 * read `storage.local` (never the extension's IndexedDB), which is why settings live there.
 */
import browser from './browser';
import { DEFAULT_SETTINGS, readSettings, SETTINGS_KEY, type Settings } from './settings';

/**
 * Calls `apply` with the current settings once read and on each change (first with the defaults,
 * at once, when `defaultsFirst`: the content script draws before the read answers); returns the
 * stop function.
 */
export function followSettings(apply: (settings: Settings) => void, { defaultsFirst = false } = {}): () => void {
  let stopped = false;
  if (defaultsFirst) apply(DEFAULT_SETTINGS);
  void browser.storage.local.get(SETTINGS_KEY).then(
    (got) => {
      if (!stopped) apply(readSettings(got[SETTINGS_KEY]));
    },
    () => undefined, // the extension is reloading: the lifecycle tick stops us
  );
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string): void => {
    if (stopped || area !== 'local' || !(SETTINGS_KEY in changes)) return;
    apply(readSettings(changes[SETTINGS_KEY].newValue));
  };
  browser.storage.onChanged.addListener(listener);
  return () => {
    stopped = true;
    try {
      browser.storage.onChanged.removeListener(listener);
    } catch {
      // The runtime is already gone.
    }
  };
}
