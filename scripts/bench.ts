/**
 * `npm run bench`: runs every bench module in scripts/bench/ in one process, prints one table
 * and writes bench-results.json (CONTRACT §1).
 *
 * A bench module is any scripts/bench/*.ts file (helpers: corpus.ts, harness.ts) that has either
 * a default export `{ name, run(ctx) }` (a BenchModule, see harness.ts) or exported async
 * functions named `bench…` that take no argument and return rows. `npm run bench -- matcher`
 * runs only modules whose file name contains "matcher"; `-- --quick` asks for a short smoke run
 * (modules that support it).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchContext, BenchModule, Row } from './bench/harness';
import { printTable, rowProblems } from './bench/harness';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'bench');
const HELPERS = new Set(['corpus.ts', 'harness.ts']);
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const filters = args.filter((a) => !a.startsWith('--'));

const all = readdirSync(dir);
const files = all
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !HELPERS.has(f))
  // `x.bench.ts` wraps the `bench…()` of `x.ts`: run it once, through the wrapper.
  .filter((f) => f.endsWith('.bench.ts') || !all.includes(f.replace(/\.ts$/, '.bench.ts')))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
const rows: Row[] = [];
const ctx: BenchContext = { log: (m) => process.stderr.write(`  ${m}\n`), quick };
for (const file of files) {
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as Record<string, unknown>;
  const def = mod.default as BenchModule | undefined;
  if (def && typeof def.run === 'function') {
    process.stderr.write(`bench: ${def.name}\n`);
    rows.push(...(await def.run(ctx)));
  }
  for (const [name, fn] of Object.entries(mod)) {
    if (!/^bench[A-Z]/.test(name) || typeof fn !== 'function') continue;
    process.stderr.write(`bench: ${file} ${name}\n`);
    rows.push(...((await (fn as () => Promise<Row[]>)()) ?? []));
  }
}
process.stdout.write(printTable(rows) + '\n');
writeFileSync('bench-results.json', JSON.stringify(rows, null, 2) + '\n');
process.stdout.write(`wrote bench-results.json (${rows.length} rows)\n`);
// Rows off CONTRACT §1's format are written (the run's figures are not thrown away) but fail the run.
const pkg = JSON.parse(readFileSync(join(dir, '..', '..', 'package.json'), 'utf8')) as { dependencies?: object; devDependencies?: object };
const problems = rowProblems(rows, [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]);
for (const p of problems) process.stderr.write(`bench row off CONTRACT §1: ${p}\n`);
if (problems.length > 0) process.exitCode = 1;
