import { InvalidInputError } from '../../common/errors';
import { assertSafeJson } from '../json-safety';
import type { NormalizedEvent } from '../normalized-event';
import { redactSecrets } from '../redaction';
import { AdapterContext, EventAdapter, JsonObject, describeJsonShape, isJsonObject, splitEventsDocument, toUtcTimestamp } from './event-adapter';
import { EvidentAdapter } from './evident.adapter';
import { FlagsmithAdapter } from './flagsmith.adapter';
import { LaunchDarklyAdapter } from './launchdarkly.adapter';
import { UnleashAdapter } from './unleash.adapter';

/** What a CloudEvent's data can be mapped by. */
export type CloudEventsPayloadKind = 'unleash' | 'launchdarkly' | 'flagsmith' | 'evident';

export type CloudEventsDelegates = Record<CloudEventsPayloadKind, EventAdapter>;

const PLATFORMS: readonly CloudEventsPayloadKind[] = ['unleash', 'launchdarkly', 'flagsmith'];
const PAYLOAD_KINDS: ReadonlySet<string> = new Set<CloudEventsPayloadKind>([...PLATFORMS, 'evident']);

/**
 * ctx.instance values that mean "the caller named no instance" (IngestService falls back to
 * 'default'); the CloudEvent's `source` host is then the better name.
 */
