import { InvalidInputError } from '../../common/errors';
import { assertSafeJson } from '../json-safety';
import type { NormalizedActor, NormalizedEvent, NormalizedType } from '../normalized-event';
import { REDACTED, isSecretEntry, redactSecrets } from '../redaction';
import { AdapterContext, EventAdapter, JsonObject, describeJsonShape, isJsonObject, splitEventsDocument, toUtcTimestamp } from './event-adapter';

const NATURAL_NUMBER = /^[1-9]\d*$/;

/** The name Flagsmith-originated events without a known author get when no user is named. */
export const FLAGSMITH_API_KEY_ACTOR_NAME = 'API key';
/**
 * Group type linking a flag change "… by Change Request: <title>" to the change request with that
 * title: the audit text names the request only by its title, never by id.
 */
export const FLAGSMITH_CHANGE_REQUEST_TITLE_GROUP = 'flagsmith-change-request-title';

export type FlagsmithChangeRequestStepKind = 'created' | 'approved' | 'applied' | 'cancelled';

/**
 * One event out of a Flagsmith change-request object, made by split(). A class, not a plain
 * object, so no JSON document can pose as one.
 */
export class FlagsmithChangeRequestStep {
  constructor(
    readonly changeRequest: JsonObject,
    readonly step: FlagsmithChangeRequestStepKind,
    /** For `approved`: the index in `approvals`. */
    readonly approvalIndex?: number,
  ) {}
}

/** What one audit-log text means; `flag`, `environment` and `changeRequestTitle` come out of the text. */
interface Reading {
  nativeType: string;
  type: NormalizedType;
  flag: string | undefined;
  environment: string | undefined;
  changeRequestTitle: string | undefined;
  /** Whether change_details may turn a flag.updated into flag.enabled/disabled (environment default only). */
  toggle: boolean;
}

/** Every Reading has the same shape (one hidden class), whatever the template sets. */
function reading(
  nativeType: string,
  type: NormalizedType,
  flag?: string,
  environment?: string,
  changeRequestTitle?: string,
  toggle = false,
): Reading {
  return { nativeType, type, flag, environment, changeRequestTitle, toggle };
}

type Template = { name: string; re: RegExp; read: (m: RegExpExecArray, name: string) => Reading };

const stateChange = (name: string, flag: string, changeRequestTitle?: string): Reading =>
  reading(name, 'flag.updated', flag, undefined, changeRequestTitle, true);

/**
 * Flagsmith's audit texts (api/audit/constants.py across releases; both "Remote Config" and
 * "Remote config" spellings occur). `name` is Flagsmith's own constant, kept as nativeType.
 * Identity and segment overrides target part of the audience: strategy changes, as in LaunchDarkly.
 * Order matters: the "by Change Request" forms come before the plain ones.
 */
