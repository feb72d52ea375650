import { compileMatcher, resolveMentions } from '../../../src/core/matcher/index';
import type { MatchEntry } from '../../../src/core/matcher/types';
import type { EntityType } from '../../../src/core/entities/entity';

/** A MatchEntry with defaults: `e('japan', 'Japan', ['日本'])`. */
export function e(id: string, name: string, aliases: string[] = [], type: EntityType = 'place', extra: Partial<MatchEntry> = {}): MatchEntry {
  return { id, name, aliases, type, hasNotes: false, updatedAt: 0, ...extra };
}

/** Resolved mentions as `text=id1|id2` strings (short forms marked `~`), in page order. */
export function found(entries: MatchEntry[], blocks: string | string[]): string[] {
  const bs = typeof blocks === 'string' ? [blocks] : blocks;
  const m = compileMatcher(entries);
  return resolveMentions(m.scan(bs)).map((x) => `${bs[x.block].slice(x.start, x.end)}=${x.ids.join('|')}${x.short ? '~' : ''}`);
}

/** Just the matched stretches of text. */
export function texts(entries: MatchEntry[], blocks: string | string[]): string[] {
  return found(entries, blocks).map((s) => s.slice(0, s.lastIndexOf('=')));
}
