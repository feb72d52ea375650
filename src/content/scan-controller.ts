/**
 * Keeps the highlights equal to the page's current text (CONTRACT §3 rule 9): the first scan,
 * rescans of the containers that mutations touched, full rescans when the entity list changes,
 * and switching the site on and off. One run at a time, time-sliced throughout; after each run
 * the page-order rules are resolved over the whole page and the highlights diffed.
 */
import type { Mention, ScanResult } from '../core/matcher/types';
import type { Responses } from '../shared/protocol';
import type { Block } from './blocks';
import { flatParent, placementOf } from './flat-tree';
import { LoadingFrontier } from './frontier';
import type { HighlightPainter } from './highlights';
import { MatchClient, type MatchFn } from './matching';
import { PageObserver } from './observer';
import { PageModel } from './page-model';
import { scanBlocks, type ScanHooks } from './scanner';
import { canPrioritize, nextPrioritySlice, Slicer, Stopped, Throttle } from './scheduler';
import { trace } from './trace';

/** Delay between a change and its rescan: bursts of mutations coalesce, text shows well within a second. */
const RESCAN_DELAY_MS = 120;
/** While the page is parsed: how often the blocks the parser finished are scanned. */
const LOADING_STEP_MS = 100;

/** The run was overtaken (site switched off, entity list changed): drop it. */
class Superseded extends Error {}

export interface ScanDeps {
  doc: Document;
  match: MatchFn;
  resolve: (result: ScanResult) => Mention[];
  painter: HighlightPainter;
  /** After every redraw (the card checks its mention still exists). */
  onDrawn: () => void;
  /** The page changed its DOM (called from the observer's callback: do no work in it). */
  onPageChanged?: () => void;
}

export class ScanController {
  readonly model = new PageModel();
  private readonly client: MatchClient;
  private readonly observer: PageObserver;
  private readonly slicer = new Slicer();
  private readonly throttle: Throttle;
  /** Unknown until the background first answers. */
  enabled: boolean | undefined;
  mentions: Mention[] = [];
  private full = true;
  private generation = 0;
  /** The document was seen in design mode (nothing drawn, changes dropped) and not since out of it. */
  private inDesignMode = false;
  /**
   * While the page is parsed (`startLoading` until `loaded`): the finished blocks scanned so far,
   * each observed on its own. Null otherwise.
   */
  private early: Set<Node> | null = null;
  private frontier: LoadingFrontier | null = null;
  private loadingTimer: ReturnType<typeof setInterval> | undefined;
  private idleStep: number | undefined;
  /** The run at DOMContentLoaded: everything outside `early` (the early blocks are kept). */
  private completing = false;
  /** Wait before retrying after a failed message (the background was restarting, say). */
  private backoff = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  /** The first question (is this site on?), in flight: texts are sent only once it is answered. */
  private probe: Promise<void> | null = null;

  constructor(private readonly deps: ScanDeps) {
    this.client = new MatchClient((blocks) => this.ask(blocks));
    this.throttle = new Throttle(() => this.run(), RESCAN_DELAY_MS);
    this.observer = new PageObserver(() => {
      this.throttle.poke();
      this.deps.onPageChanged?.();
    });
  }

  /**
   * Ask whether the site is on (this also wakes a stopped background, which then loads its
   * matcher while the page is walked). Called as early as possible, before `start`.
   */
  prepare(): void {
    if (this.probe || this.enabled !== undefined) return;
    trace('probe-sent');
    const probe = this.deps.match([]).then(
      (answer) => {
        trace('probe-answer');
        this.client.learn([], answer);
        this.enabled = answer.enabled;
      },
      () => undefined, // the scan's own messages will fail and retry
    );
    this.probe = probe.finally(() => {
      this.probe = null;
    });
  }

  /** Observe the page and scan it, starting in this task. */
  start(): void {
    this.prepare();
    this.observer.watch(this.deps.doc);
    this.throttle.immediately();
  }

  /**
   * The page is still being parsed: scan the blocks the parser has finished as it goes
   * (docs/page.md, "Scanning while the page loads"), so that little is left at DOMContentLoaded.
   * `loaded` must follow.
   */
  startLoading(): void {
    this.prepare();
    this.full = false;
    this.early = new Set();
    this.frontier = new LoadingFrontier();
    // Steps, and every slice of them, run in idle periods only: steps in ordinary tasks made a
    // loading page reach DOMContentLoaded 12-18% later (docs/page.md).
    this.slicer.idle = true;
    this.loadingTimer = setInterval(() => {
      if (this.idleStep !== undefined) return;
      this.idleStep = requestIdleCallback((deadline) => {
        this.idleStep = undefined;
        this.slicer.beginIdle(deadline);
        this.throttle.immediately();
      });
    }, LOADING_STEP_MS);
  }

