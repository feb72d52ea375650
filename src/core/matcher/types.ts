import type { EntityType } from '../entities/entity';

/** What the matcher needs to know of an entity. */
export interface MatchEntry {
  id: string;
  name: string;
  aliases: string[];
  type: EntityType;
  /** Has non-empty notes (a ranking key, CONTRACT §3 rule 8). */
  hasNotes: boolean;
  /** Milliseconds since the epoch of the last update (a ranking key). */
  updatedAt: number;
  /** Opt-in precision guard (CONTRACT §3 rule 10). */
  guard?: boolean;
}

/**
 * One candidate stretch of one block, as the background's scan finds it, before the page-order
 * rules (short forms, ranking by earlier mentions) are applied in the content script.
 * Offsets are UTF-16 code-unit offsets into the original block text (before normalization),
 * `end` exclusive.
 */
export interface RawMention {
  start: number;
  end: number;
  /** Entities whose name or alias equals this stretch, in static rank order (notes, updatedAt, id). */
  full: string[];
  /** People whose surname (short form, rule 7) this stretch is; valid only after a full mention. */
  short: string[];
  /**
   * With `short`: the folded surname, so resolveMentions can tell which earlier full mention
   * made it valid (a surname counts after the name, or after the alias it is the last word of).
   */
  shortKey?: string;
  /**
   * People in `full` whose name or multi-word alias this is, with the folded surnames the
   * mention makes valid for later bare surnames (rule 7). Absent when there are none.
   */
  activates?: Record<string, string[]>;
}

/** The background's answer to one scan of a page's blocks. */
export interface ScanResult {
  /**
   * One list per block, sorted by start (the longer first at one start). Mentions with `full`
   * never overlap anything; surname-only ones (empty `full`) may overlap each other, and
   * resolveMentions keeps the valid ones leftmost-longest.
   */
  blocks: RawMention[][];
  /** Type of every entity id that appears in `blocks`. */
  types: Record<string, EntityType>;
}

/** A mention after page-order resolution: what gets highlighted. */
export interface Mention {
  block: number;
  start: number;
  end: number;
  /** Linked entities, best first (CONTRACT §3 rule 8). Never empty. */
  ids: string[];
  /** Type of ids[0]: the highlight is `backstory-<type>`. */
  type: EntityType;
  /** True when ids[0] was reached through a short form (a bare surname). */
  short: boolean;
}
