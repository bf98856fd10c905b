import { MigrationInterface, QueryRunner } from 'typeorm';

/** Index of access snapshots and HR rosters in the ledger (their content stays in the ledger entry). */
export class AccessSnapshots1767398400000 implements MigrationInterface {
  name = 'AccessSnapshots1767398400000';

  async up(q: QueryRunner): Promise<void> {
    const big = q.connection.driver.options.type === 'postgres' ? 'BIGINT' : 'INTEGER';
    await q.query(`CREATE TABLE access_snapshots (
      seq ${big} PRIMARY KEY,
      kind TEXT NOT NULL,
      source TEXT NOT NULL,
      instance TEXT NOT NULL,
      taken_at TEXT NOT NULL,
      principals INTEGER NOT NULL,
      grants INTEGER NOT NULL
    )`);
    await q.query(`CREATE INDEX access_snapshots_taken ON access_snapshots (source, instance, taken_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS access_snapshots`);
  }
}
