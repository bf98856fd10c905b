import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError } from '../../src/common/errors';
import { encodeNdjsonChunk } from '../../src/ingest/ndjson-encoder';
import { NdjsonWorkerPool } from '../../src/ingest/ndjson-worker-pool';
import { generateUnleashSample } from '../../src/demo/unleash-sample';

const WORKER = join(__dirname, '../../dist/src/ingest/ndjson-worker.js');

describe('NDJSON encoding on worker threads (the compiled build)', () => {
  let pool: NdjsonWorkerPool;
  const lines = generateUnleashSample().slice(0, 120).map((e) => JSON.stringify(e));
  const job = (text: string) => ({ buf: Buffer.from(text), firstLine: 1, firstRecord: 0, source: 'unleash', instance: 'flags.acme.example', maxLineBytes: 1 << 20 });

  beforeAll(() => {
    if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: run "npm run build" first (npm test does it)`);
    pool = NdjsonWorkerPool.forFile(WORKER);
  });
  afterAll(() => pool.onModuleDestroy());

  it('produces exactly what the main thread produces', async () => {
    const text = lines.join('\n') + '\n\n';
    const fromWorker = await pool.encode(job(text));
    expect(fromWorker).toEqual(encodeNdjsonChunk(job(text)));
    expect(fromWorker).toHaveLength(120);
  });

  it('hands a chunk with a bad record back to the main thread, which names it', async () => {
    const bad = [...lines.slice(0, 5), '{"id": 1, "type": "feature-created", "createdAt": "soon"}', ...lines.slice(5, 10)].join('\n');
    expect(await pool.encode(job(bad))).toBeNull();
    expect(() => encodeNdjsonChunk({ ...job(bad), firstLine: 101, firstRecord: 100 })).toThrow(InvalidInputError);
    expect(() => encodeNdjsonChunk({ ...job(bad), firstLine: 101, firstRecord: 100 })).toThrow(/line 106.*record 105.*createdAt/);
  });
});