const TEMPLATES: Template[] = [
  { name: 'FEATURE_CREATED', re: /^New Flag \/ Remote Config created: (.+)$/is, read: (m, n) => reading(n, 'flag.created', m[1]) },
  { name: 'FEATURE_DELETED', re: /^Flag \/ Remote Config Deleted: (.+)$/is, read: (m, n) => reading(n, 'flag.deleted', m[1]) },
  { name: 'FEATURE_UPDATED', re: /^Flag \/ Remote Config updated: (.+)$/is, read: (m, n) => reading(n, 'flag.updated', m[1]) },
  {
    name: 'FEATURE_STATE_UPDATED_BY_CHANGE_REQUEST',
    re: /^Flag state \/ Remote config updated for feature: (.+?) by Change Request: (.+)$/is,
    read: (m, n) => stateChange(n, m[1], m[2]),
  },
  {
    name: 'FEATURE_STATE_WENT_LIVE',
    re: /^Scheduled change to Flag state \/ Remote config value went live for feature: (.+?) by Change Request: (.+)$/is,
    read: (m, n) => stateChange(n, m[1], m[2]),
  },
  {
    // Scheduling is when the decision is made; the change itself goes live later without a new record.
    name: 'FEATURE_STATE_SCHEDULED',
    re: /^Flag state \/ Remote Config value update scheduled for (.+?) for feature: (.+)$/is,
    read: (m, n) => reading(n, 'flag.updated', m[2]),
  },
  { name: 'FEATURE_STATE_UPDATED', re: /^Flag state (?:\/ Remote Config value )?updated for feature: (.+)$/is, read: (m, n) => stateChange(n, m[1]) },
  { name: 'FEATURE_STATE_VALUE_UPDATED', re: /^Remote config value updated for feature: (.+)$/is, read: (m, n) => reading(n, 'flag.updated', m[1]) },
  {
    name: 'IDENTITY_FEATURE_STATE_CREATED',
    re: /^Identity override created for feature '(.+?)' and identity '(.*)'$/is,
    read: (m, n) => reading(n, 'flag.strategy.added', m[1]),
  },
  {
    name: 'IDENTITY_FEATURE_STATE_SCHEDULED',
    re: /^Identity override scheduled for (.+?) for feature '(.+?)' and identity '(.*)'$/is,
    read: (m, n) => reading(n, 'flag.strategy.updated', m[2]),
  },
  {
    name: 'IDENTITY_FEATURE_STATE_UPDATED',
    re: /^Flag state \/ Remote config value updated for feature '(.+?)' and identity '(.*)'$/is,
    read: (m, n) => reading(n, 'flag.strategy.updated', m[1]),
  },
  {
    name: 'IDENTITY_FEATURE_STATE_VALUE_UPDATED',
    re: /^Remote config value updated for identity override on feature '(.+?)' and identity '(.*)'\.?$/is,
    read: (m, n) => reading(n, 'flag.strategy.updated', m[1]),
  },
  {
    name: 'IDENTITY_FEATURE_STATE_DELETED',
    re: /^Flag state \/ Remote config value deleted for feature '(.+?)' and identity '(.*)'$/is,
    read: (m, n) => reading(n, 'flag.strategy.removed', m[1]),
  },
  {
    name: 'SEGMENT_FEATURE_STATE_CREATED',
    re: /^Segment override created for feature '(.+?)' and segment '(.*)'$/is,
    read: (m, n) => reading(n, 'flag.strategy.added', m[1]),
  },
  {
    name: 'SEGMENT_FEATURE_STATE_SCHEDULED',
    re: /^Segment override scheduled for (.+?) for feature '(.+?)' and segment '(.*)'$/is,
    read: (m, n) => reading(n, 'flag.strategy.updated', m[2]),
  },
  {
    name: 'SEGMENT_FEATURE_STATE_UPDATED',
    re: /^Flag state \/ Remote config value updated for feature '(.+?)' and segment '(.*)'$/is,
    read: (m, n) => reading(n, 'flag.strategy.updated', m[1]),
  },
  {
    name: 'SEGMENT_FEATURE_STATE_VALUE_UPDATED',
    re: /^Remote config updated for segment override on feature '(.+?)' and segment '(.*)'\.?$/is,
    read: (m, n) => reading(n, 'flag.strategy.updated', m[1]),
  },
  {
    name: 'SEGMENT_FEATURE_STATE_DELETED',
    re: /^Flag state \/ Remote config value deleted for feature '(.+?)' and segment '(.*)'$/is,
    read: (m, n) => reading(n, 'flag.strategy.removed', m[1]),
  },
  {
    name: 'FEATURE_SEGMENT_UPDATED',
    re: /^Segment rules updated for flag: (.+?) in environment: (.+)$/is,
    read: (m, n) => reading(n, 'flag.strategy.updated', m[1], m[2]),
  },
  { name: 'SEGMENT_CREATED', re: /^New Segment created: (.+)$/is, read: (_m, n) => reading(n, 'segment.created') },
  { name: 'SEGMENT_UPDATED', re: /^Segment updated: (.+)$/is, read: (_m, n) => reading(n, 'segment.updated') },
  { name: 'SEGMENT_DELETED', re: /^Segment deleted: (.+)$/is, read: (_m, n) => reading(n, 'segment.deleted') },
  { name: 'ENVIRONMENT_CREATED', re: /^New Environment created: (.+)$/is, read: (m, n) => reading(n, 'environment.created', undefined, m[1]) },
  { name: 'ENVIRONMENT_UPDATED', re: /^Environment updated: (.+)$/is, read: (m, n) => reading(n, 'environment.updated', undefined, m[1]) },
  {
    name: 'CHANGE_REQUEST',
    re: /^Change Request: (.+) (created|approved|committed|deleted)$/is,
    read: (m, n) => reading(n, CHANGE_REQUEST_VERBS[m[2].toLowerCase()], undefined, undefined, m[1]),
  },
];

