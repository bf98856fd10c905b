import { isUtf8 } from 'node:buffer';
import { InvalidInputError, PayloadTooLargeError } from '../common/errors';

export interface NdjsonLine {
  /** 1-based line number in the stream. */
  line: number;
  value: unknown;
}

/** A run of whole NDJSON lines cut from a stream, and the number of its first line. */
export interface NdjsonChunk {
  buf: Buffer;
  firstLine: number;
}

const CHUNK_BYTES = 256 * 1024;

/**
 * Parses one NDJSON line; null for a blank line. Errors name the line and the index the record
 * would have had. Invalid UTF-8 is refused rather than silently replaced.
 */
export function parseNdjsonLine(bytes: Buffer, line: number, recordIndex: number, maxLineBytes: number): unknown {
  if (bytes.length > maxLineBytes) {
    throw new PayloadTooLargeError(`line ${line} is ${bytes.length} bytes; the limit per NDJSON line is ${maxLineBytes}`);
  }
  if (!isUtf8(bytes)) throw InvalidInputError.forRecord(recordIndex, undefined, 'line is not valid UTF-8', line);
  const text = bytes.toString('utf8');
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw InvalidInputError.forRecord(recordIndex, undefined, `malformed JSON: ${(err as Error).message}`, line);
  }
}

/** Calls `each` for every line of a chunk with its line number (CR LF tolerated). */
export function forEachLine(buf: Buffer, firstLine: number, each: (bytes: Buffer, line: number) => void): number {
  let start = 0;
  let line = firstLine;
  while (start < buf.length) {
    let nl = buf.indexOf(10, start);
    if (nl === -1) nl = buf.length;
    const end = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;
    each(buf.subarray(start, end), line++);
    start = nl + 1;
  }
  return line - firstLine;
}

/**
 * Cuts a byte stream into chunks of whole lines (~256 KiB) without buffering the stream.
 * A line longer than maxLineBytes is refused as soon as it is seen.
 */
export async function* chunkNdjson(stream: AsyncIterable<Buffer | string>, maxLineBytes: number): AsyncIterable<NdjsonChunk> {
  const parts: Buffer[] = [];
  let pending = 0;
  let nextLine = 1;
  for await (const data of stream) {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    parts.push(buf);
    pending += buf.length;
    if (pending < CHUNK_BYTES && pending <= maxLineBytes) continue;
    const joined = Buffer.concat(parts, pending);
    const lastNl = joined.lastIndexOf(10);
    if (lastNl === -1) {
      if (joined.length > maxLineBytes) {
        throw new PayloadTooLargeError(`line ${nextLine} exceeds the limit of ${maxLineBytes} bytes per NDJSON line`);
      }
      parts.length = 0;
      parts.push(joined);
      continue;
    }
    const chunk = joined.subarray(0, lastNl);
    yield { buf: chunk, firstLine: nextLine };
    nextLine += countLines(chunk);
    const rest = joined.subarray(lastNl + 1);
    if (rest.length > maxLineBytes) {
      throw new PayloadTooLargeError(`line ${nextLine} exceeds the limit of ${maxLineBytes} bytes per NDJSON line`);
    }
    parts.length = 0;
    pending = rest.length;
    if (rest.length > 0) parts.push(rest);
  }
  if (pending > 0) yield { buf: Buffer.concat(parts, pending), firstLine: nextLine };
}

function countLines(buf: Buffer): number {
  let n = 1;
  for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

/** Parsed NDJSON lines of a stream, one at a time (used for files and small bodies). */
export async function* readNdjson(stream: AsyncIterable<Buffer | string>, maxLineBytes: number): AsyncIterable<NdjsonLine> {
  let record = 0;
  for await (const chunk of chunkNdjson(stream, maxLineBytes)) {
    const parsed: NdjsonLine[] = [];
    forEachLine(chunk.buf, chunk.firstLine, (bytes, line) => {
      const value = parseNdjsonLine(bytes, line, record, maxLineBytes);
      if (value !== null) {
        parsed.push({ line, value });
        record++;
      }
    });
    yield* parsed;
  }
}
