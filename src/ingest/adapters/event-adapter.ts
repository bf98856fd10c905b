import { InvalidInputError } from '../../common/errors';
import type { NormalizedEvent } from '../normalized-event';

/** What the caller knows about where the records came from. */
export interface AdapterContext {
  /** The source instance name chosen by the caller (query param / CLI flag). */
  instance: string;
}

/** Turns one platform's event documents into normalized events. */
export interface EventAdapter {
  /** 'unleash' | 'evident' ... */
  readonly source: string;
  /**
   * A parsed JSON document → its records: a single record, an array, or a platform's wrapper
   * such as Unleash's {events:[...]}. Throws InvalidInputError for an unrecognised shape.
   */
  split(doc: unknown): unknown[];
  /**
   * One record → normalized event. Throws InvalidInputError.forRecord(index, field, message)
   * naming the missing/wrong field. Pure and fast (hot path, >100k records/s).
   */
  map(record: unknown, index: number, ctx: AdapterContext): NormalizedEvent;
}

// Small helpers shared by the adapters, so every platform validates the same way.

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How a value reads in an error message: `array`, `null`, `object with keys a, b`, `string`. */
export function describeJsonShape(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value !== 'object') return typeof value;
  const keys = Object.keys(value);
  if (keys.length === 0) return 'empty object';
  const shown = keys.slice(0, 8).join(', ');
  return `object with keys ${shown}${keys.length > 8 ? ', …' : ''}`;
}

/** Splits the document shapes every adapter accepts: one record, an array, or {events: [...]}. */
export function splitEventsDocument(doc: unknown, isSingleRecord: (obj: JsonObject) => boolean, expected: string): unknown[] {
  if (Array.isArray(doc)) return doc;
  if (isJsonObject(doc)) {
    if (Array.isArray(doc.events)) return doc.events;
    if (isSingleRecord(doc)) return [doc];
  }
  const message = `unrecognised document: expected ${expected}; got ${describeJsonShape(doc)}`;
  throw new InvalidInputError(message, [{ message }]);
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

/**
 * An RFC 3339 timestamp (date, time with seconds, and a zone) → UTC ISO-8601 with milliseconds.
 * Date.parse alone accepts Feb 30 and 24:00, and zone-less strings in local time; evidence
 * must not depend on the server's time zone, so the form is checked first.
 */
export function toUtcTimestamp(value: unknown, index: number, field: string): string {
  if (typeof value !== 'string') {
    throw InvalidInputError.forRecord(index, field, `must be an RFC 3339 timestamp string, got ${describeJsonShape(value)}`);
  }
  const m = RFC3339.exec(value);
  const valid =
    m !== null &&
    +m[2] >= 1 &&
    +m[2] <= 12 &&
    +m[3] >= 1 &&
    +m[3] <= daysInMonth(+m[1], +m[2]) &&
    +m[4] <= 23 &&
    +m[5] <= 59 &&
    +m[6] <= 59 &&
    (m[8] === undefined || (+m[9] <= 23 && +m[10] <= 59));
  const ms = valid ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) {
    throw InvalidInputError.forRecord(
      index,
      field,
      `${JSON.stringify(value.slice(0, 64))} is not an RFC 3339 timestamp with a time zone (e.g. 2026-07-01T09:00:00.000Z)`,
    );
  }
  return new Date(ms).toISOString();
}
