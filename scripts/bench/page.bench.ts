/**
 * scripts/bench.ts runs every `*.bench.ts` module: this one is the page-side benchmark
 * (scripts/bench/page.ts, real Chromium over the shared corpus pages; several minutes, most of it
 * importing the 100k cities through the options page). `--quick` measures 5 pages.
 */
import type { BenchModule } from './harness';
import { benchPage } from './page';

const page: BenchModule = {
  name: 'page',
  run: (ctx) => benchPage({ log: ctx.log, quick: ctx.quick }),
};
export default page;
