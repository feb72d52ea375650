/**
 * Sends block texts to the background in batches and remembers the answers by text, so a rescan
 * of a container whose text did not change costs no message.
 */
import type { EntityType } from '../core/entities/entity';
import type { RawMention } from '../core/matcher/types';
import type { Responses } from '../shared/protocol';

/** Largest batch: blocks per message. */
export const MAX_BATCH_BLOCKS = 200;
/** Largest batch: characters per message (a single longer block goes alone). */
export const MAX_BATCH_CHARS = 64 * 1024;
/** Remembered texts before the cache starts over. */
const CACHE_LIMIT = 20_000;

export type MatchFn = (blocks: string[]) => Promise<Responses['match']>;

export interface MatchOutcome {
  enabled: boolean;
  /** One list per text asked, in order. */
  raws: RawMention[][];
  /** Types of the ids in `raws` (and of earlier answers of the same version). */
  types: Record<string, EntityType>;
  /** True when the entity list changed since earlier answers: everything must be rescanned. */
  versionChanged: boolean;
}

/** Split `texts` into batches of at most MAX_BATCH_BLOCKS blocks and about MAX_BATCH_CHARS characters. */
export function batches(texts: readonly string[]): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  let chars = 0;
  for (const t of texts) {
    if (current.length > 0 && (current.length >= MAX_BATCH_BLOCKS || chars + t.length > MAX_BATCH_CHARS)) {
      out.push(current);
      current = [];
      chars = 0;
    }
    current.push(t);
    chars += t.length;
  }
  if (current.length > 0) out.push(current);
  return out;
}

export class MatchClient {
  private cache = new Map<string, RawMention[]>();
  private version: number | undefined;
  private types: Record<string, EntityType> = {};

  constructor(private readonly match: MatchFn) {}

  /** Forget every answer (the entity list changed). */
  reset(): void {
    this.cache.clear();
    this.version = undefined;
    this.types = {};
  }

  /**
   * The raw mentions of each text. Always asks at least once when nothing is known yet, so the
   * caller learns whether the site is enabled even on a page without text.
   */
  async scan(texts: readonly string[]): Promise<MatchOutcome> {
    const missing = [...new Set(texts.filter((t) => !this.cache.has(t)))];
    const got = new Map<string, RawMention[]>();
    let versionChanged = false;
    const toAsk = missing.length > 0 || this.version !== undefined ? batches(missing) : [[]];
    for (const batch of toAsk) {
      const answer = await this.match(batch);
      if (!answer.enabled) return { enabled: false, raws: [], types: {}, versionChanged: false };
      if (this.version !== undefined && answer.version !== this.version) {
        versionChanged = true;
        this.cache.clear();
        this.types = {};
      }
      this.version = answer.version;
      if (this.cache.size + batch.length > CACHE_LIMIT) this.cache.clear();
      batch.forEach((t, i) => {
        const raw = answer.blocks[i] ?? [];
        got.set(t, raw);
        this.cache.set(t, raw);
      });
      Object.assign(this.types, answer.types);
    }
    if (versionChanged) return { enabled: true, raws: [], types: this.types, versionChanged };
    const raws = texts.map((t) => got.get(t) ?? this.cache.get(t) ?? []);
    return { enabled: true, raws, types: this.types, versionChanged };
  }
}
