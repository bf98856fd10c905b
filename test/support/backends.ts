import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { EvidentConfig, loadConfig, parseDatabaseUrl } from '../../src/config/config';

export type BackendName = 'sqlite' | 'postgres';

export interface TestBackend {
  name: BackendName;
  config: EvidentConfig;
  /** The DATABASE_URL, for child processes. */
  url: string;
  dataDir: string;
  /** Raw SQL as a database administrator would run it (the tamper tests' attacker). */
  sql(query: string, params?: unknown[]): Promise<unknown[]>;
  dispose(): Promise<void>;
}

export const PG_AVAILABLE = process.env.EVIDENT_TEST_PG === 'available';
const PG_ADMIN_URL = process.env.EVIDENT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The backends to run a suite against: SQLite always; PostgreSQL when reachable (required in CI). */
export function backendNames(): BackendName[] {
  return PG_AVAILABLE ? ['sqlite', 'postgres'] : ['sqlite'];
}

export async function createBackend(name: BackendName, env: Record<string, string> = {}): Promise<TestBackend> {
  const dataDir = mkdtempSync(join(tmpdir(), 'evident-test-'));
  if (name === 'sqlite') {
    const url = `sqlite:${join(dataDir, 'evident.sqlite')}`;
    const config = testConfig(url, dataDir, env);
    return {
      name,
      config,
      url,
      dataDir,
      sql: async (query, params = []) => {
        // A separate connection, as an attacker with file access would use.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const Database = require('better-sqlite3') as typeof import('better-sqlite3');
        const db = new Database(join(dataDir, 'evident.sqlite'));
        try {
          const stmt = db.prepare(query);
          return stmt.reader ? (stmt.all(...params) as unknown[]) : (stmt.run(...params), []);
        } finally {
          db.close();
        }
      },
      dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const dbName = `evident_t_${randomBytes(5).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${dbName}`);
  const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
  const config = testConfig(url, dataDir, env);
  return {
    name,
    config,
    url,
    dataDir,
    sql: async (query, params = []) => {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query(query, params)).rows as unknown[];
      } finally {
        await client.end();
      }
    },
    dispose: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function testConfig(url: string, dataDir: string, env: Record<string, string>): EvidentConfig {
  const config = loadConfig({ EVIDENT_LOG_LEVEL: 'error', EVIDENT_CHECKPOINT_MINUTES: '0', ...env });
  return { ...config, database: parseDatabaseUrl(url), dataDir };
}

async function adminQuery(query: string): Promise<void> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}
