import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AccessService } from '../../src/access/access.service';
import { UnleashSnapshotDocument } from '../../src/access/adapters/unleash-snapshot.adapter';
import { ConnectorCommand, ConnectorRunCommand } from '../../src/cli/commands/connector.command';
import { CoreModule } from '../../src/core.module';
import { ConnectorCursors1767312000000 } from '../../src/database/migrations/1767312000000-connector-cursors';
import { ConnectorsModule } from '../../src/ingest/connectors/connectors.module';
import { ConnectorError, UnleashClient } from '../../src/ingest/connectors/unleash-client';
import {
  CONNECTOR_GAP_KIND,
  planPass,
  UnleashConnectorService,
  withBackoff,
} from '../../src/ingest/connectors/unleash-connector.service';
import { LedgerService } from '../../src/ledger/ledger.service';
import { VerifyService } from '../../src/ledger/verify.service';
import { backendNames, createBackend, PG_AVAILABLE, TestBackend } from '../support/backends';

/*
 * The Unleash connector against a real Unleash server (npm package unleash-server, installed
 * into a cache folder outside the project, never a project dependency) on its own database in
 * the local PostgreSQL.
 *
 * unleash-server 8.x declares engines node >=22 (8.2.0 is the only 8.x release on the registry
 * here); it runs on Node 20.19+ all the same (ESM, require(esm) not needed). 7.5.1 is the newest
 * release whose engines allow Node 20: EVIDENT_UNLEASH_VERSION=7.5.1 runs this suite against it.
 *
 * Without PostgreSQL the suite is skipped with a banner (EVIDENT_REQUIRE_PG=1 fails instead, in
 * global-setup). If unleash-server cannot be installed or started, the suite is skipped with a
 * banner, or fails when EVIDENT_REQUIRE_UNLEASH=1.
 */

const UNLEASH_VERSION = process.env.EVIDENT_UNLEASH_VERSION ?? '8.2.0';
const REQUIRE_UNLEASH = process.env.EVIDENT_REQUIRE_UNLEASH === '1';
const INSTALL_DIR = join(tmpdir(), `evident-unleash-server-${UNLEASH_VERSION}`);
const PG_ADMIN_URL = process.env.EVIDENT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const INSTALL_TIMEOUT_MS = 10 * 60_000;
const START_TIMEOUT_MS = 120_000;

function banner(lines: string[]): void {
  const bar = '!'.repeat(78);
  console.warn(`\n${bar}\n${lines.map((l) => `!! ${l}`).join('\n')}\n${bar}\n`);
}

// ---------------------------------------------------------------------------------------------
// Installing and running a real Unleash

interface Exec {
  code: number | null;
  output: string;
}

function exec(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<Exec> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (b: Buffer) => (output = (output + b.toString()).slice(-20_000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      output += `\n(killed after ${opts.timeoutMs} ms)`;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: -1, output: output + String(err) });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** npm's own variables from a parent `npm test` would redirect the nested install; drop them. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== 'NODE_OPTIONS') env[k] = v;
  return { ...env, ...extra };
}