/**
 * The letter (lower case) every text an anchored template regex matches starts with, in either
 * ASCII case: without the u/v flag, `i` folds no other character onto an ASCII letter. Undefined
 * when not known (no such letter, multiline, Unicode case folding, an alternative outside a group).
 */
function leadingLetter(re: RegExp): string | undefined {
  const src = re.source;
  if (!/^\^[A-Za-z](?![?*+{])/.test(src) || /[muv]/.test(re.flags) || hasTopLevelAlternative(src)) return undefined;
  return src[1].toLowerCase();
}

function hasTopLevelAlternative(src: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (ch === '\\') i++;
    else if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) return true;
  }
  return false;
}

/**
 * One dispatch on the text's first character instead of trying every regex: for each letter a–z,
 * the templates (in order) that can match a text starting with it; for any other start, those
 * with no known leading letter.
 */
const LEADING_LETTERS = TEMPLATES.map((t) => leadingLetter(t.re));
const TEMPLATES_BY_LEADING_LETTER: Template[][] = Array.from({ length: 26 }, (_, i) => {
  const letter = String.fromCharCode(0x61 + i);
  return TEMPLATES.filter((_t, k) => LEADING_LETTERS[k] === undefined || LEADING_LETTERS[k] === letter);
});
const TEMPLATES_WITHOUT_LEADING_LETTER = TEMPLATES.filter((_t, k) => LEADING_LETTERS[k] === undefined);

function templatesFor(log: string): Template[] {
  const c = log.charCodeAt(0) | 0x20; // ASCII letters to lower case (other characters fall out below)
  return c >= 0x61 && c <= 0x7a ? TEMPLATES_BY_LEADING_LETTER[c - 0x61] : TEMPLATES_WITHOUT_LEADING_LETTER;
}

const CHANGE_REQUEST_VERBS: Record<string, NormalizedType> = {
  created: 'change_request.created',
  approved: 'change_request.approved',
  committed: 'change_request.applied',
  deleted: 'change_request.cancelled',
};

/** For texts no template knows (newer Flagsmith): where a flag or change request is usually named. */
const ANY_CHANGE_REQUEST = /\bby Change Request: (.+)$/is;
const ANY_FEATURE_AFTER_COLON = /\bfeature: (.+?)(?: by Change Request: .+)?$/is;
const ANY_FEATURE_QUOTED = /\bfeature '(.+?)'/is;
const ANY_OVERRIDE = /\b(?:identity|segment)\b/i;

/**
 * Flagsmith audit-log records (`GET /api/v1/audit/`, `/projects/{id}/audit/`, the retrieve
 * endpoint with change_details, the AUDIT_LOG_CREATED webhook body) and change-request objects
 * (each becomes created / approved / applied / cancelled events) → normalized events.
 */
export class FlagsmithAdapter implements EventAdapter {
  readonly source = 'flagsmith';

  split(doc: unknown): unknown[] {
    const records =
      isJsonObject(doc) && Array.isArray(doc.results)
        ? doc.results
        : splitEventsDocument(
            doc,
            (obj) => ('id' in obj && 'log' in obj) || isWebhookBody(obj) || isChangeRequest(obj),
            'a Flagsmith audit-log record (with "id" and "log"), an AUDIT_LOG_CREATED webhook body, a change request, ' +
              'an array of these, or a paginated {"count", "results": [...]} response',
          );
    if (!records.some(isChangeRequest)) return records;
    return records.flatMap((record) => (isChangeRequest(record) ? changeRequestSteps(record) : [record]));
  }

