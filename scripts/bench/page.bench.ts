/**
 * scripts/bench.ts runs every `*.bench.ts` module: this one is the page-side benchmark
 * (scripts/bench/page.ts, real Chromium over the shared corpus pages; a few minutes).
 */
import { benchPage } from './page';

export default {
  name: 'page',
  run: (ctx: { log: (message: string) => void; quick: boolean }) => benchPage({ log: ctx.log, quick: ctx.quick }),
};
