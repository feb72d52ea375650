import { describe, expect, it, vi } from 'vitest';
import { nextSlice, Slicer, Stopped, Throttle } from '../../../src/content/scheduler';

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A `scheduler.postTask` that records each task's priority (remove it with `delete g.scheduler`). */
function fakeScheduler(): { priorities: (string | undefined)[]; g: { scheduler?: unknown } } {
  const priorities: (string | undefined)[] = [];
  const g = globalThis as { scheduler?: unknown };
  g.scheduler = {
    postTask: (callback: () => void, options?: { priority?: string }) => {
      priorities.push(options?.priority);
      return Promise.resolve().then(callback);
    },
  };
  return { priorities, g };
}

describe('slices', () => {
  it('yield in a new task, in order, without waiting for idle time', async () => {
    // An idle callback that never comes (a busy page's main thread is rarely idle): slices must
    // not depend on it. Checked by what is called, not by a wall clock a loaded machine stretches.
    const g = globalThis as { requestIdleCallback?: unknown };
    const idle = vi.fn();
    g.requestIdleCallback = idle;
    try {
      const order: string[] = [];
      const a = nextSlice().then(() => order.push('a'));
      const b = nextSlice().then(() => order.push('b'));
      void Promise.resolve().then(() => order.push('microtask'));
      await Promise.all([a, b]);
      expect(order).toEqual(['microtask', 'a', 'b']);
      expect(idle).not.toHaveBeenCalled();
    } finally {
      delete g.requestIdleCallback;
    }
  });

  it('resume in user-blocking tasks where scheduler.postTask exists, for one streak, then once behind the page', async () => {
    const { priorities, g } = fakeScheduler();
    // The clock is the test's, so a loaded machine cannot end the streak early.
    let now = 1000;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now);
    try {
      const slicer = new Slicer(0, 20);
      slicer.fresh();
      await slicer.yield();
      now += 5;
      await slicer.yield();
      expect(priorities).toEqual(['user-blocking', 'user-blocking']);
      now += 25; // the streak is used: this yield goes behind the page's tasks
      await slicer.yield();
      expect(priorities).toHaveLength(2);
      await slicer.yield(); // a new streak
      expect(priorities).toEqual(['user-blocking', 'user-blocking', 'user-blocking']);
    } finally {
      clock.mockRestore();
      delete g.scheduler;
    }
  });

  it('a run that is not urgent (a rescan of what the page changed) never jumps ahead of the page', async () => {
    const { priorities, g } = fakeScheduler();
    try {
      const slicer = new Slicer(0, 1_000_000);
      slicer.fresh();
      slicer.urgent = false;
      await slicer.yield();
      await slicer.yield();
      expect(priorities).toEqual([]);
      slicer.urgent = true;
      await slicer.yield();
      expect(priorities).toEqual(['user-blocking']);
    } finally {
      delete g.scheduler;
    }
  });

  it('a stopped slicer throws at its next check or yield', async () => {
    const slicer = new Slicer(8);
    slicer.check();
    slicer.stop();
    expect(() => slicer.check()).toThrow(Stopped);
    await expect(slicer.yield()).rejects.toBeInstanceOf(Stopped);
  });
});

describe('throttle', () => {
  it('coalesces pokes into one delayed run', async () => {
    let runs = 0;
    const throttle = new Throttle(async () => {
      runs++;
    }, 30);
    throttle.poke();
    throttle.poke();
    await tick(10);
    expect(runs).toBe(0);
    await tick(60);
    expect(runs).toBe(1);
    throttle.stop();
  });

  it('now() overtakes a pending delayed run, and runs again after a run in progress', async () => {
    let runs = 0;
    let release: () => void = () => undefined;
    const throttle = new Throttle(async () => {
      runs++;
      if (runs === 1) await new Promise<void>((resolve) => (release = resolve));
    }, 10_000);
    throttle.poke();
    throttle.now();
    await tick(5);
    expect(runs).toBe(1); // not 10 s later
    throttle.now(); // during the run: once more right after it
    release();
    await tick(5);
    expect(runs).toBe(2);
    throttle.stop();
  });

  it('immediately() runs in the calling task', () => {
    let runs = 0;
    const throttle = new Throttle(async () => {
      runs++;
    }, 10_000);
    throttle.poke();
    throttle.immediately();
    expect(runs).toBe(1);
    throttle.stop();
  });
});
