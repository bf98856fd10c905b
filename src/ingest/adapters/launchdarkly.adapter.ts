import { InvalidInputError } from '../../common/errors';
import { childPath, assertSafeJson } from '../json-safety';
import type { NormalizedActor, NormalizedEvent, NormalizedType } from '../normalized-event';
import { REDACTED, redactSecrets } from '../redaction';
import { AdapterContext, EventAdapter, JsonObject, describeJsonShape, isJsonObject, splitEventsDocument } from './event-adapter';

/** Longest accepted `_id`; LaunchDarkly's are 24 hex characters, so anything near this is not one. */
const MAX_ID_LENGTH = 512;
/**
 * `date` bounds. Before 2000 is almost certainly epoch *seconds* sent by mistake (LaunchDarkly
 * did not exist then); after 9999 the ISO-8601 form Evident stores would need a 6-digit year.
 */
const MIN_EPOCH_MS = Date.UTC(2000, 0, 1);
const MAX_EPOCH_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** One parsed resource specifier, e.g. `proj/payments:env/production:flag/instant-refunds;sox`. */
export interface LaunchDarklyResource {
  /** The specifier's segments in order, tags/selectors stripped; a `*` key is kept as `*`. */
  segments: { kind: string; key: string }[];
  project?: string;
  environment?: string;
  flag?: string;
}

/**
 * Parses a LaunchDarkly resource specifier. Tags (`;tag1,tag2`) and property selectors
 * (`;{critical:true}`) only narrow a policy, so they are dropped; a `*` key names no single
 * project/environment/flag, so that field is left out rather than reported as "*".
 */
export function parseLaunchDarklyResource(specifier: string): LaunchDarklyResource {
  const segments: { kind: string; key: string }[] = [];
  for (const part of splitOutsideBraces(specifier)) {
    const semicolon = part.indexOf(';');
    const bare = semicolon === -1 ? part : part.slice(0, semicolon);
    const slash = bare.indexOf('/');
    segments.push(slash === -1 ? { kind: bare, key: '*' } : { kind: bare.slice(0, slash), key: bare.slice(slash + 1) });
  }
  const out: LaunchDarklyResource = { segments };
  for (const { kind, key } of segments) {
    if (key === '*' || key === '') continue;
    if (kind === 'proj') out.project = key;
    else if (kind === 'env') out.environment = key;
    else if (kind === 'flag') out.flag = key;
  }
  return out;
}

