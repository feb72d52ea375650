/**
 * Building, storing and reloading the matcher: build time and retained memory for the 100k
 * cities (100k aliases) and for 1M aliases (each city with 9 generated variants, `<name> North`
 * and so on), the reload of the persisted automaton (structured clone, as IndexedDB does, then
 * loadMatcher), and one incremental upsert. modern-ahocorasick builds the same 100k names as a peer.
 */
import AhoCorasick from 'modern-ahocorasick';
import { compileMatcher, loadMatcher } from '../../src/core/matcher/index';
import type { MatchEntry } from '../../src/core/matcher/types';
import { corpusPresent, loadList } from './corpus';
import type { BenchContext, BenchModule, Row } from './harness';
import { buildAndMeasure, gc, medianMs } from './harness';

const SUFFIXES = ['North', 'South', 'East', 'West', 'Centre', 'Heights', 'Springs', 'Junction', 'Station'];

function withVariants(entries: MatchEntry[]): MatchEntry[] {
  return entries.map((e) => ({ ...e, aliases: [...e.aliases, ...SUFFIXES.map((s) => `${e.name} ${s}`)] }));
}

async function run(ctx: BenchContext): Promise<Row[]> {
  if (!corpusPresent()) {
    ctx.log('skipped: ../shared/corpus is not there');
    return [];
  }
  const rows: Row[] = [];
  const add = (bench: string, subject: string, metric: string, unit: string, value: number): void => {
    rows.push({ bench, subject, metric, unit, better: 'lower', value });
    ctx.log(`${bench} ${subject} ${metric}: ${value.toFixed(1)} ${unit}`);
  };
  const cities = loadList('entities-cities-100k.json');
  const sets: Array<[string, MatchEntry[]]> = [['100k aliases', cities]];
  if (!ctx.quick) sets.push(['1M aliases', withVariants(cities)]);
  for (const [label, entries] of sets) {
    const bench = `matcher build (${label})`;
    const aliases = entries.reduce((n, e) => n + 1 + e.aliases.length, 0);
    ctx.log(`${label}: ${entries.length} entities, ${aliases} names and aliases`);
    // Build time: median of a few builds after a warm-up; memory: one build kept alive.
    add(bench, 'backstory', 'build time', 'ms', medianMs(() => void compileMatcher(entries), 0, label === '1M aliases' ? 2 : 5, 5));
    const { mb, value: m } = buildAndMeasure(() => compileMatcher(entries));
    add(bench, 'backstory', 'memory', 'MB', mb);
    const stored = m.serialize();
    add(`matcher reload (${label})`, 'backstory', 'reload time (structured clone + load)', 'ms', medianMs(() => void loadMatcher(structuredClone(stored)), 0, 5, 9));
    add(`matcher reload (${label})`, 'backstory', 'reload time (load only)', 'ms', medianMs(() => void loadMatcher(stored), 0, 5, 9));
    let k = 0;
    add(`matcher incremental (${label})`, 'backstory', 'upsert one entity', 'ms', medianMs(() => {
      m.upsert({ id: `bench-${k++}`, name: `Benchtown ${k}`, aliases: [`Bench ${k}`], type: 'place', hasNotes: false, updatedAt: 0 });
    }, 0, 20, 50));
    add(`matcher incremental (${label})`, 'backstory', 'remove one entity', 'ms', medianMs(() => m.remove(entries[k++ % entries.length].id), 0, 20, 50));
    if (label === '100k aliases') {
      const patterns = [...new Set(entries.flatMap((e) => [e.name, ...e.aliases]))];
      add(bench, 'modern-ahocorasick', 'build time', 'ms', medianMs(() => void new AhoCorasick(patterns), 0, 3, 3));
      const ac = buildAndMeasure(() => new AhoCorasick(patterns));
      add(bench, 'modern-ahocorasick', 'memory', 'MB', ac.mb);
    }
    gc();
  }
  return rows;
}

const mod: BenchModule = { name: 'matcher-build', run };
export default mod;
