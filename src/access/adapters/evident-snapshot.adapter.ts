import { InvalidInputError } from '../../common/errors';
import { JsonObject, describeJsonShape, isJsonObject, toUtcTimestamp } from '../../ingest/adapters/event-adapter';
import { MAX_IDENTIFIER_LENGTH } from '../../ingest/adapters/evident.adapter';
import { assertSafeJson, childPath } from '../../ingest/json-safety';
import { redactSecrets } from '../../ingest/redaction';
import {
  AccessSnapshot,
  CAPABILITIES,
  Capability,
  PrincipalKind,
  SnapshotAdapter,
  SnapshotContext,
  SnapshotGrant,
  SnapshotPrincipal,
} from '../access-snapshot';

// ---------------------------------------------------------------------------------------------
// Shared by every snapshot adapter. They live beside the generic format because that format is
// the definition of what a valid snapshot is; the platform adapters build towards it.
// ---------------------------------------------------------------------------------------------

/**
 * Largest export (as JSON text, after redaction) kept in `raw`. A snapshot is one ledger entry;
 * a 50k-user IdP export would make every review and packet carry megabytes nobody reads, while
 * the normalized principals and grants already are the evidence.
 */
export const MAX_RAW_SNAPSHOT_CHARS = 2_000_000;

/** An error about one field: of record `index` when given, else of the document as a whole. */
export function snapshotFieldError(field: string, message: string, index?: number): InvalidInputError {
  if (index !== undefined) return InvalidInputError.forRecord(index, field, message);
  return new InvalidInputError(`field "${field}": ${message}`, [{ field, message }]);
}

/** toUtcTimestamp, but able to blame a document-level field (no record index). */
export function snapshotTimestamp(value: unknown, field: string, index?: number): string {
  try {
    return toUtcTimestamp(value, index ?? 0, field);
  } catch (err) {
    if (index !== undefined || !(err instanceof InvalidInputError)) throw err;
    throw snapshotFieldError(field, err.problems[0]?.message ?? err.message);
  }
}

/** Document fields a platform export may carry its own time in (our combined documents define them). */
export const DOCUMENT_TIME_FIELDS = ['takenAt', 'exportedAt'] as const;

/**
 * The snapshot's time: the caller's, else the export's own. Never the clock: the same export
 * must always hash to the same ledger entry, and "when we happened to read the file" is not when
 * the access existed.
 */
export function resolveTakenAt(ctx: SnapshotContext, doc?: JsonObject): string {
  const fromDoc = doc ? documentTime(doc) : undefined;
  if (ctx.takenAt !== undefined && ctx.takenAt !== null) return snapshotTimestamp(ctx.takenAt, 'takenAt');
  if (fromDoc !== undefined) return fromDoc;
  throw snapshotFieldError(
    'takenAt',
    'the export does not say when it was taken; pass --taken-at (HTTP: ?takenAt=) with the RFC 3339 time the export was made',
  );
}

function documentTime(doc: JsonObject): string | undefined {
  let found: { field: string; time: string } | undefined;
  for (const field of DOCUMENT_TIME_FIELDS) {
    const value = doc[field];
    if (value === undefined || value === null) continue;
    const time = snapshotTimestamp(value, field);
    if (found && found.time !== time) {
      throw snapshotFieldError(field, `${time} disagrees with ${found.field} ${found.time}; give one time`);
    }
    found ??= { field, time };
  }
  return found?.time;
}

const CAPABILITY_SET: ReadonlySet<string> = new Set(CAPABILITIES);

export function isCapability(value: unknown): value is Capability {
  return typeof value === 'string' && CAPABILITY_SET.has(value);
}

/** One capability from input, or an error listing the valid ones. */
export function checkCapability(value: unknown, field: string, index?: number): Capability {
  if (isCapability(value)) return value;
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 64)) : describeJsonShape(value);
  throw snapshotFieldError(field, `${shown} is not a capability (one of ${CAPABILITIES.join(', ')})`, index);
}

/** Capabilities in the order CAPABILITIES lists them, without repeats: stable output. */
export function sortCapabilities(caps: Iterable<Capability>): Capability[] {
  const set = new Set(caps);
  return CAPABILITIES.filter((c) => set.has(c));
}

