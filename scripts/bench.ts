/**
 * `npm run bench`: runs every bench module in scripts/bench/*.bench.ts in one process, prints
 * one table and writes bench-results.json (CONTRACT §1). `npm run bench -- matcher` runs only
 * modules whose name contains "matcher"; `-- --quick` makes a short smoke run.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchModule, Row } from './bench/harness';
import { printTable } from './bench/harness';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'bench');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const filters = args.filter((a) => !a.startsWith('--'));

const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort();
const rows: Row[] = [];
for (const file of files) {
  const mod = ((await import(pathToFileURL(join(dir, file)).href)) as { default: BenchModule }).default;
  if (filters.length > 0 && !filters.some((f) => mod.name.includes(f) || file.includes(f))) continue;
  process.stderr.write(`bench: ${mod.name}\n`);
  rows.push(...(await mod.run({ log: (m) => process.stderr.write(`  ${m}\n`), quick })));
}
process.stdout.write(printTable(rows) + '\n');
writeFileSync('bench-results.json', JSON.stringify(rows, null, 2) + '\n');
process.stdout.write(`wrote bench-results.json (${rows.length} rows)\n`);
