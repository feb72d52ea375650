/**
 * Reader settings kept in `browser.storage.local` (not in IndexedDB: the content script reads
 * them, and a content script must never open the extension's database). The options page writes
 * them; the content script reads them at start and follows `storage.onChanged`.
 *
 * Key `backstory.settings` → `Settings` (every field optional in storage: `readSettings`
 * fills the defaults, so a value written by an older version still reads).
 */
import { ENTITY_TYPES, type EntityType } from '../core/entities/entity';

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
  /** The reader's colour for a type (`#rrggbb`); a type without one keeps its default. */
  typeColors: Partial<Record<EntityType, string>>;
  /** Types whose mentions are not shown (their ranges stay registered, unpainted) and open no card. */
  hiddenTypes: EntityType[];
}

/** Each type's colour when the reader chose none (the options page shows them). */
export const DEFAULT_TYPE_COLORS: Record<EntityType, string> = {
  person: '#ffb000',
  place: '#00b48c',
  org: '#4682ff',
  event: '#e650c8',
  other: '#969696',
};

export const DEFAULT_SETTINGS: Settings = { highlightStyle: 'tint', hoverDelayMs: 400, typeColors: {}, hiddenTypes: [] };

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
  const colors = (typeof s.typeColors === 'object' && s.typeColors !== null ? s.typeColors : {}) as Record<string, unknown>;
  const typeColors: Partial<Record<EntityType, string>> = {};
  for (const type of ENTITY_TYPES) {
    const c = colors[type];
    if (typeof c === 'string' && /^#[0-9a-f]{6}$/i.test(c)) typeColors[type] = c.toLowerCase();
  }
  const hidden = Array.isArray(s.hiddenTypes) ? s.hiddenTypes : [];
  const hiddenTypes = ENTITY_TYPES.filter((type) => hidden.includes(type));
  return { highlightStyle: style, hoverDelayMs: delay, typeColors, hiddenTypes };
}