/** Code-unit order: locale collation would make the output depend on the host. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function grantKey(g: Pick<SnapshotGrant, 'principal' | 'project' | 'environment' | 'role' | 'via'>): string {
  return JSON.stringify([g.principal, g.project, g.environment, g.role, g.via]);
}

/**
 * Collects principals and grants as an adapter discovers them, in any order, and hands back the
 * sorted, de-duplicated lists. The same person often appears in several parts of an export
 * (user list, project access, group members); the first sighting wins and later ones only fill
 * in what it lacked, except that any sighting as a service makes the principal a service (Unleash
 * marks API users only in some responses).
 */
export class SnapshotBuilder {
  private readonly principals = new Map<string, SnapshotPrincipal>();
  private readonly grants = new Map<string, SnapshotGrant>();

  addPrincipal(p: SnapshotPrincipal): void {
    const known = this.principals.get(p.id);
    if (!known) {
      this.principals.set(p.id, withoutUndefined(p));
      return;
    }
    if (known.email === undefined && p.email !== undefined) known.email = p.email;
    if (known.name === undefined && p.name !== undefined) known.name = p.name;
    if (known.lastSeenAt === undefined && p.lastSeenAt !== undefined) known.lastSeenAt = p.lastSeenAt;
    if (p.kind === 'service') known.kind = 'service';
  }

  hasPrincipal(id: string): boolean {
    return this.principals.has(id);
  }

  /** The same assignment reached twice (e.g. two statements of one role) is one grant. */
  addGrant(g: SnapshotGrant): void {
    const key = grantKey(g);
    const known = this.grants.get(key);
    if (known) known.capabilities = sortCapabilities([...known.capabilities, ...g.capabilities]);
    else this.grants.set(key, { ...g, capabilities: sortCapabilities(g.capabilities) });
  }

  build(source: string, instance: string, takenAt: string): AccessSnapshot {
    if (instance === '') throw snapshotFieldError('instance', 'is required (the name of the platform instance the export came from)');
    const principals = [...this.principals.values()].sort((a, b) => compareStrings(a.id, b.id));
    const grants = [...this.grants.values()].sort(compareGrants);
    for (const g of grants) {
      // An adapter bug, not bad input: every adapter adds a grant's principal first.
      if (!this.principals.has(g.principal)) throw new Error(`snapshot grant names unknown principal ${JSON.stringify(g.principal)}`);
    }
    return { source, instance, takenAt, principals, grants };
  }
}

function compareGrants(a: SnapshotGrant, b: SnapshotGrant): number {
  return (
    compareStrings(a.principal, b.principal) ||
    compareStrings(a.project, b.project) ||
    compareStrings(a.environment, b.environment) ||
    compareStrings(a.role, b.role) ||
    compareStrings(a.via, b.via)
  );
}

function withoutUndefined(p: SnapshotPrincipal): SnapshotPrincipal {
  const out: SnapshotPrincipal = { id: p.id, kind: p.kind, active: p.active };
  if (p.email !== undefined) out.email = p.email;
  if (p.name !== undefined) out.name = p.name;
  if (p.lastSeenAt !== undefined) out.lastSeenAt = p.lastSeenAt;
  return out;
}

/**
 * Keeps the export in `raw` with its secrets redacted, when small enough (MAX_RAW_SNAPSHOT_CHARS).
 * `extraRedactions` are paths an adapter already redacted itself (platform-specific secrets the
 * generic redactor does not know, such as Unleash invite links).
 */
export function attachRaw(snapshot: AccessSnapshot, value: unknown, extraRedactions: string[] = []): AccessSnapshot {
  if (value === undefined || value === null) return snapshot;
  const { value: redacted, paths } = redactSecrets(value, 'raw');
  const size = typeof redacted === 'string' ? redacted.length : JSON.stringify(redacted).length;
  if (size > MAX_RAW_SNAPSHOT_CHARS) return snapshot;
  snapshot.raw = redacted;
  const redactions = [...extraRedactions, ...paths].sort(compareStrings);
  if (redactions.length > 0) snapshot.redactions = redactions;
  return snapshot;
}

/**
 * The platform exports wrap lists in different ways (`[...]`, `{items: [...]}` for LaunchDarkly,
 * `{users: [...]}` for Unleash, `{Resources: [...]}` for SCIM). Absent → [].
 */
