import { InvalidInputError } from '../common/errors';

/**
 * A small RFC 4180 reader for the two CSV inputs of the access module (snapshot CSV, HR roster).
 * Only what those need: a header, quoted fields ("" escapes, embedded commas and line breaks),
 * CRLF or LF line ends, an optional UTF-8 BOM. Values are returned verbatim: a cell such as
 * `=HYPERLINK(...)` is data here; formula injection is neutralised where CSV is written.
 */

/** One CSV record and the physical line it starts on (1-based), for error messages. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

// lib ES2023 does not declare it, but every Node we support (>= 20) has it.
type WellFormedString = string & { isWellFormed(): boolean };

/** Where a cell is, for errors: the data record's 0-based index, its line and column name. */
export function csvCellError(index: number, line: number, column: string, message: string): InvalidInputError {
  return InvalidInputError.forRecord(index, column, message, line);
}

/** An error about the file or its header rather than one data record. */
export function csvFileError(line: number, message: string, column?: string): InvalidInputError {
  const where = [`line ${line}`, column ? `column "${column}"` : undefined].filter(Boolean).join(', ');
  return new InvalidInputError(`${where}: ${message}`, [{ line, field: column, message }]);
}

/**
 * Splits CSV text into records. Blank lines are skipped (a trailing newline is normal and some
 * exports pad with empty lines); a malformed quote is an error naming its line, because guessing
 * where a field ends would silently shift every later column.
 */
export function parseCsv(text: string): CsvRecord[] {
  if (!(text as WellFormedString).isWellFormed()) {
    throw csvFileError(1, 'text is not well-formed UTF-16 (it contains a lone surrogate)');
  }
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let line = 1;
  let pos = 0;
  while (pos < src.length) {
    const start = line;
    const { fields, next, lines } = readRecord(src, pos, line);
    pos = next;
    line += lines;
    if (!(fields.length === 1 && fields[0].trim() === '')) records.push({ line: start, fields });
  }
  return records;
}

interface RecordRead {
  fields: string[];
  /** Offset just past the record's line break. */
  next: number;
  /** Line breaks consumed, including those inside quoted fields. */
  lines: number;
}

function readRecord(src: string, start: number, line: number): RecordRead {
  const fields: string[] = [];
  let pos = start;
  let lines = 0;
  for (;;) {
    let value: string;
    if (src[pos] === '"') {
      const quoted = readQuoted(src, pos, line + lines);
      value = quoted.value;
      pos = quoted.next;
      lines += quoted.lines;
      const after = src[pos];
      if (after !== undefined && after !== ',' && after !== '\r' && after !== '\n') {
        throw csvFileError(line + lines, `unexpected ${JSON.stringify(after)} after a closing quote (a field that starts with " must end with ")`);
      }
    } else {
      let end = pos;
      while (end < src.length && src[end] !== ',' && src[end] !== '\r' && src[end] !== '\n') end++;
      value = src.slice(pos, end);
      if (value.includes('"')) {
        throw csvFileError(line + lines, `a quote inside an unquoted field (${JSON.stringify(value.slice(0, 40))}); quote the whole field and double the inner quotes`);
      }
      pos = end;
    }
    fields.push(value);
    const c = src[pos];
    if (c === ',') {
      pos++;
      continue;
    }
    if (c === '\r' && src[pos + 1] === '\n') pos += 2;
    else if (c === '\r' || c === '\n') pos += 1;
    return { fields, next: pos, lines: lines + (c === undefined ? 0 : 1) };
  }
}

function readQuoted(src: string, start: number, line: number): { value: string; next: number; lines: number } {
  let value = '';
  let pos = start + 1;
  let lines = 0;
  for (;;) {
    const close = src.indexOf('"', pos);
    if (close === -1) throw csvFileError(line, 'a quoted field is never closed');
    const chunk = src.slice(pos, close);
    lines += countLineBreaks(chunk);
    value += chunk;
    if (src[close + 1] === '"') {
      value += '"';
      pos = close + 2;
      continue;
    }
    return { value, next: close + 1, lines };
  }
}

