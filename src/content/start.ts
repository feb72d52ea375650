/**
 * The content script's instance (started by index.ts through run.ts; scanning the parser's
 * finished blocks in idle periods while the page loads, the rest from DOMContentLoaded):
 * wires the scanner, highlights, card and messages together. Logic lives in the modules;
 * docs/page.md explains the decisions (and why document_start).
 */
import { resolveMentions } from '../core/matcher/resolve';
import { send } from '../shared/messaging';
import { Card } from './card';
import { CardData } from './card-data';
import { HighlightPainter } from './highlights';
import { removeForeignHighlights, removeForeignHosts } from './leftovers';
import { Hover } from './hover';
import { announce, claim, isOrphaned, listenForSuccessor, release, type Instance } from './lifecycle';
import { ScanController } from './scan-controller';
import { Stopped } from './scheduler';
import { pageHost } from './page-host';
import { listenForRestore } from './back-forward';
import { listenForShadowAttached } from './shadow-attached';
import { listenToTab } from './tab-messages';
import { listenForReveal } from './reveal';
import { BadgeReporter } from './badge-report';
import { KeyboardNav } from './keyboard';
import { followSettings } from '../shared/settings-live';
import { listenForFrameText } from './frame-text';
import { whenDocumentReopened } from './reopen';
import { trace } from './trace';

/** How often orphaning and the page's removal of our highlights are checked. */
const TICK_MS = 1000;

export function start(): void {
  const doc = document;
  let stopped = false;
  /** Set once the instance is set up: one whose start threw holds the world's slot, but is not alive. */
  let started = false;
  const abort = new AbortController();
  const instance: Instance = { alive: () => started && !stopped && !isOrphaned(), stop: () => stop() };
  if (!claim(instance)) return; // a live instance already draws in this world

  removeForeignHighlights();

  /** Messages fail once the extension is updated or removed: stop then. */
  async function guarded<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (isOrphaned()) {
        stop();
        throw new Stopped();
      }
      throw error;
    }
  }

  const host = pageHost();
  const painter = new HighlightPainter(doc);
  // `Edit` opens the entity in the popup page (the background opens the tab: a page cannot).
  const card = new Card(doc, { edit: (id) => void guarded(() => send('openEditor', { id })).catch(() => undefined) });
  const data = new CardData((ids) => guarded(() => send('cards', { ids })).then((r) => r.entities));
  let hover: Hover | null = null;
  // The toolbar badge counts the top page's mentions only (frames report nothing).
  const badge = window === window.top ? new BadgeReporter((count) => guarded(() => send('reportMentions', { count })).then(() => undefined)) : null;
  const scan = new ScanController({
    doc,
    match: (blocks) => guarded(() => send('match', { blocks, host })),
    resolve: resolveMentions,
    painter,
    onDrawn: () => {
      hover?.afterRedraw();
      badge?.update(scan.mentions);
    },
    onPageChanged: () => hover?.recheck(),
  });
  hover = new Hover({
    doc, painter, card, data, shadowRoots: () => painter.style.shadowRoots(),
    // Only where another frame can hold a card: a page with frames, or a frame.
    escapeElsewhere: () => {
      if (window !== window.top || window.frames.length > 0) void guarded(() => send('escapePressed', {})).catch(() => undefined);
    },
  });
  const liveHover = hover;
  const keyboard = new KeyboardNav({
    doc,
    // Mentions of types the reader does not show open no card, from the keyboard either.
    drawn: () => [...painter.all()].filter((d) => liveHover.shows(d)),
    opened: () => liveHover.opened,
    openFor: (drawn, position) => liveHover.openFor(drawn, position),
  });
  // Style and hover delay from the options page, applied live.
  const unfollow = followSettings((settings) => {
    painter.style.setStyle(settings);
    liveHover.setDelay(settings.hoverDelayMs);
    liveHover.setHiddenTypes(settings.hiddenTypes);
  }, { defaultsFirst: true });
  const unlisten = listenToTab({
    entitiesChanged: () => {
      data.clear();
      scan.rescanAll();
      void hover?.refresh();
    },
    siteToggled: (enabled) => {
      if (!enabled) {
        hover?.close();
        badge?.update([]);
      }
      scan.setEnabled(enabled);
    },
    host,
    mentions: () => ({ mentions: scan.mentions, types: scan.model.types }),
    data,
    isTopFrame: window === window.top,
    nextMention: () => keyboard.next(),
    closeCard: () => liveHover.closeFromElsewhere(),
  });
  const unlistenReveal = listenForReveal({ doc, drawn: () => painter.all(), isTopFrame: window === window.top });
  // Frames this page writes itself get the content script only once they hold text.
  const relistenFrameText = listenForFrameText(doc, () => void guarded(() => send('injectFrames', {})).catch(() => undefined), abort.signal);
  const ticker = setInterval(() => (isOrphaned() ? stop() : scan.tick()), TICK_MS);

  function stop(): void {
    if (stopped) return;
    stopped = true;
    clearInterval(ticker);
    abort.abort();
    try {
      unlisten();
      unlistenReveal();
      unfollow();
    } catch {
      // The runtime is already gone.
    }
    hover?.stop();
    badge?.stop();
    scan.stop();
    card.destroy();
    release(instance);
  }

  const relistenSuccessor = listenForSuccessor(doc, instance, stop, abort.signal);
  // A shadow root attached to an element already scanned (shadow-watch.ts tells).
  const relistenShadow = listenForShadowAttached(doc, (host) => scan.shadowAttached(host), abort.signal);
  // Back from the back/forward cache: the messages sent meanwhile never came.
  const relistenRestore = listenForRestore(window, () => {
    data.clear();
    scan.restored();
    void hover?.refresh();
  }, abort.signal);
  // A page that calls document.open() takes our document listeners away with its own.
  whenDocumentReopened(doc, () => {
    liveHover.listen();
    relistenFrameText();
    relistenSuccessor();
    relistenRestore();
    relistenShadow();
  }, abort.signal);
  announce(doc);
  started = true;
  // Ask whether the site is on now: the answer (and a stopped background's wake-up, which loads
  // the matcher) overlaps the page's own loading instead of following DOMContentLoaded.
  scan.prepare();
  /** At DOMContentLoaded (or at once when the page is parsed already): `scanNow`. */
  const begin = (scanNow: () => void) => (): void => {
    if (stopped) return;
    trace('dcl');
    removeForeignHosts(doc);
    scanNow();
  };
  if (doc.readyState === 'loading') {
    // Scan the blocks the parser finishes while the page loads; at DOMContentLoaded (in its
    // dispatch: no task of the page's runs in between) only the rest is left.
    scan.startLoading();
    doc.addEventListener('DOMContentLoaded', begin(() => scan.loaded()), { once: true, signal: abort.signal });
  } else begin(() => scan.start())();
}