export const UNNAMED_INSTANCES: ReadonlySet<string> = new Set(['', 'default']);

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** application/json, application/<anything>+json and text/json, with parameters. */
const JSON_MEDIA_TYPE = /^(?:application\/(?:[\w.!#$&^-]+\+)?json|text\/json)\s*(?:;.*)?$/i;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Where in the CloudEvent the mapped record sits, for error fields and for raw. */
type Placement = 'data' | 'data.raw';

interface Payload {
  data: JsonObject;
  /** The field the data came from: `data`, or `data_base64` (decoded). */
  field: 'data' | 'data_base64';
}

/**
 * CloudEvents 1.0 in the structured JSON format (one event) and the batch format (an array).
 * The event is an envelope: its data is either an Evident normalized event or one record of a
 * platform, which that platform's adapter maps, so the same record ingested directly or wrapped
 * in a CloudEvent is the same ledger event (same source, instance and id). raw keeps the whole
 * CloudEvent.
 */
export class CloudEventsAdapter implements EventAdapter {
  readonly source = 'cloudevents';
  private readonly delegates: CloudEventsDelegates;

  constructor(delegates: Partial<CloudEventsDelegates> = {}) {
    this.delegates = {
      unleash: delegates.unleash ?? new UnleashAdapter(),
      launchdarkly: delegates.launchdarkly ?? new LaunchDarklyAdapter(),
      flagsmith: delegates.flagsmith ?? new FlagsmithAdapter(),
      evident: delegates.evident ?? new EvidentAdapter(),
    };
  }

  split(doc: unknown): unknown[] {
    return splitEventsDocument(
      doc,
      (obj) => 'specversion' in obj,
      'a CloudEvent in the structured JSON format (with "specversion"), or a batch of them (a JSON array)',
    );
  }

  map(record: unknown, index: number, ctx: AdapterContext): NormalizedEvent {
    if (!isJsonObject(record)) {
      assertSafeJson(record, index);
      throw InvalidInputError.forRecord(index, undefined, `expected a CloudEvent object, got ${describeJsonShape(record)}`);
    }
    // The record the delegate maps is checked by the delegate; check the rest here, once.
    const { data: _data, data_base64: _base64, ...envelope } = record;
    assertSafeJson(envelope, index);
    const source = checkAttributes(record, index);
    const payload = payloadOf(record, index);

    const kind = payloadKindOf(record, payload, index);
    const placement: Placement = kind !== 'evident' && typeof payload.data.platform === 'string' && isJsonObject(payload.data.raw) ? 'data.raw' : 'data';
    const inner = placement === 'data' ? payload.data : (payload.data.raw as JsonObject);
    const innerCtx: AdapterContext = { instance: instanceFor(ctx, source) };

    if (placement === 'data.raw') {
      try {
        assertSafeJson({ ...payload.data, raw: null }, index);
      } catch (err) {
        throw relocate(err, index, payload.field);
      }
    }
    let event: NormalizedEvent;
    try {
      event = this.delegates[kind].map(inner, index, innerCtx);
    } catch (err) {
      throw relocate(err, index, placement === 'data' ? payload.field : `${payload.field}.raw`);
    }
    attachCloudEventRaw(event, record, envelope, payload, placement, kind === 'evident');
    return event;
  }
}

/** The required context attributes (CloudEvents 1.0 §3.1); returns `source`. */
function checkAttributes(ce: JsonObject, index: number): string {
  const specversion = ce.specversion;
  if (specversion === undefined || specversion === null) throw InvalidInputError.forRecord(index, 'specversion', 'is required');
  if (specversion !== '1.0') {
    throw InvalidInputError.forRecord(index, 'specversion', `must be "1.0" (the CloudEvents version this adapter reads), got ${JSON.stringify(specversion)}`);
  }
  for (const field of ['id', 'source', 'type'] as const) {
    const value = ce[field];
    if (value === undefined || value === null) throw InvalidInputError.forRecord(index, field, 'is required');
    if (typeof value !== 'string' || value === '') {
      throw InvalidInputError.forRecord(index, field, `must be a non-empty string, got ${describeJsonShape(value)}`);
    }
  }
  // Optional, but a present time must be a valid RFC 3339 timestamp (§3.1.1).
  if (ce.time !== undefined && ce.time !== null) toUtcTimestamp(ce.time, index, 'time');
  const contentType = ce.datacontenttype;
  if (contentType !== undefined && contentType !== null && (typeof contentType !== 'string' || !JSON_MEDIA_TYPE.test(contentType))) {
    throw InvalidInputError.forRecord(index, 'datacontenttype', `must be a JSON media type (application/json), got ${JSON.stringify(contentType)}`);
  }
  return ce.source as string;
}

function payloadOf(ce: JsonObject, index: number): Payload {
  const hasData = ce.data !== undefined && ce.data !== null;
  const hasBase64 = ce.data_base64 !== undefined && ce.data_base64 !== null;
  if (hasData && hasBase64) throw InvalidInputError.forRecord(index, 'data_base64', 'must not be present together with data');
  if (hasData) {
    if (!isJsonObject(ce.data)) throw InvalidInputError.forRecord(index, 'data', `must be a JSON object (one event record), got ${describeJsonShape(ce.data)}`);
    return { data: ce.data, field: 'data' };
  }
  if (hasBase64) return { data: decodeBase64Json(ce.data_base64, index), field: 'data_base64' };
  throw InvalidInputError.forRecord(index, 'data', 'is required: the event record to map (or data_base64)');
}

function decodeBase64Json(value: unknown, index: number): JsonObject {
  if (typeof value !== 'string' || !BASE64.test(value)) {
    throw InvalidInputError.forRecord(index, 'data_base64', `must be a base64 string (RFC 4648 §4), got ${describeJsonShape(value)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(UTF8.decode(Buffer.from(value, 'base64')));
  } catch (err) {
    throw InvalidInputError.forRecord(index, 'data_base64', `does not decode to UTF-8 JSON (${(err as Error).message})`);
  }
  if (!isJsonObject(parsed)) {
    throw InvalidInputError.forRecord(index, 'data_base64', `must decode to a JSON object (one event record), got ${describeJsonShape(parsed)}`);
  }
  return parsed;
}

/** An Evident normalized event names its own source and carries time and actor; platform records do not. */
function isNormalizedEvent(data: JsonObject): boolean {
  return 'source' in data && 'time' in data && 'actor' in data;
}

/**
 * Explicit names first (the `platform` / `flagplatform` extensions, data.platform), which must
 * agree; else a platform name inside the event type (`com.launchdarkly.audit`, `io.getunleash.…`).
 */
function payloadKindOf(ce: JsonObject, payload: Payload, index: number): CloudEventsPayloadKind {
  if (isNormalizedEvent(payload.data)) return 'evident';
  let named: CloudEventsPayloadKind | undefined;
  let namedBy: string | undefined;
  const claims: [string, unknown][] = [
    ['platform', ce.platform],
    ['flagplatform', ce.flagplatform],
    [`${payload.field}.platform`, payload.data.platform],
  ];
  for (const [field, value] of claims) {
    if (value === undefined || value === null) continue;
    const name = typeof value === 'string' ? value.toLowerCase() : undefined;
    if (name === undefined || !PAYLOAD_KINDS.has(name)) {
      throw InvalidInputError.forRecord(index, field, `must name one of ${[...PAYLOAD_KINDS].join(', ')}, got ${JSON.stringify(value)}`);
    }
    if (named !== undefined && name !== named) {
      throw InvalidInputError.forRecord(index, field, `names "${name}" but ${namedBy} names "${named}"`);
    }
    named = name as CloudEventsPayloadKind;
    namedBy = field;
  }
  if (named !== undefined) return named;

  const type = (ce.type as string).toLowerCase();
  const inType = PLATFORMS.filter((p) => type.includes(p));
  if (inType.length === 1) return inType[0];
  throw InvalidInputError.forRecord(
    index,
    inType.length > 1 ? 'type' : payload.field,
    inType.length > 1
      ? `names several platforms (${inType.join(', ')}); say which with the "platform" extension`
      : 'is neither an Evident normalized event (source, instance, id, type, time, actor) nor a record of a named platform: ' +
          `name ${PLATFORMS.join(', ')} in a "platform" extension, in data.platform or in the event type`,
  );
}

/**
 * The caller's instance when they chose one; else the host of the CloudEvent's `source` URI
 * (`https://flags.acme.example/unleash` → `flags.acme.example`), which says where the event
 * came from; a source without a host (`/unleash`, `urn:…`) leaves the caller's value.
 */
function instanceFor(ctx: AdapterContext, source: string): string {
  if (!UNNAMED_INSTANCES.has(ctx.instance)) return ctx.instance;
  return hostOf(source) ?? ctx.instance;
}

function hostOf(uri: string): string | undefined {
  if (!uri.includes('//')) return undefined;
  try {
    const host = new URL(uri).hostname;
    return host === '' ? undefined : host;
  } catch {
    return undefined;
  }
}

/** A delegate's error names a field of the record it saw; point it into the CloudEvent. */
function relocate(err: unknown, index: number, prefix: string): unknown {
  if (!(err instanceof InvalidInputError) || err.problems.length === 0) return err;
  const problem = err.problems[0];
  const field = problem.field === undefined ? prefix : problem.field.startsWith('[') ? prefix + problem.field : `${prefix}.${problem.field}`;
  return InvalidInputError.forRecord(index, field, problem.message);
}

const isRawPath = (path: string): boolean => path === 'raw' || path.startsWith('raw.') || path.startsWith('raw[');

/**
 * raw becomes the whole CloudEvent, with the mapped record in it as the delegate redacted it
 * (its redaction paths moved under data), the rest redacted by key name. A base64 payload is
 * kept as sent unless it held a secret, which base64 would hide from every later reader; then
 * it is kept decoded and redacted under `data` instead.
 */
function attachCloudEventRaw(
  event: NormalizedEvent,
  ce: JsonObject,
  envelope: JsonObject,
  payload: Payload,
  placement: Placement,
  evident: boolean,
): void {
  const kept = (event.redactions ?? []).filter((p) => !isRawPath(p));
  // The Evident adapter keeps only the event's own raw; a normalized event in data is redacted whole here.
  const inner = evident ? redactSecrets(payload.data, 'raw') : { value: event.raw, paths: (event.redactions ?? []).filter(isRawPath) };

  const redactedEnvelope = redactSecrets(envelope, 'raw');
  const paths = [...redactedEnvelope.paths];
  let data: unknown;
  if (placement === 'data') {
    data = inner.value;
    paths.push(...rebase(inner.paths, 'raw', 'raw.data'));
  } else {
    const { raw: _raw, ...rest } = payload.data;
    const redactedRest = redactSecrets(rest, 'raw.data');
    data = { ...(redactedRest.value as JsonObject), raw: inner.value };
    paths.push(...redactedRest.paths, ...rebase(inner.paths, 'raw', 'raw.data.raw'));
  }

  const payloadRedacted = paths.length > redactedEnvelope.paths.length;
  if (paths.length === 0) event.raw = ce;
  else if (payload.field === 'data_base64' && !payloadRedacted) event.raw = { ...(redactedEnvelope.value as JsonObject), data_base64: ce.data_base64 };
  else event.raw = { ...(redactedEnvelope.value as JsonObject), data };
  if (payload.field === 'data_base64' && payloadRedacted) paths.unshift('raw.data_base64');

  const redactions = [...kept, ...paths];
  if (redactions.length > 0) event.redactions = redactions;
  else delete event.redactions;
}

function rebase(paths: string[], from: string, to: string): string[] {
  const out: string[] = [];
  for (const path of paths) {
    if (path.startsWith(from) && (path[from.length] === '.' || path[from.length] === '[')) out.push(to + path.slice(from.length));
  }
  return out;
}
