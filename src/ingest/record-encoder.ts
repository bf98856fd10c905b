import { InvalidInputError } from '../common/errors';
import { canonicalize } from '../ledger/jcs';
import { EventAdapter, AdapterContext } from './adapters/event-adapter';

/** One input record, mapped, validated and canonicalized: ready for the ledger. */
export interface EncodedRecord {
  dataJcs: string;
  /** `source␟instance␟id`: the idempotency key. */
  eventKey: string;
  id: string;
  line?: number;
}

export function eventKeyOf(source: string, instance: string, id: string): string {
  return `${source}\u001f${instance}\u001f${id}`;
}

/** map → JCS; a value JCS cannot represent becomes an input error naming the record. */
export function encodeRecord(adapter: EventAdapter, record: unknown, index: number, ctx: AdapterContext, line?: number): EncodedRecord {
  let event;
  try {
    event = adapter.map(record, index, ctx);
  } catch (err) {
    throw withLine(err, line);
  }
  let dataJcs: string;
  try {
    dataJcs = canonicalize(event);
  } catch (err) {
    throw InvalidInputError.forRecord(index, undefined, (err as Error).message, line);
  }
  return { dataJcs, eventKey: eventKeyOf(event.source, event.instance, event.id), id: event.id, line };
}

/** Adapters know the record, not the NDJSON line it came from; add it. */
export function withLine(err: unknown, line: number | undefined): unknown {
  if (line === undefined || !(err instanceof InvalidInputError) || err.problems.some((p) => p.line !== undefined)) return err;
  return new InvalidInputError(`line ${line}: ${err.message}`, err.problems.map((p) => ({ ...p, line })));
}