  map(record: unknown, index: number, ctx: AdapterContext): NormalizedEvent {
    if (record instanceof FlagsmithChangeRequestStep) return mapChangeRequestStep(record, index, ctx, this.source);
    assertSafeJson(record, index);
    if (!isJsonObject(record)) {
      throw InvalidInputError.forRecord(index, undefined, `expected a Flagsmith audit-log record object, got ${describeJsonShape(record)}`);
    }
    if (isChangeRequest(record)) {
      throw InvalidInputError.forRecord(
        index,
        undefined,
        'a Flagsmith change request becomes several events (created, approved, applied); send it as a document to source "flagsmith" so it is split',
      );
    }
    if (isWebhookBody(record)) return mapAuditRecord(webhookData(record, index), 'data.', record, index, ctx, this.source);
    return mapAuditRecord(record, '', record, index, ctx, this.source);
  }
}

function isWebhookBody(obj: unknown): obj is JsonObject {
  return isJsonObject(obj) && 'event_type' in obj && 'data' in obj;
}

/** Shape of the change-request REST objects: a title and approvals/commit fields, no audit text. */
function isChangeRequest(obj: unknown): obj is JsonObject {
  return isJsonObject(obj) && !('log' in obj) && 'title' in obj && ('approvals' in obj || 'committed_at' in obj);
}

function webhookData(body: JsonObject, index: number): JsonObject {
  if (body.event_type !== 'AUDIT_LOG_CREATED') {
    throw InvalidInputError.forRecord(
      index,
      'event_type',
      `${JSON.stringify(body.event_type)} is not supported; send the organisation webhook for AUDIT_LOG_CREATED (flag-state webhooks carry no audit record)`,
    );
  }
  if (!isJsonObject(body.data)) throw InvalidInputError.forRecord(index, 'data', `must be an audit-log record object, got ${describeJsonShape(body.data)}`);
  return body.data;
}

// --- audit-log records

function mapAuditRecord(audit: JsonObject, p: string, original: JsonObject, index: number, ctx: AdapterContext, source: string): NormalizedEvent {
  const log = requireString(audit, 'log', p, index);
  const relatedType = optionalString(audit, 'related_object_type', p, index);
  const changeType = optionalString(audit, 'change_type', p, index);
  const details = changeDetailsOf(audit, p, index);
  const reading = readLog(log, relatedType, changeType, details);

  const event: NormalizedEvent = {
    source,
    instance: ctx.instance,
    id: requireNaturalId(audit.id, p + 'id', index),
    type: reading.type,
    time: utcTimestamp(audit.created_date, index, p + 'created_date'),
    actor: auditActorOf(audit, p, index),
    nativeType: reading.nativeType,
  };
  const project = nameOrId(audit.project, p + 'project', index);
  const environment = nameOrId(audit.environment, p + 'environment', index) ?? reading.environment;
  if (project !== undefined) event.project = project;
  if (environment !== undefined) event.environment = environment;
  if (reading.flag !== undefined) event.flag = reading.flag;

  // Any record about a change request names it, decided or not (as Unleash's change-added does).
  if (relatedType === 'CHANGE_REQUEST') {
    const id = optionalNaturalId(audit.related_object_id, p + 'related_object_id', index);
    if (id !== undefined) event.changeRequest = { id };
  }
  if (reading.changeRequestTitle !== undefined) event.group = { type: FLAGSMITH_CHANGE_REQUEST_TITLE_GROUP, id: reading.changeRequestTitle };

  const { value, paths } = redactSecrets(original, 'raw');
  const raw = redactChangeDetails(value as JsonObject, p, paths);
  event.raw = raw;
  if (details) attachChangeDetails(event, details, paths);
  if (paths.length > 0) event.redactions = paths;
  return event;
}

function readLog(log: string, relatedType: string | undefined, changeType: string | undefined, details: ChangeDetail[] | undefined): Reading {
  let reading: Reading | undefined;
  const templates = templatesFor(log);
  for (let i = 0; i < templates.length; i++) {
    const template = templates[i];
    const m = template.re.exec(log);
    if (m) {
      reading = template.read(m, template.name);
      break;
    }
  }
  reading ??= readUnknownLog(log, relatedType, changeType);
  if (reading.type === 'flag.updated' && details) reading.type = refineFlagUpdate(details, reading.toggle);
  return reading;
}

