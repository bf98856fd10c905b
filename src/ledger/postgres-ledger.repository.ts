import { DataSource, QueryRunner } from 'typeorm';
import { AppendPlanner, decodeFrontier, encodeFrontier, PlannedRow } from './append-planner';
import { LedgerRepository } from './ledger.repository';
import { VerifiableEntry } from './chain-verifier';
import { AppendOutcome, Checkpoint, LedgerEntry, LedgerHead, PendingEntry } from './ledger.types';
import { CheckpointRow, toCheckpoint } from './sqlite-ledger.repository';

const PAGE = 5000;
const LEAF_PAGE = 50_000;
const INSERT_CHUNK = 500;

interface EntryRow {
  seq: string;
  kind: string;
  recorded_at: string;
  body: string;
  leaf_hash: Buffer;
  chain_hash: Buffer;
}

interface HeadRow {
  ledger_id: string;
  size: string;
  chain_hash: Buffer;
  frontier: string;
}

export class PostgresLedgerRepository extends LedgerRepository {
  constructor(private readonly ds: DataSource) {
    super();
  }

  async getHead(): Promise<LedgerHead | null> {
    const rows = (await this.ds.query('SELECT ledger_id, size, chain_hash, frontier FROM ledger_head WHERE id = 1')) as HeadRow[];
    return rows[0] ? toHead(rows[0]) : null;
  }

  async ensureHead(initial: LedgerHead): Promise<LedgerHead> {
    await this.ds.query(
      'INSERT INTO ledger_head (id, ledger_id, size, chain_hash, frontier, updated_at) VALUES (1, $1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING',
      [initial.ledgerId, initial.size, initial.chainHash, encodeFrontier(initial.frontier), new Date().toISOString()],
    );
    return (await this.getHead())!;
  }

