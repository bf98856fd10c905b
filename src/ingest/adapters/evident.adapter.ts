import { InvalidInputError } from '../../common/errors';
import { assertSafeJson } from '../json-safety';
import { ActorKind, NORMALIZED_TYPES, NormalizedActor, NormalizedEvent } from '../normalized-event';
import { redactSecrets } from '../redaction';
import { AdapterContext, EventAdapter, JsonObject, describeJsonShape, isJsonObject, splitEventsDocument, toUtcTimestamp } from './event-adapter';

/** Longest accepted identifier-like string (source, instance, id, names, …). */
export const MAX_IDENTIFIER_LENGTH = 512;

const KNOWN_TYPES: ReadonlySet<string> = new Set(NORMALIZED_TYPES);
/** DESIGN.md leaves these families open: a source may send e.g. `project.renamed`. */
const OPEN_FAMILY_TYPE = /^(?:segment|access\.group|environment|project)(?:\.[a-z_]+)+$/;
const ACTOR_KINDS: ReadonlySet<string> = new Set<ActorKind>(['user', 'service', 'system']);

const TOP_LEVEL_FIELDS: ReadonlySet<string> = new Set([
  'source',
  'instance',
  'id',
  'type',
  'time',
  'actor',
  'project',
  'environment',
  'flag',
  'changeRequest',
  'before',
  'after',
  'ip',
  'raw',
  'nativeType',
  // Part of NormalizedEvent (Unleash transaction groups), so normalized events round-trip.
  'group',
]);
const ACTOR_FIELDS: ReadonlySet<string> = new Set(['kind', 'id', 'email', 'name']);
const CHANGE_REQUEST_FIELDS: ReadonlySet<string> = new Set(['id', 'groupId']);
const GROUP_FIELDS: ReadonlySet<string> = new Set(['type', 'id']);

/**
 * Evident's own generic format (DESIGN.md "Normalized event"), for any platform without an
 * adapter. Validation is strict because nothing downstream can guess what a typo meant.
 */
export class EvidentAdapter implements EventAdapter {
  readonly source = 'evident';

  split(doc: unknown): unknown[] {
    return splitEventsDocument(doc, () => true, 'an event object, an array of events, or {"events": [...]}');
  }

  // ctx is unused: a generic record names its own instance (it may relay several).
  map(record: unknown, index: number, _ctx: AdapterContext): NormalizedEvent {
    assertSafeJson(record, index);
    if (!isJsonObject(record)) {
      throw InvalidInputError.forRecord(index, undefined, `expected an event object, got ${describeJsonShape(record)}`);
    }
    rejectUnknownFields(record, TOP_LEVEL_FIELDS, '', index);

    const event: NormalizedEvent = {
      source: requireIdentifier(record, 'source', index),
      instance: requireIdentifier(record, 'instance', index),
      id: requireIdentifier(record, 'id', index, true),
      type: requireType(record, index),
      time: toUtcTimestamp(required(record, 'time', index), index, 'time'),
      actor: requireActor(record, index),
    };
    for (const field of ['project', 'environment', 'flag', 'ip', 'nativeType'] as const) {
      const value = optionalIdentifier(record, field, field, index);
      if (value !== undefined) event[field] = value;
    }
    const changeRequest = optionalChangeRequest(record, index);
    if (changeRequest) event.changeRequest = changeRequest;
    const group = optionalGroup(record, index);
    if (group) event.group = group;

    const redactions: string[] = [];
    for (const field of ['before', 'after', 'raw'] as const) {
      const value = record[field];
      if (value === undefined || value === null) continue;
      const redacted = redactSecrets(value, field);
      event[field] = redacted.value;
      redactions.push(...redacted.paths);
    }
    if (redactions.length > 0) event.redactions = redactions;
    return event;
  }
}

function rejectUnknownFields(obj: JsonObject, allowed: ReadonlySet<string>, prefix: string, index: number): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.has(key)) {
      throw InvalidInputError.forRecord(index, prefix + key, `unknown field (allowed: ${[...allowed].join(', ')})`);
    }
  }
}

function required(obj: JsonObject, field: string, index: number, path = field): unknown {
  const value = obj[field];
  if (value === undefined || value === null) throw InvalidInputError.forRecord(index, path, 'is required');
  return value;
}

