/**
 * Time slicing: work runs in slices of a few milliseconds, then yields to the page through a
 * fresh task, so no task we cause comes near the 50 ms long-task mark (CONTRACT §3 rule 9).
 *
 * Why a task and not `requestIdleCallback`: while a page loads (and on busy pages) the main thread
 * is rarely idle, so idle callbacks waited for their timeout (100 ms) slice after slice; the first
 * highlights came hundreds of milliseconds after `DOMContentLoaded` (docs/page.md, Benchmarks).
 * A task posted to a MessageChannel runs after whatever the page already queued (input, its own
 * timers, rendering gets its turn between tasks) but is not clamped like nested `setTimeout(0)`
 * (4 ms after five levels, HTML spec "timer initialization steps").
 *
 * Where the browser has the Prioritized Task Scheduling API (`scheduler.postTask`), a slice may
 * instead resume in a `user-blocking` task, which runs before the page's queued tasks (its
 * timers, network callbacks): on a loading page those waits were most of DCL → drawn
 * (docs/page.md, "Where the time goes"). Such slices are chained for at most PRIORITY_STREAK_MS;
 * then one ordinary yield lets every task the page queued run, so what we add to any stall of
 * the page stays about that long.
 */
import { trace } from './trace';

/** Milliseconds of work per slice. */
export const SLICE_MS = 8;
/** Longest run of our own slices (with the yields between them prioritized) before the page gets a turn. */
export const PRIORITY_STREAK_MS = 24;

export class Stopped extends Error {
  constructor() {
    super('stopped');
  }
}

interface PriorityScheduler {
  postTask(callback: () => void, options?: { priority?: 'user-blocking' | 'user-visible' | 'background' }): Promise<unknown>;
}

/** The page's `scheduler` (Chromium 94+; detected elsewhere), if it can post prioritized tasks. */
function priorityScheduler(): PriorityScheduler | null {
  const candidate = (globalThis as { scheduler?: Partial<PriorityScheduler> }).scheduler;
  return candidate && typeof candidate.postTask === 'function' ? (candidate as PriorityScheduler) : null;
}

/** Can we post `user-blocking` tasks (run before the page's queued tasks)? */
export function canPrioritize(): boolean {
  return priorityScheduler() !== null;
}

/** Resolves in a new `user-blocking` task (before the page's queued tasks) where the browser can; else as `nextSlice`. */
export function nextPrioritySlice(): Promise<void> {
  const scheduler = priorityScheduler();
  if (!scheduler) return nextSlice();
  return new Promise((resolve) => {
    try {
      scheduler.postTask(resolve, { priority: 'user-blocking' }).catch(() => resolve());
    } catch {
      // A scheduler that refuses a content script's callback: yield the ordinary way.
      void nextSlice().then(resolve);
    }
  });
}

let channel: MessageChannel | null = null;
const waiting: (() => void)[] = [];

/** Resolves in a new task (after the tasks already queued). */
export function nextSlice(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof MessageChannel !== 'function') {
      setTimeout(resolve, 0);
      return;
    }
    if (!channel) {
      channel = new MessageChannel();
      channel.port1.onmessage = () => waiting.shift()?.();
    }
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}

export class Slicer {
  private sliceStart = performance.now();
  /** When the page last had a turn (an ordinary yield resumed, or a fresh start after an await). */
  private streakStart = this.sliceStart;
  /**
   * Whether yields may resume in prioritized streaks: true while a reader waits (the first scan,
   * a changed entity list, a switch-on); false for a rescan of what the page itself changed,
   * which always yields behind the page's tasks (the page is busy with its DOM, and its next frame
   * matters more than ours; text added must only be highlighted within a second).
   */
  urgent = true;
  /**
   * While the page is still being parsed: slices run only in the browser's idle periods (as long
   * as each allows), so the parser never waits for us (docs/page.md, "Scanning while the page
   * loads"). `hurry()` ends it.
   */
  idle = false;
  private deadline: IdleDeadline | null = null;
  private idleWait: { handle: number; resolve: () => void } | null = null;
  private stopped = false;

