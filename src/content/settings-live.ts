/**
 * The reader's appearance settings (src/shared/settings.ts) as the content script follows them:
 * read from `storage.local` at start and again on every `storage.onChanged`, so a change in the
 * options page restyles open tabs at once, without reload. A content script may read
 * `storage.local` (never the extension's IndexedDB), which is why settings live there.
 */
import browser from '../shared/browser';
import { DEFAULT_SETTINGS, readSettings, SETTINGS_KEY, type Settings } from '../shared/settings';

/** Calls `apply` with the current settings now (defaults until read) and on each change; returns the stop function. */
export function followSettings(apply: (settings: Settings) => void): () => void {
  let stopped = false;
  apply(DEFAULT_SETTINGS);
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
