import { createReadStream, readFileSync, statSync } from 'node:fs';
import { InvalidInputError } from '../common/errors';
import { InputDocument } from '../ingest/ingest.service';
import { readNdjson } from '../ingest/ndjson-reader';

/**
 * Reads input files as documents: `.ndjson`/`.jsonl` (or anything that is not one JSON
 * document) line by line; otherwise the whole file as one JSON document.
 */
export async function* readInputFiles(files: string[], maxLineBytes: number): AsyncIterable<InputDocument> {
  for (const file of files) {
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      throw new InvalidInputError(`cannot read ${file}: no such file`);
    }
    if (/\.(ndjson|jsonl)$/i.test(file)) {
      yield* ndjson(file, maxLineBytes);
      continue;
    }
    const text = size > 0 ? readFileSync(file, 'utf8') : '';
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      if (/\n\s*[{[]/.test(text.trim())) {
        yield* ndjson(file, maxLineBytes);
        continue;
      }
      throw new InvalidInputError(`${file}: malformed JSON: ${(err as Error).message}`);
    }
    yield { value, file };
  }
}

async function* ndjson(file: string, maxLineBytes: number): AsyncIterable<InputDocument> {
  try {
    for await (const { line, value } of readNdjson(createReadStream(file), maxLineBytes)) yield { value, line, file };
  } catch (err) {
    if (err instanceof InvalidInputError) throw new InvalidInputError(`${file}: ${err.message}`, err.problems);
    throw err;
  }
}
