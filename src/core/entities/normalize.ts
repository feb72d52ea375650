/**
 * One raw imported entity (a JSON object, or a CSV row already turned into one) to an `Entity`:
 * validated by the valibot schema, defaults filled, unknown fields moved into `extra`, and the
 * fields the file really gave recorded (merge.ts needs them: an absent field never overwrites a
 * stored one, while parse has to fill every field with its default).
 */
import * as v from 'valibot';
import { KNOWN_ENTITY_FIELDS, type Entity, type EntityType, type Link } from './entity';
import { canonicalIsoDate, EntityInputSchema, isPlainValidEntity } from './schema';

export type KnownEntityField = (typeof KNOWN_ENTITY_FIELDS)[number];
/** The known fields an imported entity actually gave (non-null; `id`, `type`, `updatedAt` non-blank). */
export type PresentFields = ReadonlySet<KnownEntityField>;

const KNOWN: ReadonlySet<string> = new Set(KNOWN_ENTITY_FIELDS);

export interface Normalized {
  ok: true;
  /** `id` is '' when the file gave none: parse.ts makes it from the name once all ids are known. */
  entity: Entity;
  present: PresentFields;
}
export interface Invalid {
  ok: false;
  /** The field at fault, e.g. `type`; absent when the entity itself is wrong (not an object). */
  field?: string;
  /** Where inside the field, e.g. `link 2, url` or `item 3`. */
  detail?: string;
  message: string;
}

/** Defaults that come from the import rather than from the entity. */
export interface ImportDefaults {
  /** ISO time for entities without `updatedAt`: the time of the import. */
  updatedAt: string;
  /** The list's or import's `guard`, for entities that do not say. */
  guard?: boolean;
}

// Entities of one file mostly share one shape, so they share one frozen set of present fields.
const presenceCache = new Map<string, PresentFields>();

/** `inheritsGuard`: the entity takes the list's `guard`, which the file thereby gives it. */
function presenceOf(raw: Record<string, unknown>, inheritsGuard: boolean): PresentFields {
  const fields: KnownEntityField[] = [];
  for (const field of KNOWN_ENTITY_FIELDS) {
    const value = raw[field];
    if (field === 'guard' && inheritsGuard) {
      fields.push(field);
      continue;
    }
    if (value === undefined || value === null) continue;
    if ((field === 'id' || field === 'type' || field === 'updatedAt') && typeof value === 'string' && value.trim() === '') continue;
    fields.push(field);
  }
  const key = fields.join(',');
  let set = presenceCache.get(key);
  if (!set) presenceCache.set(key, (set = new Set(fields)));
  return set;
}

/** Validates and normalizes one entity; the first problem found is returned. */
export function normalizeEntity(raw: unknown, defaults: ImportDefaults): Normalized | Invalid {
  if (!isPlainValidEntity(raw)) {
    const result = v.safeParse(EntityInputSchema, raw, { abortEarly: true });
    if (!result.success) return describeIssue(result.issues[0]);
  }
  const object = raw as Record<string, unknown>;
  const inheritsGuard = defaults.guard !== undefined && typeof object.guard !== 'boolean';
  return { ok: true, entity: toEntity(object, defaults), present: presenceOf(object, inheritsGuard) };
}

/** The validated input as an Entity. Reads the raw object so that unknown keys keep their order. */
function toEntity(raw: Record<string, unknown>, defaults: ImportDefaults): Entity {
  const str = (key: string): string => (typeof raw[key] === 'string' ? (raw[key] as string) : '');
  const type = str('type').trim().toLowerCase();
  const updatedAt = str('updatedAt');
  const entity: Entity = {
    id: str('id').trim() === '' ? '' : str('id'),
    name: raw.name as string,
    aliases: nonBlank(raw.aliases),
    type: (type === '' ? 'other' : type) as EntityType,
    summary: str('summary'),
    notes: str('notes'),
    tags: nonBlank(raw.tags),
    links: Array.isArray(raw.links) ? raw.links.map(toLink) : [],
    updatedAt: updatedAt.trim() === '' ? defaults.updatedAt : canonicalIsoDate(updatedAt),
  };
  const guard = typeof raw.guard === 'boolean' ? raw.guard : defaults.guard;
  if (guard !== undefined) entity.guard = guard;
  if (typeof raw.conflict === 'boolean') entity.conflict = raw.conflict;
  const extra = unknownFields(raw, KNOWN);
  if (extra) entity.extra = extra;
  return entity;
}

/**
 * Blank aliases and tags mean nothing (and would match nothing), so they are dropped. A clean
 * list is taken as it is: the raw objects are parse's own, and 100k copies cost a garbage
 * collection.
 */
function nonBlank(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  const strings = list as string[];
  return strings.every((s) => s.trim() !== '') ? strings : strings.filter((s) => s.trim() !== '');
}

function toLink(raw: Record<string, unknown>): Link {
  const url = raw.url as string;
  // Title first, as the contract's example writes links.
  const link: Link = typeof raw.title === 'string' ? { title: raw.title, url } : { url };
  const extra = unknownFields(raw, LINK_FIELDS);
  return extra ? Object.assign(link, extra) : link;
}
const LINK_FIELDS: ReadonlySet<string> = new Set(['url', 'title']);

/**
 * The fields of `raw` not in `known`, in their order, or undefined when there are none.
 * `__proto__` is dropped: kept as a data property it would turn into a prototype change as soon
 * as some code copies the object with assignment.
 */
export function unknownFields(raw: Record<string, unknown>, known: ReadonlySet<string>): Record<string, unknown> | undefined {
  let extra: Record<string, unknown> | undefined;
  for (const key of Object.keys(raw)) {
    if (known.has(key) || key === '__proto__') continue;
    (extra ??= {})[key] = raw[key];
  }
  return extra;
}

/** A valibot issue as `field` + message, with 1-based item numbers inside lists. */
function describeIssue(issue: v.BaseIssue<unknown>): Invalid {
  const path = issue.path ?? [];
  if (path.length === 0) return { ok: false, message: issue.message };
  const [first, ...rest] = path.map((p) => p.key);
  const field = String(first);
  const detail = rest.map((key) => (typeof key === 'number' ? `${field === 'links' ? 'link' : 'item'} ${key + 1}` : String(key)));
  return detail.length ? { ok: false, field, detail: detail.join(', '), message: issue.message } : { ok: false, field, message: issue.message };
}

/** `field "type": must be…`, `field "links" (link 2, url): required`, or the bare message. */
export function formatInvalid(invalid: Invalid): string {
  if (invalid.field === undefined) return invalid.message;
  return `field "${invalid.field}"${invalid.detail ? ` (${invalid.detail})` : ''}: ${invalid.message}`;
}

/**
 * Which fields each parsed entity gave, for `mergeImported(stored, incoming)` callers that pass
 * the parsed objects along without the `present` array. Weak: it never keeps an entity alive.
 */
const presenceByEntity = new WeakMap<Entity, PresentFields>();

export function rememberPresence(entity: Entity, present: PresentFields): void {
  presenceByEntity.set(entity, present);
}

/** The fields `entity` gave in its file, if parse made it (copies are not recognised). */
export function presentFieldsOf(entity: Entity): PresentFields | undefined {
  return presenceByEntity.get(entity);
}
