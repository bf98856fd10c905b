import { InvalidInputError } from '../../common/errors';
import { assertSafeJson } from '../json-safety';
import type { NormalizedActor, NormalizedEvent } from '../normalized-event';
import { redactSecrets } from '../redaction';
import { AdapterContext, EventAdapter, JsonObject, describeJsonShape, isJsonObject, splitEventsDocument, toUtcTimestamp } from './event-adapter';
import { mapUnleashEventType } from './unleash-event-types';

/** Unleash's reserved user ids (src/lib/types/core.ts): its own jobs, and any admin API token. */
export const UNLEASH_SYSTEM_USER_ID = -1337;
export const UNLEASH_ADMIN_TOKEN_USER_ID = -42;
export const UNLEASH_SYSTEM_USER_NAME = 'unleash_system_user';
/** Unleash's own database migrations write events as `createdBy: "migration"` with no user id. */
export const UNLEASH_MIGRATION_USER_NAME = 'migration';

const NATURAL_NUMBER = /^[1-9]\d*$/;
const INTEGER = /^-?\d+$/;

/**
 * Unleash event records (event search API, deprecated /api/admin/events, UI JSON export,
 * webhook addon body) → normalized events.
 */
export class UnleashAdapter implements EventAdapter {
  readonly source = 'unleash';

  split(doc: unknown): unknown[] {
    return splitEventsDocument(
      doc,
      (obj) => 'type' in obj && 'id' in obj,
      'an Unleash event (with "id" and "type"), an array of events, or {"events": [...]} from the event search API',
    );
  }

  map(record: unknown, index: number, ctx: AdapterContext): NormalizedEvent {
    assertSafeJson(record, index);
    if (!isJsonObject(record)) {
      throw InvalidInputError.forRecord(index, undefined, `expected an Unleash event object, got ${describeJsonShape(record)}`);
    }
    const nativeType = requireType(record, index);
    const event: NormalizedEvent = {
      source: this.source,
      instance: ctx.instance,
      id: requireId(record, index),
      type: mapUnleashEventType(nativeType),
      time: toUtcTimestamp(record.createdAt, index, 'createdAt'),
      actor: actorOf(record, index),
      nativeType,
    };

    const project = optionalString(record, 'project', index);
    const environment = optionalString(record, 'environment', index);
    const flag = optionalString(record, 'featureName', index);
    const ip = optionalString(record, 'ip', index);
    if (project !== undefined) event.project = project;
    if (environment !== undefined) event.environment = environment;
    if (flag !== undefined) event.flag = flag;
    if (ip !== undefined) event.ip = ip;

    const group = groupOf(record, index);
    if (group) event.group = group;
    const changeRequestId = changeRequestIdOf(record, index);
    if (changeRequestId !== undefined) {
      event.changeRequest = group?.type === 'change-request' ? { id: changeRequestId, groupId: group.id } : { id: changeRequestId };
    }

    attachRedactedPayloads(event, record);
    return event;
  }
}

function requireType(record: JsonObject, index: number): string {
  const type = record.type;
  if (type === undefined || type === null) throw InvalidInputError.forRecord(index, 'type', 'is required');
  if (typeof type !== 'string' || type.length === 0) {
    throw InvalidInputError.forRecord(index, 'type', `must be a non-empty string, got ${describeJsonShape(type)}`);
  }
  return type;
}

/** Unleash ids are a DB serial: an integer ≥ 1. Exports and proxies sometimes stringify it. */
function requireId(record: JsonObject, index: number): string {
  const id = record.id;
  if (id === undefined || id === null) throw InvalidInputError.forRecord(index, 'id', 'is required');
  if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 1) return String(id);
  if (typeof id === 'string' && NATURAL_NUMBER.test(id) && id.length <= 20) return id;
  throw InvalidInputError.forRecord(index, 'id', `must be an integer ≥ 1 (or one as a string), got ${JSON.stringify(id)}`);
}

