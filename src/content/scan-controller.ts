/**
 * Keeps the highlights equal to the page's current text (CONTRACT §3 rule 9): the first scan,
 * rescans of the containers that mutations touched, full rescans when the entity list changes,
 * and switching the site on and off. One run at a time, time-sliced throughout; after each run
 * the page-order rules are resolved over the whole page and the highlights diffed.
 *
 * Scanning while the page loads is in loading-scan.ts, whether the site is on (and the gate texts
 * pass) in site-gate.ts, the containers a rescan walks in rescan-containers.ts.
 */
import type { Mention, ScanResult } from '../core/matcher/types';
import type { Block } from './blocks';
import type { HighlightPainter } from './highlights';
import { LoadingScan } from './loading-scan';
import { MatchClient, type MatchFn } from './matching';
import { PageObserver } from './observer';
import { PageModel } from './page-model';
import { containersOf } from './rescan-containers';
import { scanBlocks, type ScanHooks } from './scanner';
import { Slicer, Stopped, Throttle } from './scheduler';
import { SiteGate } from './site-gate';
import { trace } from './trace';

export { containersOf } from './rescan-containers';

/** Delay between a change and its rescan: bursts of mutations coalesce, text shows well within a second. */
const RESCAN_DELAY_MS = 120;

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
  /** Scanning while the page is parsed (`startLoading` until `loaded`, and the run after). */
  private readonly loading: LoadingScan;
  /** Whether the site is on; texts are sent through it. */
  private readonly site: SiteGate;
  mentions: Mention[] = [];
  private full = true;
  private generation = 0;
  /** The document was seen in design mode (nothing drawn, changes dropped) and not since out of it. */
  private inDesignMode = false;
  /** Wait before retrying after a failed message (the background was restarting, say). */
  private backoff = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: ScanDeps) {
    this.site = new SiteGate(deps.match, (answer) => this.client.learn([], answer));
    this.client = new MatchClient((blocks) => this.site.ask(blocks));
    this.throttle = new Throttle(() => this.run(), RESCAN_DELAY_MS);
    this.observer = new PageObserver(() => {
      this.throttle.poke();
      this.deps.onPageChanged?.();
    });
    this.loading = new LoadingScan(deps.doc, this.slicer, this.observer, () => this.throttle.immediately());
  }

  /** Ask whether the site is on (site-gate.ts). Called as early as possible, before `start`. */
  prepare(): void {
    this.site.prepare();
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
    this.loading.start();
  }

  /**
   * DOMContentLoaded after `startLoading`: observe the whole page from now on and scan what the
   * early runs left, in prioritized slices (a reader waits for it).
   */
  loaded(): void {
    this.observer.watch(this.deps.doc);
    this.full = true;
    this.loading.end();
  }

  /** Scan everything again; blocks scanned while the page loaded are not kept. */
  private restart(): void {
    this.full = true;
    this.loading.restart();
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
    this.site.enabled = undefined;
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
      this.site.enabled = true;
      this.rescanAll();
    } else {
      this.site.enabled = false;
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
      if (this.site.mayBeOn()) {
        this.restart();
        this.throttle.now();
      }
    } else {
      this.deps.painter.check();
    }
  }

  stop(): void {
    clearTimeout(this.retryTimer);
    this.loading.stopSteps();
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
      if (this.site.enabled === false || doc.designMode === 'on') return;
      const finished = this.loading.finished();
      if (!this.full && targets.length === 0 && finished.length === 0) return;
      const generation = this.generation;
      // (A finished block may hold an earlier one that changed since: one walk of the outer.)
      const containers = this.full ? [doc as Node] : containersOf([...targets, ...finished]);
      // At DOMContentLoaded, the blocks scanned while the page loaded are not walked again
      // (unless changed since): the walk goes around them and tells where each stands.
      const completing = this.loading.completing;
      const keep = this.loading.kept(targets);
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
          if (generation !== this.generation || this.site.enabled === false) throw new Superseded();
          session.flush();
        },
      };
      const runs: Block[][] = [];
      try {
        for (const c of containers) runs.push(await scanBlocks(c, this.slicer, hooks));
      } catch (error) {
        if (!(error instanceof Superseded)) throw error;
        if (this.site.mayBeOn()) this.restart();
        continue;
      }
      trace('walked');
      const outcome = await session.finish(runs.flat().map((b) => b.key));
      trace('answered');
      this.slicer.fresh();
      if (generation !== this.generation) {
        if (this.site.mayBeOn()) this.restart();
        continue;
      }
      if (!outcome.enabled) {
        this.site.enabled = false;
        this.blank();
        return;
      }
      this.site.enabled = true;
      if (outcome.versionChanged) {
        this.restart();
        continue;
      }
      let k = 0;
      const scanned = runs.map((run) => run.map((block) => ({ block, raw: outcome.raws[k++] })));
      this.model.types = outcome.types;
      if (keep) this.model.complete(scanned[0] ?? [], skipped);
      else this.model.replace(containers, scanned);
      this.loading.scanned(completing, finished);
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
