/**
 * The bench's attribution of long tasks (scripts/bench/long-tasks.ts): a task's extension time is
 * the larger of the profiler's samples with our frames and the trace's own script events of ours.
 */
import { describe, expect, it } from 'vitest';
import { attributeTasks, takenOver, type Recording } from '../../../scripts/bench/long-tasks';

const URL = 'http://127.0.0.1/page.html';
const OURS = 'chrome-extension://abc/content.js';
const main = { pid: 1, tid: 2 };
const task = (ts: number, dur: number) => ({ name: 'RunTask', ph: 'X', ts, dur, ...main });
const call = (ts: number, dur: number, url: string) => ({ name: 'FunctionCall', ph: 'X', ts, dur, ...main, args: { data: { url } } });

function recording(samplesAt: number[]): Recording {
  // Profile: node 1 is the root, node 2 a function of ours; one sample every 200 µs.
  const timeDeltas = samplesAt.map((t, i) => (i === 0 ? t : t - samplesAt[i - 1]));
  return {
    events: [
      { name: 'thread_name', ph: 'M', ts: 0, ...main, args: { name: 'CrRendererMain' } },
      { name: 'ParseHTML', ph: 'X', ts: 0, dur: 10, ...main, args: { beginData: { url: URL } } },
      task(0, 60_000), // 60 ms: our call fills 30 ms of it, unsampled (compilation)
      call(1_000, 30_000, OURS),
      task(100_000, 55_000), // 55 ms: the page's own call, and 1.8 ms of our samples
      call(100_000, 50_000, 'http://127.0.0.1/app.js'),
    ],
    profile: {
      nodes: [{ id: 1, callFrame: { url: '' }, children: [2] }, { id: 2, callFrame: { url: OURS } }],
      startTime: 0,
      samples: samplesAt.map(() => 2),
      timeDeltas,
    },
  };
}

describe('attributeTasks', () => {
  it('counts our trace events at full length where the samples miss them, and the samples where they are more', () => {
    // 10 samples of ours in the second task: 1.8 ms (the last stands for no time: no sample follows).
    const samples = Array.from({ length: 10 }, (_, i) => 140_000 + i * 200);
    const report = attributeTasks(recording(samples), URL)!;
    expect(report.long.map((t) => [t.ms, Math.round(t.extensionMs * 10) / 10])).toEqual([[60, 30], [55, 1.8]]);
    expect(report.maxExtensionMs).toBe(30);
    expect(takenOver(report.long).map((t) => t.ms)).toEqual([60]);
  });
});