  /**
   * DOMContentLoaded after `startLoading`: observe the whole page from now on and scan what the
   * early runs left, in prioritized slices (a reader waits for it).
   */
  loaded(): void {
    this.stopLoadingSteps();
    this.frontier = null;
    this.observer.watch(this.deps.doc);
    this.full = true;
    this.completing = this.early !== null;
    // A loading step still running finishes now, in prioritized slices, not in idle periods.
    this.slicer.hurry();
    this.slicer.urgent = true;
    // The first slice runs in a `user-blocking` task of its own, which runs before the page's
    // queued tasks, not inside the DOMContentLoaded dispatch: the page's task there may be long
    // already (its last parse, its listeners, a first layout), and ours must not make it longer
    // (A/B on the 40 corpus pages: DCL → drawn the same). Without the scheduler API, an ordinary
    // task would wait behind everything the page queued, so the slice starts here as before.
    if (canPrioritize()) void nextPrioritySlice().then(() => this.throttle.immediately());
    else this.throttle.immediately();
  }

  private stopLoadingSteps(): void {
    clearInterval(this.loadingTimer);
    if (this.idleStep !== undefined) cancelIdleCallback(this.idleStep);
    this.idleStep = undefined;
  }

  /** Scan everything again; blocks scanned while the page loaded are not kept. */
  private restart(): void {
    this.full = true;
    this.completing = false;
    this.early?.clear();
  }

  /** Texts leave the page only once the site is known to be on. */
  private async ask(blocks: string[]): Promise<Responses['match']> {
    if (this.probe) await this.probe;
    if (this.enabled === false) return { enabled: false, version: -1, blocks: [], types: {} };
    trace(`send-${blocks.length}`);
    const answer = await this.deps.match(blocks);
    trace(`answer-${blocks.length}`);
    return answer;
  }

  /** Blocks the parser finished since the last run, not scanned yet (while the page loads). */
  private finishedBlocks(): Element[] {
    const early = this.early;
    return this.frontier && early ? this.frontier.take(this.deps.doc).filter((b) => !early.has(b)) : [];
  }

  /** Not known to be switched off (the flag changes across awaits, so it is read through a call). */
  private mayBeOn(): boolean {
    return this.enabled !== false;
  }

  /** The entity list changed: scan everything again (old highlights stay until the new ones are ready). */
  rescanAll(): void {
    this.client.reset();
    this.restart();
    this.generation++;
    this.throttle.now();
  }

  /**
   * Back from the back/forward cache (back-forward.ts): whether the site is on and the entity
   * list may both have changed meanwhile. Ask again, then scan everything again.
   */
  restored(): void {
    this.enabled = undefined;
    this.prepare();
    this.rescanAll();
  }

  /** An element already scanned just got an open shadow root: what it renders has changed. */
  shadowAttached(host: Element): void {
    this.observer.touch(host);
  }

  /** The reader switched this site on or off. */
  setEnabled(enabled: boolean): void {
    if (enabled) {
      this.enabled = true;
      this.rescanAll();
    } else {
      this.enabled = false;
      this.generation++;
      this.blank();
    }
  }

  /** Periodic cheap checks: our highlights still registered, design mode not switched on. */
  tick(): void {
    if (this.deps.doc.designMode === 'on') {
      this.inDesignMode = true;
      if (this.deps.painter.count > 0) this.blank();
    } else if (this.inDesignMode) {
      // Switched off again: what changed meanwhile was dropped, so everything is scanned again
      // (the answers of unchanged text are still remembered: no message for them).
      this.inDesignMode = false;
      if (this.mayBeOn()) {
        this.restart();
        this.throttle.now();
      }
    } else {
      this.deps.painter.check();
    }
  }

  stop(): void {
    clearTimeout(this.retryTimer);
    this.stopLoadingSteps();
    this.slicer.stop();
    this.throttle.stop();
    this.observer.stop();
    this.blank();
  }

  private blank(): void {
    this.model.clear();
    this.mentions = [];
    this.deps.painter.clear();
    this.deps.onDrawn();
  }

