/**
 * The matcher's public face (CONTRACT §3). Pure TypeScript: runs in the background worker, in
 * Node tests and benchmarks alike.
 *
 *   const m = compileMatcher(entries);          // or loadMatcher(stored)
 *   const result = m.scan(blocks);               // background: text → raw mentions
 *   const mentions = resolveMentions(result);    // content script: page order, short forms
 *   m.upsert(entry); m.remove(id);               // one entity changed: no rebuild
 *   store(m.serialize());                        // typed arrays, structured-clone friendly
 */
import { addEntry } from './compile';
import { defaultCommonWords } from './guard';
import { scanBlocks } from './scan';
import { serializeState, stateFromSerialized } from './serialize';
import type { SerializedMatcher } from './serialize';
import { idIndex, newState, removeEntityRecords } from './state';
import type { MatcherState } from './state';
import type { MatchEntry, ScanResult } from './types';

export type { MatchEntry, Mention, RawMention, ScanResult } from './types';
export type { SerializedMatcher } from './serialize';
export { resolveMentions } from './resolve';
export { defaultCommonWords } from './guard';

export interface MatcherOptions {
  /**
   * Ordinary words (folded: lower case, diacritics removed) that guarded entities
   * (`guard: true`, rule 10) never match as a one-word name, alias or surname.
   * Default: the built-in English list (docs/matching.md).
   */
  commonWords?: ReadonlySet<string>;
}

export interface Matcher {
  /** Scans the text of a page's blocks (document order); offsets are into each block string. */
  scan(blocks: string[]): ScanResult;
  /** Adds an entity, or replaces the one with the same id: cost proportional to its aliases. */
  upsert(entry: MatchEntry): void;
  /** Removes the entity with this id (no-op when absent). */
  remove(id: string): void;
  /** Whether an entity with this id is compiled in. */
  has(id: string): boolean;
  /** Number of entities compiled in. */
  readonly size: number;
  /** A plain object of typed arrays for IndexedDB (structured clone); see loadMatcher. */
  serialize(): SerializedMatcher;
}

class CompiledMatcher implements Matcher {
  private live = 0;
  constructor(private st: MatcherState, private common: ReadonlySet<string> | null) {
    for (let e = 0; e < st.entityCount; e++) this.live += st.alive[e];
  }

  private words(): ReadonlySet<string> {
    return (this.common ??= defaultCommonWords());
  }

  scan(blocks: string[]): ScanResult {
    return scanBlocks(this.st, blocks);
  }

  upsert(entry: MatchEntry): void {
    if (addEntry(this.st, entry, this.words())) this.live++;
  }

  remove(id: string): void {
    const e = idIndex(this.st).get(id);
    if (e === undefined || this.st.alive[e] === 0) return;
    removeEntityRecords(this.st, e);
    this.live--;
  }

  has(id: string): boolean {
    const e = idIndex(this.st).get(id);
    return e !== undefined && this.st.alive[e] === 1;
  }

  get size(): number {
    return this.live;
  }

  serialize(): SerializedMatcher {
    return serializeState(this.st);
  }
}

/** Compiles entries (later entries with an id already seen replace the earlier one). */
export function compileMatcher(entries: MatchEntry[], options: MatcherOptions = {}): Matcher {
  let aliases = 0;
  let units = 0;
  for (const e of entries) {
    aliases += e.aliases.length + 1;
    units += e.name.length;
  }
  const st = newState(entries.length, aliases * 1.2, units * 2);
  const common = options.commonWords ?? (entries.some((e) => e.guard === true) ? defaultCommonWords() : null);
  const m = new CompiledMatcher(st, common);
  for (const e of entries) m.upsert(e);
  return m;
}

/** Wraps a stored matcher back (no rebuild). Throws on an unknown format or version. */
export function loadMatcher(s: SerializedMatcher, options: MatcherOptions = {}): Matcher {
  return new CompiledMatcher(stateFromSerialized(s), options.commonWords ?? null);
}
