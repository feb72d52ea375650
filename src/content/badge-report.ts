/**
 * The toolbar badge's count: the top frame tells the background how many entities the page
 * mentions (`reportMentions`); the background sets the tab's badge (src/background/badge.ts).
 * Sent only when the count changes, and at most every REPORT_MS, so a live page that redraws
 * often costs one message now and then.
 *
 * Wiring (src/content/start.ts), in the top frame only:
 *   const badge = window === window.top ? new BadgeReporter((count) => send('reportMentions', { count })) : null;
 *   … in ScanController's `onDrawn`: badge?.update(scan.mentions);
 *   … on `siteToggled(false)`: badge?.update([]);   in `stop()`: badge?.stop();
 */
import type { Mention } from '../core/matcher/types';

const REPORT_MS = 500;

/** Distinct first-ranked entities among the mentions. Pure: unit-tested. */
export function distinctEntities(mentions: readonly Pick<Mention, 'ids'>[]): number {
  const ids = new Set<string>();
  for (const m of mentions) if (m.ids.length > 0) ids.add(m.ids[0]);
  return ids.size;
}

export class BadgeReporter {
  private reported: number | undefined;
  private pending: number | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastSent = 0;

  constructor(
    private readonly report: (count: number) => Promise<unknown>,
    private readonly now: () => number = () => Date.now(),
  ) {}

  update(mentions: readonly Pick<Mention, 'ids'>[]): void {
    this.pending = distinctEntities(mentions);
    if (this.pending === this.reported || this.timer !== undefined) return;
    const wait = Math.max(0, this.lastSent + REPORT_MS - this.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = undefined;
    const count = this.pending;
    if (count === undefined || count === this.reported) return;
    this.reported = count;
    this.lastSent = this.now();
    // The extension may be reloading: the next change reports again.
    this.report(count).catch(() => {
      this.reported = undefined;
    });
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
