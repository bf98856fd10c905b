import { Inject, Injectable, Logger } from '@nestjs/common';
import { InvalidInputError } from '../common/errors';
import { EvidentConfig } from '../config/config';
import { EVIDENT_CONFIG } from '../config/config.module';
import { ChangesService } from '../changes/changes.service';
import { ENTRY_KIND } from '../ledger/entry-kinds';
import { LedgerService } from '../ledger/ledger.service';
import { PendingEntry } from '../ledger/ledger.types';
import { adapterFor } from './adapter.registry';
import { encodeNdjsonChunk } from './ndjson-encoder';
import { chunkNdjson, NdjsonChunk } from './ndjson-reader';
import { NdjsonWorkerPool } from './ndjson-worker-pool';
import { encodeRecord, EncodedRecord } from './record-encoder';

export interface IngestResult {
  received: number;
  appended: number;
  duplicates: number;
  firstSeq: number | null;
  lastSeq: number | null;
}

export interface IngestOptions {
  source: string;
  instance?: string;
  /** Called as records are read. */
  onProgress?: (records: number) => void;
}

/** An input document (one parsed JSON body or NDJSON line) with where it came from, for error messages. */
export interface InputDocument {
  value: unknown;
  line?: number;
  file?: string;
}

/** Chunks in flight before reading more of a stream: backpressure towards the client. */
const MAX_IN_FLIGHT = 8;

/**
 * Turns platform records into ledger entries: map, validate, canonicalize every record first,
 * then append the whole batch in one transaction. One bad record rejects the batch.
 */
@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);

  constructor(
    @Inject(LedgerService) private readonly ledger: LedgerService,
    @Inject(ChangesService) private readonly changes: ChangesService,
    @Inject(NdjsonWorkerPool) private readonly pool: NdjsonWorkerPool,
    @Inject(EVIDENT_CONFIG) private readonly config: EvidentConfig,
  ) {}

  /** Parsed documents (a JSON body, files): each may hold one record, an array, or a platform export. */
  async ingestDocuments(docs: Iterable<InputDocument> | AsyncIterable<InputDocument>, opts: IngestOptions): Promise<IngestResult> {
    const adapter = adapterFor(opts.source);
    const ctx = { instance: opts.instance ?? 'default' };
    const records: EncodedRecord[] = [];
    for await (const doc of docs) {
      for (const record of adapter.split(doc.value)) {
        try {
          records.push(encodeRecord(adapter, record, records.length, ctx, doc.line));
        } catch (err) {
          throw locate(err, doc);
        }
        if (opts.onProgress && records.length % 5000 === 0) opts.onProgress(records.length);
      }
    }
    return this.append(records, opts);
  }

  /**
   * An NDJSON stream of any length. Chunks of lines are encoded on worker threads while the
   * stream is still arriving; the batch is appended once every record is known to be good.
   */
  async ingestNdjson(stream: AsyncIterable<Buffer | string>, opts: IngestOptions): Promise<IngestResult> {
    adapterFor(opts.source);
    const base = { source: opts.source, instance: opts.instance ?? 'default', maxLineBytes: this.config.maxLineBytes };
    const useWorkers = this.pool.available;
    const inFlight: { chunk: NdjsonChunk; result: Promise<EncodedRecord[] | null> }[] = [];
    const records: EncodedRecord[] = [];
    const settle = async () => {
      const { chunk, result } = inFlight.shift()!;
      // A chunk the worker refused is re-encoded here with global record numbers, for the exact error.
      const encoded = (await result) ?? encodeNdjsonChunk({ ...base, ...chunk, firstRecord: records.length });
      for (const r of encoded) records.push(r);
      opts.onProgress?.(records.length);
    };
    for await (const chunk of chunkNdjson(stream, this.config.maxLineBytes)) {
      const job = { ...base, ...chunk, firstRecord: 0 };
      inFlight.push({ chunk, result: useWorkers ? this.pool.encode(job) : Promise.resolve(null) });
      if (!useWorkers || inFlight.length >= MAX_IN_FLIGHT) await settle();
    }
    while (inFlight.length > 0) await settle();
    return this.append(records, opts);
  }

  private async append(records: EncodedRecord[], opts: IngestOptions): Promise<IngestResult> {
    const firstIndexOfKey = new Map<string, number>();
    const pending: PendingEntry[] = new Array(records.length);
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      const first = firstIndexOfKey.get(r.eventKey);
      if (first !== undefined) {
        throw InvalidInputError.forRecord(i, 'id', `duplicate id "${r.id}" in this batch (also record ${first})`, r.line);
      }
      firstIndexOfKey.set(r.eventKey, i);
      pending[i] = { kind: ENTRY_KIND.event, dataJcs: r.dataJcs, eventKey: r.eventKey };
    }
    const outcome = await this.ledger.append(pending);
    opts.onProgress?.(records.length);
    if (outcome.appended > 0) this.changes.catchUpSoon();
    this.logger.debug(`ingested ${outcome.appended} of ${outcome.received} ${opts.source} records`);
    const { received, appended, duplicates, firstSeq, lastSeq } = outcome;
    return { received, appended, duplicates, firstSeq, lastSeq };
  }
}

/** Adds the file of the document to a record error (encodeRecord added the line). */
function locate(err: unknown, doc: InputDocument): unknown {
  if (!(err instanceof InvalidInputError) || doc.file === undefined) return err;
  return new InvalidInputError(`${doc.file}: ${err.message}`, err.problems);
}