/** A text no template knows: type from the related object and change type, names from the usual phrases. */
function readUnknownLog(log: string, relatedType: string | undefined, changeType: string | undefined): Reading {
  const type = typeOfRelatedObject(relatedType, changeType);
  const nativeType = changeType ? `${relatedType ?? 'UNKNOWN'}:${changeType}` : (relatedType ?? 'UNKNOWN');
  // Only an environment's own feature state is the flag's on/off there, not an override's.
  const toggle = (relatedType === 'FEATURE_STATE' || relatedType === 'EF_VERSION') && !ANY_OVERRIDE.test(log);
  const feature = ANY_FEATURE_AFTER_COLON.exec(log) ?? ANY_FEATURE_QUOTED.exec(log);
  const flag = feature && type.startsWith('flag.') ? feature[1] : undefined;
  const cr = ANY_CHANGE_REQUEST.exec(log);
  return reading(nativeType, type, flag, undefined, cr ? cr[1] : undefined, toggle);
}

function typeOfRelatedObject(relatedType: string | undefined, changeType: string | undefined): NormalizedType {
  const verb = changeType === 'CREATE' ? 0 : changeType === 'DELETE' ? 2 : 1;
  switch (relatedType) {
    case 'FEATURE':
      return (['flag.created', 'flag.updated', 'flag.deleted'] as const)[verb];
    // A feature state (or a published v2 version of one) is the flag's configuration in one environment.
    case 'FEATURE_STATE':
    case 'EF_VERSION':
      return 'flag.updated';
    case 'EDGE_IDENTITY':
      return 'flag.strategy.updated';
    case 'SEGMENT':
      return (['segment.created', 'segment.updated', 'segment.deleted'] as const)[verb];
    case 'ENVIRONMENT':
      return (['environment.created', 'environment.updated', 'environment.deleted'] as const)[verb];
    case 'PROJECT':
      return (['project.created', 'project.updated', 'project.deleted'] as const)[verb];
    case 'CHANGE_REQUEST':
      return changeType === 'CREATE' ? 'change_request.created' : changeType === 'DELETE' ? 'change_request.cancelled' : 'other';
    default:
      return 'other';
  }
}

/**
 * change_details shows what a flag update did: `enabled` flipped on the environment default is
 * an enable/disable; `is_archived` flipped on the feature is an archive/revive.
 */
function refineFlagUpdate(details: ChangeDetail[], toggle: boolean): NormalizedType {
  for (const d of details) {
    if (d.old === d.new || typeof d.new !== 'boolean') continue;
    if (toggle && d.field === 'enabled') return d.new ? 'flag.enabled' : 'flag.disabled';
    if (d.field === 'is_archived') return d.new ? 'flag.archived' : 'flag.revived';
  }
  return 'flag.updated';
}

interface ChangeDetail {
  field: string;
  old: unknown;
  new: unknown;
}

function changeDetailsOf(audit: JsonObject, p: string, index: number): ChangeDetail[] | undefined {
  const list = audit.change_details;
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list)) throw InvalidInputError.forRecord(index, p + 'change_details', `must be an array, got ${describeJsonShape(list)}`);
  const details: ChangeDetail[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const item: unknown = list[i];
    if (!isJsonObject(item)) {
      throw InvalidInputError.forRecord(index, `${p}change_details[${i}]`, `must be an object {field, old, new}, got ${describeJsonShape(item)}`);
    }
    if (typeof item.field !== 'string' || item.field === '') {
      throw InvalidInputError.forRecord(index, `${p}change_details[${i}].field`, `must be a non-empty string, got ${describeJsonShape(item.field)}`);
    }
    details[i] = { field: item.field, old: item.old ?? null, new: item.new ?? null };
  }
  return details;
}

/**
 * Whether redactSecrets would hide anything in `{[field]: value}`: the value itself when the
 * field name is secret (e.g. an environment's api_key), or a secret nested inside it.
 */
function isSecretField(field: string, value: unknown): boolean {
  if (isSecretEntry(field, value)) return true;
  return typeof value === 'object' && value !== null && redactSecrets(value, '').paths.length > 0;
}

/** Whether some `{field: old or new}` entry could need redacting (a cheap, conservative test). */
function mayHoldSecret(details: ChangeDetail[], side: 'old' | 'new'): boolean {
  for (let i = 0; i < details.length; i++) {
    const d = details[i];
    const value = d[side];
    if ((typeof value === 'object' && value !== null) || isSecretEntry(d.field, value)) return true;
  }
  return false;
}