/** `:` separates segments, except inside a `{key:value}` property selector. */
function splitOutsideBraces(specifier: string): string[] {
  if (!specifier.includes('{')) return specifier.split(':');
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < specifier.length; i++) {
    const c = specifier[i];
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if (c === ':' && depth === 0) {
      parts.push(specifier.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(specifier.slice(start));
  return parts;
}

/**
 * Flag actions (resource `proj/*:env/*:flag/*`) with a fixed meaning. `updateOn` and
 * `updateGlobalArchived` are resolved per entry (on/off, archive/restore), approval-request
 * actions by APPROVAL_ACTION. As for Unleash, anything that can change what a flag serves is a
 * `flag.*` type so it enters the change population; over-including beats a change escaping it.
 */
export const LAUNCHDARKLY_FLAG_ACTIONS: Readonly<Record<string, NormalizedType>> = {
  createFlag: 'flag.created',
  cloneFlag: 'flag.created',
  deleteFlag: 'flag.deleted',
  updateFallthrough: 'flag.strategy.updated',
  updateFallthroughWithMeasuredRollout: 'flag.strategy.updated',
  updateRules: 'flag.strategy.updated',
  updateRulesWithMeasuredRollout: 'flag.strategy.updated',
  stopMeasuredRolloutOnFlagFallthrough: 'flag.strategy.updated',
  stopMeasuredRolloutOnFlagRule: 'flag.strategy.updated',
  updateTargets: 'flag.strategy.updated',
  updateExpiringTargets: 'flag.strategy.updated',
  updatePrerequisites: 'flag.strategy.updated',
  updateOffVariation: 'flag.strategy.updated',
  // The salt seeds percentage-rollout bucketing: changing it moves contexts between variations.
  updateFlagSalt: 'flag.strategy.updated',
  updateFlagVariations: 'flag.variants.updated',
  updateFlagDefaultVariations: 'flag.variants.updated',
  // Copying replaces an environment's whole configuration (on/off, targeting, rules).
  copyFlagConfigFrom: 'flag.updated',
  copyFlagConfigTo: 'flag.updated',
  // A scheduled change later rewrites the flag without a further approval: keep it in the census.
  updateScheduledChanges: 'flag.updated',
  // Triggers let an outside system flip the flag.
  createTriggers: 'flag.updated',
  updateTriggers: 'flag.updated',
  deleteTriggers: 'flag.updated',
  // Following a flag is a personal notification setting, not a change to the flag.
  manageFlagFollowers: 'other',
};

// A Map, so that actions such as "constructor" never hit Object.prototype.
const FLAG_ACTIONS: ReadonlyMap<string, NormalizedType> = new Map(Object.entries(LAUNCHDARKLY_FLAG_ACTIONS));

/** create/review/apply/delete/update…ApprovalRequest, also the AI Config variants of the names. */
const APPROVAL_ACTION = /^(create|review|apply|delete|update)\w*ApprovalRequests?$/;

/** Ranks decide the type of an entry with several actions: the weightiest change names it. */
const RANK: Partial<Record<NormalizedType, number>> = {
  'flag.deleted': 100,
  'flag.created': 95,
  'flag.archived': 90,
  'flag.revived': 90,
  'flag.enabled': 85,
  'flag.disabled': 85,
  'flag.strategy.added': 80,
  'flag.strategy.updated': 80,
  'flag.strategy.removed': 80,
  'flag.variants.updated': 75,
  'flag.updated': 70,
};
const CHANGE_REQUEST_RANK = 60;
const OTHER_FAMILY_RANK = 50;

function rankOf(type: NormalizedType): number {
  if (type === 'other') return 0;
  return RANK[type] ?? (type.startsWith('change_request.') ? CHANGE_REQUEST_RANK : OTHER_FAMILY_RANK);
}

interface Access {
  action: string;
  resource?: LaunchDarklyResource;
}

/**
 * LaunchDarkly audit-log entries (`GET /api/v2/auditlog` listing, `GET /api/v2/auditlog/{id}`
 * detail, webhook bodies, which are the same entry) → normalized events.
 */
export class LaunchDarklyAdapter implements EventAdapter {
  readonly source = 'launchdarkly';

  split(doc: unknown): unknown[] {
    if (isJsonObject(doc) && Array.isArray(doc.items)) return doc.items;
    return splitEventsDocument(
      doc,
      (obj) => '_id' in obj && 'date' in obj,
      'a LaunchDarkly audit-log entry (with "_id" and "date"), an array of entries, or the /api/v2/auditlog listing {"items": [...]}',
    );
  }

  map(record: unknown, index: number, ctx: AdapterContext): NormalizedEvent {
    assertSafeJson(record, index);
    if (!isJsonObject(record)) {
      throw InvalidInputError.forRecord(index, undefined, `expected a LaunchDarkly audit-log entry object, got ${describeJsonShape(record)}`);
    }
    const id = requireId(record, index);
    const time = epochMillisToIso(record.date, index, 'date');
    const actor = actorOf(record, index);
    // Target and accesses usually repeat the same specifier: parse each string once.
    const parsed = new Map<string, LaunchDarklyResource>();
    const targets = targetResources(record, index, parsed);
    const accesses = accessesOf(record, index, parsed);
    const scope = scopeOf(record, targets, accesses);
    const type = entryType(record, accesses, scope, actor);

    const event: NormalizedEvent = { source: this.source, instance: ctx.instance, id, type, time, actor };
    if (scope.project !== undefined) event.project = scope.project;
    if (scope.environment !== undefined) event.environment = scope.environment;
    if (scope.flag !== undefined) event.flag = scope.flag;
    if (accesses.length > 0) event.nativeType = uniqueActions(accesses).join(',');
    if (accesses.some((a) => APPROVAL_ACTION.test(a.action))) {
      const changeRequestId = approvalRequestIdOf(record, scope.resources);
      if (changeRequestId !== undefined) event.changeRequest = { id: changeRequestId };
    }
    attachRedactedPayloads(event, record);
    return event;
  }
}

function requireId(record: JsonObject, index: number): string {
  const id = record._id;
  if (id === undefined || id === null) throw InvalidInputError.forRecord(index, '_id', 'is required');
  if (typeof id !== 'string' || id.length === 0) {
    throw InvalidInputError.forRecord(index, '_id', `must be a non-empty string, got ${describeJsonShape(id)}`);
  }
  if (id.length > MAX_ID_LENGTH) throw InvalidInputError.forRecord(index, '_id', `is ${id.length} characters long; the limit is ${MAX_ID_LENGTH}`);
  return id;
}

/** LaunchDarkly times are Unix epoch milliseconds (int64), never strings. */
function epochMillisToIso(value: unknown, index: number, field: string): string {
  if (value === undefined || value === null) throw InvalidInputError.forRecord(index, field, 'is required (Unix epoch milliseconds)');
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw InvalidInputError.forRecord(index, field, `must be an integer of Unix epoch milliseconds, got ${describeJsonShape(value)} ${JSON.stringify(value)}`);
  }
  if (value < MIN_EPOCH_MS || value > MAX_EPOCH_MS) {
    const hint = value >= 0 && value < MIN_EPOCH_MS ? ' (epoch seconds instead of milliseconds?)' : '';
    throw InvalidInputError.forRecord(index, field, `${value} is out of range for Unix epoch milliseconds (2000-01-01 … 9999-12-31)${hint}`);
  }
  return new Date(value).toISOString();
}

function optionalString(obj: JsonObject, key: string, index: number, path: string): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw InvalidInputError.forRecord(index, path, `must be a string or null, got ${describeJsonShape(value)}`);
  return value === '' ? undefined : value;
}

