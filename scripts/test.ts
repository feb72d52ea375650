/**
 * `npm test`: every test. Unit and property tests (vitest project `unit`), then the real-browser
 * end-to-end tests (project `e2e`, Chromium and Firefox ESR, one file at a time; its global setup
 * runs `npm run build`).
 *
 * Browsers: /usr/bin/chromium and /usr/bin/firefox-esr (or on PATH). When one is missing and we
 * are root on Debian, it is installed with apt-get; otherwise this says exactly what to install
 * and fails (after running the unit tests).
 *
 * Each project writes vitest's JSON report to artifacts/vitest-<project>.json and its readable
 * report to the console; the last line printed is the plain `N passed, N failed` (skipped tests, if
 * any, are counted on the line before it),
 * which is what CI reads. Extra arguments are passed to vitest (e.g. `npm test -- tests/e2e/firefox.test.ts`
 * runs only the projects that have matching files).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBrowsers } from './lib/system';
import { repoRoot } from './lib/paths';

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: {
    name: string;
    status: string;
    message?: string;
    assertionResults: { status: string; fullName?: string; title: string; failureMessages?: string[] }[];
  }[];
}

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
  /** One line per failure (file › test: first line of the message), repeated just above the summary. */
  failures: string[];
}

/** A project that runs longer than this is stopped (its whole process group) and counted as failed. */
const projectTimeoutMs = Number(process.env.BACKSTORY_TEST_TIMEOUT_MS ?? 25 * 60_000);

/** Where the launch helpers list the browsers they started (scripts/lib/browsers.ts). */
const pidDir = join(repoRoot, 'artifacts', 'browser-pids');
process.env.BACKSTORY_PID_DIR = pidDir;

/** Stops the browsers a stopped vitest left behind: only those our launch helpers listed. */
function stopListedBrowsers(): void {
  let pids: string[] = [];
  try {
    pids = readdirSync(pidDir);
  } catch {
    return;
  }
  for (const name of pids) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid <= 1) continue;
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        /* gone already */
      }
    }
    rmSync(join(pidDir, name), { force: true });
  }
}

/** Runs vitest in its own process group so a hung worker can be stopped with it. */
function runVitest(args: string[]): Promise<{ status: number | null; timedOut: boolean }> {
  return new Promise((resolve) => {
    const vitest = join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');
    const child = spawn(process.execPath, [vitest, ...args], { cwd: repoRoot, stdio: 'inherit', env: process.env, detached: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`\nvitest ${args.join(' ')} ran over ${projectTimeoutMs / 60_000} minutes: stopping it`);
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      stopListedBrowsers();
    }, projectTimeoutMs);
    const forward = (): void => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    };
    process.once('SIGINT', forward);
    process.once('SIGTERM', forward);
    child.on('exit', (status) => {
      clearTimeout(timer);
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve({ status, timedOut });
    });
  });
}

/** CI keeps only the tail of the output: name every failure there, each on one line. */
function failureLines(report: VitestJson): string[] {
  const lines: string[] = [];
  const short = (text: string | undefined): string => (text ?? '').split('\n').find((l) => l.trim())?.trim().slice(0, 300) ?? '';
  for (const file of report.testResults) {
    const name = file.name.replace(`${repoRoot}/`, '');
    const failed = file.assertionResults.filter((a) => a.status === 'failed');
    if (file.status === 'failed' && failed.length === 0) lines.push(`${name}: ${short(file.message)}`);
    for (const a of failed) lines.push(`${name} › ${a.fullName ?? a.title}: ${short(a.failureMessages?.join('\n'))}`);
  }
  return lines;
}

async function runProject(project: 'unit' | 'e2e', extra: string[]): Promise<Counts> {
  const out = join(repoRoot, 'artifacts', `vitest-${project}.json`);
  mkdirSync(join(repoRoot, 'artifacts'), { recursive: true });
  rmSync(out, { force: true });
  console.log(`\n=== vitest --project ${project} ===`);
  const started = Date.now();
  const result = await runVitest(['run', '--project', project, '--passWithNoTests', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...extra]);
  console.log(`=== ${project}: vitest ${result.timedOut ? 'stopped (timeout)' : `exited ${result.status}`} after ${Math.round((Date.now() - started) / 1000)} s ===`);
  let report: VitestJson | undefined;
  try {
    report = JSON.parse(readFileSync(out, 'utf8')) as VitestJson;
  } catch {
    report = undefined;
  }
  if (!report || result.timedOut) {
    const why = result.timedOut ? `stopped after ${projectTimeoutMs / 60_000} minutes` : `no report (vitest exited ${result.status})`;
    return { passed: report?.numPassedTests ?? 0, failed: Math.max(1, report?.numFailedTests ?? 0), skipped: 0, failures: [`${project}: ${why}`] };
  }
  // A file that fails before its tests run (import error, failing beforeAll) has no failed test
  // of its own: count it once so it is never silently green.
  const brokenFiles = report.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed')).length;
  const counts: Counts = {
    passed: report.numPassedTests,
    failed: report.numFailedTests + brokenFiles,
    skipped: report.numPendingTests + report.numTodoTests,
    failures: failureLines(report),
  };
  if (counts.failed === 0 && result.status !== 0) {
    counts.failed = 1;
    counts.failures.push(`${project}: vitest exited ${result.status} with no failed test (an unhandled error?)`);
  }
  return counts;
}

async function main(): Promise<number> {
  const extra = process.argv.slice(2);
  const browserProblem = ensureBrowsers(['chromium', 'firefox-esr']);
  const total: Counts = { passed: 0, failed: 0, skipped: 0, failures: [] };
  const add = (c: Counts): void => {
    total.passed += c.passed;
    total.failed += c.failed;
    total.skipped += c.skipped;
    total.failures.push(...c.failures);
  };
  add(await runProject('unit', extra));
  if (browserProblem) {
    console.error(`\n${browserProblem}\n`);
    total.failed += 1;
    total.failures.push(`e2e: not run (${browserProblem.split('\n')[0]})`);
  } else {
    add(await runProject('e2e', extra));
  }
  if (total.failures.length > 0) console.log(`\nFailed:\n${total.failures.map((f) => `  ${f}`).join('\n')}`);
  if (total.skipped) console.log(`\n${total.skipped} skipped`);
  console.log(`\n${total.passed} passed, ${total.failed} failed`);
  return total.failed > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
  },
);
