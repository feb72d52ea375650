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
 * report to the console; the last line printed is `N passed, N failed` (`, N skipped` when any),
 * which is what CI reads. Extra arguments are passed to vitest (e.g. `npm test -- tests/e2e/firefox.test.ts`
 * runs only the projects that have matching files).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBrowsers } from './lib/system';
import { repoRoot } from './lib/paths';

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { name: string; status: string; message?: string; assertionResults: { status: string }[] }[];
}

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

function runProject(project: 'unit' | 'e2e', extra: string[]): Counts {
  const out = join(repoRoot, 'artifacts', `vitest-${project}.json`);
  mkdirSync(join(repoRoot, 'artifacts'), { recursive: true });
  console.log(`\n=== vitest --project ${project} ===`);
  const started = Date.now();
  const vitest = join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');
  const result = spawnSync(
    process.execPath,
    [vitest, 'run', '--project', project, '--passWithNoTests', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...extra],
    { cwd: repoRoot, stdio: 'inherit', env: process.env },
  );
  console.log(`=== ${project}: vitest exited ${result.status ?? result.signal} after ${Math.round((Date.now() - started) / 1000)} s ===`);
  let report: VitestJson | undefined;
  try {
    report = JSON.parse(readFileSync(out, 'utf8')) as VitestJson;
  } catch {
    report = undefined;
  }
  if (!report) return { passed: 0, failed: result.status === 0 ? 0 : 1, skipped: 0 };
  // A file that fails before its tests run (import error, failing beforeAll) has no failed test
  // of its own: count it once so it is never silently green.
  const brokenFiles = report.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed')).length;
  const counts = {
    passed: report.numPassedTests,
    failed: report.numFailedTests + brokenFiles,
    skipped: report.numPendingTests + report.numTodoTests,
  };
  if (counts.failed === 0 && result.status !== 0) counts.failed = 1;
  return counts;
}

function main(): number {
  const extra = process.argv.slice(2);
  const browserProblem = ensureBrowsers(['chromium', 'firefox-esr']);
  const total: Counts = { passed: 0, failed: 0, skipped: 0 };
  const add = (c: Counts): void => {
    total.passed += c.passed;
    total.failed += c.failed;
    total.skipped += c.skipped;
  };
  add(runProject('unit', extra));
  if (browserProblem) {
    console.error(`\n${browserProblem}\n`);
    total.failed += 1;
  } else {
    add(runProject('e2e', extra));
  }
  console.log(`\n${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
  return total.failed > 0 ? 1 : 0;
}

process.exitCode = main();
