import { InvalidInputError, PayloadTooLargeError } from '../common/errors';

export interface NdjsonLine {
  /** 1-based line number in the stream. */
  line: number;
  value: unknown;
}

/**
 * Splits a byte stream into parsed NDJSON lines without buffering the whole stream.
 * Each line is bounded by maxLineBytes; invalid UTF-8 and malformed JSON are errors naming the line.
 */
export async function* readNdjson(stream: AsyncIterable<Buffer | string>, maxLineBytes: number): AsyncIterable<NdjsonLine> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let carry: Buffer = Buffer.alloc(0);
  let lineNo = 0;
  let record = 0;
  const parse = (bytes: Buffer): NdjsonLine | null => {
    lineNo++;
    if (bytes.length > maxLineBytes) {
      throw new PayloadTooLargeError(`line ${lineNo} is ${bytes.length} bytes; the limit per NDJSON line is ${maxLineBytes}`);
    }
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      throw InvalidInputError.forRecord(record, undefined, 'line is not valid UTF-8', lineNo);
    }
    if (text.trim() === '') return null;
    try {
      const value: unknown = JSON.parse(text);
      record++;
      return { line: lineNo, value };
    } catch (err) {
      throw InvalidInputError.forRecord(record, undefined, `malformed JSON: ${(err as Error).message}`, lineNo);
    }
  };
  for await (const chunk of stream) {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (carry.length > 0) buf = Buffer.concat([carry, buf]);
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl !== -1; nl = buf.indexOf(10, start)) {
      const end = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;
      const parsed = parse(buf.subarray(start, end));
      if (parsed) yield parsed;
      start = nl + 1;
    }
    carry = buf.subarray(start);
    if (carry.length > maxLineBytes) {
      throw new PayloadTooLargeError(`line ${lineNo + 1} exceeds the limit of ${maxLineBytes} bytes per NDJSON line`);
    }
  }
  if (carry.length > 0) {
    const parsed = parse(carry);
    if (parsed) yield parsed;
  }
}
