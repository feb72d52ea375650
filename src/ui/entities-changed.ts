/**
 * For the extension's own pages: call `onChange` when the background says the entity list
 * changed (background/tabs.ts `broadcast`: an edit, an import, a sync, a subscribed list's
 * update), or a site was switched on or off. Bursts (a popup's saves, one per keystroke) come out
 * as one call, at their end.
 */
import { useEffect, useRef } from 'preact/hooks';
import browser from '../shared/browser';

const QUIET_MS = 150;

function useBackgroundNews(type: 'entitiesChanged' | 'siteToggled', onChange: () => void): void {
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const listener = (message: unknown): undefined => {
      if ((message as { type?: unknown } | null)?.type !== type) return undefined;
      clearTimeout(timer);
      timer = setTimeout(() => latest.current(), QUIET_MS);
      return undefined; // no answer: the background does not wait for one
    };
    browser.runtime.onMessage.addListener(listener);
    return () => {
      clearTimeout(timer);
      browser.runtime.onMessage.removeListener(listener);
    };
  }, [type]);
}

export function useEntitiesChanged(onChange: () => void): void {
  useBackgroundNews('entitiesChanged', onChange);
}

/** A site switched on or off elsewhere (the popup's checkbox, another options page). */
export function useSitesChanged(onChange: () => void): void {
  useBackgroundNews('siteToggled', onChange);
}