function optionalObject(record: JsonObject, key: string, index: number): JsonObject | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) throw InvalidInputError.forRecord(index, key, `must be an object or null, got ${describeJsonShape(value)}`);
  return value;
}

/**
 * A personal access token acts as its member, so the member is the actor; a service token
 * (`serviceToken: true`) belongs to nobody. OAuth/SCIM apps are integrations. No actor at all
 * is LaunchDarkly itself (scheduled changes, flag triggers, workflows).
 */
function actorOf(record: JsonObject, index: number): NormalizedActor {
  const member = optionalObject(record, 'member', index);
  const token = optionalObject(record, 'token', index);
  const app = optionalObject(record, 'app', index);

  if (token && token.serviceToken === true) return serviceActor(token, 'token', index);
  if (member) {
    const actor: NormalizedActor = { kind: 'user' };
    const id = optionalString(member, '_id', index, 'member._id');
    const email = optionalString(member, 'email', index, 'member.email');
    const name = [optionalString(member, 'firstName', index, 'member.firstName'), optionalString(member, 'lastName', index, 'member.lastName')]
      .filter((part) => part !== undefined)
      .join(' ')
      .trim();
    if (id !== undefined) actor.id = id;
    if (email !== undefined) actor.email = email;
    if (name !== '') actor.name = name;
    return actor;
  }
  if (token) return serviceActor(token, 'token', index);
  if (app) return serviceActor(app, 'app', index);
  return { kind: 'system' };
}

function serviceActor(obj: JsonObject, field: string, index: number): NormalizedActor {
  const actor: NormalizedActor = { kind: 'service' };
  const id = optionalString(obj, '_id', index, `${field}._id`);
  const name = optionalString(obj, 'name', index, `${field}.name`);
  if (id !== undefined) actor.id = id;
  if (name !== undefined) actor.name = name;
  return actor;
}

function parseOnce(specifier: string, parsed: Map<string, LaunchDarklyResource>): LaunchDarklyResource {
  let resource = parsed.get(specifier);
  if (resource === undefined) {
    resource = parseLaunchDarklyResource(specifier);
    parsed.set(specifier, resource);
  }
  return resource;
}

