/**
 * Scanning while the page is still parsed (docs/page.md, "Scanning while the page loads"), for
 * scan-controller.ts: steps in idle periods that scan the blocks the parser finished
 * (frontier.ts), the set of those early blocks, each observed on its own, and the hand-over at
 * DOMContentLoaded, whose run keeps them instead of walking them again. Apart from the run
 * itself because all of it exists only from `start` to the first run after `end`; the run asks
 * it which blocks were finished and which it may keep, and tells it what it scanned.
 */
import { flatParent } from './flat-tree';
import { LoadingFrontier } from './frontier';
import type { PageObserver } from './observer';
import { canPrioritize, nextPrioritySlice, type Slicer } from './scheduler';

/** While the page is parsed: how often the blocks the parser finished are scanned. */
const LOADING_STEP_MS = 100;

export class LoadingScan {
  /**
   * While the page is parsed (`start` until `end`): the finished blocks scanned so far, each
   * observed on its own. Null otherwise.
   */
  private early: Set<Node> | null = null;
  private frontier: LoadingFrontier | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private idleStep: number | undefined;
  /** The run at DOMContentLoaded: everything outside `early` (the early blocks are kept). */
  completing = false;

  constructor(
    private readonly doc: Document,
    private readonly slicer: Slicer,
    private readonly observer: PageObserver,
    /** Start a run now (the scan controller's throttle). */
    private readonly startRun: () => void,
  ) {}

  /** The page is still being parsed: scan the blocks the parser has finished as it goes. */
  start(): void {
    this.early = new Set();
    this.frontier = new LoadingFrontier();
    // Steps, and every slice of them, run in idle periods only: steps in ordinary tasks made a
    // loading page reach DOMContentLoaded 12-18% later (docs/page.md).
    this.slicer.idle = true;
    this.timer = setInterval(() => {
      if (this.idleStep !== undefined) return;
      this.idleStep = requestIdleCallback((deadline) => {
        this.idleStep = undefined;
        this.slicer.beginIdle(deadline);
        this.startRun();
      });
    }, LOADING_STEP_MS);
  }

  /**
   * DOMContentLoaded: no more steps; the next run (started here) scans what the early runs left,
   * in prioritized slices (a reader waits for it).
   */
  end(): void {
    this.stopSteps();
    this.frontier = null;
    this.completing = this.early !== null;
    // A loading step still running finishes now, in prioritized slices, not in idle periods.
    this.slicer.hurry();
    this.slicer.urgent = true;
    // The first slice runs in a `user-blocking` task of its own, which runs before the page's
    // queued tasks, not inside the DOMContentLoaded dispatch: the page's task there may be long
    // already (its last parse, its listeners, a first layout), and ours must not make it longer
    // (A/B on the 40 corpus pages: DCL → drawn the same). Without the scheduler API, an ordinary
    // task would wait behind everything the page queued, so the slice starts here as before.
    if (canPrioritize()) void nextPrioritySlice().then(() => this.startRun());
    else this.startRun();
  }

  stopSteps(): void {
    clearInterval(this.timer);
    if (this.idleStep !== undefined) cancelIdleCallback(this.idleStep);
    this.idleStep = undefined;
  }

  /** Everything is scanned again: blocks scanned while the page loaded are not kept. */
  restart(): void {
    this.completing = false;
    this.early?.clear();
  }

  /** Blocks the parser finished since the last run, not scanned yet (while the page loads). */
  finished(): Element[] {
    const early = this.early;
    return this.frontier && early ? this.frontier.take(this.doc).filter((b) => !early.has(b)) : [];
  }

  /**
   * In the run at DOMContentLoaded, the early blocks no change touched since (`targets`, the
   * changed nodes) and still in the page: what that run keeps instead of walking again.
   */
  kept(targets: readonly Node[]): Set<Node> | undefined {
    return this.completing && this.early ? keptEarly(this.early, targets) : undefined;
  }

  /**
   * A run drew its answers: `finished` (from `finished()`) was scanned in it, and it was the run
   * at DOMContentLoaded if `completing` (as it was when the run began).
   */
  scanned(completing: boolean, finished: readonly Element[]): void {
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