/**
 * change_details names a field in a value (`{field: "api_key", old, new}`), which key-based
 * redaction cannot see: hide old/new of secret fields in raw too.
 */
function redactChangeDetails(raw: JsonObject, p: string, paths: string[]): JsonObject {
  const holder = p === '' ? raw : (raw.data as JsonObject);
  const list = holder.change_details;
  if (!Array.isArray(list)) return raw;
  let copy: unknown[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const item: unknown = list[i];
    if (!isJsonObject(item) || typeof item.field !== 'string') continue;
    const hideOld = isSecretField(item.field, item.old);
    const hideNew = isSecretField(item.field, item.new);
    if (!hideOld && !hideNew) continue;
    (copy ??= list.slice())[i] = { ...item, ...(hideOld ? { old: REDACTED } : {}), ...(hideNew ? { new: REDACTED } : {}) };
    const at = `raw.${p}change_details[${i}]`;
    if (hideOld) paths.push(`${at}.old`);
    if (hideNew) paths.push(`${at}.new`);
  }
  if (!copy) return raw;
  return p === '' ? { ...raw, change_details: copy } : { ...raw, data: { ...holder, change_details: copy } };
}

/** before/after as `{field: value}` objects, with secret-named fields hidden. */
function attachChangeDetails(event: NormalizedEvent, details: ChangeDetail[], paths: string[]): void {
  event.before = redactedFieldValues(details, 'old', 'before', paths);
  event.after = redactedFieldValues(details, 'new', 'after', paths);
}

/** `{field: old}` (or new) for every detail, a later duplicate field winning; secrets hidden, their paths added. */
function redactedFieldValues(details: ChangeDetail[], side: 'old' | 'new', basePath: string, paths: string[]): unknown {
  const values: Record<string, unknown> = {};
  for (let i = 0; i < details.length; i++) {
    const d = details[i];
    // An own data property, as Object.fromEntries makes, also where Object.prototype has the name:
    // a field named "__proto__" cannot change the prototype.
    if (d.field in Object.prototype) Object.defineProperty(values, d.field, { value: d[side], enumerable: true, writable: true, configurable: true });
    else values[d.field] = d[side];
  }
  // redactSecrets returns its input unchanged, with no paths, when nothing needs hiding.
  if (!mayHoldSecret(details, side)) return values;
  const redacted = redactSecrets(values, basePath);
  for (let i = 0; i < redacted.paths.length; i++) paths.push(redacted.paths[i]);
  return redacted.value;
}

// --- timestamps

/**
 * toUtcTimestamp, skipping its regex and Date round trip for the form it returns unchanged:
 * `YYYY-MM-DDTHH:MM:SS.mmmZ` naming a real date and time (ECMAScript's own date-time format,
 * which Date.parse reads exactly, and which toISOString writes back the same for years 0000–9999).
 */
function utcTimestamp(value: unknown, index: number, field: string): string {
  return typeof value === 'string' && isCanonicalUtcTimestamp(value) ? value : toUtcTimestamp(value, index, field);
}

function isCanonicalUtcTimestamp(s: string): boolean {
  if (
    s.length !== 24 ||
    s.charCodeAt(4) !== 0x2d /* - */ ||
    s.charCodeAt(7) !== 0x2d ||
    s.charCodeAt(10) !== 0x54 /* T */ ||
    s.charCodeAt(13) !== 0x3a /* : */ ||
    s.charCodeAt(16) !== 0x3a ||
    s.charCodeAt(19) !== 0x2e /* . */ ||
    s.charCodeAt(23) !== 0x5a /* Z */
  ) {
    return false;
  }
  const year = decimal(s, 0, 4);
  const month = decimal(s, 5, 2);
  const day = decimal(s, 8, 2);
  const hour = decimal(s, 11, 2);
  const minute = decimal(s, 14, 2);
  const second = decimal(s, 17, 2);
  const millis = decimal(s, 20, 3);
  return (
    year >= 0 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour >= 0 &&
    hour <= 23 &&
    minute >= 0 &&
    minute <= 59 &&
    second >= 0 &&
    second <= 59 &&
    millis >= 0
  );
}

