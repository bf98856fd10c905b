import { DataSource } from 'typeorm';
import { createHash } from 'node:crypto';

/**
 * Runs a scheduled job on one instance at a time. On PostgreSQL the instances share a
 * transaction-scoped advisory lock (released on commit or a dropped connection, so a crashed
 * instance never holds it); with SQLite there is one process, so an in-process flag suffices.
 * Returns false when another instance (or a still-running earlier tick) holds the job.
 */
export class JobLock {
  private readonly running = new Set<string>();

  constructor(private readonly ds: DataSource) {}

  async runExclusive(job: string, fn: () => Promise<unknown>): Promise<boolean> {
    if (this.running.has(job)) return false;
    this.running.add(job);
    try {
      if (this.ds.options.type !== 'postgres') {
        await fn();
        return true;
      }
      const qr = this.ds.createQueryRunner();
      await qr.connect();
      try {
        await qr.startTransaction();
        const [row] = (await qr.query('SELECT pg_try_advisory_xact_lock($1) AS ok', [lockKey(job)])) as { ok: boolean }[];
        if (!row.ok) return false;
        await fn();
        return true;
      } finally {
        if (qr.isTransactionActive) await qr.commitTransaction().catch(() => undefined);
        await qr.release();
      }
    } finally {
      this.running.delete(job);
    }
  }
}

/** A stable signed 64-bit key per job name. */
function lockKey(job: string): string {
  return createHash('sha256').update(`evident/job/${job}`).digest().readBigInt64BE(0).toString();
}
