/**
 * JSON export (CONTRACT §2): `{format, version, entities}`, each entity's known fields followed by
 * its `extra` fields at the top level, as they were imported. Pretty-printed, because readers
 * open these files, diff them and keep them in version control.
 */
import { KNOWN_ENTITY_FIELDS, type Entity } from './entity';

export const FORMAT = 'backstory.entities';
export const FORMAT_VERSION = 1;

const KNOWN: ReadonlySet<string> = new Set(KNOWN_ENTITY_FIELDS);
const FILE_FIELDS: ReadonlySet<string> = new Set(['format', 'version', 'entities']);

/** Copies `[key, value]` pairs as data properties (safe for a key named `__proto__`). */
function assignData(target: Record<string, unknown>, source: Record<string, unknown>, skip: ReadonlySet<string>): void {
  for (const [key, value] of Object.entries(source)) {
    if (!skip.has(key)) Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  }
}

/** One entity as the interchange object: known fields in contract order, then `extra`. */
export function toInterchange(entity: Entity): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: entity.id,
    name: entity.name,
    aliases: entity.aliases,
    type: entity.type,
    summary: entity.summary,
    notes: entity.notes,
    tags: entity.tags,
    links: entity.links,
    updatedAt: entity.updatedAt,
  };
  if (entity.guard !== undefined) out.guard = entity.guard;
  if (entity.conflict !== undefined) out.conflict = entity.conflict;
  // A known name in `extra` (only possible for entities made outside parse) never overrides the field.
  if (entity.extra) assignData(out, entity.extra, KNOWN);
  return out;
}

/**
 * The file: `format` and `version`, then the file-level fields given (`fileExtra`, as parse
 * returned them, so a file's unknown fields survive a round trip), then `entities`.
 */
export function exportJson(entities: readonly Entity[], fileExtra?: Record<string, unknown>): string {
  const file: Record<string, unknown> = { format: FORMAT, version: FORMAT_VERSION };
  if (fileExtra) assignData(file, fileExtra, FILE_FIELDS);
  file.entities = entities.map(toInterchange);
  return `${JSON.stringify(file, null, 2)}\n`;
}
