/**
 * `t(key, ...substitutions)`: the reader's language from `_locales` (src/_locales/<lang>/messages.json,
 * copied into dist by the build) through the browser's i18n API, with the English file as the
 * fallback where that API is absent (unit tests, Node) or has no such key.
 *
 * The browser's API is reached through `globalThis.chrome`/`browser` directly, not the polyfill:
 * `getMessage` is synchronous in both browsers, and this module must load in Node for tests.
 * Substitutions are `$1`…`$9` in the message, as the browsers do them.
 */
import english from '../_locales/en/messages.json';

type Messages = Record<string, { message: string; description?: string }>;
export type MessageKey = keyof typeof english;

interface I18nApi {
  getMessage(key: string, substitutions?: string | string[]): string;
}

function api(): I18nApi | undefined {
  const g = globalThis as { browser?: { i18n?: I18nApi }; chrome?: { i18n?: I18nApi } };
  return g.browser?.i18n ?? g.chrome?.i18n;
}

function substitute(message: string, subs: readonly string[]): string {
  return message.replace(/\$(\d)/g, (all, n: string) => subs[Number(n) - 1] ?? all).replace(/\$\$/g, '$');
}

export function t(key: MessageKey, ...subs: (string | number)[]): string {
  const strings = subs.map(String);
  try {
    const found = api()?.getMessage(key, strings);
    if (found) return found;
  } catch {
    // Outside an extension page (tests): the English file below.
  }
  const entry = (english as Messages)[key];
  return entry ? substitute(entry.message, strings) : key;
}

/** `1 entity`, `2 entities`: the count's noun from the `_one` / `_other` message pair. */
export function plural(count: number, one: MessageKey, other: MessageKey): string {
  return count === 1 ? t(one, count) : t(other, count.toLocaleString());
}
