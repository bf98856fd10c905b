import { createHash, hash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AccessService } from '../../src/access/access.service';
import { ChangesService } from '../../src/changes/changes.service';
import { ChecksService } from '../../src/checks/checks.service';
import { parsePeriod } from '../../src/checks/period';
import { CheckpointService } from '../../src/ledger/checkpoint.service';
import { canonicalize } from '../../src/ledger/jcs';
import { TokenService } from '../../src/auth/token.service';
import { loadConfig, parseDatabaseUrl, EvidentConfig } from '../../src/config/config';
import { CoreModule } from '../../src/core.module';
import { createHttpApp } from '../../src/http-app';
import { LedgerService } from '../../src/ledger/ledger.service';
import { VerifyService } from '../../src/ledger/verify.service';
import { adapterFor } from '../../src/ingest/adapter.registry';
import { flagsmithDocument, genericEventJcs, launchDarklyDocument, unleashNdjsonLines } from './bench-data';

export interface PhaseResult {
  phase: string;
  records: number;
  seconds: number;
  rate: number;
  maxRssMb: number;
  detail: string;
}

const ROOT = join(process.cwd(), '.bench');
const INGEST_N = Number(process.env.BENCH_INGEST_N ?? 100_000);
const VERIFY_N = Number(process.env.BENCH_VERIFY_N ?? 1_000_000);

function config(name: string): EvidentConfig {
  const dir = join(ROOT, name);
  return { ...loadConfig({ EVIDENT_LOG_LEVEL: 'error', EVIDENT_CHECKPOINT_MINUTES: '0' }), database: parseDatabaseUrl(`sqlite:${join(dir, 'evident.sqlite')}`), dataDir: dir };
}

function fresh(name: string): void {
  rmSync(join(ROOT, name), { recursive: true, force: true });
  mkdirSync(join(ROOT, name), { recursive: true });
}

function result(phase: string, records: number, start: bigint, detail: string): PhaseResult {
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { phase, records, seconds, rate: records / seconds, maxRssMb: process.resourceUsage().maxRSS / 1024, detail };
}

/** The fastest plain node:crypto way to hash 0x00 ‖ text (what the raw limits use). */
function rawLeaf(text: string): Buffer {
  const buf = Buffer.allocUnsafe(1 + Buffer.byteLength(text));
  buf[0] = 0;
  buf.write(text, 1);
  return hash('sha256', buf, 'buffer');
}

function openRaw(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  return db;
}

/** The client runs in its own process, streaming the file, so its memory and CPU are not the server's. */
function postFile(url: string, token: string, file: string): Promise<string> {
  const client = `
    const http = require('node:http'); const fs = require('node:fs');
    const req = http.request(process.argv[1], { method: 'POST', headers: { authorization: 'Bearer ' + process.argv[2], 'content-type': 'application/x-ndjson' } }, (res) => {
      let body = ''; res.on('data', (c) => (body += c)); res.on('end', () => { process.stdout.write(body); process.exit(res.statusCode === 200 ? 0 : 1); });
    });
    fs.createReadStream(process.argv[3]).pipe(req);`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', client, url, token, file], { maxBuffer: 1 << 20 }, (err, stdout) => (err ? reject(new Error(`${err.message} ${stdout}`)) : resolve(stdout)));
  });
}

const MAP_N = Number(process.env.BENCH_MAP_N ?? 50_000);

/** Adapter mapping throughput beside plain JSON.parse of the same document (the raw limit). */
function mappingPhase(source: string, document: () => string): Record<string, () => Promise<PhaseResult>> {
  return {
    [`map-${source}`]: async () => {
      const text = document();
      const adapter = adapterFor(source);
      global.gc?.();
      const start = process.hrtime.bigint();
      const records = adapter.split(JSON.parse(text));
      for (let i = 0; i < records.length; i++) adapter.map(records[i], i, { instance: 'bench' });
      return result(`map-${source}`, records.length, start, '');
    },
    [`parse-${source}`]: async () => {
      const text = document();
      global.gc?.();
      const start = process.hrtime.bigint();
      const doc = JSON.parse(text) as Record<string, unknown[]>;
      const n = (doc.items ?? doc.results ?? doc.events ?? (doc as unknown as unknown[])).length;
      return result(`parse-${source}`, n, start, 'JSON.parse of the same document');
    },
  };
}

const CHECKS_N = Number(process.env.BENCH_CHECKS_N ?? 100_000);
const PRINCIPALS_N = 2000;