  private async run(): Promise<void> {
    try {
      await this.update();
      this.backoff = 0;
    } catch (error) {
      if (error instanceof Stopped) throw error;
      // Scan everything again once the background answers; the page keeps what is drawn.
      this.restart();
      this.backoff = Math.min(30_000, this.backoff === 0 ? 1000 : this.backoff * 2);
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => this.throttle.poke(), this.backoff);
      console.warn('Backstory: scan failed, retrying', error);
    }
  }

  private async update(): Promise<void> {
    const { doc, painter } = this.deps;
    this.slicer.fresh();
    for (;;) {
      const targets = this.observer.drain();
      // Changes are dropped: a switch-on, or design mode switched off (`tick`), rescans all.
      if (doc.designMode === 'on') this.inDesignMode = true;
      if (this.enabled === false || doc.designMode === 'on') return;
      const finished = this.finishedBlocks();
      if (!this.full && targets.length === 0 && finished.length === 0) return;
      const generation = this.generation;
      // (A finished block may hold an earlier one that changed since: one walk of the outer.)
      const containers = this.full ? [doc as Node] : containersOf([...targets, ...finished]);
      // At DOMContentLoaded, the blocks scanned while the page loaded are not walked again
      // (unless changed since): the walk goes around them and tells where each stands.
      const completing = this.completing;
      const keep = completing && this.early ? keptEarly(this.early, targets) : undefined;
      const skipped = new Map<Node, number>();
      this.slicer.urgent = this.full;
      this.full = false;
      if (containers.length === 0) continue;

      // Texts are sent while the walk goes on (each time it yields, and when a batch is full),
      // so the background matches the start of the page while the rest is walked.
      const session = this.client.session();
      const hooks: ScanHooks = {
        skip: keep,
        onSkip: (block, before) => skipped.set(block, before),
        onShadowRoot: (r) => this.observer.watch(r),
        onBlock: (b, text) => session.add(text, b.key),
        beforeYield: () => {
          if (generation !== this.generation || this.enabled === false) throw new Superseded();
          session.flush();
        },
      };
      const runs: Block[][] = [];
      try {
        for (const c of containers) runs.push(await scanBlocks(c, this.slicer, hooks));
      } catch (error) {
        if (!(error instanceof Superseded)) throw error;
        if (this.mayBeOn()) this.restart();
        continue;
      }
      trace('walked');
      const outcome = await session.finish(runs.flat().map((b) => b.key));
      trace('answered');
      this.slicer.fresh();
      if (generation !== this.generation) {
        if (this.mayBeOn()) this.restart();
        continue;
      }
      if (!outcome.enabled) {
        this.enabled = false;
        this.blank();
        return;
      }
      this.enabled = true;
      if (outcome.versionChanged) {
        this.restart();
        continue;
      }
      let k = 0;
      const scanned = runs.map((run) => run.map((block) => ({ block, raw: outcome.raws[k++] })));
      this.model.types = outcome.types;
      if (keep) this.model.complete(scanned[0] ?? [], skipped);
      else this.model.replace(containers, scanned);
      if (completing) {
        // The whole page is observed from now on.
        this.early = null;
        this.completing = false;
      }
      if (this.early) {
        for (const block of finished) {
          // Scanned while the page loads: a script's later change to it must be seen.
          this.early.add(block);
          this.observer.watch(block);
        }
      }
      // Answers of texts gone from the page are forgotten once they are about as many as the
      // page's own: not after every run, where a set of every block's key was a large part of a
      // churning page's garbage (docs/page.md, "Stalls on a churning page"). The cache stays
      // under about twice the page.
      if (this.client.remembered > 2 * this.model.size + 64) this.client.retain(this.model.keys());
      await this.slicer.checkpoint();
      this.mentions = this.deps.resolve(this.model.scanResult());
      trace('resolved');
      await painter.draw(this.mentions, this.model.records, () => this.slicer.checkpoint());
      trace('drawn');
      this.deps.onDrawn();
      await this.slicer.checkpoint();
    }
  }
}

/**
 * The early blocks (scanned while the page loaded) that no change touched since, and are still
 * in the page: what the scan at DOMContentLoaded keeps instead of walking again.
 */
function keptEarly(early: ReadonlySet<Node>, targets: readonly Node[]): Set<Node> {
  const kept = new Set<Node>();
  for (const b of early) if (b.isConnected) kept.add(b);
  for (const t of targets) for (let n: Node | null = t; n; n = flatParent(n)) kept.delete(n);
  return kept;
}

/**
 * The containers to rescan for these changed nodes: the innermost block element around each
 * (or the node itself), with those inside another one left out.
 */
export function containersOf(targets: readonly Node[]): Node[] {
  const set = new Set<Node>();
  for (const t of targets) {
    const p = placementOf(t);
    if (p.ignored) continue;
    if (p.container.nodeType === Node.DOCUMENT_NODE) return [p.container];
    set.add(p.container);
  }
  return [...set].filter((c) => {
    for (let n = flatParent(c); n; n = flatParent(n)) if (set.has(n)) return false;
    return true;
  });
}
