import type Database from 'better-sqlite3';
import { DataSource, DataSourceOptions } from 'typeorm';
import { DatabaseConfig } from '../config/config';
import { ApiTokenEntity } from '../auth/api-token.entity';
import { ChangeRequestEntity, FlagChangeEntity, ProjectionStateEntity } from '../changes/change.entities';
import { AccessSnapshotEntity } from '../access/access.entities';
import { InitialSchema1767225600000 } from './migrations/1767225600000-initial-schema';
import { ConnectorCursors1767312000000 } from './migrations/1767312000000-connector-cursors';
import { AccessSnapshots1767398400000 } from './migrations/1767398400000-access-snapshots';

export const MIGRATIONS = [InitialSchema1767225600000, ConnectorCursors1767312000000, AccessSnapshots1767398400000];
export const ENTITIES = [ApiTokenEntity, FlagChangeEntity, ChangeRequestEntity, ProjectionStateEntity, AccessSnapshotEntity];

export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  const common = { entities: ENTITIES, migrations: MIGRATIONS, migrationsTransactionMode: 'each' as const, synchronize: false, logging: false };
  if (db.type === 'sqlite') {
    return {
      ...common,
      type: 'better-sqlite3',
      database: db.path,
      // Several processes may share one file (CLI beside a server): wait for the writer instead of failing.
      timeout: 30_000,
      prepareDatabase: (conn: Database.Database) => {
        conn.pragma('journal_mode = WAL');
        conn.pragma('synchronous = FULL');
        conn.pragma('busy_timeout = 30000');
      },
    };
  }
  return {
    ...common,
    type: 'postgres',
    url: db.url,
    extra: { max: 10, connectionTimeoutMillis: 10_000 },
  };
}

/** Any constant works; it names "Evident schema migration" among PostgreSQL advisory locks. */
const MIGRATION_LOCK = 7_151_826_001;

/** Opens the database and brings its schema up to date; migrations only, never synchronize. */
export async function openDataSource(db: DatabaseConfig): Promise<DataSource> {
  const ds = new DataSource(dataSourceOptions(db));
  await ds.initialize();
  if (db.type === 'sqlite') {
    await ds.runMigrations({ transaction: 'each' });
    return ds;
  }
  // Several instances may start at once against one PostgreSQL: one migrates, the others wait.
  const lock = ds.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.release();
  }
  return ds;
}
