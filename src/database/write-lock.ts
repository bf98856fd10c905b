/**
 * Serializes write transactions that share one SQLite connection inside this process.
 * better-sqlite3 has a single connection: an async TypeORM transaction left open across an
 * await would otherwise swallow a concurrent ledger append as a savepoint (and could roll it
 * back after it was acknowledged), or collide with another ("transaction within a transaction").
 * PostgreSQL transactions each have their own pooled connection, so there it is a no-op.
 */
export class WriteLock {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly enabled: boolean) {}

  run<T>(fn: () => Promise<T> | T): Promise<T> {
    if (!this.enabled) return Promise.resolve().then(fn);
    const result = this.tail.then(fn, fn);
    // The next writer waits for this one whether it succeeds or fails.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
