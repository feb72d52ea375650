// @vitest-environment happy-dom
/**
 * `startWhenText` (src/content/wake.ts) in a top page: the instance's code is evaluated in a task
 * of its own and started in a later one, never inside the task that injected the script.
 */
import { describe, expect, it } from 'vitest';
import { startWhenText } from '../../../src/content/wake';

const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('startWhenText', () => {
  it('evaluates in one task and starts in the next', async () => {
    const log: string[] = [];
    startWhenText(() => {
      log.push('evaluated');
      queueMicrotask(() => log.push('microtask after the evaluation'));
      return { start: () => log.push('started') };
    });
    log.push('injection done');
    expect(log).toEqual(['injection done']);
    await nextTask();
    expect(log).toEqual(['injection done', 'evaluated', 'microtask after the evaluation']);
    await nextTask();
    expect(log).toEqual(['injection done', 'evaluated', 'microtask after the evaluation', 'started']);
  });
});
