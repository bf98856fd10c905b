import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where each pull connector stands per source instance: the highest source event id up to which
 * everything was either ingested or reported as a gap, and that event's time (the next pass
 * starts its day-granular window the day before). Operational state, not evidence: the ledger
 * holds the events, the gaps and every pass.
 */
export class ConnectorCursors1767312000000 implements MigrationInterface {
  name = 'ConnectorCursors1767312000000';

  async up(q: QueryRunner): Promise<void> {
    const big = q.connection.driver.options.type === 'postgres' ? 'BIGINT' : 'INTEGER';
    await q.query(`CREATE TABLE connector_cursors (
      source TEXT NOT NULL,
      instance TEXT NOT NULL,
      last_event_id ${big} NOT NULL,
      last_event_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (source, instance)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS connector_cursors`);
  }
}