  constructor(private readonly budget = SLICE_MS, private readonly streak = PRIORITY_STREAK_MS) {}

  /** True when this slice has used its budget: call `yield()`. */
  due(): boolean {
    if (this.deadline && this.deadline.timeRemaining() < 1) return true;
    return performance.now() - this.sliceStart > this.budget;
  }

  /** Start a slice in an idle callback: it ends with the idle period (or the budget). */
  beginIdle(deadline: IdleDeadline): void {
    this.fresh();
    this.deadline = deadline;
  }

  /** Leave idle mode: a slice waiting for an idle period goes on now. */
  hurry(): void {
    this.idle = false;
    this.deadline = null;
    const wait = this.idleWait;
    this.idleWait = null;
    if (wait) {
      cancelIdleCallback(wait.handle);
      wait.resolve();
    }
  }

  /** Give the main thread back; throws `Stopped` once `stop()` was called. */
  async yield(): Promise<void> {
    if (this.idle && typeof requestIdleCallback === 'function') {
      trace('yield-idle');
      await new Promise<void>((resolve) => {
        const handle = requestIdleCallback((deadline) => {
          this.idleWait = null;
          this.deadline = deadline;
          resolve();
        });
        this.idleWait = { handle, resolve };
      });
      trace('resume');
      if (this.stopped) throw new Stopped();
      this.sliceStart = performance.now();
      this.streakStart = this.sliceStart;
      return;
    }
    this.deadline = null;
    const prioritized = this.urgent && performance.now() - this.streakStart < this.streak;
    trace(prioritized ? 'yield-priority' : 'yield');
    await (prioritized ? nextPrioritySlice() : nextSlice());
    trace('resume');
    if (this.stopped) throw new Stopped();
    this.sliceStart = performance.now();
    if (!prioritized) this.streakStart = this.sliceStart;
  }

  /** Yield only if the slice is used up. */
  async checkpoint(): Promise<void> {
    if (this.due()) await this.yield();
    else if (this.stopped) throw new Stopped();
  }

  /** Throws `Stopped` once `stop()` was called. */
  check(): void {
    if (this.stopped) throw new Stopped();
  }

  /** Start a fresh slice (after an await that already gave the thread back). */
  fresh(): void {
    if (this.stopped) throw new Stopped();
    this.sliceStart = performance.now();
    this.streakStart = this.sliceStart;
  }

  stop(): void {
    this.stopped = true;
    this.hurry(); // a slice waiting for an idle period ends (with Stopped)
  }
}

/**
 * Runs `task` at most once per `delay` ms when poked, never while a run is in progress (a poke
 * during a run schedules one more run after it). `now()` runs it in the next task instead (the
 * first scan, an entity-list change, a site switched on: nothing to coalesce, the reader waits).
 * The task itself decides what is pending.
 */
export class Throttle {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private again = false;
  private urgent = false;
  private stopped = false;

  constructor(private readonly task: () => Promise<void>, private readonly delay: number) {}

  poke(): void {
    this.schedule(this.delay);
  }

  now(): void {
    this.urgent = true;
    this.schedule(0);
  }

  /** Run now, in this task (unless a run is in progress: then right after it). */
  immediately(): void {
    if (this.stopped) return;
    if (this.running) {
      this.now();
      return;
    }
    if (this.timer !== undefined) clearTimeout(this.timer);
    void this.run();
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer !== undefined) {
      if (delay > 0) return;
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => void this.run(), delay);
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    this.urgent = false;
    if (this.stopped) return;
    this.running = true;
    try {
      await this.task();
    } catch (error) {
      if (!(error instanceof Stopped)) console.error('Backstory:', error);
    } finally {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.schedule(this.urgent ? 0 : this.delay);
      }
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
  }
}
