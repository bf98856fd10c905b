import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBackend, TestBackend } from '../support/backends';
import { RunningServer, startServer } from '../support/core';
import { genericEvents } from '../support/events';

const SCRIPT = join(__dirname, '../../docs/tools/verify_ledger.py');

/** What docs/VERIFYING.md tells an auditor to do, done with python3 and openssl only. */
describe('an auditor verifies the ledger with standard tools', () => {
  let backend: TestBackend;
  let server: RunningServer;
  const auth = () => ({ authorization: `Bearer ${server.tokens.auditor}` });

  beforeAll(async () => {
    backend = await createBackend('sqlite');
    server = await startServer(backend);
    await fetch(`${server.url}/api/v1/events?source=evident`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.tokens.ingest}`, 'content-type': 'application/json' },
      body: JSON.stringify(genericEvents(40)),
    });
    await fetch(`${server.url}/api/v1/ledger/checkpoints`, { method: 'POST', headers: { authorization: `Bearer ${server.tokens.compliance}` } });
  });

  afterAll(async () => {
    await server.close();
    await backend.dispose();
  });

  async function download(): Promise<{ dir: string; ledgerId: string; size: number }> {
    const dir = backend.dataDir;
    const cp = (await (await fetch(`${server.url}/api/v1/ledger/checkpoints/latest`, { headers: auth() })).json()) as Record<string, string | number>;
    // The signed bytes are the JCS of the five checkpoint fields: sorted keys, no whitespace.
    const body = execFileSync('python3', ['-c', 'import json,sys; d=json.load(sys.stdin); print(json.dumps({k: d[k] for k in ("ledgerId","size","chainHash","merkleRoot","time")}, sort_keys=True, separators=(",",":")), end="")'], {
      input: JSON.stringify(cp),
    });
    writeFileSync(join(dir, 'checkpoint.json'), body);
    writeFileSync(join(dir, 'checkpoint.sig'), Buffer.from(String(cp.signature), 'hex'));
    writeFileSync(join(dir, 'public-key.pem'), await (await fetch(`${server.url}/api/v1/ledger/public-key`, { headers: auth() })).text());
    const entries = await (await fetch(`${server.url}/api/v1/ledger/entries?to=${cp.size}`, { headers: auth() })).text();
    writeFileSync(join(dir, 'entries.ndjson'), entries);
    return { dir, ledgerId: String(cp.ledgerId), size: Number(cp.size) };
  }

  it('checks the checkpoint signature with openssl and the chain and Merkle root with python', async () => {
    const { dir, ledgerId, size } = await download();
    const openssl = spawnSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'public-key.pem', '-rawin', '-in', 'checkpoint.json', '-sigfile', 'checkpoint.sig'], { cwd: dir, encoding: 'utf8' });
    expect(openssl.stdout).toContain('Signature Verified Successfully');
    const py = spawnSync('python3', [SCRIPT, 'entries.ndjson', ledgerId, 'genesis', 'checkpoint.json'], { cwd: dir, encoding: 'utf8' });
    expect(py.stdout).toContain(`OK: ${size} entries verified, checkpoint at ${size} matches`);
    expect(py.status).toBe(0);
  });

  it('sees a changed entry or a changed checkpoint fail', async () => {
    const { dir, ledgerId } = await download();
    const lines = readFileSync(join(dir, 'entries.ndjson'), 'utf8').split('\n');
    lines[9] = lines[9].replace('production', 'staging');
    writeFileSync(join(dir, 'tampered.ndjson'), lines.join('\n'));
    const py = spawnSync('python3', [SCRIPT, 'tampered.ndjson', ledgerId, 'genesis', 'checkpoint.json'], { cwd: dir, encoding: 'utf8' });
    expect(py.stdout).toContain('FAILED at seq 10: body-modified');
    expect(py.status).toBe(1);

    writeFileSync(join(dir, 'checkpoint.json'), readFileSync(join(dir, 'checkpoint.json'), 'utf8').replace(/"size":\d+/, '"size":39'));
    const openssl = spawnSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'public-key.pem', '-rawin', '-in', 'checkpoint.json', '-sigfile', 'checkpoint.sig'], { cwd: dir, encoding: 'utf8' });
    expect(openssl.status).not.toBe(0);
  });
});
