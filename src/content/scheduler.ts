/**
 * Time slicing: work runs in slices of a few milliseconds, then yields to the page (an idle
 * callback with a timeout, so a busy page still lets us progress), so no task we cause comes near
 * the 50 ms long-task mark (CONTRACT §3 rule 9).
 */

/** Milliseconds of work per slice. */
export const SLICE_MS = 8;

export class Stopped extends Error {
  constructor() {
    super('stopped');
  }
}

type IdleWindow = typeof globalThis & {
  requestIdleCallback?: (cb: () => void, opts?: { timeout: number }) => number;
};

/** Resolves at the next idle moment (at most `timeout` ms later), or after a macrotask. */
export function nextSlice(timeout = 100): Promise<void> {
  const w = globalThis as IdleWindow;
  return new Promise((resolve) => {
    if (typeof w.requestIdleCallback === 'function') w.requestIdleCallback(() => resolve(), { timeout });
    else setTimeout(resolve, 0);
  });
}

export class Slicer {
  private sliceStart = performance.now();
  private stopped = false;

  constructor(private readonly budget = SLICE_MS) {}

  /** True when this slice has used its budget: call `yield()`. */
  due(): boolean {
    return performance.now() - this.sliceStart > this.budget;
  }

  /** Give the main thread back; throws `Stopped` once `stop()` was called. */
  async yield(): Promise<void> {
    await nextSlice();
    if (this.stopped) throw new Stopped();
    this.sliceStart = performance.now();
  }

  /** Yield only if the slice is used up. */
  async checkpoint(): Promise<void> {
    if (this.due()) await this.yield();
    else if (this.stopped) throw new Stopped();
  }

  /** Start a fresh slice (after an await that already gave the thread back). */
  fresh(): void {
    if (this.stopped) throw new Stopped();
    this.sliceStart = performance.now();
  }

  stop(): void {
    this.stopped = true;
  }
}

/**
 * Runs `task` at most once per `delay` ms when poked, never while a run is in progress (a poke
 * during a run schedules one more run after it). The task itself decides what is pending.
 */
export class Throttle {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private again = false;
  private stopped = false;

  constructor(private readonly task: () => Promise<void>, private readonly delay: number) {}

  poke(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer === undefined) this.timer = setTimeout(() => void this.run(), this.delay);
  }

  private async run(): Promise<void> {
    this.timer = undefined;
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
        this.poke();
      }
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
  }
}