/** A non-empty string of bounded length; ids may also arrive as JSON integers. */
function checkIdentifier(value: unknown, path: string, index: number, integerAllowed = false): string {
  if (integerAllowed && typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value !== 'string') {
    throw InvalidInputError.forRecord(index, path, `must be a string${integerAllowed ? ' or an integer' : ''}, got ${describeJsonShape(value)}`);
  }
  if (value.length === 0) throw InvalidInputError.forRecord(index, path, 'must not be empty');
  if (value.length > MAX_IDENTIFIER_LENGTH) {
    throw InvalidInputError.forRecord(index, path, `is ${value.length} characters long; the limit is ${MAX_IDENTIFIER_LENGTH}`);
  }
  return value;
}

function requireIdentifier(obj: JsonObject, field: string, index: number, integerAllowed = false): string {
  return checkIdentifier(required(obj, field, index), field, index, integerAllowed);
}

/** Absent and null both mean "not given". */
function optionalIdentifier(obj: JsonObject, field: string, path: string, index: number, integerAllowed = false): string | undefined {
  const value = obj[field];
  if (value === undefined || value === null) return undefined;
  return checkIdentifier(value, path, index, integerAllowed);
}

function requireType(record: JsonObject, index: number): string {
  const type = required(record, 'type', index);
  if (typeof type !== 'string') throw InvalidInputError.forRecord(index, 'type', `must be a string, got ${describeJsonShape(type)}`);
  if (KNOWN_TYPES.has(type) || OPEN_FAMILY_TYPE.test(type)) return type;
  throw InvalidInputError.forRecord(
    index,
    'type',
    `${JSON.stringify(type.slice(0, 64))} is not a normalized type (one of ${NORMALIZED_TYPES.join(', ')}, ` +
      'or segment.*, access.group.*, environment.*, project.* in [a-z_.]); use "other" with nativeType for anything else',
  );
}

function requireObject(obj: JsonObject, field: string, path: string, index: number): JsonObject {
  const value = required(obj, field, index, path);
  if (!isJsonObject(value)) throw InvalidInputError.forRecord(index, path, `must be an object, got ${describeJsonShape(value)}`);
  return value;
}

function requireActor(record: JsonObject, index: number): NormalizedActor {
  const actor = requireObject(record, 'actor', 'actor', index);
  rejectUnknownFields(actor, ACTOR_FIELDS, 'actor.', index);
  const kind = required(actor, 'kind', index, 'actor.kind');
  if (typeof kind !== 'string' || !ACTOR_KINDS.has(kind)) {
    throw InvalidInputError.forRecord(index, 'actor.kind', `must be one of user, service, system, got ${JSON.stringify(kind)}`);
  }
  const out: NormalizedActor = { kind: kind as ActorKind };
  const id = optionalIdentifier(actor, 'id', 'actor.id', index, true);
  const email = optionalIdentifier(actor, 'email', 'actor.email', index);
  const name = optionalIdentifier(actor, 'name', 'actor.name', index);
  if (id !== undefined) out.id = id;
  if (email !== undefined) out.email = email;
  if (name !== undefined) out.name = name;
  return out;
}

function optionalChangeRequest(record: JsonObject, index: number): NormalizedEvent['changeRequest'] {
  if (record.changeRequest === undefined || record.changeRequest === null) return undefined;
  const cr = requireObject(record, 'changeRequest', 'changeRequest', index);
  rejectUnknownFields(cr, CHANGE_REQUEST_FIELDS, 'changeRequest.', index);
  const id = checkIdentifier(required(cr, 'id', index, 'changeRequest.id'), 'changeRequest.id', index, true);
  const groupId = optionalIdentifier(cr, 'groupId', 'changeRequest.groupId', index);
  return groupId === undefined ? { id } : { id, groupId };
}

function optionalGroup(record: JsonObject, index: number): NormalizedEvent['group'] {
  if (record.group === undefined || record.group === null) return undefined;
  const group = requireObject(record, 'group', 'group', index);
  rejectUnknownFields(group, GROUP_FIELDS, 'group.', index);
  const id = checkIdentifier(required(group, 'id', index, 'group.id'), 'group.id', index);
  const type = optionalIdentifier(group, 'type', 'group.type', index);
  return type === undefined ? { id } : { type, id };
}
