/**
 * CSV import and export (CONTRACT §2). A header row names any of the columns below, in any order
 * and any case (only `name` is required); `extra` holds the JSON of the other fields.
 *
 * Reading turns each row into the same raw object a JSON file would hold, so that one validator
 * (normalize.ts) judges both. Writing is lossless: whatever a cell cannot carry (guard, conflict,
 * unknown fields, links the `links` cell cannot spell) goes into the `extra` JSON, and the reader
 * takes known fields found there as those fields.
 */
import Papa from 'papaparse';
import { KNOWN_ENTITY_FIELDS, type Entity } from './entity';
import { readLinks, readList, writeLinks, writeList } from './csv-cells';

/** The columns the exporter writes, in this order. */
export const CSV_COLUMNS = ['id', 'name', 'aliases', 'type', 'summary', 'notes', 'tags', 'links', 'updatedAt', 'extra'] as const;
type Column = (typeof CSV_COLUMNS)[number] | 'guard' | 'conflict';

/** Header names the reader knows, lower-cased. `guard`/`conflict` columns are read for hand-made sheets. */
const COLUMN_BY_NAME: ReadonlyMap<string, Column> = new Map(
  [...CSV_COLUMNS, 'guard', 'conflict'].map((c) => [c.toLowerCase(), c as Column]),
);
const KNOWN: ReadonlySet<string> = new Set(KNOWN_ENTITY_FIELDS);

export interface CsvRow {
  /** 1-based line of the file where the row starts (quoted newlines make rows span lines). */
  line: number;
  /** The row as the JSON object it stands for. */
  raw: Record<string, unknown>;
}
export type CsvReadResult = { ok: true; rows: CsvRow[] } | { ok: false; error: string; noHeader?: boolean };

/** `,`, `;` or tab: whichever the header line uses most (spreadsheets in many locales write `;`). */
function detectDelimiter(headerLine: string): string {
  const counts = [',', ';', '\t'].map((d) => [d, headerLine.split(d).length - 1] as const);
  const [best, count] = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  // A header of one column (a sheet of names alone): nothing on a line is a delimiter, so a name
  // with a comma (`Bosnia, Herzegovina` from a `;` sheet, which leaves commas unquoted) stays whole.
  return count === 0 ? ONE_COLUMN : best;
}

/** A delimiter no text holds (the ASCII unit separator): every line is one value. */
const ONE_COLUMN = '\u001f';

/** Reads CSV text (already decoded, BOM stripped) into raw entity objects with their lines. */
export function readCsv(text: string): CsvReadResult {
  let body = text;
  let lineOffset = 0;
  let delimiter: string | undefined;
  // Excel's `sep=;` first line names the delimiter.
  const sep = /^sep=(.)\r?\n/i.exec(body);
  if (sep) {
    delimiter = sep[1];
    body = body.slice(sep[0].length);
    lineOffset = 1;
  }
  delimiter ??= detectDelimiter(body.slice(0, body.search(/\r|\n|$/)));
  const breakChar = body.includes('\n') ? '\n' : '\r';

  const records: { line: number; cells: string[] }[] = [];
  let error: string | undefined;
  let line = 1 + lineOffset;
  let counted = 0;
  Papa.parse<string[]>(body, {
    delimiter,
    step: (result, parser) => {
      // The row starts where the previous one ended; count line breaks up to there.
      const start = counted;
      const quoteError = result.errors.find((e) => e.type === 'Quotes');
      if (quoteError) {
        error = `line ${line}: ${quoteError.code === 'MissingQuotes' ? 'a quoted value is never closed' : 'a closing quote is followed by more text in the same value'}`;
        parser.abort();
        return;
      }
      records.push({ line, cells: result.data });
      counted = result.meta.cursor;
      for (let i = body.indexOf(breakChar, start); i >= 0 && i < counted; i = body.indexOf(breakChar, i + 1)) line++;
    },
  });
  if (error) return { ok: false, error };

  const nonBlank = (cells: string[]): boolean => cells.some((c) => c.trim() !== '');
  const headerIndex = records.findIndex((r) => nonBlank(r.cells));
  if (headerIndex < 0) return { ok: false, error: 'the file holds no header row', noHeader: true };
  const header = records[headerIndex];
  const columns: (Column | string)[] = [];
  for (const cell of header.cells) {
    const name = cell.trim();
    const column = COLUMN_BY_NAME.get(name.toLowerCase()) ?? name;
    if (column !== '' && columns.includes(column)) return { ok: false, error: `line ${header.line}: the column "${name}" appears twice` };
    columns.push(column);
  }
  if (!columns.includes('name')) {
    return { ok: false, error: `line ${header.line}: the header row has no "name" column`, noHeader: true };
  }

  const rows: CsvRow[] = [];
  for (const record of records.slice(headerIndex + 1)) {
    if (!nonBlank(record.cells)) continue;
    const raw = rowToRaw(record.cells, columns);
    if (typeof raw === 'string') return { ok: false, error: `line ${record.line}: ${raw}` };
    rows.push({ line: record.line, raw });
  }
  return { ok: true, rows };
}

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or carriage return first,
 * OWASP's list: https://owasp.org/www-community/attacks/CSV_Injection), behind any apostrophes.
 * The exporter writes such a cell with one more `'` in front, which spreadsheets take for "text";
 * the reader takes one off a cell that has an apostrophe before those characters. Every value
 * thus comes back exactly (`'=x` is written `''=x`), and a team member's `=HYPERLINK(…)` summary
 * never runs in the reader's spreadsheet.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const DEFUSED_FORMULA = /^'+[=+\-@\t\r]/;

