/**
 * Highlight style, hover delay, and per entity type a switch and a colour (issue 4: "chosen in the
 * options (style, colors, on/off per type)"), kept in `browser.storage.local` under SETTINGS_KEY
 * (src/shared/settings.ts); the content script follows them as they change.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ENTITY_TYPES } from '../core/entities/entity';
import browser from '../shared/browser';
import {
  DEFAULT_SETTINGS, DEFAULT_TYPE_COLORS, HIGHLIGHT_STYLES, HOVER_DELAY_MAX_MS, HOVER_DELAY_MIN_MS, readSettings, SETTINGS_KEY, type Settings,
} from '../shared/settings';
import { followSettings } from '../shared/settings-live';
import { t } from '../ui/i18n';

export function Appearance() {
  const [settings, setSettings] = useState<Settings>();

  /** What this page wrote and has not heard back yet, in order (JSON). */
  const unheard = useRef<string[]>([]);

  // Followed, not read once: a change made in another options page shows here, and a change made
  // here then starts from it (a stale copy written back undid it; found by a probe). The echoes of
  // this page's own writes are skipped: while a slider is dragged, an older echo arriving after a
  // newer value would pull the thumb back.
  useEffect(() => followSettings((heard) => {
    const index = unheard.current.indexOf(JSON.stringify(heard));
    if (index >= 0) {
      unheard.current.splice(0, index + 1);
      return;
    }
    setSettings(heard);
  }), []);

  const change = (patch: Partial<Settings>) => {
    if (!settings) return;
    const next = readSettings({ ...settings, ...patch });
    const json = JSON.stringify(next);
    if (json === JSON.stringify(settings)) return; // no change: storage would send no echo to skip
    setSettings(next);
    unheard.current.push(json);
    void browser.storage.local.set({ [SETTINGS_KEY]: next });
  };

  return (
    <section aria-labelledby="h-appearance">
      <h2 id="h-appearance">{t('appearanceTitle')}</h2>
      <fieldset disabled={!settings}>
        <legend>{t('highlightStyle')}</legend>
        {HIGHLIGHT_STYLES.map((style) => (
          <label class="inline" key={style} style="margin-right: 14px">
            <input type="radio" name="highlight-style" value={style} checked={settings?.highlightStyle === style}
              onChange={() => change({ highlightStyle: style })} />
            <span class={`swatch swatch-${style}`}>{t(`highlightStyle_${style}`)}</span>
          </label>
        ))}
      </fieldset>
      <fieldset disabled={!settings}>
        <legend>{t('entityTypes')}</legend>
        {ENTITY_TYPES.map((type) => {
          const name = t(`type_${type}`);
          const shown = !settings?.hiddenTypes.includes(type);
          return (
            <div class="row" key={type}>
              <label class="inline" style="min-width: 190px">
                <input type="checkbox" checked={shown}
                  onChange={(e) => change({ hiddenTypes: e.currentTarget.checked ? settings?.hiddenTypes.filter((h) => h !== type) : [...(settings?.hiddenTypes ?? []), type] })} />
                {t('showType', name)}
              </label>
              <input type="color" aria-label={t('typeColour', name)} value={settings?.typeColors[type] ?? DEFAULT_TYPE_COLORS[type]}
                onInput={(e) => change({ typeColors: { ...settings?.typeColors, [type]: e.currentTarget.value } })} />
            </div>
          );
        })}
      </fieldset>
      <label for="hover-delay">{t('hoverDelay')}</label>
      <div class="row">
        <input id="hover-delay" type="range" min={HOVER_DELAY_MIN_MS} max={HOVER_DELAY_MAX_MS} step={50} disabled={!settings}
          value={settings?.hoverDelayMs ?? HOVER_DELAY_MIN_MS} aria-valuetext={t('milliseconds', settings?.hoverDelayMs ?? '')}
          style="flex: 1" onInput={(e) => change({ hoverDelayMs: Number(e.currentTarget.value) })} />
        {/* Shown, not announced: the slider's aria-valuetext says the value, and an <output> is a
            status region of its own, one more beside the statuses CONTRACT §4 names. */}
        <output for="hover-delay" class="muted" aria-hidden="true">{t('milliseconds', settings?.hoverDelayMs ?? '')}</output>
      </div>
      <p class="row">
        <button type="button" disabled={!settings} onClick={() => change(DEFAULT_SETTINGS)}>{t('resetAppearance')}</button>
      </p>
      <p class="muted small">{t('appearanceNote')}</p>
    </section>
  );
}