function accessesOf(record: JsonObject, index: number, parsed: Map<string, LaunchDarklyResource>): Access[] {
  const raw = record.accesses;
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw InvalidInputError.forRecord(index, 'accesses', `must be an array, got ${describeJsonShape(raw)}`);
  const out: Access[] = [];
  for (let i = 0; i < raw.length; i++) {
    const item: unknown = raw[i];
    if (!isJsonObject(item)) throw InvalidInputError.forRecord(index, `accesses[${i}]`, `must be an object, got ${describeJsonShape(item)}`);
    const action = optionalString(item, 'action', index, `accesses[${i}].action`);
    const resource = optionalString(item, 'resource', index, `accesses[${i}].resource`);
    if (action === undefined) continue;
    out.push(resource === undefined ? { action } : { action, resource: parseOnce(resource, parsed) });
  }
  return out;
}

interface Scope {
  project?: string;
  environment?: string;
  flag?: string;
  resources: LaunchDarklyResource[];
}

/**
 * The entry's target resources name what was changed; the accesses' resources are the fallback.
 * A field is kept only when every resource agrees on it: one entry naming several environments
 * (a flag-wide change) is not a change in any single one of them.
 */
function scopeOf(record: JsonObject, targets: LaunchDarklyResource[], accesses: Access[]): Scope {
  let resources = targets;
  if (resources.length === 0) resources = accesses.flatMap((a) => (a.resource ? [a.resource] : []));
  const scope: Scope = { resources };
  const project = agreed(resources, 'project');
  const environment = agreed(resources, 'environment') ?? environmentFromDelta(record, resources);
  const flag = agreed(resources, 'flag');
  if (project !== undefined) scope.project = project;
  if (environment !== undefined) scope.environment = environment;
  if (flag !== undefined) scope.flag = flag;
  return scope;
}

function targetResources(record: JsonObject, index: number, parsed: Map<string, LaunchDarklyResource>): LaunchDarklyResource[] {
  const target = optionalObject(record, 'target', index);
  if (!target || target.resources === undefined || target.resources === null) return [];
  const list = target.resources;
  if (!Array.isArray(list)) throw InvalidInputError.forRecord(index, 'target.resources', `must be an array of strings, got ${describeJsonShape(list)}`);
  return list.map((item: unknown, i) => {
    if (typeof item !== 'string') {
      throw InvalidInputError.forRecord(index, `target.resources[${i}]`, `must be a resource specifier string, got ${describeJsonShape(item)}`);
    }
    return parseOnce(item, parsed);
  });
}

function agreed(resources: LaunchDarklyResource[], field: 'project' | 'environment' | 'flag'): string | undefined {
  let value: string | undefined;
  for (const resource of resources) {
    const v = resource[field];
    if (v === undefined) return undefined;
    if (value !== undefined && v !== value) return undefined;
    value = v;
  }
  return value;
}

/**
 * A semantic patch names the environment it changed; trust it when the resources say `env/*`
 * for a flag, so a production change is not lost to a wildcard.
 */
function environmentFromDelta(record: JsonObject, resources: LaunchDarklyResource[]): string | undefined {
  const delta = record.delta;
  if (!isJsonObject(delta) || typeof delta.environmentKey !== 'string' || delta.environmentKey === '') return undefined;
  return resources.some((r) => r.segments.some((s) => s.kind === 'env')) || resources.length === 0 ? delta.environmentKey : undefined;
}

function uniqueActions(accesses: Access[]): string[] {
  return [...new Set(accesses.map((a) => a.action))];
}

/** The weightiest action's type; an approval action only names the entry when nothing else changed. */
function entryType(record: JsonObject, accesses: Access[], scope: Scope, actor: NormalizedActor): NormalizedType {
  let best: NormalizedType = 'other';
  let bestRank = 0;
  for (const access of accesses) {
    const type = actionType(record, access, scope, actor);
    const rank = rankOf(type);
    if (rank > bestRank) {
      best = type;
      bestRank = rank;
    }
  }
  return best;
}

/** The kind of thing an action acts on: the last segment of its resource (flag, segment, env, member, token …). */
function resourceKindOf(record: JsonObject, access: Access, scope: Scope): string | undefined {
  const resource = access.resource ?? scope.resources[0];
  if (resource && resource.segments.length > 0) return resource.segments[resource.segments.length - 1].kind;
  return typeof record.kind === 'string' ? record.kind : undefined;
}