/** The value of `length` ASCII digits at `start`, or -1 if any is not a digit. */
function decimal(s: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const digit = s.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

// --- actors, ids, names

/**
 * The author is the signed-in user. Without one, Flagsmith's own jobs set is_system_event; any
 * other author-less change came through a (master) API key, which names no person.
 */
function auditActorOf(audit: JsonObject, p: string, index: number): NormalizedActor {
  const author = audit.author;
  if (author !== undefined && author !== null) return userActor(author, p + 'author', index);
  if (audit.is_system_event === true) return { kind: 'system' };
  const key = audit.master_api_key;
  if (isJsonObject(key)) {
    const actor: NormalizedActor = { kind: 'service', name: FLAGSMITH_API_KEY_ACTOR_NAME };
    const id = key.id;
    if ((typeof id === 'string' && id !== '') || (typeof id === 'number' && Number.isSafeInteger(id))) actor.id = String(id);
    if (typeof key.name === 'string' && key.name !== '') actor.name = key.name;
    return actor;
  }
  return { kind: 'service', name: FLAGSMITH_API_KEY_ACTOR_NAME };
}

/** A Flagsmith user: a serialized object {id, email, first_name, last_name} or a bare id. */
function userActor(value: unknown, path: string, index: number): NormalizedActor {
  if (typeof value === 'number' || typeof value === 'string') return { kind: 'user', id: requireNaturalId(value, path, index) };
  if (!isJsonObject(value)) throw InvalidInputError.forRecord(index, path, `must be a user object, a user id or null, got ${describeJsonShape(value)}`);
  const actor: NormalizedActor = { kind: 'user' };
  const p = path + '.';
  const id = optionalNaturalId(value.id, p + 'id', index);
  const email = optionalString(value, 'email', p, index);
  const first = optionalString(value, 'first_name', p, index);
  const last = optionalString(value, 'last_name', p, index);
  // The defined parts joined with a space.
  const name = (first === undefined ? (last ?? '') : last === undefined ? first : first + ' ' + last).trim();
  if (id !== undefined) actor.id = id;
  if (email !== undefined && email !== '') actor.email = email;
  if (name !== '') actor.name = name;
  return actor;
}

function optionalUserActor(value: unknown, path: string, index: number): NormalizedActor {
  // The user was deleted (SET_NULL) or is not recorded: a person we cannot name.
  return value === undefined || value === null ? { kind: 'user' } : userActor(value, path, index);
}

/** Flagsmith ids are integer primary keys; exports sometimes stringify them. */
function requireNaturalId(value: unknown, path: string, index: number): string {
  if (value === undefined || value === null) throw InvalidInputError.forRecord(index, path, 'is required');
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1) return String(value);
  if (typeof value === 'string' && NATURAL_NUMBER.test(value) && value.length <= 20) return value;
  throw InvalidInputError.forRecord(index, path, `must be an integer ≥ 1 (or one as a string), got ${JSON.stringify(value)}`);
}

function optionalNaturalId(value: unknown, path: string, index: number): string | undefined {
  return value === undefined || value === null ? undefined : requireNaturalId(value, path, index);
}

function requireString(obj: JsonObject, key: string, p: string, index: number): string {
  const value = obj[key];
  if (value === undefined || value === null) throw InvalidInputError.forRecord(index, p + key, 'is required');
  if (typeof value !== 'string') throw InvalidInputError.forRecord(index, p + key, `must be a string, got ${describeJsonShape(value)}`);
  return value;
}

function optionalString(obj: JsonObject, key: string, p: string, index: number): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw InvalidInputError.forRecord(index, p + key, `must be a string or null, got ${describeJsonShape(value)}`);
  return value;
}

/**
 * Project/environment: the serialized object's name (what "production" rules match), else the
 * bare id as a string, so a per-source production rule can still name it.
 */
function nameOrId(value: unknown, path: string, index: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return requireNaturalId(value, path, index);
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (!isJsonObject(value)) throw InvalidInputError.forRecord(index, path, `must be an object, an id or null, got ${describeJsonShape(value)}`);
  const name = optionalString(value, 'name', `${path}.`, index);
  if (name !== undefined && name !== '') return name;
  return optionalNaturalId(value.id, `${path}.id`, index);
}

// --- change-request objects

