/**
 * Valibot schemas of the interchange format (CONTRACT §2): what an imported entity, link and
 * file must look like. They validate the input as given; `normalize.ts` then fills defaults
 * and moves unknown fields into `Entity.extra`, because the defaults depend on the import (its
 * time, its list's `guard`) and because merging needs to know which fields were really there.
 *
 * Objects are `looseObject`s: a plain `object` would silently drop unknown fields, which the
 * contract keeps. `null` is accepted for every optional field and means "absent" (other tools
 * write `null` for missing values).
 *
 * Messages are written to follow `field "<name>": ` in `Import refused: …`.
 */
import * as v from 'valibot';
import { ENTITY_TYPES } from './entity';

export const TYPE_MESSAGE = `must be one of ${ENTITY_TYPES.join(', ')}`;
// Says which forms: `20250506T000000Z` and `2025-05` are ISO 8601 too, and are refused (found by a probe).
export const DATE_MESSAGE = 'must be a date such as 2025-05-06, or a date and time such as 2025-05-06T00:00:00Z';
const TEXT = 'must be text';
const TEXT_LIST = 'must be a list of text';
const BOOLEAN = 'must be true or false';

/** "required" when the key is missing, "must be text" when it holds something else. */
function requiredText(issue: v.StringIssue): string {
  return issue.input === undefined ? 'required' : TEXT;
}

/**
 * A message for an object schema. Valibot reports a missing required key with the message of
 * the object that lacks it (the issue's input is then undefined), so one function serves both.
 */
function objectMessage(notAnObject: string, keyMissing: string) {
  return (issue: v.LooseObjectIssue): string => (issue.input === undefined ? keyMissing : notAnObject);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):(\d{2}))?)?$/;

/**
 * A date and time as tools also write it, in ISO 8601's strict form: a space or `t` between date
 * and time (RFC 3339 allows both; SQL writes the space), a lower-case `z`, an offset without its
 * colon (`+0530`, as `strftime('%z')` and git write it) or without minutes (`+05`). Anything else
 * comes back as it is, strict forms included.
 */
export function canonicalIsoDate(value: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) ?(?:([Zz])|([+-])(\d{2}):?(\d{2})?)?$/.exec(value.trim());
  if (!m) return value;
  const zone = m[3] ? 'Z' : m[4] ? `${m[4]}${m[5]}:${m[6] ?? '00'}` : '';
  return `${m[1]}T${m[2]}${zone}`;
}

/** An ISO 8601 calendar date, or date and time (canonicalIsoDate's forms too), that names a real moment (no 2025-02-30). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(canonicalIsoDate(value));
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return false;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return false;
  return m[7] === undefined || (Number(m[7]) <= 23 && Number(m[8]) <= 59);
}

/** Blank counts as absent (the default `other`); otherwise one of ENTITY_TYPES in any case. */
export function isTypeText(value: string): boolean {
  const t = value.trim().toLowerCase();
  return t === '' || (ENTITY_TYPES as readonly string[]).includes(t);
}

const optionalText = v.nullish(v.string(TEXT));
const optionalTextList = v.nullish(v.array(v.string(TEXT), TEXT_LIST));
const optionalBoolean = v.nullish(v.boolean(BOOLEAN));

/** A link: `url` is any string (never refused for its scheme); unknown fields are kept. */
export const LinkSchema = v.looseObject(
  {
    url: v.string(requiredText),
    title: optionalText,
  },
  objectMessage('must be an object with a "url"', 'required'),
);

/** One entity of an imported file, before defaults. */
export const EntityInputSchema = v.looseObject(
  {
    id: v.nullish(v.pipe(v.string(TEXT), v.check((id) => !id.startsWith('_'), 'must not start with "_"'))),
    name: v.pipe(v.string(requiredText), v.check((name) => name.trim() !== '', 'required')),
    aliases: optionalTextList,
    type: v.nullish(v.pipe(v.string(TYPE_MESSAGE), v.check(isTypeText, TYPE_MESSAGE))),
    summary: optionalText,
    notes: optionalText,
    tags: optionalTextList,
    links: v.nullish(v.array(LinkSchema, 'must be a list of links')),
    updatedAt: v.nullish(v.pipe(v.string(DATE_MESSAGE), v.check((d) => d.trim() === '' || isIsoDate(d), DATE_MESSAGE))),
    guard: optionalBoolean,
    conflict: optionalBoolean,
  },
  objectMessage('must be an object', 'required'),
);
export type EntityInput = v.InferOutput<typeof EntityInputSchema>;

/**
 * The file object. `entities` is checked entity by entity elsewhere, so that a refusal can name
 * the entity's number. Header fields of published lists are read leniently (header.ts): a list
 * is never refused for its title or its `expires`.
 */
export const EntityFileSchema = v.looseObject(
  {
    format: v.optional(v.literal('backstory.entities', 'the file\'s "format" is not "backstory.entities"')),
    version: v.optional(v.literal(1, 'the file is not version 1 of the Backstory entity format, the only one this version reads')),
    entities: v.array(v.unknown(), 'the file\'s "entities" is not a list'),
  },
  objectMessage('the file holds no entities: it is neither a list of entities nor an object with "entities"', 'the file has no "entities" list'),
);

function isOptionalText(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}

function isOptionalTextList(value: unknown): boolean {
  return value === undefined || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
}

function isLink(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const link = value as Record<string, unknown>;
  return typeof link.url === 'string' && isOptionalText(link.title);
}

/**
 * The common shapes of a valid entity, checked by hand: 100,000 entities go through here on a
 * big import, and valibot's issue bookkeeping costs several times this. It may say false for a
 * valid entity (any `null`, say), never true for an invalid one (a property test holds it to
 * that); false sends the entity through `EntityInputSchema`, which also words the refusal.
 */
export function isPlainValidEntity(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const e = value as Record<string, unknown>;
  if (typeof e.name !== 'string' || e.name.trim() === '') return false;
  if (e.id !== undefined && (typeof e.id !== 'string' || e.id.startsWith('_'))) return false;
  if (!isOptionalText(e.summary) || !isOptionalText(e.notes)) return false;
  if (!isOptionalTextList(e.aliases) || !isOptionalTextList(e.tags)) return false;
  if (e.type !== undefined && (typeof e.type !== 'string' || !isTypeText(e.type))) return false;
  if (e.updatedAt !== undefined && (typeof e.updatedAt !== 'string' || (e.updatedAt.trim() !== '' && !isIsoDate(e.updatedAt)))) return false;
  if ((e.guard !== undefined && typeof e.guard !== 'boolean') || (e.conflict !== undefined && typeof e.conflict !== 'boolean')) return false;
  return e.links === undefined || (Array.isArray(e.links) && e.links.every(isLink));
}