function actionType(record: JsonObject, access: Access, scope: Scope, actor: NormalizedActor): NormalizedType {
  const { action } = access;
  const approval = APPROVAL_ACTION.exec(action);
  if (approval) return approvalType(approval[1], record, actor);

  const kind = resourceKindOf(record, access, scope);
  switch (kind) {
    case 'flag':
      return flagActionType(record, access, scope);
    case 'segment':
      return crud(action, 'segment.created', 'segment.updated', 'segment.deleted');
    case 'env':
      return crud(action, 'environment.created', 'environment.updated', 'environment.deleted');
    case 'proj':
      return crud(action, 'project.created', 'project.updated', 'project.deleted');
    case 'member':
      // Base role, custom roles and role attributes decide what a member may do: grants.
      if (/^update(Role|CustomRole|MemberRoleAttributes)$/.test(action)) return 'access.role.assigned';
      return crud(action, 'access.user.created', 'access.user.updated', 'access.user.deleted');
    case 'token':
    case 'service-token':
      return crud(action, 'token.created', 'token.updated', 'token.deleted');
    case 'role':
      return crud(action, 'access.role.created', 'access.role.updated', 'access.role.deleted');
    case 'team':
      if (action === 'updateTeamCustomRoles') return 'access.role.assigned';
      return crud(action, 'access.group.created', 'access.group.updated', 'access.group.deleted');
    default:
      return 'other';
  }
}

/** LaunchDarkly action names start with their verb: createX, updateX…, deleteX. */
function crud(action: string, created: NormalizedType, updated: NormalizedType, deleted: NormalizedType): NormalizedType {
  if (action.startsWith('create')) return created;
  if (action.startsWith('delete')) return deleted;
  if (action.startsWith('update') || action.startsWith('reset')) return updated;
  return 'other';
}

function flagActionType(record: JsonObject, access: Access, scope: Scope): NormalizedType {
  const { action } = access;
  if (action === 'updateOn') {
    const on = resolveToggle(record, access.resource?.environment ?? scope.environment);
    return on === undefined ? 'flag.updated' : on ? 'flag.enabled' : 'flag.disabled';
  }
  if (action === 'updateGlobalArchived') {
    const archived = resolveArchived(record);
    return archived === undefined ? 'flag.updated' : archived ? 'flag.archived' : 'flag.revived';
  }
  const fixed = FLAG_ACTIONS.get(action);
  if (fixed !== undefined) return fixed;
  // Names, descriptions, tags, maintainers, client-side availability, deprecation …: flag metadata.
  return action.startsWith('update') ? 'flag.updated' : 'other';
}

function approvalType(verb: string, record: JsonObject, actor: NormalizedActor): NormalizedType {
  switch (verb) {
    case 'create':
      return 'change_request.created';
    case 'apply':
      return 'change_request.applied';
    case 'delete':
      return 'change_request.cancelled';
    case 'review': {
      // Only a review known to approve counts as an approval; a comment or an unknown review must not.
      const verdict = resolveReview(record, actor);
      return verdict === 'approve' ? 'change_request.approved' : verdict === 'decline' ? 'change_request.rejected' : 'other';
    }
    default:
      // Editing a pending request changes what would be applied, but is not itself a decision.
      return 'other';
  }
}

// --- reading on/off, archived and review verdicts out of an entry

/** Instructions of a semantic patch, or operations of a JSON patch (bare or as {patch: [...]}). */
function instructionKinds(delta: unknown): string[] {
  if (!isJsonObject(delta) || !Array.isArray(delta.instructions)) return [];
  const kinds: string[] = [];
  for (const instruction of delta.instructions as unknown[]) {
    if (isJsonObject(instruction) && typeof instruction.kind === 'string') kinds.push(instruction.kind);
  }
  return kinds;
}

function jsonPatchOps(delta: unknown): JsonObject[] {
  const ops = Array.isArray(delta) ? delta : isJsonObject(delta) && Array.isArray(delta.patch) ? delta.patch : [];
  return (ops as unknown[]).filter(isJsonObject);
}

