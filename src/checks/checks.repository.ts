import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Ledger reads the checks need beyond the projections (plain SQL over the entry index). */
@Injectable()
export class ChecksRepository {
  private readonly pg: boolean;

  constructor(@Inject(DataSource) private readonly ds: DataSource) {
    this.pg = ds.options.type === 'postgres';
  }

  private p(n: number): string {
    return this.pg ? `$${n}` : '?';
  }

  /** seq and idempotency key of every event of a source, from the unique key index. */
  async eventKeys(source: string): Promise<{ seq: number; key: string }[]> {
    const rows = (await this.ds.query(
      `SELECT seq, event_key FROM ledger_entries WHERE event_key >= ${this.p(1)} AND event_key < ${this.p(2)}`,
      [`${source}\u001f`, `${source}\u0020`],
    )) as { seq: number | string; event_key: string }[];
    return rows.map((r) => ({ seq: Number(r.seq), key: r.event_key }));
  }

  async recordedAt(seqs: number[]): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    for (let i = 0; i < seqs.length; i += 500) {
      const chunk = seqs.slice(i, i + 500);
      const rows = (await this.ds.query(
        `SELECT seq, recorded_at FROM ledger_entries WHERE seq IN (${chunk.map((_, k) => this.p(k + 1)).join(',')})`,
        chunk,
      )) as { seq: number | string; recorded_at: string }[];
      for (const r of rows) out.set(Number(r.seq), r.recorded_at);
    }
    return out;
  }
}