function changeRequestSteps(cr: JsonObject): FlagsmithChangeRequestStep[] {
  const steps = [new FlagsmithChangeRequestStep(cr, 'created')];
  const approvals = Array.isArray(cr.approvals) ? (cr.approvals as unknown[]) : [];
  approvals.forEach((approval, i) => {
    // Requested reviewers appear with approved_at null until they approve.
    if (isJsonObject(approval) && approval.approved_at !== undefined && approval.approved_at !== null) {
      steps.push(new FlagsmithChangeRequestStep(cr, 'approved', i));
    }
  });
  if (cr.committed_at !== undefined && cr.committed_at !== null) steps.push(new FlagsmithChangeRequestStep(cr, 'applied'));
  if (cr.deleted_at !== undefined && cr.deleted_at !== null) steps.push(new FlagsmithChangeRequestStep(cr, 'cancelled'));
  return steps;
}

const STEP_TYPES: Record<FlagsmithChangeRequestStepKind, NormalizedType> = {
  created: 'change_request.created',
  approved: 'change_request.approved',
  applied: 'change_request.applied',
  cancelled: 'change_request.cancelled',
};

/** Flagsmith's own audit constant for each step, so both inputs share nativeType values. */
const STEP_NATIVE_TYPES: Record<FlagsmithChangeRequestStepKind, string> = {
  created: 'CHANGE_REQUEST_CREATED',
  approved: 'CHANGE_REQUEST_APPROVED',
  applied: 'CHANGE_REQUEST_COMMITTED',
  cancelled: 'CHANGE_REQUEST_DELETED',
};

/** Ids are derived (`cr-<id>-<step>`), so the same change request ingested twice dedupes. */
function mapChangeRequestStep(part: FlagsmithChangeRequestStep, index: number, ctx: AdapterContext, source: string): NormalizedEvent {
  const cr = part.changeRequest;
  assertSafeJson(cr, index);
  const crId = requireNaturalId(cr.id, 'id', index);
  let id = `cr-${crId}-${part.step}`;
  let time: string;
  let actor: NormalizedActor;
  switch (part.step) {
    case 'created':
      time = toUtcTimestamp(cr.created_at, index, 'created_at');
      actor = optionalUserActor(cr.user, 'user', index);
      break;
    case 'approved': {
      const at = `approvals[${part.approvalIndex ?? 0}]`;
      const approval = (cr.approvals as unknown[])[part.approvalIndex ?? 0];
      if (!isJsonObject(approval)) throw InvalidInputError.forRecord(index, at, `must be an object, got ${describeJsonShape(approval)}`);
      time = toUtcTimestamp(approval.approved_at, index, `${at}.approved_at`);
      actor = optionalUserActor(approval.user, `${at}.user`, index);
      // Flagsmith allows one approval per user and request; the approval's own id is the fallback.
      const who = actor.id ?? optionalNaturalId(approval.id, `${at}.id`, index) ?? String(part.approvalIndex ?? 0);
      id = `cr-${crId}-approved-${who}`;
      break;
    }
    case 'applied':
      time = toUtcTimestamp(cr.committed_at, index, 'committed_at');
      actor = optionalUserActor(cr.committed_by, 'committed_by', index);
      break;
    case 'cancelled':
      time = toUtcTimestamp(cr.deleted_at, index, 'deleted_at');
      // The object does not say who deleted it.
      actor = { kind: 'user' };
      break;
  }

  const event: NormalizedEvent = {
    source,
    instance: ctx.instance,
    id,
    type: STEP_TYPES[part.step],
    time,
    actor,
    changeRequest: { id: crId },
    nativeType: STEP_NATIVE_TYPES[part.step],
  };
  const project = nameOrId(cr.project, 'project', index);
  const environment = nameOrId(cr.environment, 'environment', index);
  if (project !== undefined) event.project = project;
  if (environment !== undefined) event.environment = environment;
  const title = optionalString(cr, 'title', '', index);
  if (title !== undefined && title !== '') event.group = { type: FLAGSMITH_CHANGE_REQUEST_TITLE_GROUP, id: title };

  const { value, paths } = redactSecrets(cr, 'raw');
  event.raw = value;
  if (paths.length > 0) event.redactions = paths;
  return event;
}
