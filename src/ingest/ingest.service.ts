import { Inject, Injectable, Logger } from '@nestjs/common';
import { InvalidInputError } from '../common/errors';
import { EvidentConfig } from '../config/config';
import { EVIDENT_CONFIG } from '../config/config.module';
import { ChangesService } from '../changes/changes.service';
import { ENTRY_KIND } from '../ledger/entry-kinds';
import { canonicalize } from '../ledger/jcs';
import { LedgerService } from '../ledger/ledger.service';
import { PendingEntry } from '../ledger/ledger.types';
import { adapterFor } from './adapter.registry';
import { readNdjson } from './ndjson-reader';

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
  /** Called every few thousand records while a stream is read. */
  onProgress?: (records: number) => void;
}

/** An input document (one parsed JSON body or NDJSON line) with where it came from, for error messages. */
export interface InputDocument {
  value: unknown;
  line?: number;
  file?: string;
}

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
    @Inject(EVIDENT_CONFIG) private readonly config: EvidentConfig,
  ) {}

  ingestDocuments(docs: Iterable<InputDocument> | AsyncIterable<InputDocument>, opts: IngestOptions): Promise<IngestResult> {
    return this.ingest(docs, opts);
  }

  ingestNdjson(stream: AsyncIterable<Buffer | string>, opts: IngestOptions): Promise<IngestResult> {
    return this.ingest(readNdjson(stream, this.config.maxLineBytes), opts);
  }

  private async ingest(docs: Iterable<InputDocument> | AsyncIterable<InputDocument>, opts: IngestOptions): Promise<IngestResult> {
    const adapter = adapterFor(opts.source);
    const ctx = { instance: opts.instance ?? 'default' };
    const pending: PendingEntry[] = [];
    const firstIndexOfKey = new Map<string, number>();
    let index = 0;
    for await (const doc of docs) {
      for (const record of adapter.split(doc.value)) {
        const i = index++;
        try {
          const event = adapter.map(record, i, ctx);
          const eventKey = `${event.source}\u001f${event.instance}\u001f${event.id}`;
          const first = firstIndexOfKey.get(eventKey);
          if (first !== undefined) {
            throw InvalidInputError.forRecord(i, 'id', `duplicate id "${event.id}" in this batch (also record ${first})`);
          }
          firstIndexOfKey.set(eventKey, i);
          pending.push({ kind: ENTRY_KIND.event, dataJcs: canonicalize(event), eventKey });
        } catch (err) {
          throw locate(err, i, doc);
        }
        if (opts.onProgress && index % 5000 === 0) opts.onProgress(index);
      }
    }
    const outcome = await this.ledger.append(pending);
    opts.onProgress?.(index);
    if (outcome.appended > 0) this.changes.catchUpSoon();
    this.logger.debug(`ingested ${outcome.appended} of ${outcome.received} ${opts.source} records`);
    const { received, appended, duplicates, firstSeq, lastSeq } = outcome;
    return { received, appended, duplicates, firstSeq, lastSeq };
  }
}

/** Adds the line / file of the document to a record error, and turns canonicalization failures into input errors. */
function locate(err: unknown, index: number, doc: InputDocument): unknown {
  if (err instanceof InvalidInputError) {
    if (doc.line === undefined && doc.file === undefined) return err;
    const problems = err.problems.map((p) => ({ ...p, line: p.line ?? doc.line }));
    const where = [doc.file, doc.line !== undefined ? `line ${doc.line}` : undefined].filter(Boolean).join(' ');
    return new InvalidInputError(`${where}: ${err.message}`, problems);
  }
  if (err instanceof TypeError) return InvalidInputError.forRecord(index, undefined, err.message, doc.line);
  return err;
}