export function listIn(value: unknown, field: string, wrapperKeys: readonly string[]): { items: unknown[]; path: string } {
  if (value === undefined || value === null) return { items: [], path: field };
  if (Array.isArray(value)) return { items: value, path: field };
  if (isJsonObject(value)) {
    for (const key of wrapperKeys) {
      if (Array.isArray(value[key])) return { items: value[key] as unknown[], path: childPath(field, key) };
    }
  }
  const expected = ['an array', ...wrapperKeys.map((k) => `{"${k}": [...]}`)].join(' or ');
  throw snapshotFieldError(field, `must be ${expected}, got ${describeJsonShape(value)}`);
}

/** A string field that may be absent or null (both mean "not given"). */
export function optionalText(obj: JsonObject, key: string, path: string, index?: number): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw snapshotFieldError(path, `must be a string, got ${describeJsonShape(value)}`, index);
  return value;
}

/** A required id: a non-empty string, or a safe integer (Unleash ids) written as its decimal string. */
export function requireId(obj: JsonObject, key: string, path: string, index?: number): string {
  const value = obj[key];
  if (value === undefined || value === null) throw snapshotFieldError(path, 'is required', index);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value !== 'string' || value === '') {
    throw snapshotFieldError(path, `must be a non-empty string or an integer, got ${describeJsonShape(value)}`, index);
  }
  if (value.length > MAX_IDENTIFIER_LENGTH) {
    throw snapshotFieldError(path, `is ${value.length} characters long; the limit is ${MAX_IDENTIFIER_LENGTH}`, index);
  }
  return value;
}

/** A required non-empty string of bounded length (names, keys, roles). */
export function requireText(obj: JsonObject, key: string, path: string, index?: number): string {
  const value = obj[key];
  if (value === undefined || value === null) throw snapshotFieldError(path, 'is required', index);
  if (typeof value !== 'string' || value === '') throw snapshotFieldError(path, `must be a non-empty string, got ${describeJsonShape(value)}`, index);
  if (value.length > MAX_IDENTIFIER_LENGTH) {
    throw snapshotFieldError(path, `is ${value.length} characters long; the limit is ${MAX_IDENTIFIER_LENGTH}`, index);
  }
  return value;
}

/** An object element of a list, or an error naming it. */
export function requireObjectAt(value: unknown, path: string, index: number | undefined, what: string): JsonObject {
  if (!isJsonObject(value)) throw snapshotFieldError(path, `expected ${what}, got ${describeJsonShape(value)}`, index);
  return value;
}

// ---------------------------------------------------------------------------------------------
// The generic format (DESIGN.md "Access snapshot").
// ---------------------------------------------------------------------------------------------

const TOP_LEVEL_FIELDS: ReadonlySet<string> = new Set(['source', 'instance', 'takenAt', 'principals', 'grants', 'raw']);
const PRINCIPAL_FIELDS: ReadonlySet<string> = new Set(['id', 'email', 'name', 'kind', 'active', 'lastSeenAt']);
const GRANT_FIELDS: ReadonlySet<string> = new Set(['principal', 'role', 'project', 'environment', 'capabilities', 'via']);
const PRINCIPAL_KINDS: readonly PrincipalKind[] = ['user', 'service', 'group'];

/**
 * Evident's own snapshot format, for any platform without an adapter. Strict: an unknown field
 * is rejected by name, because a misspelt `capabilites` would otherwise read as "no access".
 * The document names its own source and instance (it may relay another platform's snapshot),
 * so ctx.instance is not used; ctx.takenAt still wins over the document's takenAt.
 */
export class EvidentSnapshotAdapter implements SnapshotAdapter {
  readonly source = 'evident';

  toSnapshot(doc: unknown, ctx: SnapshotContext): AccessSnapshot {
    assertSafeJson(doc, 0);
    if (!isJsonObject(doc)) {
      throw new InvalidInputError(`expected an access snapshot object, got ${describeJsonShape(doc)}`, [{ message: 'not an object' }]);
    }
    rejectUnknownFields(doc, TOP_LEVEL_FIELDS, '');
    const source = requireText(doc, 'source', 'source');
    const instance = requireText(doc, 'instance', 'instance');
    const takenAt = resolveTakenAt(ctx, doc);

    const builder = new SnapshotBuilder();
    const principalIndex = readPrincipals(doc, builder);
    readGrants(doc, principalIndex, builder);
    return attachRaw(builder.build(source, instance, takenAt), doc.raw);
  }
}