  async append(entries: PendingEntry[], recordedAt: string): Promise<AppendOutcome> {
    const qr = this.ds.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction('READ COMMITTED');
      // The head row lock serializes every writer of every instance; it lives in the transaction,
      // so it is released on commit, rollback or a dropped connection.
      const heads = (await qr.query('SELECT ledger_id, size, chain_hash, frontier FROM ledger_head WHERE id = 1 FOR UPDATE')) as HeadRow[];
      if (!heads[0]) throw new Error('ledger head missing: the ledger was not initialized');
      const planner = new AppendPlanner(toHead(heads[0]), recordedAt);
      const seqs: number[] = [];
      const inBatch = new Map<string, number>();
      let appended = 0;
      let firstSeq: number | null = null;
      let lastSeq: number | null = null;
      for (let start = 0; start < entries.length; start += INSERT_CHUNK) {
        const chunk = entries.slice(start, start + INSERT_CHUNK);
        const existing = await this.existingKeys(qr, chunk);
        const rows: PlannedRow[] = [];
        for (const entry of chunk) {
          const key = entry.eventKey;
          const dup = key === undefined ? undefined : (inBatch.get(key) ?? existing.get(key));
          if (dup !== undefined) {
            seqs.push(dup);
            continue;
          }
          const row = planner.next(entry);
          if (row.eventKey !== null) inBatch.set(row.eventKey, row.seq);
          rows.push(row);
          seqs.push(row.seq);
          firstSeq ??= row.seq;
          lastSeq = row.seq;
        }
        if (rows.length > 0) await this.insertRows(qr, rows);
        appended += rows.length;
      }
      if (appended > 0) {
        const next = planner.newHead();
        await qr.query('UPDATE ledger_head SET size = $1, chain_hash = $2, frontier = $3, updated_at = $4 WHERE id = 1', [
          next.size,
          next.chainHash,
          encodeFrontier(next.frontier),
          recordedAt,
        ]);
      }
      await qr.commitTransaction();
      return { received: entries.length, appended, duplicates: entries.length - appended, firstSeq, lastSeq, seqs };
    } catch (err) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await qr.release();
    }
  }

  private async existingKeys(qr: QueryRunner, chunk: PendingEntry[]): Promise<Map<string, number>> {
    const keys = chunk.map((e) => e.eventKey).filter((k): k is string => k !== undefined);
    if (keys.length === 0) return new Map();
    const rows = (await qr.query('SELECT event_key, seq FROM ledger_entries WHERE event_key = ANY($1)', [keys])) as {
      event_key: string;
      seq: string;
    }[];
    return new Map(rows.map((r) => [r.event_key, Number(r.seq)]));
  }

  private async insertRows(qr: QueryRunner, rows: PlannedRow[]): Promise<void> {
    const params: unknown[] = [];
    const values = rows.map((r, i) => {
      const b = i * 7;
      params.push(r.seq, r.kind, r.recordedAt, r.body, r.leafHash, r.chainHash, r.eventKey);
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7})`;
    });
    await qr.query(
      `INSERT INTO ledger_entries (seq, kind, recorded_at, body, leaf_hash, chain_hash, event_key) VALUES ${values.join(', ')}`,
      params,
    );
  }

  async *pages(fromSeq: number, toSeq = Number.MAX_SAFE_INTEGER): AsyncIterable<LedgerEntry[]> {
    let next = fromSeq;
    for (;;) {
      const rows = (await this.ds.query(
        'SELECT seq, kind, recorded_at, body, leaf_hash, chain_hash FROM ledger_entries WHERE seq >= $1 AND seq <= $2 ORDER BY seq LIMIT $3',
        [next, toSeq, PAGE],
      )) as EntryRow[];
      if (rows.length > 0) yield rows.map(toEntry);
      if (rows.length < PAGE) return;
      next = Number(rows[rows.length - 1].seq) + 1;
    }
  }

  async *verificationPages(fromSeq: number): AsyncIterable<VerifiableEntry[]> {
    let next = fromSeq;
    for (;;) {
      const rows = (await this.ds.query('SELECT seq, body, leaf_hash, chain_hash FROM ledger_entries WHERE seq >= $1 ORDER BY seq LIMIT $2', [
        next,
        PAGE,
      ])) as { seq: string; body: string; leaf_hash: Buffer; chain_hash: Buffer }[];
      if (rows.length > 0) yield rows.map((r) => ({ seq: Number(r.seq), body: r.body, leafHash: r.leaf_hash, chainHash: r.chain_hash }));
      if (rows.length < PAGE) return;
      next = Number(rows[rows.length - 1].seq) + 1;
    }
  }

  async *leafHashPages(toSeq: number): AsyncIterable<Buffer[]> {
    for (let next = 1; next <= toSeq; next += LEAF_PAGE) {
      const rows = (await this.ds.query('SELECT leaf_hash FROM ledger_entries WHERE seq >= $1 AND seq <= $2 ORDER BY seq', [
        next,
        Math.min(toSeq, next + LEAF_PAGE - 1),
      ])) as { leaf_hash: Buffer }[];
      if (rows.length > 0) yield rows.map((r) => r.leaf_hash);
    }
  }

  async get(seq: number): Promise<LedgerEntry | null> {
    const rows = (await this.ds.query(
      'SELECT seq, kind, recorded_at, body, leaf_hash, chain_hash FROM ledger_entries WHERE seq = $1',
      [seq],
    )) as EntryRow[];
    return rows[0] ? toEntry(rows[0]) : null;
  }

  async count(): Promise<number> {
    const rows = (await this.ds.query('SELECT COUNT(*) AS n FROM ledger_entries')) as { n: string }[];
    return Number(rows[0].n);
  }

  async insertCheckpoint(cp: Checkpoint): Promise<void> {
    await this.ds.query(
      'INSERT INTO checkpoints (size, ledger_id, chain_hash, merkle_root, time, body, signature, key_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (size) DO NOTHING',
      [cp.size, cp.ledgerId, cp.chainHash, cp.merkleRoot, cp.time, cp.body, cp.signature, cp.keyId],
    );
  }

  async listCheckpoints(): Promise<Checkpoint[]> {
    return ((await this.ds.query('SELECT * FROM checkpoints ORDER BY size')) as CheckpointRow[]).map(toCheckpoint);
  }

  async latestCheckpoint(): Promise<Checkpoint | null> {
    const rows = (await this.ds.query('SELECT * FROM checkpoints ORDER BY size DESC LIMIT 1')) as CheckpointRow[];
    return rows[0] ? toCheckpoint(rows[0]) : null;
  }
}

function toHead(r: HeadRow): LedgerHead {
  return { ledgerId: r.ledger_id, size: Number(r.size), chainHash: r.chain_hash, frontier: decodeFrontier(r.frontier) };
}

function toEntry(r: EntryRow): LedgerEntry {
  return { seq: Number(r.seq), kind: r.kind, recordedAt: r.recorded_at, body: r.body, leafHash: r.leaf_hash, chainHash: r.chain_hash };
}