function lastPatchedBoolean(delta: unknown, matches: (path: string) => boolean): boolean | undefined {
  let value: boolean | undefined;
  for (const op of jsonPatchOps(delta)) {
    if ((op.op === 'replace' || op.op === 'add') && typeof op.path === 'string' && matches(op.path) && typeof op.value === 'boolean') value = op.value;
  }
  return value;
}

function textOf(record: JsonObject): string {
  return [record.titleVerb, record.shortDescription, record.description].filter((s) => typeof s === 'string').join('\n');
}

/** Whether the flag ended up on, from the most to the least direct evidence; undefined when the entry does not tell. */
function resolveToggle(record: JsonObject, environment: string | undefined): boolean | undefined {
  const kinds = instructionKinds(record.delta);
  for (let i = kinds.length - 1; i >= 0; i--) {
    if (kinds[i] === 'turnFlagOn') return true;
    if (kinds[i] === 'turnFlagOff') return false;
  }
  const patched = lastPatchedBoolean(record.delta, (path) =>
    environment === undefined ? /^(\/environments\/[^/]+)?\/on$/.test(path) : path === `/environments/${environment}/on` || path === '/on',
  );
  if (patched !== undefined) return patched;
  const current = onIn(record.currentVersion, environment);
  if (current !== undefined) return current;
  const text = /\bturned (on|off)\b/i.exec(textOf(record));
  return text ? text[1].toLowerCase() === 'on' : undefined;
}

/** `on` of a flag representation (per environment) or of an environment-level flag configuration. */
function onIn(version: unknown, environment: string | undefined): boolean | undefined {
  if (!isJsonObject(version)) return undefined;
  const environments = version.environments;
  if (isJsonObject(environments)) {
    const keys = Object.keys(environments);
    const key = environment !== undefined ? environment : keys.length === 1 ? keys[0] : undefined;
    const config = key !== undefined && Object.prototype.hasOwnProperty.call(environments, key) ? environments[key] : undefined;
    if (isJsonObject(config) && typeof config.on === 'boolean') return config.on;
  }
  return typeof version.on === 'boolean' ? version.on : undefined;
}

function resolveArchived(record: JsonObject): boolean | undefined {
  const kinds = instructionKinds(record.delta);
  for (let i = kinds.length - 1; i >= 0; i--) {
    if (kinds[i] === 'archiveFlag') return true;
    if (kinds[i] === 'restoreFlag') return false;
  }
  const patched = lastPatchedBoolean(record.delta, (path) => path === '/archived');
  if (patched !== undefined) return patched;
  const current = record.currentVersion;
  if (isJsonObject(current) && typeof current.archived === 'boolean') return current.archived;
  const text = /\b(unarchived|restored|archived)\b/i.exec(textOf(record));
  return text ? text[1].toLowerCase() === 'archived' : undefined;
}

function resolveReview(record: JsonObject, actor: NormalizedActor): 'approve' | 'decline' | undefined {
  // The review body itself ({kind, comment}) when the entry carries it.
  const delta = record.delta;
  if (isJsonObject(delta) && (delta.kind === 'approve' || delta.kind === 'decline')) return delta.kind;
  // Else this reviewer's latest review in the approval request after the change.
  const current = record.currentVersion;
  if (actor.id !== undefined && isJsonObject(current) && Array.isArray(current.allReviews)) {
    const reviews = (current.allReviews as unknown[]).filter(isJsonObject);
    for (let i = reviews.length - 1; i >= 0; i--) {
      const review = reviews[i];
      if (review.memberId !== actor.id && review.serviceTokenId !== actor.id) continue;
      if (review.kind === 'approve' || review.kind === 'decline') return review.kind;
      break;
    }
  }
  const text = /\b(approved|declined|rejected)\b/i.exec(textOf(record));
  if (!text) return undefined;
  return text[1].toLowerCase() === 'approved' ? 'approve' : 'decline';
}

// --- which approval request an entry is about

