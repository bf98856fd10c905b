import { InvalidInputError } from '../common/errors';
import { toUtcTimestamp } from '../ingest/adapters/event-adapter';
import type { Roster, RosterEntry } from './access-snapshot';
import { CsvRow, csvCellError, parseEmailCell, readCsvTable } from './csv';

export const ROSTER_COLUMNS = ['email', 'status', 'terminated_at', 'manager_email', 'department'] as const;

const STATUSES: readonly RosterEntry['status'][] = ['active', 'terminated', 'leave'];
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_DEPARTMENT_LENGTH = 512;

/**
 * An HR roster export (CSV `email,status,terminated_at,manager_email,department`, columns in any
 * order, email and status required) → Roster, entries sorted by email so the same people in a
 * different row order give the same ledger entry.
 *
 * `asOf` is required in practice: a roster says nothing about when it was true, and using the
 * clock would make re-ingesting the same file a different entry. The parameter is optional only
 * so the caller's "not given" reaches here and gets the message asking for --as-of.
 */
export function parseRoster(csvText: string, asOf?: string): Roster {
  const when = rosterAsOf(asOf);
  const rows = readCsvTable(csvText, { required: ['email', 'status'], optional: ['terminated_at', 'manager_email', 'department'] });
  const firstLine = new Map<string, number>();
  const entries: RosterEntry[] = [];
  for (const row of rows) {
    const entry = readEntry(row);
    const earlier = firstLine.get(entry.email);
    if (earlier !== undefined) {
      throw csvCellError(row.index, row.line, 'email', `${entry.email} is listed twice, on lines ${earlier} and ${row.line}; give one row per person`);
    }
    firstLine.set(entry.email, row.line);
    entries.push(entry);
  }
  entries.sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  return { asOf: when, entries };
}

function rosterAsOf(asOf: string | undefined): string {
  if (asOf === undefined || asOf === null || asOf === '') {
    throw new InvalidInputError('asOf is required: pass --as-of (HTTP: ?asOf=) with the RFC 3339 time the roster export describes', [
      { field: 'asOf', message: 'is required' },
    ]);
  }
  try {
    return toUtcTimestamp(asOf, 0, 'asOf');
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    const message = err.problems[0]?.message ?? err.message;
    throw new InvalidInputError(`asOf: ${message}`, [{ field: 'asOf', message }]);
  }
}

function readEntry(row: CsvRow): RosterEntry {
  const entry: RosterEntry = { email: parseEmailCell(row, 'email'), status: readStatus(row) };
  const terminatedAt = readTerminatedAt(row, entry.status);
  if (terminatedAt !== undefined) entry.terminatedAt = terminatedAt;
  if (row.get('manager_email') !== '') entry.managerEmail = parseEmailCell(row, 'manager_email');
  const department = row.get('department');
  if (department.length > MAX_DEPARTMENT_LENGTH) {
    throw csvCellError(row.index, row.line, 'department', `is ${department.length} characters long; the limit is ${MAX_DEPARTMENT_LENGTH}`);
  }
  if (department !== '') entry.department = department;
  return entry;
}

function readStatus(row: CsvRow): RosterEntry['status'] {
  const value = row.get('status');
  const status = value.toLowerCase();
  if (value === '') throw csvCellError(row.index, row.line, 'status', `is required (${STATUSES.join(', ')})`);
  if (!(STATUSES as readonly string[]).includes(status)) {
    throw csvCellError(row.index, row.line, 'status', `${JSON.stringify(value.slice(0, 32))} is not one of ${STATUSES.join(', ')}`);
  }
  return status as RosterEntry['status'];
}

/**
 * Required for a leaver (ACC-TERMINATED compares it with access still held). HR exports often
 * carry a bare date; it is read as the start of that day in UTC, the earliest moment the person
 * may have been gone, so access on the leaving day is not overlooked. A date on someone active
 * or on leave is refused: it would be unclear which of the two columns is wrong.
 */
function readTerminatedAt(row: CsvRow, status: RosterEntry['status']): string | undefined {
  const value = row.get('terminated_at');
  if (value === '') {
    if (status === 'terminated') throw csvCellError(row.index, row.line, 'terminated_at', 'is required when status is terminated');
    return undefined;
  }
  if (status !== 'terminated') {
    throw csvCellError(row.index, row.line, 'terminated_at', `is set (${JSON.stringify(value.slice(0, 32))}) but status is ${status}; leave it empty unless the person is terminated`);
  }
  try {
    return toUtcTimestamp(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value, row.index, 'terminated_at');
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    throw csvCellError(row.index, row.line, 'terminated_at', `${JSON.stringify(value.slice(0, 40))} is not a date (2026-05-31) or an RFC 3339 time`);
  }
}
