import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { generateUnleashSample } from '../../src/demo/unleash-sample';

const BIN = join(__dirname, '../../bin/evident.js');

describe('the evident CLI', () => {
  let dir: string;
  const evident = (...args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: 'sqlite:./data/evident.sqlite', EVIDENT_DATA_DIR: './data', EVIDENT_LOG_LEVEL: 'error' },
      timeout: 60_000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) as Record<string, unknown> };
  };

  beforeAll(() => {
    if (!existsSync(join(__dirname, '../../dist/src/cli.js'))) throw new Error('dist/ is missing: run "npm run build" first (npm test does it)');
    dir = mkdtempSync(join(tmpdir(), 'evident-cli-'));
    writeFileSync(join(dir, 'events.json'), JSON.stringify({ events: generateUnleashSample().slice(0, 200) }));
    writeFileSync(join(dir, 'more.ndjson'), generateUnleashSample().slice(150, 260).map((e) => JSON.stringify(e)).join('\n') + '\n');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints help and exits 0', () => {
    const r = evident('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ingest .*<files\.\.\.>/);
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });

  it('exits 2 on usage errors', () => {
    expect(evident('no-such-command').code).toBe(2);
    expect(evident('ingest', 'events.json').code).toBe(2); // --source missing
  });

  it('ingests a platform export and then NDJSON, printing the --json contract', () => {
    const first = evident('ingest', '--source', 'unleash', '--instance', 'flags.acme.example', '--json', 'events.json');
    expect(first.code).toBe(0);
    expect(first.json()).toEqual({ received: 200, appended: 200, duplicates: 0, firstSeq: 1, lastSeq: 200 });
    const second = evident('ingest', '--source', 'unleash', '--instance', 'flags.acme.example', '--json', 'more.ndjson');
    expect(second.json()).toEqual({ received: 110, appended: 60, duplicates: 50, firstSeq: 201, lastSeq: 260 });
  });

  it('keeps the signing key outside the database with mode 0600', () => {
    expect(statSync(join(dir, 'data', 'signing-key.pem')).mode & 0o777).toBe(0o600);
  });

  it('refuses a bad record with exit 2, naming it, and writes nothing', () => {
    const bad = generateUnleashSample().slice(300, 305) as unknown as Record<string, unknown>[];
    bad[3] = { ...bad[3], createdAt: 'yesterday' };
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(bad));
    const r = evident('ingest', '--source', 'unleash', '--instance', 'flags.acme.example', 'bad.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/record 3.*createdAt/);
    expect(evident('verify', '--json').json()).toMatchObject({ ok: true, size: 260 });
  });

  it('signs a checkpoint, creates a token, and verifies', () => {
    const cp = evident('checkpoint', '--json').json();
    expect(cp).toMatchObject({ size: 260, chainHash: expect.stringMatching(/^[0-9a-f]{64}$/), signature: expect.stringMatching(/^[0-9a-f]{128}$/) });
    expect(cp.publicKey).toContain('BEGIN PUBLIC KEY');
    const token = evident('token', 'create', '--role', 'auditor', '--name', 'External auditor', '--json').json();
    expect(token).toMatchObject({ name: 'External auditor', role: 'auditor', token: expect.stringMatching(/^evd_/) });
    const verify = evident('verify', '--json');
    expect(verify.code).toBe(0);
    expect(verify.json()).toEqual({ ok: true, size: 261, checkpoints: 1, firstBad: null });
  });

  it('exits 1 and names the entry when the ledger was tampered with', () => {
    const db = new Database(join(dir, 'data', 'evident.sqlite'));
    db.exec('DROP TRIGGER ledger_entries_no_update');
    db.prepare(`UPDATE ledger_entries SET body = replace(body, 'production', 'staging') WHERE seq = 120`).run();
    db.close();
    const r = evident('verify', '--json');
    expect(r.code).toBe(1);
    expect(r.json()).toMatchObject({ ok: false, firstBad: { seq: expect.any(Number), reason: 'body-modified' } });
  });

  it('rebuilds the projections from the ledger', () => {
    const r = evident('rebuild', '--json');
    expect(r.code).toBe(0);
    expect(r.json()).toEqual({ entries: 261 });
  });
});
