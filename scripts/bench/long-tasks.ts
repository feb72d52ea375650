/**
 * Which of a page's long main-thread tasks the extension caused (issue 4: "main-thread stalls the
 * extension adds: none over 50 ms"), read task by task from a Chrome trace. The page's own Long
 * Tasks observer never sees a content script's tasks (../shared/notes/browser-testing.md), and a
 * heartbeat only says that the main thread was busy, not with whose work; the trace says both.
 *
 * Task boundaries come from the trace (`RunTask` on the renderer main thread that parsed the
 * page); whose script ran comes from the sampling profiler of the page's isolate, recorded at the
 * same time on the same clock: a sample with a `chrome-extension://` frame on its stack is the
 * extension's (its injection, its timers and message replies, its observer callbacks, and any
 * browser work those calls did synchronously). The trace's own `FunctionCall` events miss most
 * of it (a promise continuation after a message reply has no script URL). For every task over
 * 50 ms, the extension's time in it; a task *added* by the extension is one that would have stayed
 * at or under 50 ms without that time. The sampler misses V8's compilation (a task entirely ours,
 * the first run of the instance's code, was sampled at 12-20 ms of its 25-48), so the trace's own
 * script events with a `chrome-extension://` URL (`FunctionCall`, `EvaluateScript`, exact
 * durations) count too: a task's extension time is the larger of the two. Blink's later work for
 * our highlights (the style, layout and paint of a frame after a DOM change) is not script and is
 * not attributed here.
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';

export const LONG_TASK_MS = 50;

interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; beginData?: { url?: string }; data?: { url?: string } };
}

export interface LongTask {
  /** Start, ms from the trace's first event on that thread. */
  atMs: number;
  ms: number;
  /** Time the extension's script ran inside it. */
  extensionMs: number;
}

/** The tasks our script took over LONG_TASK_MS: at or under it without our time, over it with. */
export function takenOver(tasks: LongTask[]): LongTask[] {
  return tasks.filter((t) => t.extensionMs > 0 && t.ms - t.extensionMs <= LONG_TASK_MS);
}

export interface TaskReport {
  /** Tasks over 50 ms on the page's main thread. */
  long: LongTask[];
  /** The longest time the extension's script ran within one task (long or not). */
  maxExtensionMs: number;
  /** Total extension script time on the page's main thread. */
  extensionMs: number;
}

const CATEGORIES = ['devtools.timeline', 'toplevel'].join(',');
const SAMPLING_US = 200;

interface ProfileNode { id: number; callFrame: { url: string }; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] }

export interface Recording {
  events: TraceEvent[];
  profile: CpuProfile;
}

/**
 * Starts a trace (task boundaries) and the sampling profiler of the page's isolate (whose stacks
 * say whose script ran: the content script's frames have `chrome-extension://` URLs, whatever
 * called them: a timer, a message reply, a mutation observer). Both use the same monotonic
 * clock in microseconds.
 */
export async function startRecording(context: BrowserContext, page: Page): Promise<CDPSession> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_US });
  await cdp.send('Profiler.start');
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReturnAsStream' });
  return cdp;
}

