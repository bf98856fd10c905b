import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** How far a pull connector has read one source instance. */
export interface ConnectorCursor {
  source: string;
  instance: string;
  /** Every source event id ≤ this was ingested or reported as a gap. */
  lastEventId: number;
  /** The source's own time of that event (UTC ISO-8601); its day starts the next window. */
  lastEventAt: string;
  /** When a pass last moved (or confirmed) the cursor. */
  updatedAt: string;
}

/** `connector_cursors`, one row per (source, instance); plain SQL that reads the same on SQLite and PostgreSQL. */
@Injectable()
export class ConnectorCursorRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async get(source: string, instance: string): Promise<ConnectorCursor | null> {
    const rows = (await this.ds.query(
      `SELECT source, instance, last_event_id, last_event_at, updated_at FROM connector_cursors WHERE source = ${this.p(1)} AND instance = ${this.p(2)}`,
      [source, instance],
    )) as { source: string; instance: string; last_event_id: number | string; last_event_at: string; updated_at: string }[];
    const row = rows[0];
    if (!row) return null;
    // pg returns BIGINT as a string.
    return { source: row.source, instance: row.instance, lastEventId: Number(row.last_event_id), lastEventAt: row.last_event_at, updatedAt: row.updated_at };
  }

  /**
   * Stores the cursor; never moves it backwards (a slower concurrent pass cannot undo a faster
   * one). Writing the same id again refreshes updatedAt: the pass ran and found nothing new.
   */
  async advance(cursor: Omit<ConnectorCursor, 'updatedAt'>, updatedAt: string): Promise<void> {
    const p = (i: number) => this.p(i);
    await this.ds.query(
      `INSERT INTO connector_cursors (source, instance, last_event_id, last_event_at, updated_at)
       VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)})
       ON CONFLICT (source, instance) DO UPDATE
         SET last_event_id = excluded.last_event_id, last_event_at = excluded.last_event_at, updated_at = excluded.updated_at
         WHERE connector_cursors.last_event_id <= excluded.last_event_id`,
      [cursor.source, cursor.instance, cursor.lastEventId, cursor.lastEventAt, updatedAt],
    );
  }

  private p(i: number): string {
    return this.ds.options.type === 'postgres' ? `$${i}` : '?';
  }
}