function installedVersion(dir: string): string | null {
  const pkg = join(dir, 'node_modules', 'unleash-server', 'package.json');
  if (!existsSync(pkg)) return null;
  try {
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

/** Installs unleash-server@VERSION once into a cache folder keyed by version; later runs reuse it. */
async function installUnleash(): Promise<{ dir: string; ms: number; cached: boolean }> {
  const started = Date.now();
  if (installedVersion(INSTALL_DIR) === UNLEASH_VERSION) return { dir: INSTALL_DIR, ms: 0, cached: true };
  // Install beside the cache and rename into place, so an interrupted install is never reused.
  const partial = `${INSTALL_DIR}.partial-${process.pid}-${randomBytes(3).toString('hex')}`;
  mkdirSync(partial, { recursive: true });
  const r = await exec(
    process.platform === 'win32' ? 'npm.cmd' : 'npm',
    ['install', '--prefix', partial, '--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', `unleash-server@${UNLEASH_VERSION}`],
    { env: cleanEnv({}), timeoutMs: INSTALL_TIMEOUT_MS },
  );
  if (r.code !== 0 || installedVersion(partial) !== UNLEASH_VERSION) {
    rmSync(partial, { recursive: true, force: true });
    throw new Error(`npm install unleash-server@${UNLEASH_VERSION} failed (exit ${r.code}):\n${r.output.slice(-3000)}`);
  }
  rmSync(INSTALL_DIR, { recursive: true, force: true });
  try {
    renameSync(partial, INSTALL_DIR);
  } catch (err) {
    // Another run won the race: use its copy.
    rmSync(partial, { recursive: true, force: true });
    if (installedVersion(INSTALL_DIR) !== UNLEASH_VERSION) throw err;
  }
  return { dir: INSTALL_DIR, ms: Date.now() - started, cached: false };
}

/**
 * Starts Unleash through its public `start()` with admin API tokens seeded by
 * `authentication.initApiTokens` and the first admin user by `authentication.initialAdminUser`.
 * Open source Unleash has no API to create projects, so extra projects are created through its
 * own ProjectService (a real `project-created` event). Exits when the test process goes away.
 */
const START_SCRIPT = `
import { pathToFileURL } from 'node:url';
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();
const mod = await import(pathToFileURL(process.env.UNLEASH_ENTRY).href);
const api = mod.start ? mod : mod.default;
const systemAudit = api.SYSTEM_USER_AUDIT ?? { id: -1337, username: 'unleash_system_user', ip: '' };
const unleash = await api.start({
  db: {
    host: process.env.UNLEASH_DB_HOST, port: Number(process.env.UNLEASH_DB_PORT), user: process.env.UNLEASH_DB_USER,
    password: process.env.UNLEASH_DB_PASSWORD, database: process.env.UNLEASH_DB_NAME, ssl: false,
  },
  server: { host: '127.0.0.1', port: 0, gracefulShutdownEnable: false },
  authentication: {
    initApiTokens: JSON.parse(process.env.UNLEASH_ADMIN_TOKENS).map((t) => ({ secret: t.secret, tokenName: t.name, type: 'admin', projects: ['*'], environment: '*' })),
    initialAdminUser: { username: 'admin', password: process.env.UNLEASH_ADMIN_PASSWORD },
  },
  versionCheck: { enable: false },
  disableScheduler: true,
  logLevel: 'warn',
});
for (const id of (process.env.UNLEASH_EXTRA_PROJECTS || '').split(',').filter(Boolean)) {
  await unleash.services.projectService.createProject({ id, name: id }, {}, systemAudit);
}
process.stdout.write('READY ' + unleash.server.address().port + '\\n');
`;

interface RunningUnleash {
  url: string;
  child: ChildProcess;
  log: () => string;
  startMs: number;
}

async function startUnleash(installDir: string, dbName: string, tokens: { secret: string; name: string }[], adminPassword: string): Promise<RunningUnleash> {
  const scriptDir = mkdtempSync(join(tmpdir(), 'evident-unleash-start-'));
  const script = join(scriptDir, 'start-unleash.mjs');
  writeFileSync(script, START_SCRIPT);
  const pg = new URL(PG_ADMIN_URL);
  const started = Date.now();
  const child = spawn(process.execPath, [script], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: cleanEnv({
      NODE_ENV: 'production', // jest sets "test", which switches Unleash into its own test mode
      SEND_TELEMETRY: 'false',
      CHECK_VERSION: 'false',
      UNLEASH_ENTRY: join(installDir, 'node_modules', 'unleash-server', 'dist', 'lib', 'server-impl.js'),
      UNLEASH_DB_HOST: pg.hostname,
      UNLEASH_DB_PORT: pg.port || '5432',
      UNLEASH_DB_USER: decodeURIComponent(pg.username || 'postgres'),
      UNLEASH_DB_PASSWORD: decodeURIComponent(pg.password),
      UNLEASH_DB_NAME: dbName,
      UNLEASH_ADMIN_TOKENS: JSON.stringify(tokens),
      UNLEASH_ADMIN_PASSWORD: adminPassword,
      UNLEASH_EXTRA_PROJECTS: 'payments',
    }),
  });
  let log = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Unleash did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    const onData = (b: Buffer) => {
      log = (log + b.toString()).slice(-20_000);
      const m = /READY (\d+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Unleash exited (code ${code}) before it was ready`));
    });
  }).catch((err: Error) => {
    child.kill('SIGKILL');
    throw new Error(`${err.message}; its output:\n${log.slice(-3000)}`);
  });
  rmSync(scriptDir, { recursive: true, force: true });
  return { url: `http://127.0.0.1:${port}`, child, log: () => log, startMs: Date.now() - started };
}

async function stopUnleash(u: RunningUnleash | undefined): Promise<void> {
  if (!u || u.child.exitCode !== null || u.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => u.child.once('exit', () => resolve()));
  u.child.kill('SIGTERM');
  const timer = setTimeout(() => u.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function pgAdmin(sql: string, database?: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const url = database ? PG_ADMIN_URL.replace(/\/[^/]*$/, `/${database}`) : PG_ADMIN_URL;
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

/** The Unleash Admin API as one caller: an API token, a PAT, or a session cookie. */
class UnleashApi {
  constructor(
    private readonly base: string,
    readonly auth: { authorization?: string; cookie?: string },
  ) {}

  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(this.base + path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...this.auth } as Record<string, string>,
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** Logs a user in with its password and makes it a personal access token. */
  static async patFor(base: string, email: string, password: string): Promise<UnleashApi> {
    const login = await fetch(`${base}/auth/simple/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: email, password }),
    });
    if (!login.ok) throw new Error(`login as ${email} → ${login.status}: ${await login.text()}`);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const session = new UnleashApi(base, { cookie });
    // Unleash answers the login before its session row is written (express-session writes the
    // body first, then saves): the first request with the cookie can come too early. Retry briefly.
    let pat: { secret: string } | null = null;
    for (let attempt = 1; pat === null; attempt++) {
      try {
        pat = await session.call<{ secret: string }>('POST', '/api/admin/user/tokens', { description: 'evident e2e', expiresAt: '2099-01-01T00:00:00.000Z' });
      } catch (err) {
        if (attempt >= 20 || !/→ 401/.test((err as Error).message)) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    return new UnleashApi(base, { authorization: pat.secret });
  }
}

interface UnleashEvent {
  id: number;
  type: string;
  createdBy: string;
  createdByUserId: number | null;
  project?: string | null;
  environment?: string | null;
  featureName?: string | null;
}

async function allUnleashEvents(api: UnleashApi): Promise<UnleashEvent[]> {
  const out: UnleashEvent[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await api.call<{ events: UnleashEvent[]; total: number }>('GET', `/api/admin/search/events?offset=${offset}&limit=1000`);
    out.push(...page.events);
    if (page.events.length < 1000) return out;
  }
}

interface LedgerRow {
  seq: number;
  kind: string;
  data: Record<string, unknown> & {
    source?: string;
    instance?: string;
    id?: string;
    type?: string;
    actor?: { id?: string; email?: string; name?: string; kind: string };
    project?: string;
    environment?: string;
    flag?: string;
  };
}

async function ledgerRows(app: INestApplicationContext): Promise<LedgerRow[]> {
  const rows: LedgerRow[] = [];
  for await (const page of app.get(LedgerService).pages(1)) {
    for (const e of page) {
      const body = JSON.parse(e.body) as { seq: number; kind: string; data: LedgerRow['data'] };
      rows.push({ seq: body.seq, kind: body.kind, data: body.data });
    }
  }
  return rows;
}

@Module({})
class ConnectorTestRoot {}

/** CoreModule plus ConnectorsModule (until CoreModule imports it), with the cursor table ensured. */
async function bootWithConnectors(backend: TestBackend): Promise<INestApplicationContext> {
  const root: DynamicModule = { module: ConnectorTestRoot, imports: [CoreModule.forRoot(backend.config), ConnectorsModule] };
  const app = await NestFactory.createApplicationContext(root, { logger: false });
  const ds = app.get(DataSource);
  if (!ds.migrations.some((m) => m.name === 'ConnectorCursors1767312000000')) {
    // Not registered in data-source.ts yet: apply it here exactly as the migration runner would.
    const qr = ds.createQueryRunner();
    try {
      await new ConnectorCursors1767312000000().up(qr);
    } finally {
      await qr.release();
    }
  }
  return app;
}

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

// ---------------------------------------------------------------------------------------------
// Parts that need no Unleash

describe('Unleash connector: cursor and gap planning', () => {
  const at = (min: number) => new Date(Date.UTC(2026, 10, 2, 9, 0) + min * 60_000).toISOString();
  const now = Date.parse(at(60));
  const ev = (id: number, min: number) => ({ id, createdAt: at(min) });

  it('without a cursor counts only holes between the lowest and highest id seen', () => {
    const plan = planPass(null, [ev(5, 0), ev(6, 1), ev(9, 2), ev(10, 3)], { serverNow: now, settleMs: 60_000 });
    expect(plan.gaps).toEqual([{ from: 7, to: 8 }]);
    expect(plan.next).toEqual({ lastEventId: 10, lastEventAt: at(3) });
  });

  it('counts ids missing right after the cursor and ignores the overlap below it', () => {
    const prev = { lastEventId: 10, lastEventAt: at(3) };
    const plan = planPass(prev, [ev(8, 2), ev(9, 2), ev(10, 3), ev(13, 4), ev(14, 5), ev(16, 6)], { serverNow: now, settleMs: 60_000 });
    expect(plan.gaps).toEqual([
      { from: 11, to: 12 },
      { from: 15, to: 15 },
    ]);
    expect(plan.next).toEqual({ lastEventId: 16, lastEventAt: at(6) });
  });

  it('holds the cursor below a hole that may still be committing, reporting only settled ones', () => {
    const prev = { lastEventId: 10, lastEventAt: at(3) };
    const seen = [ev(12, 4), ev(14, 59.9), ev(15, 59.95)];
    const plan = planPass(prev, seen, { serverNow: now, settleMs: 60_000 });
    expect(plan).toEqual({ gaps: [{ from: 11, to: 11 }], next: { lastEventId: 12, lastEventAt: at(4) }, pendingFrom: 13 });
    expect(planPass(prev, seen, { serverNow: now + 120_000, settleMs: 60_000 }).gaps).toEqual([
      { from: 11, to: 11 },
      { from: 13, to: 13 },
    ]);
  });

  it('keeps the cursor when nothing new was seen', () => {
    const prev = { lastEventId: 10, lastEventAt: at(3) };
    expect(planPass(prev, [ev(9, 2), ev(10, 3)], { serverNow: now, settleMs: 0 })).toEqual({ gaps: [], next: prev, pendingFrom: null });
    expect(planPass(null, [], { serverNow: now, settleMs: 0 })).toEqual({ gaps: [], next: null, pendingFrom: null });
  });

  it('retries transient failures with growing waits, and refused tokens not at all', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withBackoff(
      async () => {
        if (++calls < 3) throw new ConnectorError('down', 'unreachable');
        return 'ok';
      },
      { attempts: 5, baseMs: 100, sleep: async (ms) => void waits.push(ms) },
    );
    expect(result).toBe('ok');
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(75);
    expect(waits[0]).toBeLessThanOrEqual(125);
    expect(waits[1]).toBeGreaterThanOrEqual(150);
    expect(waits[1]).toBeLessThanOrEqual(250);

    let refused = 0;
    await expect(
      withBackoff(
        async () => {
          refused++;
          throw new ConnectorError('bad token', 'unauthorized', 401);
        },
        { attempts: 5, baseMs: 1, sleep: async () => undefined },
      ),
    ).rejects.toThrow('bad token');
    expect(refused).toBe(1);

    let down = 0;
    await expect(
      withBackoff(
        async () => {
          down++;
          throw new ConnectorError('still down', 'server-error', 503);
        },
        { attempts: 3, baseMs: 1, sleep: async () => undefined },
      ),
    ).rejects.toThrow('still down');
    expect(down).toBe(3);
  });
});

describe('Unleash client against a misbehaving server', () => {
  let server: Server;
  let base: string;
  const token = '*:*.secret-token-value-9f8e7d';

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.startsWith('/slow')) return void setTimeout(() => res.end('{}'), 2_000);
      if (req.url?.startsWith('/html')) return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>');
      if (req.url?.startsWith('/broken')) return void res.writeHead(503, { 'content-type': 'application/json' }).end('{"message":"db down"}');
      if (req.url?.startsWith('/echo')) return void res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ message: `bad token ${req.headers.authorization}` }));
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const failure = async (p: Promise<unknown>) => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as Error).message).not.toContain(token);
    return err as ConnectorError;
  };

  it('names a server error, a timeout and a non-JSON answer, and never shows the token', async () => {
    expect(await failure(new UnleashClient({ url: `${base}/broken`, token }).searchEvents({ offset: 0, limit: 10 }))).toMatchObject({
      reason: 'server-error',
      status: 503,
      transient: true,
    });
    const slow = await failure(new UnleashClient({ url: `${base}/slow`, token, timeoutMs: 200 }).searchEvents({ offset: 0, limit: 10 }));
    expect(slow.reason).toBe('timeout');
    expect(slow.message).toMatch(/did not answer/);
    const html = await failure(new UnleashClient({ url: `${base}/html`, token }).searchEvents({ offset: 0, limit: 10 }));
    expect(html).toMatchObject({ reason: 'bad-response' });
    expect(html.message).toMatch(/not JSON/);
    const echo = await failure(new UnleashClient({ url: `${base}/echo`, token }).users());
    expect(echo.reason).toBe('unauthorized');
    expect(echo.message).toMatch(/check --token/);
    expect(echo.message).toContain('[token]');
  });

  it('treats a missing roles or project-access API as absent, other 404s as a wrong URL', async () => {
    const client = new UnleashClient({ url: base, token });
    expect(await client.roles()).toBeNull();
    expect(await client.projectAccess('default')).toBeNull();
    expect(await failure(client.searchEvents({ offset: 0, limit: 1 }))).toMatchObject({ reason: 'not-found' });
  });

  it('refuses URLs with credentials or another scheme as bad input', () => {
    expect(() => new UnleashClient({ url: 'https://u:p@unleash.example', token })).toThrow(/must not contain credentials/);
    expect(() => new UnleashClient({ url: 'ftp://unleash.example', token })).toThrow(/http/);
    expect(() => new UnleashClient({ url: 'https://unleash.example', token: ' ' })).toThrow(/token is required/);
  });
});

// ---------------------------------------------------------------------------------------------
// Against a real Unleash

if (!PG_AVAILABLE) {
  banner([
    `PostgreSQL at ${PG_ADMIN_URL} is not reachable: the real-Unleash connector suite is SKIPPED.`,
    'Unleash needs PostgreSQL. Set EVIDENT_REQUIRE_PG=1 to make that a failure.',
  ]);
}
const describeWithPg = PG_AVAILABLE ? describe : describe.skip;

describeWithPg(`Unleash connector against a real unleash-server@${UNLEASH_VERSION}`, () => {
  let installDir: string | null = null;
  let skipReason: string | null = null;

  beforeAll(async () => {
    try {
      const install = await installUnleash();
      installDir = install.dir;
      if (!install.cached) console.info(`installed unleash-server@${UNLEASH_VERSION} into ${install.dir} in ${Math.round(install.ms / 1000)} s`);
    } catch (err) {
      if (REQUIRE_UNLEASH) throw err;
      skipReason = (err as Error).message;
      banner([
        `unleash-server@${UNLEASH_VERSION} could not be installed: the real-Unleash connector tests are SKIPPED.`,
        ...skipReason.split('\n').slice(0, 12),
        'Set EVIDENT_REQUIRE_UNLEASH=1 to make this a failure.',
      ]);
    }
  }, INSTALL_TIMEOUT_MS + 60_000);

  describe.each(backendNames())('with Evident on %s', (backendName) => {
    let backend: TestBackend;
    let app: INestApplicationContext;
    let connector: UnleashConnectorService;
    let unleash: RunningUnleash | undefined;
    let unleashDb: string;
    const connectorToken = `*:*.${randomBytes(16).toString('hex')}`;
    const botToken = `*:*.${randomBytes(16).toString('hex')}`;
    const adminPassword = `Adm1n-${randomBytes(6).toString('hex')}!`;
    const instance = `unleash-e2e-${backendName}`;
    let asConnector: UnleashApi;
    let asBot: UnleashApi;
    let asAdmin: UnleashApi;
    let asAlice: UnleashApi;
    let asBob: UnleashApi;
    const ids: Record<string, number> = {};

    /** Wraps a test so it is a no-op (with the banner already shown) when Unleash is unavailable. */
    const live = (name: string, fn: () => Promise<void>, timeout = 120_000) =>
      it(
        name,
        async () => {
          if (skipReason || !unleash) return;
          await fn();
        },
        timeout,
      );
    const run = (opts: Partial<Parameters<UnleashConnectorService['runOnce']>[0]> = {}) =>
      connector.runOnce({ url: unleash!.url, token: connectorToken, instance, settleMs: 0, ...opts });
    const cursor = () => connector.cursor(instance);
    const unleashRows = (rows: LedgerRow[]) => rows.filter((r) => r.kind === 'event' && r.data.source === 'unleash' && r.data.instance === instance);

    beforeAll(async () => {
      if (skipReason || !installDir) return;
      unleashDb = `evident_unleash_${randomBytes(5).toString('hex')}`;
      await pgAdmin(`CREATE DATABASE ${unleashDb}`);
      try {
        unleash = await startUnleash(
          installDir,
          unleashDb,
          [
            { secret: connectorToken, name: 'evident-connector' },
            { secret: botToken, name: 'ci-release-bot' },
          ],
          adminPassword,
        );
      } catch (err) {
        if (REQUIRE_UNLEASH) throw err;
        skipReason = (err as Error).message;
        banner([`unleash-server@${UNLEASH_VERSION} did not start: the real-Unleash connector tests are SKIPPED.`, ...skipReason.split('\n').slice(0, 20)]);
        return;
      }
      backend = await createBackend(backendName);
      app = await bootWithConnectors(backend);
      connector = app.get(UnleashConnectorService);

      // Who acts in Unleash: the admin user, two editors with personal access tokens, an admin API token (a bot).
      asConnector = new UnleashApi(unleash.url, { authorization: connectorToken });
      asBot = new UnleashApi(unleash.url, { authorization: botToken });
      asAdmin = await UnleashApi.patFor(unleash.url, 'admin', adminPassword);
      for (const [who, name] of [
        ['alice', 'Alice Example'],
        ['bob', 'Bob Example'],
      ]) {
        const user = await asAdmin.call<{ id: number }>('POST', '/api/admin/user-admin', {
          email: `${who}@example.com`,
          name,
          rootRole: 2, // Editor
          sendEmail: false,
          password: `${who}-Passw0rd-${adminPassword}`,
        });
        ids[who] = user.id;
      }
      asAlice = await UnleashApi.patFor(unleash.url, 'alice@example.com', `alice-Passw0rd-${adminPassword}`);
      asBob = await UnleashApi.patFor(unleash.url, 'bob@example.com', `bob-Passw0rd-${adminPassword}`);

      const flag = (p: string, f: string) => `/api/admin/projects/${p}/features/${f}`;
      await asAlice.call('POST', '/api/admin/projects/default/features', { name: 'checkout.one-click', type: 'release' });
      const strategy = await asAlice.call<{ id: string }>('POST', `${flag('default', 'checkout.one-click')}/environments/development/strategies`, {
        name: 'flexibleRollout',
        parameters: { rollout: '50', stickiness: 'default', groupId: 'checkout.one-click' },
      });
      await asAlice.call('POST', `${flag('default', 'checkout.one-click')}/environments/development/on`);
      await asAlice.call('POST', '/api/admin/projects/default/features', { name: 'checkout.legacy-form', type: 'kill-switch' });
      await asBob.call('PUT', `${flag('default', 'checkout.one-click')}/environments/development/strategies/${strategy.id}`, {
        name: 'flexibleRollout',
        parameters: { rollout: '100', stickiness: 'default', groupId: 'checkout.one-click' },
      });
      await asBob.call('POST', `${flag('default', 'checkout.one-click')}/environments/production/on`);
      await asBot.call('POST', '/api/admin/projects/payments/features', { name: 'payments.sepa-instant', type: 'release' });
      await asBot.call('POST', `${flag('payments', 'payments.sepa-instant')}/environments/development/on`);
      await asBot.call('POST', `${flag('payments', 'payments.sepa-instant')}/environments/production/on`);
      await asBot.call('POST', `${flag('payments', 'payments.sepa-instant')}/environments/production/off`);
      await asAdmin.call('POST', `${flag('default', 'checkout.one-click')}/environments/production/off`);
      await asBot.call('DELETE', flag('default', 'checkout.legacy-form')); // archive
    }, START_TIMEOUT_MS + 120_000);

    afterAll(async () => {
      await app?.close();
      await backend?.dispose();
      await stopUnleash(unleash);
      if (unleashDb) await pgAdmin(`DROP DATABASE IF EXISTS ${unleashDb} WITH (FORCE)`).catch(() => undefined);
    }, 60_000);

    live('the first pass puts every Unleash event in the ledger exactly once, with actor, project, environment and flag', async () => {
      const source = await allUnleashEvents(asConnector);
      expect(source.length).toBeGreaterThan(15);
      const progress: string[] = [];
      // Small pages: paging newest first through the whole history.
      const result = await run({ pageSize: 4, onProgress: (p) => progress.push(p.phase) });
      expect(result).toMatchObject({ appended: source.length, duplicates: 0, gaps: [], snapshotSeq: expect.any(Number), received: source.length });
      expect(progress).toEqual(expect.arrayContaining(['events', 'ingest']));

      const rows = unleashRows(await ledgerRows(app));
      expect(rows).toHaveLength(source.length);
      for (const e of source) {
        const matching = rows.filter((r) => r.data.id === String(e.id));
        expect(matching).toHaveLength(1);
        const d = matching[0].data;
        expect({ id: e.id, project: d.project, environment: d.environment, flag: d.flag }).toEqual({
          id: e.id,
          project: e.project ?? undefined,
          environment: e.environment ?? undefined,
          flag: e.featureName ?? undefined,
        });
        const who = { id: e.id, createdBy: e.createdBy, userId: e.createdByUserId };
        if (e.createdByUserId === -42) expect({ ...who, actor: d.actor }).toEqual({ ...who, actor: { kind: 'service', id: 'admin-token', name: e.createdBy } });
        else if (e.createdByUserId === -1337) expect({ ...who, kind: d.actor!.kind }).toEqual({ ...who, kind: 'system' });
        else {
          if (e.createdByUserId !== null && e.createdByUserId > 0) expect({ ...who, actorId: d.actor!.id }).toEqual({ ...who, actorId: String(e.createdByUserId) });
          expect({ ...who, named: d.actor!.email ?? d.actor!.name }).toEqual({ ...who, named: e.createdBy });
        }
      }
      // Oldest first, as Unleash numbered them.
      expect(rows.map((r) => Number(r.data.id))).toEqual([...source.map((e) => e.id)].sort((a, b) => a - b));

      const find = (type: string, flag: string, environment?: string) =>
        rows.find((r) => r.data.type === type && r.data.flag === flag && (environment === undefined || r.data.environment === environment))!.data;
      expect(find('flag.enabled', 'checkout.one-click', 'production')).toMatchObject({
        project: 'default',
        actor: { kind: 'user', id: String(ids.bob), email: 'bob@example.com' },
      });
      expect(find('flag.strategy.updated', 'checkout.one-click', 'development')).toMatchObject({ actor: { id: String(ids.bob) } });
      expect(find('flag.created', 'checkout.one-click')).toMatchObject({ actor: { id: String(ids.alice), email: 'alice@example.com' } });
      expect(find('flag.created', 'payments.sepa-instant')).toMatchObject({ project: 'payments', actor: { kind: 'service', name: 'ci-release-bot' } });
      expect(find('flag.disabled', 'payments.sepa-instant', 'production')).toMatchObject({ project: 'payments', actor: { kind: 'service', name: 'ci-release-bot' } });
      expect(find('flag.disabled', 'checkout.one-click', 'production')).toMatchObject({ project: 'default', actor: { kind: 'user', id: '1', name: 'admin' } });
      expect(find('flag.archived', 'checkout.legacy-form')).toMatchObject({ project: 'default', actor: { kind: 'service', name: 'ci-release-bot' } });

      const highest = Math.max(...source.map((e) => e.id));
      expect(await cursor()).toMatchObject({ source: 'unleash', instance, lastEventId: highest });
      const runs = (await ledgerRows(app)).filter((r) => r.data.action === 'connector.run' && r.data.instance === instance);
      expect(runs.at(-1)!.data).toMatchObject({ outcome: 'ok', appended: source.length, duplicates: 0, gaps: [], cursor: { before: null, after: highest } });
      expect(JSON.stringify(runs.at(-1)!.data)).not.toContain(connectorToken);
      expect((await app.get(VerifyService).verify()).ok).toBe(true);
    });

    live('a second pass appends nothing', async () => {
      const before = unleashRows(await ledgerRows(app)).length;
      const cursorBefore = await cursor();
      const result = await run();
      expect(result.appended).toBe(0);
      expect(result.duplicates).toBe(before); // all of today's events are read again: the overlap
      expect(result.gaps).toEqual([]);
      expect(unleashRows(await ledgerRows(app))).toHaveLength(before);
      expect((await cursor())!.lastEventId).toBe(cursorBefore!.lastEventId);
    });

    live('reports the ids of events deleted from Unleash as a gap, once they cannot still be committing', async () => {
      const flag = '/api/admin/projects/default/features/checkout.gap-probe';
      const last = (await cursor())!.lastEventId;
      await asAlice.call('POST', '/api/admin/projects/default/features', { name: 'checkout.gap-probe', type: 'experiment' });
      await asAlice.call('POST', `${flag}/environments/development/strategies`, { name: 'default', parameters: {} });
      await asAlice.call('POST', `${flag}/environments/development/on`);
      await asBob.call('POST', `${flag}/environments/development/off`);
      await asBob.call('POST', `${flag}/environments/development/on`);
      await asAlice.call('PATCH', flag, [{ op: 'replace', path: '/description', value: 'probe' }]);
      const fresh = (await allUnleashEvents(asConnector)).filter((e) => e.id > last).map((e) => e.id).sort((a, b) => a - b);
      expect(fresh.length).toBeGreaterThanOrEqual(6);
      // Someone with database access removes three events from Unleash's own table.
      const [gapFrom, gapTo] = [fresh[1], fresh[3]];
      const deleted = await pgAdmin('DELETE FROM events WHERE id BETWEEN $1 AND $2 RETURNING id', unleashDb, [gapFrom, gapTo]);
      expect(deleted).toHaveLength(gapTo - gapFrom + 1);

      // Just now the hole could still be a transaction committing: not reported, the cursor waits below it.
      const early = await run({ settleMs: 10 * 60_000, pageSize: 3 });
      expect(early.gaps).toEqual([]);
      expect(early.appended).toBe(fresh.length - 3);
      expect((await cursor())!.lastEventId).toBe(fresh[0]);
      expect((await ledgerRows(app)).filter((r) => r.kind === CONNECTOR_GAP_KIND)).toHaveLength(0);

      // Settled: reported, recorded in the ledger, and the cursor moves past it.
      const settled = await run({ settleMs: 0 });
      expect(settled.gaps).toEqual([{ from: String(gapFrom), to: String(gapTo) }]);
      expect(settled.appended).toBe(0);
      expect((await cursor())!.lastEventId).toBe(fresh.at(-1));
      const gapRows = (await ledgerRows(app)).filter((r) => r.kind === CONNECTOR_GAP_KIND);
      expect(gapRows.map((r) => r.data)).toEqual([
        expect.objectContaining({ source: 'unleash', instance, from: String(gapFrom), to: String(gapTo), count: gapTo - gapFrom + 1 }),
      ]);
      const runs = (await ledgerRows(app)).filter((r) => r.data.action === 'connector.run' && r.data.instance === instance);
      expect(runs.at(-1)!.data).toMatchObject({ outcome: 'ok', gaps: [{ from: String(gapFrom), to: String(gapTo) }] });

      // Reported once: the next pass finds nothing new.
      const again = await run();
      expect(again.gaps).toEqual([]);
      expect(again.appended).toBe(0);
      expect((await ledgerRows(app)).filter((r) => r.kind === CONNECTOR_GAP_KIND)).toHaveLength(1);
      expect((await app.get(VerifyService).verify()).ok).toBe(true);
    });

    live('an unreachable server, a wrong token and a refused event fail loudly, record the failure and keep the cursor', async () => {
      const kept = await cursor();
      const size = (await app.get(LedgerService).head()).size;

      const down = await run({ url: `http://127.0.0.1:${await closedPort()}` }).catch((e: unknown) => e);
      expect(down).toBeInstanceOf(ConnectorError);
      expect(down).toMatchObject({ reason: 'unreachable' });
      expect((down as Error).message).toMatch(/cannot reach Unleash at http:\/\/127\.0\.0\.1:\d+ .*check --url/);

      const wrongToken = '*:*.0123456789abcdef-not-a-token';
      const refused = await run({ token: wrongToken }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ reason: 'unauthorized', status: 401 });
      expect((refused as Error).message).toMatch(/refused the token \(401 Unauthorized\).*check --token/);
      expect((refused as Error).message).not.toContain(wrongToken);

      // The server sends an event the Unleash adapter refuses: a failure of the source, not bad usage.
      const tampering: typeof fetch = async (input, init) => {
        const res = await fetch(input, init);
        if (!String(input).includes('/search/events')) return res;
        const body = (await res.json()) as { events: Record<string, unknown>[] };
        body.events[0] = { ...body.events[0], createdByUserId: 'someone' };
        return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
      };
      const refusedEvent = await run({ fetch: tampering }).catch((e: unknown) => e);
      expect(refusedEvent).toMatchObject({ reason: 'bad-response' });
      expect((refusedEvent as Error).message).toMatch(/sent an event Evident cannot ingest .*createdByUserId.*cursor was kept/);

      expect(await cursor()).toEqual(kept);
      const failed = (await ledgerRows(app)).filter((r) => r.seq > size);
      expect(failed.map((r) => [r.data.action, r.data.outcome, r.data.reason, r.data.stage])).toEqual([
        ['connector.run', 'failed', 'unreachable', 'events'],
        ['connector.run', 'failed', 'unauthorized', 'events'],
        ['connector.run', 'failed', 'bad-response', 'ingest'],
      ]);
      expect(JSON.stringify(failed)).not.toContain(wrongToken);
    });

    live('takes an access snapshot through the snapshot adapter: users and root roles (open source has no roles or project access API)', async () => {
      const access = app.get(AccessService);
      let captured: { doc: UnleashSnapshotDocument; ctx: { instance: string; takenAt?: string } } | null = null;
      const result = await run({
        snapshotSink: async (doc, ctx) => {
          captured = { doc, ctx };
          return (await access.ingestSnapshot('unleash', doc, ctx)).seq;
        },
      });
      const { doc, ctx } = captured!;
      expect(ctx.instance).toBe(instance);
      expect(Date.parse(ctx.takenAt!)).toBeGreaterThan(Date.now() - 5 * 60_000);
      expect(doc.exportedAt).toBe(ctx.takenAt);
      expect(doc.rootRoles).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Admin' }), expect.objectContaining({ name: 'Editor' })]));
      expect(Object.keys(doc).sort()).toEqual(['exportedAt', 'rootRoles', 'users']); // roles, projects, groups, service accounts: 404

      const entry = (await ledgerRows(app)).find((r) => r.seq === result.snapshotSeq)!;
      expect(entry.kind).toBe('snapshot');
      const snapshot = (await access.snapshotAt('unleash', instance, new Date(Date.now() + 1000).toISOString()))!;
      expect(snapshot.takenAt).toBe(ctx.takenAt);
      const principals = Object.fromEntries(snapshot.principals.map((p) => [p.id, p]));
      expect(principals[String(ids.alice)]).toMatchObject({ email: 'alice@example.com', kind: 'user', active: true });
      expect(principals[String(ids.bob)]).toMatchObject({ email: 'bob@example.com' });
      const grantsOf = (id: string) => snapshot.grants.filter((g) => g.principal === id);
      expect(grantsOf(String(ids.alice))).toEqual([expect.objectContaining({ role: 'Editor', project: '*', via: 'root-role', capabilities: expect.arrayContaining(['flag.write']) })]);
      expect(grantsOf('1')).toEqual([expect.objectContaining({ role: 'Admin', capabilities: expect.arrayContaining(['admin']) })]);
      const run_ = (await ledgerRows(app)).filter((r) => r.data.action === 'connector.run').at(-1)!;
      expect(run_.data).toMatchObject({ outcome: 'ok', snapshotSeq: result.snapshotSeq });

      // A token without the Admin permission reads events but not users: that is said clearly.
      const refused = await run({ token: asAlice.auth.authorization!, snapshotSink: async () => 0 }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ reason: 'forbidden', status: 403 });
      expect((refused as Error).message).toMatch(/use an admin API token/);
    });

    live('evident connector run unleash: --json prints the contract; exit 2 on bad usage, 1 when the server refuses', async () => {
      const command = new ConnectorRunCommand({ get: async <T>(type: new (...args: never[]) => T) => app.get(type) } as never);
      const out: string[] = [];
      const err: string[] = [];
      const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
      const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
      const exitCode = process.exitCode;
      const invoke = async (args: string[], flags: Record<string, unknown>) => {
        out.length = 0;
        err.length = 0;
        process.exitCode = undefined;
        await command.run(args, flags);
        return { code: process.exitCode, stdout: out.join(''), stderr: err.join('') };
      };
      try {
        const ok = await invoke(['unleash'], { url: unleash!.url, token: connectorToken, instance, json: true });
        expect(ok.code).toBe(0);
        expect(JSON.parse(ok.stdout)).toEqual({ appended: 0, duplicates: expect.any(Number), gaps: [], snapshotSeq: expect.any(Number) });

        expect((await invoke(['launchdarkly'], { url: unleash!.url, token: connectorToken })).code).toBe(2);
        const noUrl = await invoke(['unleash'], { token: connectorToken });
        expect(noUrl.code).toBe(2);
        expect(noUrl.stderr).toMatch(/--url is required/);
        expect((await invoke(['unleash'], { url: 'not a url', token: connectorToken })).code).toBe(2);

        const refused = await invoke(['unleash'], { url: unleash!.url, token: '*:*.wrong', instance, json: true });
        expect(refused.code).toBe(1);
        expect(refused.stdout).toBe('');
        expect(refused.stderr).toMatch(/check --token/);
        const down = await invoke(['unleash'], { url: `http://127.0.0.1:${await closedPort()}`, token: connectorToken, instance });
        expect(down.code).toBe(1);
        expect(down.stderr).toMatch(/cannot reach Unleash/);

        await new ConnectorCommand().run();
        expect(process.exitCode).toBe(2);
      } finally {
        stdout.mockRestore();
        stderr.mockRestore();
        process.exitCode = exitCode;
      }
    });
  });
});
