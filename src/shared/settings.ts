/**
 * Reader settings kept in `browser.storage.local` (not in IndexedDB: the content script reads
 * them, and a content script must never open the extension's database). The options page writes
 * them; the content script reads them at start and follows `storage.onChanged`.
 *
 * Key `backstory.settings` → `Settings` (every field optional in storage: `readSettings`
 * fills the defaults, so a value written by an older version still reads).
 */
export const SETTINGS_KEY = 'backstory.settings';

/** How mentions are drawn. */
export const HIGHLIGHT_STYLES = ['tint', 'strong', 'underline'] as const;
export type HighlightStyleName = (typeof HIGHLIGHT_STYLES)[number];

export interface Settings {
  /**
   * `tint`: a light translucent background per type (the default, cheapest to paint);
   * `strong`: the same tint, darker; `underline`: a dotted underline in the type's colour
   * (costs more per DOM change in Chromium: docs/page.md).
   */
  highlightStyle: HighlightStyleName;
  /** How long the pointer rests on a mention before its card opens, in ms. */
  hoverDelayMs: number;
}

export const DEFAULT_SETTINGS: Settings = { highlightStyle: 'tint', hoverDelayMs: 400 };

/** The hover delay's allowed range (the options page's slider). */
export const HOVER_DELAY_MIN_MS = 100;
export const HOVER_DELAY_MAX_MS = 1500;

/** A stored value (anything) as valid settings: unknown or out-of-range fields take the default. */
export function readSettings(stored: unknown): Settings {
  const s = (typeof stored === 'object' && stored !== null ? stored : {}) as Partial<Record<keyof Settings, unknown>>;
  const style = HIGHLIGHT_STYLES.find((h) => h === s.highlightStyle) ?? DEFAULT_SETTINGS.highlightStyle;
  const delay = typeof s.hoverDelayMs === 'number' && Number.isFinite(s.hoverDelayMs)
    ? Math.min(HOVER_DELAY_MAX_MS, Math.max(HOVER_DELAY_MIN_MS, Math.round(s.hoverDelayMs)))
    : DEFAULT_SETTINGS.hoverDelayMs;
  return { highlightStyle: style, hoverDelayMs: delay };
}
