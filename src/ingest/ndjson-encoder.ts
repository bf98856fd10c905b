import { adapterFor } from './adapter.registry';
import { forEachLine, NdjsonChunk, parseNdjsonLine } from './ndjson-reader';
import { encodeRecord, EncodedRecord } from './record-encoder';

export interface ChunkJob extends NdjsonChunk {
  source: string;
  instance: string;
  maxLineBytes: number;
  /** Global index of the chunk's first record; errors name records by it. */
  firstRecord: number;
}

/** Parses, maps and canonicalizes every record of a chunk of NDJSON lines. Pure; runs in workers too. */
export function encodeNdjsonChunk(job: ChunkJob): EncodedRecord[] {
  const adapter = adapterFor(job.source);
  const ctx = { instance: job.instance };
  const out: EncodedRecord[] = [];
  let index = job.firstRecord;
  forEachLine(job.buf, job.firstLine, (bytes, line) => {
    const doc = parseNdjsonLine(bytes, line, index, job.maxLineBytes);
    if (doc === null) return;
    for (const record of adapter.split(doc)) {
      out.push(encodeRecord(adapter, record, index, ctx, line));
      index++;
    }
  });
  return out;
}