/** CRLF counts once, a lone CR or LF once each: the same rule as record ends. */
function countLineBreaks(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\n') n++;
    else if (s[i] === '\r' && s[i + 1] !== '\n') n++;
  }
  return n;
}

/** A data row addressed by column name; absent columns read as ''. */
export interface CsvRow {
  /** 0-based index among data rows (the header is not counted). */
  index: number;
  line: number;
  get(column: string): string;
}

export interface CsvTableSpec {
  /** Column names that must be in the header. */
  required: readonly string[];
  /** Further column names that may be. Anything else is rejected by name. */
  optional: readonly string[];
}

/**
 * Header + rows, columns in any order. Header names are matched case-insensitively after
 * trimming; cells are trimmed because spreadsheet exports pad them. Every row must have as many
 * cells as the header, so a stray comma cannot move a value into the wrong column unnoticed.
 */
export function readCsvTable(text: string, spec: CsvTableSpec): CsvRow[] {
  const records = parseCsv(text);
  if (records.length === 0) throw csvFileError(1, `the file is empty; expected a header with ${spec.required.join(',')}`);
  const [header, ...data] = records;
  const columns = headerColumns(header, spec);
  return data.map((record, index) => {
    if (record.fields.length !== columns.length) {
      throw csvFileError(record.line, `has ${record.fields.length} fields but the header has ${columns.length}`);
    }
    const cells = new Map<string, string>();
    columns.forEach((name, i) => cells.set(name, record.fields[i].trim()));
    return { index, line: record.line, get: (column: string) => cells.get(column) ?? '' };
  });
}

function headerColumns(header: CsvRecord, spec: CsvTableSpec): string[] {
  const allowed = new Set([...spec.required, ...spec.optional]);
  const columns = header.fields.map((f) => f.trim().toLowerCase());
  const seen = new Set<string>();
  for (const name of columns) {
    if (!allowed.has(name)) {
      throw csvFileError(header.line, `unknown column (allowed: ${[...allowed].join(', ')})`, name);
    }
    if (seen.has(name)) throw csvFileError(header.line, 'the column appears twice in the header', name);
    seen.add(name);
  }
  const missing = spec.required.filter((name) => !seen.has(name));
  if (missing.length > 0) throw csvFileError(header.line, `the header lacks required column(s) ${missing.join(', ')}`);
  return columns;
}

// Cell readers shared by the snapshot CSV and the roster, so both accept the same spellings.

const EMAIL = /^[^\s@",;<>()[\]]+@[^\s@",;<>()[\]]+\.[^\s@",;<>()[\]]+$/;
const MAX_EMAIL_LENGTH = 254;

/** An email address, lowercased: HR systems and flag platforms disagree on case, people do not. */
export function parseEmailCell(row: CsvRow, column: string): string {
  const value = row.get(column);
  if (value === '') throw csvCellError(row.index, row.line, column, 'is required');
  if (value.length > MAX_EMAIL_LENGTH || !EMAIL.test(value)) {
    throw csvCellError(row.index, row.line, column, `${JSON.stringify(value.slice(0, 64))} is not an email address`);
  }
  return value.toLowerCase();
}

const TRUE_WORDS = new Set(['true', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'no', '0']);

/** true/false/yes/no/1/0 in any case; empty means `fallback`. */
export function parseBooleanCell(row: CsvRow, column: string, fallback: boolean): boolean {
  const value = row.get(column).toLowerCase();
  if (value === '') return fallback;
  if (TRUE_WORDS.has(value)) return true;
  if (FALSE_WORDS.has(value)) return false;
  throw csvCellError(row.index, row.line, column, `${JSON.stringify(row.get(column).slice(0, 32))} is not one of true, false, yes, no, 1, 0`);
}