/** A quarter of production changes by 2,000 people, with two access snapshots (built once, untimed). */
async function checksLedger(): Promise<INestApplicationContext> {
  const cfg = config('checks');
  const existing = existsSync(join(cfg.dataDir, 'evident.sqlite'));
  const ctx = await NestFactory.createApplicationContext(CoreModule.forRoot(cfg), { logger: ['error'] });
  if (!existing) {
    const t0 = Date.UTC(2026, 6, 1);
    const quarterMs = 91 * 86_400_000;
    // CHECKS_N production changes plus a quarter as many in staging.
    const total = CHECKS_N + CHECKS_N / 4;
    for (let i = 0; i < total; i += 10_000) {
      const batch = Array.from({ length: Math.min(10_000, total - i) }, (_, k) => {
        const n = i + k;
        const u = n % PRINCIPALS_N;
        const time = new Date(t0 + Math.floor((n * quarterMs) / total)).toISOString();
        const data = { source: 'evident', instance: 'bench', id: String(n), type: n % 2 ? 'flag.enabled' : 'flag.disabled', time, actor: { id: `u${u}`, email: `user${u}@acme.example`, kind: 'user' }, project: 'core', environment: n % 5 === 4 ? 'staging' : 'production', flag: `flag-${n % 10_000}`, changeRequest: { id: `cr-${n}` } };
        return { kind: 'event', dataJcs: canonicalize(data), eventKey: `evident\u001fbench\u001f${n}` };
      });
      await ctx.get(LedgerService).append(batch);
    }
    const principals = Array.from({ length: PRINCIPALS_N }, (_, u) => ({ id: `u${u}`, email: `user${u}@acme.example`, name: `User ${u}`, kind: 'user', active: true, lastSeenAt: '2026-06-20T00:00:00.000Z' }));
    const grants = principals.map((p, u) => ({ principal: p.id, role: 'Member', project: 'core', environment: u % 10 ? '*' : 'staging', capabilities: ['flag.write', 'change.apply'], via: 'direct' }));
    for (const takenAt of ['2026-06-30T00:00:00.000Z', '2026-08-15T00:00:00.000Z']) {
      await ctx.get(AccessService).ingestSnapshot('evident', { source: 'evident', instance: 'bench', takenAt, principals, grants }, { instance: 'bench' });
    }
    await ctx.get(CheckpointService).create();
  }
  await ctx.get(ChangesService).flagChanges({ to: '2026-07-01T00:00:00.000Z' });
  return ctx;
}

