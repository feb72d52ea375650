/**
 * Writes src/background/data/starter-pack.json, the `Load starter pack` entities: the world's
 * countries and their capitals, from the npm package `world-countries` (ODbL-1.0; see
 * docs/starter-pack.md for the licence and what is kept). The generated file is committed, so a
 * build needs nothing but this repository; run again after updating the package:
 *
 *   npx tsx scripts/starter-pack.ts
 *
 * Kept small on purpose (names, a few aliases, one-line summaries): it ships in the background
 * script.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { slugify } from '../src/core/entities/slug';
import type { PackEntry } from '../src/background/starter-pack';

interface Country {
  name: { common: string; official: string };
  cca2: string;
  capital?: string[];
  altSpellings?: string[];
  region?: string;
  subregion?: string;
  independent?: boolean | null;
}

/** One entry of the generated file (the shape src/background/starter-pack.ts reads). */
type StarterEntity = PackEntry;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const out = join(root, 'src/background/data/starter-pack.json');

/** Aliases worth matching: the official name and long alternative spellings (no ISO codes or abbreviations). */
function aliasesOf(c: Country): string[] {
  const seen = new Set([c.name.common.toLowerCase()]);
  const aliases: string[] = [];
  for (const candidate of [c.name.official, ...(c.altSpellings ?? [])]) {
    const a = candidate.trim();
    // Short all-capital spellings are codes (IN, IND, USA): they would match acronyms in text.
    if (a.length < 4 || /^[A-Z.]+$/.test(a) || seen.has(a.toLowerCase())) continue;
    seen.add(a.toLowerCase());
    aliases.push(a);
    if (aliases.length === 3) break;
  }
  return aliases;
}

export function starterPack(countries: Country[]): StarterEntity[] {
  const entities: StarterEntity[] = [];
  const names = new Set<string>();
  const sorted = [...countries].sort((a, b) => a.name.common.localeCompare(b.name.common));
  for (const c of sorted) {
    const where = c.subregion || c.region || '';
    const capitals = (c.capital ?? []).filter((x) => x.trim() !== '');
    const kind = c.independent === false ? 'Territory' : 'Country';
    entities.push({
      id: `country-${c.cca2.toLowerCase()}`,
      name: c.name.common,
      ...(aliasesOf(c).length ? { aliases: aliasesOf(c) } : {}),
      summary: `${kind}${where ? ` in ${where}` : ''}${capitals.length ? `; capital ${capitals.join(', ')}` : ''}.`,
      tags: ['country', ...(c.region ? [c.region.toLowerCase()] : [])],
    });
    names.add(c.name.common.toLowerCase());
  }
  for (const c of sorted) {
    for (const capital of c.capital ?? []) {
      const name = capital.trim();
      // A city state's capital has its country's name (Singapore, Monaco): one entity is enough.
      if (name === '' || names.has(name.toLowerCase())) continue;
      names.add(name.toLowerCase());
      entities.push({
        id: `capital-${c.cca2.toLowerCase()}-${slugify(name)}`,
        name,
        summary: `Capital of ${c.name.common}.`,
        tags: ['capital'],
        // Some capitals are ordinary English words (Male, Victoria, Kingston…): opt in to the
        // precision guard (CONTRACT §3 rule 10) so "male" in a sentence is not Maldives' capital.
        guard: true,
      });
    }
  }
  return entities;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const countries = JSON.parse(readFileSync(require.resolve('world-countries/countries.json'), 'utf8')) as Country[];
  const { version } = JSON.parse(readFileSync(require.resolve('world-countries/package.json'), 'utf8')) as { version: string };
  const entities = starterPack(countries);
  const file = {
    format: 'backstory.entities',
    version: 1,
    title: 'Backstory starter pack: countries and capitals',
    source: `world-countries ${version} (ODbL-1.0), https://github.com/mledoze/countries`,
    entities,
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(file) + '\n');
  console.log(`wrote ${entities.length} entities to ${out} (${Math.round(JSON.stringify(file).length / 1024)} KB)`);
}
