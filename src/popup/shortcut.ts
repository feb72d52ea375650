/**
 * The popup's hint about its keyboard shortcut, as the reader has it now: the default
 * (Alt+Shift+B, what popup.html's first screen says) can be changed or removed in the browser's
 * extension shortcuts, so the hint reads `_execute_action`'s key from `commands.getAll()`.
 */
import { useEffect, useState } from 'preact/hooks';
import browser from '../shared/browser';
import { t } from '../ui/i18n';

export function useShortcutHint(): string {
  const [hint, setHint] = useState(() => t('shortcutHint'));
  useEffect(() => {
    browser.commands
      .getAll()
      .then((commands) => {
        const keys = commands.find((c) => c.name === '_execute_action')?.shortcut;
        setHint(keys ? t('shortcutHintKeys', keys) : t('shortcutHintNone'));
      })
      .catch(() => undefined); // keep the default's words
  }, []);
  return hint;
}
