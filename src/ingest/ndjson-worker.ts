/** Worker thread: encodes NDJSON chunks so parsing and canonicalization use every core. */
import { parentPort } from 'node:worker_threads';
import { ChunkJob, encodeNdjsonChunk } from './ndjson-encoder';

parentPort!.on('message', (msg: { id: number; job: ChunkJob }) => {
  try {
    const job = { ...msg.job, buf: Buffer.from(msg.job.buf.buffer, msg.job.buf.byteOffset, msg.job.buf.byteLength) };
    parentPort!.postMessage({ id: msg.id, records: encodeNdjsonChunk(job) });
  } catch {
    // The main thread re-encodes this chunk itself, with the right record numbers, for the error.
    parentPort!.postMessage({ id: msg.id, failed: true });
  }
});
