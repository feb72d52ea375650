/**
 * The popup's search over names and aliases, answered from memory so the popup never loads the
 * whole table. Prefix matches on any word of a name or alias, accent- and case-insensitive;
 * names that start with the query rank first.
 */
import type { Entity, EntityType } from '../core/entities/entity';
import type { EntitySummary } from '../shared/protocol';

interface Row {
  id: string;
  name: string;
  type: EntityType;
  /** Folded names: the name first, then the aliases. */
  keys: string[];
}

/** Case and Latin/Greek/Cyrillic accent folding for search (looser than matching on purpose). */
export function foldForSearch(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

export class SearchIndex {
  private rows: Row[] = [];

  load(entities: Entity[]): void {
    this.rows = entities.map((e) => ({
      id: e.id,
      name: e.name,
      type: e.type,
      keys: [e.name, ...e.aliases].map(foldForSearch),
    }));
  }

  search(query: string, limit: number): { results: EntitySummary[]; total: number } {
    const q = foldForSearch(query);
    const scored: { row: Row; score: number; alias?: string }[] = [];
    for (const row of this.rows) {
      let best = -1;
      let aliasIndex = 0;
      if (q === '') best = 3;
      else {
        for (let k = 0; k < row.keys.length; k++) {
          const key = row.keys[k];
          const score = key.startsWith(q) ? 2 : key.includes(' ' + q) ? 1 : key.includes(q) ? 0 : -1;
          if (score > best) {
            best = score;
            aliasIndex = k;
          }
        }
      }
      if (best >= 0) scored.push({ row, score: best * 2 + (aliasIndex === 0 ? 1 : 0), alias: aliasIndex > 0 ? row.keys[aliasIndex] : undefined });
    }
    scored.sort((a, b) => b.score - a.score || a.row.name.localeCompare(b.row.name));
    return {
      total: scored.length,
      results: scored.slice(0, limit).map(({ row }) => ({ id: row.id, name: row.name, type: row.type })),
    };
  }
}