export const phases: Record<string, () => Promise<PhaseResult>> = {
  /** Every check for SOC 2 over the quarter (projections already caught up). */
  checks: async () => {
    const ctx = await checksLedger();
    global.gc?.();
    const start = process.hrtime.bigint();
    const status = await ctx.get(ChecksService).status('soc2', parsePeriod('2026-07-01', '2026-09-30'));
    const population = status.checks.find((c) => c.id === 'CHG-APPROVED')!.population;
    const r = result('checks', population, start, '');
    await ctx.close();
    return r;
  },

  /** The dashboard's controls page for that quarter, over HTTP with a session (warm: second request). */
  dashboard: async () => {
    await (await checksLedger()).close();
    const app = await createHttpApp(config('checks'));
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const token = (await app.get(TokenService).create('viewer', 'bench', 'bench')).token;
    const url = `http://127.0.0.1:${port}/controls?framework=soc2&from=2026-07-01&to=2026-09-30`;
    const get = async () => {
      const res = await fetch(url, { headers: { cookie: `evident_session=${token}` }, redirect: 'manual' });
      if (res.status !== 200) throw new Error(`dashboard answered ${res.status}`);
      return (await res.text()).length;
    };
    const cold = process.hrtime.bigint();
    await get();
    const coldSeconds = Number(process.hrtime.bigint() - cold) / 1e9;
    global.gc?.();
    const start = process.hrtime.bigint();
    await get();
    const r = result('dashboard', 1, start, '');
    r.detail = `first view ${coldSeconds.toFixed(2)} s (runs every check); later views reuse results for the same ledger head`;
    await app.close();
    return r;
  },

  /** Raw limit: a plain SQL count of the same production changes. */
  'checks-raw': async () => {
    await (await checksLedger()).close();
    const db = openRaw(join(ROOT, 'checks', 'evident.sqlite'));
    global.gc?.();
    const start = process.hrtime.bigint();
    const n = db.prepare("SELECT COUNT(*) FROM flag_changes WHERE production = 1 AND time >= '2026-07-01' AND time < '2026-10-01'").pluck().get() as number;
    db.close();
    return result('checks-raw', n, start, 'SELECT COUNT(*) over the same production changes');
  },

  ...mappingPhase('unleash', () => `{"events":[${unleashNdjsonLines(MAP_N).join(',')}]}`),
  ...mappingPhase('launchdarkly', () => launchDarklyDocument(MAP_N)),
  ...mappingPhase('flagsmith', () => flagsmithDocument(MAP_N)),

  /** The full path: HTTP, NDJSON parsing, Unleash mapping, redaction, JCS, hashing, dedupe, insert. */
  'ingest-http': async () => {
    fresh('ingest');
    const cfg = config('ingest');
    const app = await createHttpApp(cfg);
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const token = (await app.get(TokenService).create('ingest', 'bench', 'bench')).token;
    const file = join(ROOT, 'ingest', 'events.ndjson');
    writeFileSync(file, unleashNdjsonLines(INGEST_N).join('\n') + '\n');
    global.gc?.();
    const start = process.hrtime.bigint();
    const res = JSON.parse(await postFile(`http://127.0.0.1:${port}/api/v1/events?source=unleash&instance=bench`, token, file)) as { appended: number };
    const r = result('ingest-http', res.appended, start, '');
    await app.close();
    return r;
  },

  /** Raw limit: the same NDJSON bytes, hashed and chained with node:crypto, inserted with plain better-sqlite3 (WAL, FULL). */
  'ingest-raw': async () => {
    fresh('ingest-raw');
    const db = openRaw(join(ROOT, 'ingest-raw', 'raw.sqlite'));
    db.exec('CREATE TABLE entries (seq INTEGER PRIMARY KEY, body TEXT NOT NULL, leaf_hash BLOB NOT NULL, chain_hash BLOB NOT NULL)');
    const lines = unleashNdjsonLines(INGEST_N);
    const insert = db.prepare('INSERT INTO entries (seq, body, leaf_hash, chain_hash) VALUES (?, ?, ?, ?)');
    global.gc?.();
    const start = process.hrtime.bigint();
    db.transaction(() => {
      let chain = createHash('sha256').update('genesis').digest();
      for (let i = 0; i < lines.length; i++) {
        const leaf = rawLeaf(lines[i]);
        chain = hash('sha256', Buffer.concat([chain, leaf], 64), 'buffer');
        insert.run(i + 1, lines[i], leaf, chain);
      }
    }).immediate();
    db.close();
    return result('ingest-raw', lines.length, start, 'better-sqlite3 inserts in one transaction + SHA-256 leaf and chain');
  },

  /** Builds the 1,000,000-entry ledger the verify phases read (not timed against anything). */
  'build-ledger': async () => {
    fresh('verify');
    const ctx = await NestFactory.createApplicationContext(CoreModule.forRoot(config('verify')), { logger: ['error'] });
    const ledger = ctx.get(LedgerService);
    const start = process.hrtime.bigint();
    for (let i = 0; i < VERIFY_N; i += 20_000) {
      const batch = Array.from({ length: Math.min(20_000, VERIFY_N - i) }, (_, k) => ({ kind: 'event', dataJcs: genericEventJcs(i + k) }));
      await ledger.append(batch);
    }
    await ctx.close();
    return result('build-ledger', VERIFY_N, start, '');
  },

  verify: async () => {
    const ctx = await NestFactory.createApplicationContext(CoreModule.forRoot(config('verify')), { logger: ['error'] });
    global.gc?.();
    const start = process.hrtime.bigint();
    const res = await ctx.get(VerifyService).verify();
    const r = result('verify', res.size, start, '');
    await ctx.close();
    if (!res.ok) throw new Error(`bench ledger does not verify: ${JSON.stringify(res.firstBad)}`);
    return r;
  },

  /** Raw limit: iterate the same rows with better-sqlite3 and recompute leaf and chain with node:crypto. */
  'verify-raw': async () => {
    const db = openRaw(join(ROOT, 'verify', 'evident.sqlite'));
    global.gc?.();
    const start = process.hrtime.bigint();
    let chain = Buffer.alloc(32);
    let n = 0;
    for (const [body] of db.prepare('SELECT body FROM ledger_entries ORDER BY seq').raw().iterate() as Iterable<[string]>) {
      chain = hash('sha256', Buffer.concat([chain, rawLeaf(body)], 64), 'buffer');
      n++;
    }
    db.close();
    return result('verify-raw', n, start, 'better-sqlite3 iterate + SHA-256 leaf and chain');
  },
};