export async function stopRecording(cdp: CDPSession): Promise<Recording> {
  const { profile } = await cdp.send('Profiler.stop');
  const stream = new Promise<string>((resolve) => {
    cdp.once('Tracing.tracingComplete', (e: { stream?: string }) => resolve(e.stream ?? ''));
  });
  await cdp.send('Tracing.end');
  const handle = await stream;
  const chunks: string[] = [];
  for (;;) {
    const r = await cdp.send('IO.read', { handle });
    chunks.push(r.base64Encoded ? Buffer.from(r.data, 'base64').toString('utf8') : r.data);
    if (r.eof) break;
  }
  await cdp.send('IO.close', { handle });
  await cdp.detach().catch(() => undefined);
  const parsed = JSON.parse(chunks.join('')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  return { events: Array.isArray(parsed) ? parsed : parsed.traceEvents ?? [], profile: profile as CpuProfile };
}

const isTask = (e: TraceEvent): boolean =>
  e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');

/** A script entry of the extension's in the trace: a call into it or the evaluation of a script. */
const isOurEntry = (e: TraceEvent): boolean =>
  e.ph === 'X' && (e.name === 'FunctionCall' || e.name === 'EvaluateScript') && (e.args?.data?.url ?? '').startsWith('chrome-extension://');

/** The renderer main thread that parsed `url` (the page's own document). */
function pageThread(events: TraceEvent[], url: string): { pid: number; tid: number } | null {
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const parse = events.find((e) => e.name === 'ParseHTML' && e.args?.beginData?.url === url && mains.has(`${e.pid}:${e.tid}`));
  return parse ? { pid: parse.pid, tid: parse.tid } : null;
}

/** [time, duration] in trace microseconds of every profile sample with extension script on its stack. */
function extensionSamples(profile: CpuProfile): [number, number][] {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const ours = new Map<number, boolean>();
  const isOurs = (id: number): boolean => {
    const known = ours.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    const p = parent.get(id);
    const v = node !== undefined && (node.callFrame.url.startsWith('chrome-extension://') || (p !== undefined && isOurs(p)));
    ours.set(id, v);
    return v;
  };
  const out: [number, number][] = [];
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    // A sample stands for the time to the next one, but no more than a few intervals: the
    // sampler misses beats on a busy machine, and a gap is not evidence of our script.
    const next = Math.min(profile.timeDeltas[i + 1] ?? 0, 3 * SAMPLING_US);
    if (isOurs(profile.samples[i])) out.push([t, next]);
  }
  return out;
}

/** Long tasks of the page that parsed `url`, and the extension's script time in each. */
export function attributeTasks(rec: Recording, url: string): TaskReport | null {
  const thread = pageThread(rec.events, url);
  if (!thread) return null;
  // Outermost tasks only (a RunTask may be nested in a ThreadControllerImpl::RunTask).
  const all = rec.events.filter((e) => e.pid === thread.pid && e.tid === thread.tid && isTask(e) && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const tasks: TraceEvent[] = [];
  for (const t of all) {
    const last = tasks[tasks.length - 1];
    if (last && t.ts < last.ts + (last.dur ?? 0)) continue;
    tasks.push(t);
  }
  const samples = extensionSamples(rec.profile);
  // Our script entries on the thread, outermost only (one may hold another: a callback it triggers).
  const entries: TraceEvent[] = [];
  for (const e of rec.events.filter((x) => x.pid === thread.pid && x.tid === thread.tid && isOurEntry(x)).sort((a, b) => a.ts - b.ts)) {
    const last = entries[entries.length - 1];
    if (last && e.ts < last.ts + (last.dur ?? 0)) continue;
    entries.push(e);
  }
  let j = 0;
  const origin = tasks[0]?.ts ?? 0;
  let k = 0;
  let maxExtensionMs = 0;
  let extensionMs = 0;
  const long: LongTask[] = [];
  for (const t of tasks) {
    const end = t.ts + (t.dur ?? 0);
    while (k < samples.length && samples[k][0] < t.ts) k++;
    let ext = 0;
    for (; k < samples.length && samples[k][0] < end; k++) ext += Math.min(samples[k][1], end - samples[k][0]);
    while (j < entries.length && entries[j].ts < t.ts) j++;
    let traced = 0;
    for (; j < entries.length && entries[j].ts < end; j++) traced += Math.min(entries[j].dur ?? 0, end - entries[j].ts);
    const extMs = Math.max(ext, traced) / 1000;
    extensionMs += extMs;
    maxExtensionMs = Math.max(maxExtensionMs, extMs);
    const ms = (t.dur ?? 0) / 1000;
    if (ms > LONG_TASK_MS) long.push({ atMs: (t.ts - origin) / 1000, ms, extensionMs: extMs });
  }
  return { long, maxExtensionMs, extensionMs };
}