function optionalString(record: JsonObject, field: string, index: number): string | undefined {
  const value = record[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw InvalidInputError.forRecord(index, field, `must be a string or null, got ${describeJsonShape(value)}`);
  return value;
}

function optionalUserId(record: JsonObject, index: number): number | undefined {
  const value = record.createdByUserId;
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && INTEGER.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
  throw InvalidInputError.forRecord(index, 'createdByUserId', `must be an integer or null, got ${describeJsonShape(value)}`);
}

/**
 * createdBy is a username, an email, or (for API-token actions) the token's name; createdByUserId
 * tells a person from Unleash's reserved non-human actors.
 */
function actorOf(record: JsonObject, index: number): NormalizedActor {
  const createdBy = optionalString(record, 'createdBy', index);
  const userId = optionalUserId(record, index);

  const migration = createdBy === UNLEASH_MIGRATION_USER_NAME && userId === undefined;
  if (userId === UNLEASH_SYSTEM_USER_ID || createdBy === UNLEASH_SYSTEM_USER_NAME || migration) {
    return createdBy === undefined ? { kind: 'system' } : { kind: 'system', name: createdBy };
  }
  if (userId === UNLEASH_ADMIN_TOKEN_USER_ID) {
    // Every admin token shares this id: the actor is the token, not a person (CHG-ATTRIBUTED).
    return createdBy === undefined ? { kind: 'service', id: 'admin-token' } : { kind: 'service', id: 'admin-token', name: createdBy };
  }

  const actor: NormalizedActor = { kind: 'user' };
  if (userId !== undefined && userId > 0) actor.id = String(userId);
  else if (userId !== undefined) {
    // Unleash reserves non-positive ids for non-human actors; keep an unknown one as such.
    actor.kind = 'service';
    actor.id = String(userId);
  }
  if (createdBy !== undefined && createdBy !== '') {
    if (createdBy.includes('@')) actor.email = createdBy;
    else actor.name = createdBy;
  }
  return actor;
}

function groupOf(record: JsonObject, index: number): NormalizedEvent['group'] {
  const rawId = record.groupId;
  if (rawId === undefined || rawId === null) return undefined;
  let id: string;
  if (typeof rawId === 'string' && rawId !== '') id = rawId;
  else if (typeof rawId === 'number' && Number.isSafeInteger(rawId)) id = String(rawId);
  else throw InvalidInputError.forRecord(index, 'groupId', `must be a non-empty string, got ${describeJsonShape(rawId)}`);
  const type = optionalString(record, 'groupType', index);
  return type === undefined ? { id } : { type, id };
}

/** change-request-* events (and edits to a CR's changes) name their CR in data or preData. */
function changeRequestIdOf(record: JsonObject, index: number): string | undefined {
  return changeRequestIdIn(record.data, 'data.changeRequestId', index) ?? changeRequestIdIn(record.preData, 'preData.changeRequestId', index);
}

function changeRequestIdIn(payload: unknown, field: string, index: number): string | undefined {
  if (!isJsonObject(payload)) return undefined;
  const value = payload.changeRequestId;
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'string' && value !== '') return value;
  throw InvalidInputError.forRecord(index, field, `must be an integer or a non-empty string, got ${describeJsonShape(value)}`);
}

/**
 * raw is the record with its secrets redacted; before/after are its preData/data, so they are
 * taken from the redacted raw (shared, not redacted twice) and their redaction paths derived.
 */
function attachRedactedPayloads(event: NormalizedEvent, record: JsonObject): void {
  const { value, paths } = redactSecrets(record, 'raw');
  const raw = value as JsonObject;
  event.raw = raw;

  const redactions = [...paths];
  if (raw.preData !== null && raw.preData !== undefined) {
    event.before = raw.preData;
    redactions.push(...rebase(paths, 'raw.preData', 'before'));
  }
  if (raw.data !== null && raw.data !== undefined) {
    event.after = raw.data;
    redactions.push(...rebase(paths, 'raw.data', 'after'));
  }
  if (redactions.length > 0) event.redactions = redactions;
}

function rebase(paths: string[], from: string, to: string): string[] {
  const out: string[] = [];
  for (const path of paths) {
    if (path.startsWith(from) && (path[from.length] === '.' || path[from.length] === '[')) out.push(to + path.slice(from.length));
  }
  return out;
}
