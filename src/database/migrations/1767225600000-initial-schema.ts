import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger, its head and checkpoints, API tokens and the change projections.
 * Hand-written for both dialects: the ledger's bytes and its append-only triggers
 * must be exactly what we intend on each.
 */
export class InitialSchema1767225600000 implements MigrationInterface {
  name = 'InitialSchema1767225600000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.driver.options.type === 'postgres';
    const bin = pg ? 'BYTEA' : 'BLOB';
    const big = pg ? 'BIGINT' : 'INTEGER';

    await q.query(`CREATE TABLE ledger_entries (
      seq ${big} PRIMARY KEY,
      kind TEXT NOT NULL,
      recorded_at TEXT NOT NULL,
      body TEXT NOT NULL,
      leaf_hash ${bin} NOT NULL,
      chain_hash ${bin} NOT NULL,
      event_key TEXT NULL
    )`);
    await q.query(`CREATE UNIQUE INDEX ledger_entries_event_key ON ledger_entries (event_key)`);

    await q.query(`CREATE TABLE ledger_head (
      id INTEGER PRIMARY KEY,
      ledger_id TEXT NOT NULL,
      size ${big} NOT NULL,
      chain_hash ${bin} NOT NULL,
      frontier TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`);

    await q.query(`CREATE TABLE checkpoints (
      size ${big} PRIMARY KEY,
      ledger_id TEXT NOT NULL,
      chain_hash TEXT NOT NULL,
      merkle_root TEXT NOT NULL,
      time TEXT NOT NULL,
      body TEXT NOT NULL,
      signature TEXT NOT NULL,
      key_id TEXT NOT NULL
    )`);

    await q.query(`CREATE TABLE api_tokens (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      role TEXT NOT NULL,
      token_hash TEXT NOT NULL UNIQUE,
      created_at TEXT NOT NULL,
      expires_at TEXT NULL,
      revoked_at TEXT NULL,
      last_used_at TEXT NULL
    )`);

    await q.query(`CREATE TABLE projection_state (
      name TEXT PRIMARY KEY,
      last_seq ${big} NOT NULL
    )`);
    await q.query(`CREATE TABLE flag_changes (
      seq ${big} PRIMARY KEY,
      source TEXT NOT NULL,
      instance TEXT NOT NULL,
      event_id TEXT NOT NULL,
      type TEXT NOT NULL,
      native_type TEXT NULL,
      time TEXT NOT NULL,
      actor_id TEXT NULL,
      actor_email TEXT NULL,
      actor_name TEXT NULL,
      actor_kind TEXT NOT NULL,
      project TEXT NULL,
      environment TEXT NULL,
      flag TEXT NULL,
      flag_type TEXT NULL,
      production INTEGER NOT NULL,
      change_request_id TEXT NULL,
      group_id TEXT NULL
    )`);
    await q.query(`CREATE INDEX flag_changes_time ON flag_changes (time)`);
    await q.query(`CREATE INDEX flag_changes_cr ON flag_changes (source, instance, change_request_id)`);
    await q.query(`CREATE INDEX flag_changes_group ON flag_changes (source, instance, group_id)`);
    await q.query(`CREATE TABLE change_requests (
      source TEXT NOT NULL,
      instance TEXT NOT NULL,
      cr_id TEXT NOT NULL,
      project TEXT NULL,
      environment TEXT NULL,
      state TEXT NOT NULL,
      requester_id TEXT NULL,
      requester_email TEXT NULL,
      requester_name TEXT NULL,
      created_at TEXT NULL,
      created_seq ${big} NULL,
      applied_at TEXT NULL,
      applied_seq ${big} NULL,
      applier_id TEXT NULL,
      applier_email TEXT NULL,
      group_id TEXT NULL,
      required_approvals INTEGER NULL,
      approvals TEXT NOT NULL,
      rejections TEXT NOT NULL,
      PRIMARY KEY (source, instance, cr_id)
    )`);

    if (pg) await this.pgAppendOnly(q);
    else await this.sqliteAppendOnly(q);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['change_requests', 'flag_changes', 'projection_state', 'api_tokens', 'checkpoints', 'ledger_head', 'ledger_entries']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    if (q.connection.driver.options.type === 'postgres') await q.query(`DROP FUNCTION IF EXISTS evident_append_only()`);
  }

  private async sqliteAppendOnly(q: QueryRunner): Promise<void> {
    for (const table of ['ledger_entries', 'checkpoints']) {
      for (const op of ['UPDATE', 'DELETE']) {
        await q.query(`CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table}
          BEGIN SELECT RAISE(ABORT, '${table} is append-only: ${op} refused'); END`);
      }
    }
  }

  private async pgAppendOnly(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION evident_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege'; END $$`);
    for (const table of ['ledger_entries', 'checkpoints']) {
      await q.query(`CREATE TRIGGER ${table}_no_change BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION evident_append_only()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION evident_append_only()`);
      // Defence in depth for a non-superuser service role; a superuser ignores grants, not triggers.
      await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM PUBLIC`);
      await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM CURRENT_USER`);
    }
  }
}
