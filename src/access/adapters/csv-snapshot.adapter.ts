import { InvalidInputError } from '../../common/errors';
import { describeJsonShape } from '../../ingest/adapters/event-adapter';
import { AccessSnapshot, CAPABILITIES, Capability, SnapshotAdapter, SnapshotContext, SnapshotPrincipal } from '../access-snapshot';
import { CsvRow, csvCellError, parseBooleanCell, parseEmailCell, readCsvTable } from '../csv';
import { SnapshotBuilder, attachRaw, isCapability, resolveTakenAt, snapshotTimestamp } from './evident-snapshot.adapter';

export const CSV_SNAPSHOT_COLUMNS = ['email', 'name', 'role', 'project', 'environment', 'capabilities', 'last_seen_at', 'active'] as const;

const REQUIRED_COLUMNS = ['email', 'role', 'capabilities'] as const;
const OPTIONAL_COLUMNS = CSV_SNAPSHOT_COLUMNS.filter((c) => !(REQUIRED_COLUMNS as readonly string[]).includes(c));
const CAPABILITY_SEPARATOR = /[;|]/;
const MAX_CELL_LENGTH = 512;

/**
 * A hand-made or spreadsheet-exported access list: one row per grant, the person identified by
 * email (lowercased, which is also the principal id). A person may span several rows; their name,
 * last_seen_at and active must then agree or be left empty. A row with an empty role lists a
 * person without a grant. Errors name the CSV line and column.
 */
export class CsvSnapshotAdapter implements SnapshotAdapter {
  readonly source = 'csv';

  toSnapshot(doc: unknown, ctx: SnapshotContext): AccessSnapshot {
    if (typeof doc !== 'string') {
      throw new InvalidInputError(`the csv source takes CSV text, got ${describeJsonShape(doc)}`, [{ message: 'not CSV text' }]);
    }
    const takenAt = resolveTakenAt(ctx);
    const rows = readCsvTable(doc, { required: REQUIRED_COLUMNS, optional: OPTIONAL_COLUMNS });
    const builder = new SnapshotBuilder();
    const people = new People();
    for (const row of rows) {
      const principal = readPrincipal(row);
      people.add(principal, row);
      readGrant(row, principal.id, builder);
    }
    for (const principal of people.principals()) builder.addPrincipal(principal);
    return attachRaw(builder.build(this.source, ctx.instance, takenAt), doc);
  }
}

function readPrincipal(row: CsvRow): SnapshotPrincipal {
  const email = parseEmailCell(row, 'email');
  const principal: SnapshotPrincipal = { id: email, email, kind: 'user', active: parseBooleanCell(row, 'active', true) };
  const name = text(row, 'name');
  if (name !== '') principal.name = name;
  const lastSeen = row.get('last_seen_at');
  if (lastSeen !== '') principal.lastSeenAt = cellTimestamp(row, 'last_seen_at', lastSeen);
  return principal;
}

function readGrant(row: CsvRow, principal: string, builder: SnapshotBuilder): void {
  const role = text(row, 'role');
  const capabilities = readCapabilities(row);
  if (role === '') {
    for (const column of ['project', 'environment', 'capabilities']) {
      if (row.get(column) !== '') throw csvCellError(row.index, row.line, column, 'is set but role is empty; a row without a role lists a person, not a grant');
    }
    return;
  }
  builder.addGrant({
    principal,
    role,
    project: text(row, 'project') || '*',
    environment: text(row, 'environment') || '*',
    capabilities,
    via: 'direct',
  });
}

function readCapabilities(row: CsvRow): Capability[] {
  const caps: Capability[] = [];
  for (const part of row.get('capabilities').split(CAPABILITY_SEPARATOR)) {
    const cap = part.trim();
    if (cap === '') continue;
    if (!isCapability(cap)) {
      throw csvCellError(row.index, row.line, 'capabilities', `${JSON.stringify(cap.slice(0, 64))} is not a capability (one of ${CAPABILITIES.join(', ')}; separate them with ; or |)`);
    }
    caps.push(cap);
  }
  return caps;
}

function text(row: CsvRow, column: string): string {
  const value = row.get(column);
  if (value.length > MAX_CELL_LENGTH) throw csvCellError(row.index, row.line, column, `is ${value.length} characters long; the limit is ${MAX_CELL_LENGTH}`);
  return value;
}

function cellTimestamp(row: CsvRow, column: string, value: string): string {
  try {
    return snapshotTimestamp(value, column, row.index);
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    throw csvCellError(row.index, row.line, column, err.problems[0]?.message ?? err.message);
  }
}

type Attribute = 'name' | 'lastSeenAt' | 'active';

/**
 * Merges a person's rows into one principal. Each attribute is taken from the first row that
 * states it, and a later row stating something else is an error naming both lines: silently
 * keeping either value would make the snapshot depend on row order.
 */
class People {
  private readonly people = new Map<string, { principal: SnapshotPrincipal; said: Map<Attribute, { value: string; line: number }> }>();

  add(p: SnapshotPrincipal, row: CsvRow): void {
    let person = this.people.get(p.id);
    if (!person) this.people.set(p.id, (person = { principal: { id: p.id, email: p.email, kind: p.kind, active: true }, said: new Map() }));
    const { principal, said } = person;
    if (this.agree(said, 'name', 'name', p.name, row)) principal.name = p.name;
    if (this.agree(said, 'lastSeenAt', 'last_seen_at', p.lastSeenAt, row)) principal.lastSeenAt = p.lastSeenAt;
    // An empty active cell means "not said", so it neither sets nor contradicts.
    if (this.agree(said, 'active', 'active', row.get('active') === '' ? undefined : String(p.active), row)) principal.active = p.active;
  }

  principals(): SnapshotPrincipal[] {
    return [...this.people.values()].map((p) => p.principal);
  }

  /** True when this row is the first to state the attribute. */
  private agree(said: Map<Attribute, { value: string; line: number }>, key: Attribute, column: string, value: string | undefined, row: CsvRow): boolean {
    if (value === undefined) return false;
    const first = said.get(key);
    if (!first) {
      said.set(key, { value, line: row.line });
      return true;
    }
    if (first.value !== value) {
      throw csvCellError(
        row.index,
        row.line,
        column,
        `${JSON.stringify(value.slice(0, 64))} contradicts ${JSON.stringify(first.value.slice(0, 64))} on line ${first.line} for the same email`,
      );
    }
    return false;
  }
}
