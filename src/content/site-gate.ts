/**
 * Whether the reader has this site on, for scan-controller.ts, and the gate every text of the
 * page passes on its way to the background: none leaves before the first answer says the site is
 * on, none while it is off. Apart from the run because the run only reads it (at every step, and
 * across awaits); what it holds is decided by the background's answers and the reader's switch.
 */
import type { Responses } from '../shared/protocol';
import type { MatchFn } from './matching';
import { trace } from './trace';

export class SiteGate {
  /** Unknown until the background first answers. */
  enabled: boolean | undefined;
  /** The first question (is this site on?), in flight: texts are sent only once it is answered. */
  private probe: Promise<void> | null = null;

  constructor(
    private readonly match: MatchFn,
    /** The first answer (its entity-list version and types are worth keeping). */
    private readonly learn: (answer: Responses['match']) => void,
  ) {}

  /**
   * Ask whether the site is on (this also wakes a stopped background, which then loads its
   * matcher while the page is walked), unless known or being asked.
   */
  prepare(): void {
    if (this.probe || this.enabled !== undefined) return;
    trace('probe-sent');
    const probe = this.match([]).then(
      (answer) => {
        trace('probe-answer');
        this.learn(answer);
        this.enabled = answer.enabled;
      },
      () => undefined, // the scan's own messages will fail and retry
    );
    this.probe = probe.finally(() => {
      this.probe = null;
    });
  }

  /** Texts leave the page only once the site is known to be on. */
  async ask(blocks: string[]): Promise<Responses['match']> {
    if (this.probe) await this.probe;
    if (this.enabled === false) return { enabled: false, version: -1, blocks: [], types: {} };
    trace(`send-${blocks.length}`);
    const answer = await this.match(blocks);
    trace(`answer-${blocks.length}`);
    return answer;
  }

  /** Not known to be switched off (the flag changes across awaits, so it is read through a call). */
  mayBeOn(): boolean {
    return this.enabled !== false;
  }
}
