import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { INestApplicationContext } from '@nestjs/common';
import { CheckpointService } from '../../src/ledger/checkpoint.service';
import { VerifyService } from '../../src/ledger/verify.service';
import { backendNames, createBackend, TestBackend } from '../support/backends';
import { bootCore } from '../support/core';

const run = promisify(execFile);
const WORKER = join(__dirname, '../../dist/test/support/append-worker.js');

describe.each(backendNames())('four processes appending at once on %s', (backendName) => {
  let backend: TestBackend;
  let core: INestApplicationContext;

  beforeAll(async () => {
    if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: run "npm run build" first (npm test does it)`);
    backend = await createBackend(backendName);
    core = await bootCore(backend);
  });

  afterAll(async () => {
    await core.close();
    await backend.dispose();
  });

  it('leaves a gapless ledger with no fork that verifies', async () => {
    const barrier = mkdtempSync(join(tmpdir(), 'evident-barrier-'));
    const env = { ...process.env, DATABASE_URL: backend.url, EVIDENT_DATA_DIR: backend.dataDir, EVIDENT_LOG_LEVEL: 'error', EVIDENT_TEST_BARRIER: barrier };
    const workers = Promise.all([1, 2, 3, 4].map((w) => run(process.execPath, [WORKER, String(w), '1000', '50'], { env, timeout: 120_000 })));
    // Release all four at once, so their batches really compete for the ledger head.
    while (readdirSync(barrier).length < 4) await new Promise((r) => setTimeout(r, 20));
    writeFileSync(join(barrier, 'go'), '');
    const results = await workers;
    rmSync(barrier, { recursive: true, force: true });
    const appended = results.map((r) => (JSON.parse(r.stdout) as { appended: number }).appended);
    expect(appended).toEqual([1000, 1000, 1000, 1000]);

    const seqs = ((await backend.sql('SELECT seq FROM ledger_entries ORDER BY seq')) as { seq: number | string }[]).map((r) => Number(r.seq));
    expect(seqs.length).toBe(4000);
    expect(seqs[0]).toBe(1);
    expect(seqs[seqs.length - 1]).toBe(4000);
    // No fork: every chain hash is unique, so no two entries were chained onto the same predecessor.
    const forks = (await backend.sql('SELECT COUNT(DISTINCT chain_hash) AS n FROM ledger_entries')) as { n: number | string }[];
    expect(Number(forks[0].n)).toBe(4000);
    // The batches of the four processes interleaved (the test really was concurrent).
    const order = (await backend.sql('SELECT event_key FROM ledger_entries ORDER BY seq')) as { event_key: string }[];
    const switches = order.filter((r, i) => i > 0 && r.event_key.split('\u001f')[1] !== order[i - 1].event_key.split('\u001f')[1]).length;
    expect(switches).toBeGreaterThan(3);

    await core.get(CheckpointService).create();
    expect(await core.get(VerifyService).verify()).toMatchObject({ ok: true, size: 4000, firstBad: null });
  });
});
