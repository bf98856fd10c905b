import { createHash, hash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { NestFactory } from '@nestjs/core';
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

export const phases: Record<string, () => Promise<PhaseResult>> = {
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