/** The cell's value as the exporter had it: one defusing apostrophe taken off. */
function undefused(cell: string): string {
  return DEFUSED_FORMULA.test(cell) ? cell.slice(1) : cell;
}

const BOOLEAN_TEXT: ReadonlyMap<string, boolean> = new Map([
  ['true', true], ['yes', true], ['1', true], ['false', false], ['no', false], ['0', false],
]);

/** One data row as a raw entity, or the problem (without its line). */
function rowToRaw(cells: string[], columns: readonly string[]): Record<string, unknown> | string {
  const raw: Record<string, unknown> = {};
  /** Fields whose cell held something: `extra` must not give them a second time. */
  const filled = new Set<string>();
  let extraCell = '';
  for (let i = 0; i < cells.length; i++) {
    const cell = undefused(cells[i]);
    const column = columns[i];
    const blank = cell.trim() === '';
    if (column === undefined || column === '') {
      if (blank) continue;
      return column === undefined
        ? `the row has ${cells.length} values but the header row names ${columns.length} ${columns.length === 1 ? 'column' : 'columns'}`
        : `a value in column ${i + 1}, which has no name in the header row`;
    }
    if (!blank && column !== 'extra') filled.add(column);
    switch (column) {
      case 'aliases':
      case 'tags':
        raw[column] = readList(cell);
        break;
      case 'links':
        raw.links = readLinks(cell);
        break;
      case 'extra':
        extraCell = cell;
        break;
      case 'guard':
      case 'conflict': {
        if (blank) break;
        const value = BOOLEAN_TEXT.get(cell.trim().toLowerCase());
        if (value === undefined) return `field "${column}": must be true or false`;
        raw[column] = value;
        break;
      }
      default:
        // Known text fields keep even a blank cell (it says "empty"); unknown columns only values.
        if (KNOWN.has(column) || !blank) Object.defineProperty(raw, column, { value: cell, enumerable: true, writable: true, configurable: true });
    }
  }
  if (extraCell.trim() === '') return raw;
  let extra: unknown;
  try {
    extra = JSON.parse(extraCell);
  } catch (e) {
    return `field "extra": not valid JSON (${(e as Error).message})`;
  }
  if (extra === null || typeof extra !== 'object' || Array.isArray(extra)) return 'field "extra": must be a JSON object';
  for (const [key, value] of Object.entries(extra)) {
    if (filled.has(key)) return `field "${key}" is given both in its column and in "extra"`;
    Object.defineProperty(raw, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return raw;
}

/**
 * The entities as CSV: a UTF-8 byte-order mark (so spreadsheets read the text as UTF-8), `,`,
 * CRLF line ends (RFC 4180), every column of CSV_COLUMNS, formulas defused (FORMULA_START), and a
 * final line break.
 */
export function exportCsv(entities: readonly Entity[]): string {
  const data = entities.map((e) => {
    const extra: Record<string, unknown> = {};
    if (e.guard !== undefined) extra.guard = e.guard;
    if (e.conflict !== undefined) extra.conflict = e.conflict;
    let links = writeLinks(e.links);
    if (links === undefined) {
      extra.links = e.links;
      links = '';
    }
    for (const [key, value] of Object.entries(e.extra ?? {})) {
      if (!KNOWN.has(key)) Object.defineProperty(extra, key, { value, enumerable: true, writable: true, configurable: true });
    }
    const extraCell = Object.keys(extra).length ? JSON.stringify(extra) : '';
    return [e.id, e.name, writeList(e.aliases), e.type, e.summary, e.notes, writeList(e.tags), links, e.updatedAt, extraCell];
  });
  return `\uFEFF${Papa.unparse({ fields: [...CSV_COLUMNS], data }, { newline: '\r\n', escapeFormulae: FORMULA_START })}\r\n`;
}
