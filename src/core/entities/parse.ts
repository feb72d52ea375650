/**
 * Import (CONTRACT §2): a file's bytes or text to validated entities, or one refusal for the whole
 * file naming the first bad entity (its 1-based number, or its CSV line) and field. The message
 * is written to follow `Import refused: `.
 */
import * as v from 'valibot';
import type { Entity } from './entity';
import { readCsv } from './csv';
import { decodeText, stripBom } from './decode';
import { readHeader, type ListHeader } from './header';
import { formatInvalid, normalizeEntity, rememberPresence, unknownFields, type PresentFields } from './normalize';
import { EntityFileSchema } from './schema';
import { IdAllocator, slugify } from './slug';

export interface ParseOptions {
  /** The file's name: `.csv`/`.tsv` or `.json` settle the format when the content could be either. */
  filename?: string;
  /** The import's time: `updatedAt` of entities that have none. Default: now. */
  now?: Date;
  /** Precision guard for entities that say nothing and whose file header says nothing either. */
  guard?: boolean;
  /**
   * Ids that ids made from names must also avoid. Leave it out for the reader's own imports: an
   * id-less file imported twice should update the same entities, not duplicate them.
   */
  avoidIds?: Iterable<string>;
}

export type ParseResult =
  | {
      ok: true;
      entities: Entity[];
      /** `present[i]`: the fields `entities[i]` really gave (the others hold defaults); see merge.ts. */
      present: PresentFields[];
      format: 'json' | 'csv';
      /** Header fields of a JSON file (published lists); empty for CSV and bare arrays. */
      header: ListHeader;
      /** Every file-level field but `format`, `version`, `entities` (header fields included), for exportJson. */
      fileExtra: Record<string, unknown>;
    }
  | { ok: false; error: string };

const FILE_FIELDS: ReadonlySet<string> = new Set(['format', 'version', 'entities']);

interface RawEntities {
  raws: unknown[];
  /** How a refusal names entity `i`: `entity 3 ("Foo")` or `line 4`; `short` drops the name. */
  locate: (i: number, short?: boolean) => string;
  header: ListHeader;
  fileExtra: Record<string, unknown>;
  format: 'json' | 'csv';
}

export function parseEntityFile(input: string | Uint8Array, options: ParseOptions = {}): ParseResult {
  const text = typeof input === 'string' ? stripBom(input) : decodeText(input);
  if (text.trim() === '') return { ok: false, error: 'the file is empty' };
  const read = looksLikeJson(text, options.filename) ? readJson(text) : readCsvFile(text, options.filename);
  if (typeof read === 'string') return { ok: false, error: read };
  return validateAll(read, options);
}

function looksLikeJson(text: string, filename = ''): boolean {
  if (/\.(csv|tsv|txt)$/i.test(filename)) return false;
  return /\.json$/i.test(filename) || /^\s*[[{]/.test(text);
}

function readJson(text: string): RawEntities | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return `the file is not valid JSON (${(e as Error).message})`;
  }
  const header: ListHeader = {};
  let fileExtra: Record<string, unknown> = {};
  let raws: unknown[];
  if (Array.isArray(data)) {
    raws = data;
  } else {
    const file = v.safeParse(EntityFileSchema, data);
    if (!file.success) return file.issues[0].message;
    const object = data as Record<string, unknown>;
    raws = object.entities as unknown[];
    Object.assign(header, readHeader(object));
    fileExtra = unknownFields(object, FILE_FIELDS) ?? {};
  }
  const locate = (i: number, short = false): string => `entity ${i + 1}${short ? '' : nameLabel(raws[i])}`;
  return { raws, locate, header, fileExtra, format: 'json' };
}

/** ` ("Foo")` for an entity that has a usable name, shortened so the status line stays one line. */
function nameLabel(raw: unknown): string {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return '';
  const name = (raw as Record<string, unknown>).name;
  if (typeof name !== 'string' || name.trim() === '') return '';
  const chars = [...name.trim()];
  return ` ("${chars.length > 40 ? `${chars.slice(0, 39).join('')}…` : chars.join('')}")`;
}

function readCsvFile(text: string, filename?: string): RawEntities | string {
  const csv = readCsv(text);
  if (!csv.ok) {
    // Without a .csv name, text with no usable header row was probably never meant as CSV.
    if (csv.noHeader && !/\.(csv|tsv|txt)$/i.test(filename ?? '')) {
      return 'the file is neither JSON nor CSV with a header row naming a "name" column';
    }
    return csv.error;
  }
  const { rows } = csv;
  return { raws: rows.map((r) => r.raw), locate: (i) => `line ${rows[i].line}`, header: {}, fileExtra: {}, format: 'csv' };
}

function validateAll(read: RawEntities, options: ParseOptions): ParseResult {
  const defaults = { updatedAt: (options.now ?? new Date()).toISOString(), guard: read.header.guard ?? options.guard };
  const entities: Entity[] = new Array(read.raws.length);
  const present: PresentFields[] = new Array(read.raws.length);
  const explicitIds = new Map<string, number>();
  for (let i = 0; i < read.raws.length; i++) {
    const result = normalizeEntity(read.raws[i], defaults);
    if (!result.ok) return { ok: false, error: `${read.locate(i)}: ${formatInvalid(result)}` };
    const { id } = result.entity;
    if (id !== '') {
      const first = explicitIds.get(id);
      if (first !== undefined) {
        return { ok: false, error: `${read.locate(i)}: field "id": "${id}" is also the id of ${read.locate(first, true)}` };
      }
      explicitIds.set(id, i);
    }
    entities[i] = result.entity;
    present[i] = result.present;
  }
  // Ids made from names come last, so that they avoid every explicit id, wherever it stands.
  const ids = new IdAllocator(explicitIds.keys());
  for (const id of options.avoidIds ?? []) ids.reserve(id);
  for (let i = 0; i < entities.length; i++) {
    if (entities[i].id === '') entities[i].id = ids.allocate(slugify(entities[i].name));
    rememberPresence(entities[i], present[i]);
  }
  return { ok: true, entities, present, format: read.format, header: read.header, fileExtra: read.fileExtra };
}