function rejectUnknownFields(obj: JsonObject, allowed: ReadonlySet<string>, prefix: string, index?: number): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.has(key)) {
      throw snapshotFieldError(childPath(prefix, key), `unknown field (allowed: ${[...allowed].join(', ')})`, index);
    }
  }
}

function requireArray(doc: JsonObject, field: string): unknown[] {
  const value = doc[field];
  if (value === undefined || value === null) throw snapshotFieldError(field, 'is required (an array, possibly empty)');
  if (!Array.isArray(value)) throw snapshotFieldError(field, `must be an array, got ${describeJsonShape(value)}`);
  return value;
}

/** Returns principal id → its index, to name both records of a duplicate and to resolve grants. */
function readPrincipals(doc: JsonObject, builder: SnapshotBuilder): Map<string, number> {
  const seen = new Map<string, number>();
  requireArray(doc, 'principals').forEach((item, i) => {
    const path = `principals[${i}]`;
    const p = requireObjectAt(item, path, i, 'a principal object');
    rejectUnknownFields(p, PRINCIPAL_FIELDS, path, i);
    const id = requireId(p, 'id', `${path}.id`, i);
    const first = seen.get(id);
    if (first !== undefined) throw snapshotFieldError(`${path}.id`, `duplicate principal id ${JSON.stringify(id)} (also principals[${first}])`, i);
    seen.set(id, i);

    const principal: SnapshotPrincipal = { id, kind: requireKind(p, path, i), active: requireBoolean(p, 'active', path, i) };
    const email = optionalText(p, 'email', `${path}.email`, i);
    const name = optionalText(p, 'name', `${path}.name`, i);
    if (email !== undefined) principal.email = email;
    if (name !== undefined) principal.name = name;
    if (p.lastSeenAt !== undefined && p.lastSeenAt !== null) principal.lastSeenAt = snapshotTimestamp(p.lastSeenAt, `${path}.lastSeenAt`, i);
    builder.addPrincipal(principal);
  });
  return seen;
}

function requireKind(p: JsonObject, path: string, index: number): PrincipalKind {
  const kind = p.kind;
  if (typeof kind === 'string' && (PRINCIPAL_KINDS as readonly string[]).includes(kind)) return kind as PrincipalKind;
  if (kind === undefined || kind === null) throw snapshotFieldError(`${path}.kind`, `is required (${PRINCIPAL_KINDS.join(', ')})`, index);
  throw snapshotFieldError(`${path}.kind`, `must be one of ${PRINCIPAL_KINDS.join(', ')}, got ${JSON.stringify(kind)}`, index);
}

function requireBoolean(obj: JsonObject, key: string, path: string, index: number): boolean {
  const value = obj[key];
  if (typeof value === 'boolean') return value;
  if (value === undefined || value === null) throw snapshotFieldError(`${path}.${key}`, 'is required (true or false)', index);
  throw snapshotFieldError(`${path}.${key}`, `must be true or false, got ${describeJsonShape(value)} ${JSON.stringify(value)}`, index);
}

function readGrants(doc: JsonObject, principals: Map<string, number>, builder: SnapshotBuilder): void {
  requireArray(doc, 'grants').forEach((item, i) => {
    const path = `grants[${i}]`;
    const g = requireObjectAt(item, path, i, 'a grant object');
    rejectUnknownFields(g, GRANT_FIELDS, path, i);
    const principal = requireId(g, 'principal', `${path}.principal`, i);
    if (!principals.has(principal)) {
      throw snapshotFieldError(`${path}.principal`, `no principal with id ${JSON.stringify(principal)} in principals`, i);
    }
    builder.addGrant({
      principal,
      role: requireText(g, 'role', `${path}.role`, i),
      project: requireText(g, 'project', `${path}.project`, i),
      environment: requireText(g, 'environment', `${path}.environment`, i),
      capabilities: requireCapabilities(g, path, i),
      via: requireText(g, 'via', `${path}.via`, i),
    });
  });
}

function requireCapabilities(g: JsonObject, path: string, index: number): Capability[] {
  const value = g.capabilities;
  const field = `${path}.capabilities`;
  if (value === undefined || value === null) throw snapshotFieldError(field, 'is required (an array, possibly empty)', index);
  if (!Array.isArray(value)) throw snapshotFieldError(field, `must be an array, got ${describeJsonShape(value)}`, index);
  return value.map((c: unknown, k) => checkCapability(c, `${field}[${k}]`, index));
}
