/**
 * Derives each browser's manifest from the one source `manifest.json`: a small pure transform.
 *
 *   source                                   chrome                      firefox
 *   background.service_worker + .scripts  →  service_worker only    →   scripts only (event page)
 *   browser_specific_settings             →  dropped                →   kept
 *   minimum_chrome_version                →  kept                   →   dropped
 *   content_scripts[]                     →  kept                   →   kept
 *   version                               ←  package.json version on both
 *
 * Chrome warns about `scripts` and Firefox about `service_worker` and unknown keys; deriving both
 * keeps `web-ext lint` and chrome://extensions free of warnings. `match_origin_as_fallback` is
 * kept for Firefox: it knows the key since Firefox 128 (https://github.com/w3c/webextensions/issues/482),
 * below our `strict_min_version`, and without it a sandboxed `srcdoc` frame (an opaque origin)
 * never got the page-world watcher there, so it was never highlighted (measured, 2026-12-08).
 */
export type Browser = 'chrome' | 'firefox';

export interface SourceManifest {
  manifest_version: 3;
  version: string;
  background: { service_worker: string; scripts: string[]; type?: 'module' };
  content_scripts?: Array<Record<string, unknown>>;
  browser_specific_settings?: Record<string, unknown>;
  minimum_chrome_version?: string;
  [key: string]: unknown;
}

export function manifestFor(source: SourceManifest, browser: Browser, version?: string): Record<string, unknown> {
  const { background, browser_specific_settings, minimum_chrome_version, content_scripts, ...rest } = source;
  const out: Record<string, unknown> = { ...structuredClone(rest), version: version ?? source.version };
  const type = background.type ? { type: background.type } : {};
  if (browser === 'chrome') {
    out.background = { service_worker: background.service_worker, ...type };
    if (minimum_chrome_version) out.minimum_chrome_version = minimum_chrome_version;
    if (content_scripts) out.content_scripts = structuredClone(content_scripts);
  } else {
    out.background = { scripts: [...background.scripts], ...type };
    if (browser_specific_settings) out.browser_specific_settings = structuredClone(browser_specific_settings);
    if (content_scripts) out.content_scripts = structuredClone(content_scripts);
  }
  return out;
}
