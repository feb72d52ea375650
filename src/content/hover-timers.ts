/**
 * The delays of hover.ts: a rest on a mention asks for its card's data after PREFETCH_MS and
 * opens the card when the dwell ends, in the animation frame nearest that moment; leaving the
 * open card's mention closes it after GRACE_MS. Apart from the pointer's decisions (hover.ts)
 * because this is only about *when*: it holds the timers and the dwell's frame, and calls back
 * the ends it was given once, so a rest creates no more closures than its timers need.
 */
import type { Drawn } from './highlights';

export const PREFETCH_MS = 150;
export const DWELL_MS = 400;
export const GRACE_MS = 300;
/** At most this much of the wait for the hit test is counted as rest already taken. */
const MAX_HIT_DELAY_MS = 100;
/**
 * The card is committed in an animation frame, not at a timer: frames are followed from this
 * long before the dwell ends (two frames at 60 Hz, enough to measure the display's interval).
 */
const FRAME_LEAD_MS = 40;
/** Assumed frame interval until two frames have been seen. */
const FRAME_MS = 1000 / 60;

type Timer = ReturnType<typeof setTimeout> | undefined;

/** What the timers call when they end. */
export interface HoverTimerEnds {
  /** A rest reached PREFETCH_MS (or half the dwell): ask for these ids' data. */
  prefetch(ids: readonly string[]): void;
  /** A rest on `drawn` reached the end of the dwell: open its card. */
  dwell(drawn: Drawn): void;
  /** The grace delay after the pointer left the open card's mention ended: close the card. */
  grace(): void;
}

export class HoverTimers {
  private dwell: Timer;
  /** The animation frame the dwell waits for (see `atDwellFrame`). */
  private dwellFrame = 0;
  private prefetch: Timer;
  private grace: Timer;

  constructor(private readonly ends: HoverTimerEnds) {}

  /**
   * Count a rest on `drawn`, `dwellMs` long, that began with the pointer move at `movedAt`
   * (`performance.now()` clock).
   */
  rest(drawn: Drawn, movedAt: number, dwellMs: number): void {
    const ids = drawn.mention.ids;
    // Both delays count from the pointer move that reached the mention, not from the frame
    // that hit-tested it (up to a frame later); the card's data is fetched meanwhile, so
    // showing it waits for no message, and it is painted in the frame nearest the dwell's end.
    const now = performance.now();
    const since = Math.min(MAX_HIT_DELAY_MS, Math.max(0, now - movedAt));
    const dwellEnd = now + Math.max(0, dwellMs - since);
    this.prefetch = setTimeout(() => this.ends.prefetch(ids), Math.max(0, Math.min(PREFETCH_MS, dwellMs / 2) - since));
    this.dwell = setTimeout(() => this.atDwellFrame(dwellEnd, drawn), Math.max(0, dwellEnd - now - FRAME_LEAD_MS));
  }

  /** Start the grace delay, unless it is already counted. */
  startGrace(): void {
    if (this.grace === undefined) this.grace = setTimeout(() => this.ends.grace(), GRACE_MS);
  }

  /**
   * Opens `drawn`'s card in the animation frame that starts nearest to `dwellEnd` (at most half
   * a frame before or after it), so the card is painted when the dwell ends. Opened from a timer
   * at the dwell's end, it waited for the next frame (up to a whole frame interval, plus its
   * build) before it was painted; its data was fetched during the rest, so building it in the
   * frame's callback delays nothing else. Frames are followed from FRAME_LEAD_MS before, which
   * also measures the display's interval (8 ms at 120 Hz). A timer after the dwell opens the
   * card if no frame comes (a document that produces none).
   */
  private atDwellFrame(dwellEnd: number, drawn: Drawn): void {
    let last = -1;
    const onFrame = (ts: number): void => {
      const interval = last >= 0 && ts - last > 2 && ts - last < 50 ? ts - last : FRAME_MS;
      last = ts;
      if (ts + interval / 2 < dwellEnd) {
        this.dwellFrame = requestAnimationFrame(onFrame);
        return;
      }
      this.clear('dwell');
      this.ends.dwell(drawn);
    };
    this.dwellFrame = requestAnimationFrame(onFrame);
    this.dwell = setTimeout(() => {
      this.clear('dwell');
      this.ends.dwell(drawn);
    }, Math.max(0, dwellEnd - performance.now()) + 3 * FRAME_MS);
  }

  clear(which: 'dwell' | 'prefetch' | 'grace'): void {
    const t = this[which];
    if (t !== undefined) clearTimeout(t);
    this[which] = undefined;
    if (which === 'dwell' && this.dwellFrame !== 0) {
      cancelAnimationFrame(this.dwellFrame);
      this.dwellFrame = 0;
    }
  }
}
