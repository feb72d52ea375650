/**
 * The entity as Backstory stores and exchanges it (CONTRACT §2).
 *
 * Unknown fields found on an imported entity are kept in `extra` and written back at the top
 * level on export, so a round trip never drops what another tool put there.
 */
export const ENTITY_TYPES = ['person', 'place', 'org', 'event', 'other'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** A link as given; `url` is any string (only http/https are ever made clickable). */
export interface Link {
  title?: string;
  url: string;
  /** Unknown fields of the link object, kept for the round trip. */
  [extraField: string]: unknown;
}

export interface Entity {
  /** Stable id; never starts with `_`. Subscribed lists' entities are `<listId>/<id>`. */
  id: string;
  name: string;
  aliases: string[];
  type: EntityType;
  summary: string;
  notes: string;
  tags: string[];
  links: Link[];
  /** ISO 8601 time of the last change. */
  updatedAt: string;
  /**
   * Opt-in precision guard (CONTRACT §3 rule 10): when true, the matcher skips mentions that
   * look like ordinary words. Absent or false: the entity always matches by rules 1-9.
   */
  guard?: boolean;
  /** Set by sync when two edits of `notes` could not merge cleanly (CONTRACT §4). */
  conflict?: boolean;
  /** Unknown fields of the interchange object, written back unchanged on export. */
  extra?: Record<string, unknown>;
}

/** The fields the interchange format names; everything else on an entity object is `extra`. */
export const KNOWN_ENTITY_FIELDS = [
  'id', 'name', 'aliases', 'type', 'summary', 'notes', 'tags', 'links', 'updatedAt', 'guard', 'conflict',
] as const;

/** True for `http:` and `https:` URLs: the only links ever made clickable. */
export function isClickableUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
