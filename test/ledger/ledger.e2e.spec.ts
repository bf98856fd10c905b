import { INestApplicationContext } from '@nestjs/common';
import { generateKeyPairSync, sign } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { IngestService } from '../../src/ingest/ingest.service';
import { genesisChainHash, nextChainHash } from '../../src/ledger/chain';
import { CheckpointService } from '../../src/ledger/checkpoint.service';
import { canonicalize } from '../../src/ledger/jcs';
import { LedgerService } from '../../src/ledger/ledger.service';
import { leafHash, MerkleAccumulator } from '../../src/ledger/merkle';
import { VerifyService } from '../../src/ledger/verify.service';
import { backendNames, createBackend, TestBackend } from '../support/backends';
import { bootCore } from '../support/core';
import { genericEvents } from '../support/events';

interface Row {
  seq: number;
  body: string;
  leaf_hash: Buffer;
  chain_hash: Buffer;
}

describe.each(backendNames())('ledger on %s', (backendName) => {
  let backend: TestBackend;
  let core: INestApplicationContext;
  const ingest = (n: number, from = 1) =>
    core.get(IngestService).ingestDocuments([{ value: genericEvents(n, { from }) }], { source: 'evident' });
  const verify = () => core.get(VerifyService).verify();

  /** Drops the append-only triggers the way an attacker with database access would. */
  async function dropTriggers(): Promise<void> {
    if (backend.name === 'sqlite') {
      for (const t of ['ledger_entries_no_update', 'ledger_entries_no_delete', 'checkpoints_no_update', 'checkpoints_no_delete']) {
        await backend.sql(`DROP TRIGGER ${t}`);
      }
    } else {
      for (const t of ['ledger_entries', 'checkpoints']) {
        await backend.sql(`DROP TRIGGER ${t}_no_change ON ${t}`);
        await backend.sql(`DROP TRIGGER ${t}_no_truncate ON ${t}`);
      }
    }
  }

  const p = (i: number) => (backend.name === 'sqlite' ? '?' : `$${i}`);
  const rows = async (): Promise<Row[]> =>
    ((await backend.sql('SELECT seq, body, leaf_hash, chain_hash FROM ledger_entries ORDER BY seq')) as Row[]).map((r) => ({
      ...r,
      seq: Number(r.seq),
    }));

  beforeEach(async () => {
    backend = await createBackend(backendName);
    core = await bootCore(backend);
    await ingest(30);
    await core.get(CheckpointService).create();
    await ingest(20, 31);
    await core.get(CheckpointService).create();
  });

  afterEach(async () => {
    await core.close();
    await backend.dispose();
  });

  it('appends gaplessly with the hashes of DESIGN.md and verifies', async () => {
    const all = await rows();
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const head = await core.get(LedgerService).head();
    let chain = genesisChainHash(head.ledgerId);
    const acc = new MerkleAccumulator();
    for (const r of all) {
      const body = JSON.parse(r.body) as { v: number; seq: number; kind: string; recordedAt: string; data: unknown };
      expect(r.body).toBe(canonicalize(body));
      expect(body).toMatchObject({ v: 1, seq: r.seq, kind: 'event' });
      expect(body.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Buffer.compare(r.leaf_hash, leafHash(r.body))).toBe(0);
      chain = nextChainHash(chain, r.leaf_hash);
      expect(Buffer.compare(r.chain_hash, chain)).toBe(0);
      acc.push(r.leaf_hash);
    }
    const cp = await core.get(CheckpointService).latest();
    expect(cp).toMatchObject({ size: 50, chainHash: chain.toString('hex'), merkleRoot: acc.root().toString('hex') });
    expect(await verify()).toEqual({ ok: true, size: 50, checkpoints: 2, firstBad: null });
  });

  it('acknowledges re-sent events without appending them', async () => {
    const again = await ingest(50);
    expect(again).toMatchObject({ received: 50, appended: 0, duplicates: 50, firstSeq: null });
    const mixed = await ingest(10, 45);
    expect(mixed).toMatchObject({ received: 10, appended: 4, duplicates: 6, firstSeq: 51, lastSeq: 54 });
    expect((await verify()).ok).toBe(true);
  });

  it('refuses UPDATE and DELETE on ledger rows while the triggers stand', async () => {
    expect(await rows()).toHaveLength(50);
    const attempt = (q: string) => backend.sql(q).then(
      (r) => `no error (${JSON.stringify(r)})`,
      (e: Error) => e.message,
    );
    // Outcome and the triggers present, so a failure here says what the database held.
    const triggers = backend.name === 'sqlite' ? await backend.sql(`SELECT name FROM sqlite_master WHERE type = 'trigger'`) : [];
    expect({ outcome: await attempt(`UPDATE ledger_entries SET kind = 'x' WHERE seq >= 1`), triggers }).toMatchObject({ outcome: expect.stringMatching(/append-only/) });
    expect(await attempt(`DELETE FROM ledger_entries WHERE seq >= 1`)).toMatch(/append-only/);
    const cps = await backend.sql('SELECT size FROM checkpoints');
    expect({ outcome: await attempt(`DELETE FROM checkpoints`), cps, triggers }).toMatchObject({ outcome: expect.stringMatching(/append-only/) });
    if (backend.name === 'postgres') await expect(backend.sql('TRUNCATE ledger_entries')).rejects.toThrow(/append-only/);
    expect((await verify()).ok).toBe(true);
  });

  it('names an edited body', async () => {
    await dropTriggers();
    const [row] = (await backend.sql(`SELECT body FROM ledger_entries WHERE seq = 17`)) as { body: string }[];
    await backend.sql(`UPDATE ledger_entries SET body = ${p(1)} WHERE seq = 17`, [row.body.replace('"production"', '"staging"')]);
    expect(await verify()).toMatchObject({ ok: false, firstBad: { seq: 17, reason: 'body-modified' } });
  });

  it('names a deleted row', async () => {
    await dropTriggers();
    await backend.sql(`DELETE FROM ledger_entries WHERE seq = 23`);
    expect(await verify()).toMatchObject({ ok: false, firstBad: { seq: 23, reason: 'seq-gap' } });
  });

  it('names two swapped rows', async () => {
    await dropTriggers();
    await backend.sql(`UPDATE ledger_entries SET seq = -10 WHERE seq = 10`);
    await backend.sql(`UPDATE ledger_entries SET seq = 10 WHERE seq = 11`);
    await backend.sql(`UPDATE ledger_entries SET seq = 11 WHERE seq = -10`);
    expect(await verify()).toMatchObject({ ok: false, firstBad: { seq: 10, reason: 'chain-broken' } });
  });

  it('names a truncated tail, even with the checkpoint rows deleted too', async () => {
    await dropTriggers();
    await backend.sql(`DELETE FROM ledger_entries WHERE seq > 40`);
    expect(await verify()).toMatchObject({ ok: false, firstBad: { seq: 41, reason: 'truncated' } });
    await backend.sql(`DELETE FROM checkpoints WHERE size > 30`);
    // The copy of the checkpoint outside the database still covers 50 entries.
    expect(await verify()).toMatchObject({ ok: false, firstBad: { seq: 41, reason: 'truncated' } });
  });

  it('names a whole-chain rewrite made without the signing key', async () => {
    await dropTriggers();
    const head = await core.get(LedgerService).head();
    let chain = genesisChainHash(head.ledgerId);
    for (const r of await rows()) {
      const body = r.seq === 5 ? r.body.replace('"production"', '"staging"') : r.body;
      const leaf = leafHash(body);
      chain = nextChainHash(chain, leaf);
      await backend.sql(`UPDATE ledger_entries SET body = ${p(1)}, leaf_hash = ${p(2)}, chain_hash = ${p(3)} WHERE seq = ${p(4)}`, [
        body,
        leaf,
        chain,
        r.seq,
      ]);
    }
    expect(await verify()).toMatchObject({ ok: false, firstBad: { seq: 30, reason: 'checkpoint-mismatch' } });
    // Nor may a checkpoint be signed over the rewritten history.
    await ingest(1, 51);
    await expect(core.get(CheckpointService).create()).rejects.toThrow(/no longer match/);

    // Re-signing the checkpoints with a key of the attacker's own is caught as well.
    const attacker = generateKeyPairSync('ed25519').privateKey;
    const cps = (await backend.sql('SELECT size, body FROM checkpoints')) as { size: number; body: string }[];
    for (const cp of cps) {
      await backend.sql(`UPDATE checkpoints SET signature = ${p(1)} WHERE size = ${p(2)}`, [
        sign(null, Buffer.from(cp.body), attacker).toString('hex'),
        cp.size,
      ]);
    }
    rmSync(join(backend.dataDir, 'checkpoints'), { recursive: true, force: true });
    expect(await verify()).toMatchObject({ ok: false, firstBad: { seq: 30, reason: 'signature-invalid' } });
  });
});