const APPROVAL_HREF = /\/(?:approval-requests|approvals)\/([A-Za-z0-9_-]+)(?:[/?#]|$)/;

function looksLikeApprovalRequest(value: unknown): value is JsonObject {
  return isJsonObject(value) && typeof value._id === 'string' && ('reviewStatus' in value || 'allReviews' in value || 'requestorId' in value);
}

/**
 * The approval request's `_id`: from the request itself in current/previousVersion (detail
 * entries), else from a link or a resource segment naming it. Undefined when the entry does
 * not say; the change-request projection then cannot use the event, which is safer than guessing.
 */
function approvalRequestIdOf(record: JsonObject, resources: LaunchDarklyResource[]): string | undefined {
  for (const version of [record.currentVersion, record.previousVersion]) {
    if (looksLikeApprovalRequest(version)) return version._id as string;
  }
  for (const links of [isJsonObject(record.target) ? record.target._links : undefined, record._links]) {
    if (!isJsonObject(links)) continue;
    for (const rel of Object.keys(links)) {
      const link = links[rel];
      const href = isJsonObject(link) ? link.href : undefined;
      const m = typeof href === 'string' ? APPROVAL_HREF.exec(href) : null;
      if (m) return m[1];
    }
  }
  for (const resource of resources) {
    for (const s of resource.segments) {
      if ((s.kind === 'approval-request' || s.kind === 'approvalRequest') && s.key !== '*' && s.key !== '') return s.key;
    }
  }
  return undefined;
}

// --- redaction

/**
 * Server-side SDK keys and API access tokens (`sdk-<uuid>`, `api-<uuid>`). Audit entries are
 * not meant to carry them, but an environment's or token's full representation could.
 */
const LAUNCHDARKLY_SECRET = /^(?:sdk|api)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * raw is the entry with secrets redacted (by key name, then by LaunchDarkly's key format);
 * before/after are its previousVersion/currentVersion (else the delta), taken from the redacted
 * raw so nothing is copied twice, with their redaction paths derived.
 */
function attachRedactedPayloads(event: NormalizedEvent, record: JsonObject): void {
  const byName = redactSecrets(record, 'raw');
  const paths = byName.paths;
  const raw = redactKeyValues(byName.value, ['raw'], paths, 0) as JsonObject;
  event.raw = raw;

  const redactions = [...paths];
  if (raw.previousVersion !== undefined && raw.previousVersion !== null) {
    event.before = raw.previousVersion;
    redactions.push(...rebase(paths, 'raw.previousVersion', 'before'));
  }
  if (raw.currentVersion !== undefined && raw.currentVersion !== null) {
    event.after = raw.currentVersion;
    redactions.push(...rebase(paths, 'raw.currentVersion', 'after'));
  } else if (raw.delta !== undefined && raw.delta !== null) {
    event.after = raw.delta;
    redactions.push(...rebase(paths, 'raw.delta', 'after'));
  }
  if (redactions.length > 0) event.redactions = redactions;
}

/**
 * Copy-on-write, like redactSecrets: an entry without a key shares every object with the input.
 * `keys` is the path so far; it is only rendered into a string for a value that is replaced.
 */
function redactKeyValues(value: unknown, keys: (string | number)[], paths: string[], depth: number): unknown {
  if (typeof value === 'string') {
    if (value.length === 40 && LAUNCHDARKLY_SECRET.test(value)) {
      paths.push(keys.reduce<string>((path, key) => childPath(path, key), ''));
      return REDACTED;
    }
    return value;
  }
  // assertSafeJson has bounded the depth already; this guards callers that skipped it.
  if (typeof value !== 'object' || value === null || depth > 1_000) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      keys.push(i);
      const next = redactKeyValues(value[i], keys, paths, depth + 1);
      keys.pop();
      if (next !== value[i]) (copy ??= value.slice())[i] = next;
    }
    return copy ?? value;
  }
  const obj = value as JsonObject;
  let copy: JsonObject | undefined;
  for (const key of Object.keys(obj)) {
    keys.push(key);
    const next = redactKeyValues(obj[key], keys, paths, depth + 1);
    keys.pop();
    if (next === obj[key]) continue;
    copy ??= { ...obj };
    // defineProperty: a "__proto__" key from JSON.parse must stay a plain key.
    Object.defineProperty(copy, key, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return copy ?? obj;
}

function rebase(paths: string[], from: string, to: string): string[] {
  const out: string[] = [];
  for (const path of paths) {
    if (path.startsWith(from) && (path[from.length] === '.' || path[from.length] === '[')) out.push(to + path.slice(from.length));
  }
  return out;
}
