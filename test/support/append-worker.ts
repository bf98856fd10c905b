/**
 * A separate OS process that appends `count` generic events in small batches, for the
 * concurrency tests (`node dist/test/support/append-worker.js <worker> <count> <batch>`).
 * DATABASE_URL and EVIDENT_DATA_DIR come from the environment.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config';
import { CoreModule } from '../../src/core.module';
import { IngestService } from '../../src/ingest/ingest.service';
import { genericEvents } from './events';

async function main(): Promise<void> {
  const [worker, count, batch] = process.argv.slice(2).map(Number);
  const ctx = await NestFactory.createApplicationContext(CoreModule.forRoot(loadConfig()), { logger: ['error'] });
  const ingest = ctx.get(IngestService);
  await barrier(worker);
  let appended = 0;
  for (let i = 0; i < count; i += batch) {
    const events = genericEvents(Math.min(batch, count - i), { from: worker * 1_000_000 + i + 1, instance: `worker-${worker}` });
    appended += (await ingest.ingestDocuments([{ value: events }], { source: 'evident' })).appended;
  }
  await ctx.close();
  process.stdout.write(JSON.stringify({ worker, appended }) + '\n');
}

/** Start together: announce readiness, then wait for the test's go signal (EVIDENT_TEST_BARRIER dir). */
async function barrier(worker: number): Promise<void> {
  const dir = process.env.EVIDENT_TEST_BARRIER;
  if (!dir) return;
  writeFileSync(join(dir, `ready-${worker}`), '');
  while (!existsSync(join(dir, 'go'))) await new Promise((r) => setTimeout(r, 20));
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
