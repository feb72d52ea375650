/**
 * Precision on real pages (no timing): the 30 most frequent city mentions over the corpus with
 * the 100k cities unguarded and guarded (CONTRACT §3 rule 10), and how scripts that attach
 * particles to names fare: on the Bengali and Arabic pages, country names found as whole words
 * (what the matcher reports) against every occurrence of the same names anywhere in the text.
 */
import { compileMatcher, resolveMentions } from '../../src/core/matcher/index';
import { norm } from '../../tests/property/matcher-reference';
import { corpusPresent, loadList, visiblePages } from './corpus';
import type { BenchContext, BenchModule, Row } from './harness';

function top(counts: Map<string, number>, n: number): string {
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n).map(([w, c]) => `${w} ${c}`).join(', ');
}

async function run(ctx: BenchContext): Promise<Row[]> {
  if (!corpusPresent()) {
    ctx.log('skipped: ../shared/corpus is not there');
    return [];
  }
  const pages = visiblePages();
  const rows: Row[] = [];
  for (const guard of [false, true]) {
    const m = compileMatcher(loadList('entities-cities-100k.json', guard));
    const counts = new Map<string, number>();
    let total = 0;
    for (const p of pages) {
      for (const x of resolveMentions(m.scan(p.blocks))) {
        const w = p.blocks[x.block].slice(x.start, x.end);
        counts.set(w, (counts.get(w) ?? 0) + 1);
        total++;
      }
    }
    const label = guard ? 'with guard' : 'without guard';
    ctx.log(`cities ${label}: ${total} mentions; top 30: ${top(counts, 30)}`);
    rows.push({ bench: 'city mentions on corpus (100k cities)', subject: 'backstory', metric: `mentions ${label}`, unit: 'mentions', better: 'lower', value: total });
  }
  const countries = loadList('entities-countries.json');
  const m = compileMatcher(countries);
  for (const [lang, re] of [['bn', /\p{Script=Bengali}/u], ['ar', /\p{Script=Arabic}/u]] as const) {
    const forms = [...new Set(countries.flatMap((e) => [e.name, ...e.aliases]).filter((f) => re.test(f)))];
    let whole = 0;
    let anywhere = 0;
    const examples = new Map<string, number>();
    for (const p of pages.filter((x) => x.lang === lang)) {
      whole += resolveMentions(m.scan(p.blocks)).filter((x) => re.test(p.blocks[x.block].slice(x.start, x.end))).length;
      for (const b of p.blocks) {
        const text = norm(b);
        for (const f of forms) {
          const nf = norm(f);
          for (let i = text.indexOf(nf); i >= 0; i = text.indexOf(nf, i + nf.length)) {
            anywhere++;
            const word = text.slice(text.lastIndexOf(' ', i) + 1, (text.indexOf(' ', i + nf.length) + 1 || text.length + 1) - 1);
            examples.set(word, (examples.get(word) ?? 0) + 1);
          }
        }
      }
    }
    ctx.log(`${lang}: ${whole} country mentions as whole words; ${anywhere} occurrences of the names anywhere; words holding them: ${top(examples, 12)}`);
    rows.push({ bench: `particles (${lang} pages, countries)`, subject: 'backstory', metric: 'mentions', unit: 'mentions', better: 'higher', value: whole });
    rows.push({ bench: `particles (${lang} pages, countries)`, subject: 'limit', metric: 'occurrences anywhere', unit: 'mentions', better: 'higher', value: anywhere });
  }
  return rows;
}

const mod: BenchModule = { name: 'matcher-precision', run };
export default mod;
