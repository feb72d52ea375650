import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manifestFor, type SourceManifest } from '../../../scripts/manifest';

const source = JSON.parse(readFileSync('manifest.json', 'utf8')) as SourceManifest;

describe('manifest transform', () => {
  it('gives Chrome a service worker and no Firefox keys', () => {
    const m = manifestFor(source, 'chrome', '1.2.3');
    expect(m.background).toEqual({ service_worker: 'background.js' });
    expect(m).not.toHaveProperty('browser_specific_settings');
    expect(m.minimum_chrome_version).toBe('128');
    expect(m.version).toBe('1.2.3');
  });

  it('gives Firefox an event page, its gecko settings and no Chrome-only keys', () => {
    const m = manifestFor(source, 'firefox');
    expect(m.background).toEqual({ scripts: ['background.js'] });
    expect(m).not.toHaveProperty('minimum_chrome_version');
    const gecko = (m.browser_specific_settings as { gecko: Record<string, unknown> }).gecko;
    expect(gecko.strict_min_version).toBe('142.0');
    expect(gecko.id).toMatch(/@/);
  });

  it('gives page-written frames (about:blank, srcdoc, sandboxed srcdoc) only the page-world watcher, in both browsers', () => {
    for (const browser of ['chrome', 'firefox'] as const) {
      const scripts = manifestFor(source, browser).content_scripts as Record<string, unknown>[];
      const content = scripts.find((s) => (s.js as string[]).includes('content.js'));
      const watcher = scripts.find((s) => (s.js as string[]).includes('frame-watch.js'));
      // The isolated world's script would cost each empty frame a world of its own (content/frame-text.ts).
      expect(content).toMatchObject({ all_frames: true, run_at: 'document_start' });
      expect(content).not.toHaveProperty('match_about_blank');
      expect(content).not.toHaveProperty('world');
      // match_origin_as_fallback: a sandboxed srcdoc frame has an opaque origin (Firefox 128+ knows the key too).
      expect(watcher).toMatchObject({ all_frames: true, run_at: 'document_start', match_about_blank: true, match_origin_as_fallback: true, world: 'MAIN' });
    }
  });

  it('declares the host access of CONTRACT §4 for both browsers and keeps everything else', () => {
    for (const browser of ['chrome', 'firefox'] as const) {
      const m = manifestFor(source, browser);
      expect(m.host_permissions).toEqual(['http://*/*', 'https://*/*']);
      expect(m.manifest_version).toBe(3);
      expect(m.options_ui).toEqual(source.options_ui);
      expect(m.action).toEqual(source.action);
    }
  });

  it('does not mutate its input', () => {
    const before = JSON.stringify(source);
    manifestFor(source, 'chrome');
    manifestFor(source, 'firefox');
    expect(JSON.stringify(source)).toBe(before);
  });
});
