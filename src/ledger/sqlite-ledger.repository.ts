import type Database from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { WriteLock } from '../database/write-lock';
import { AppendPlanner, decodeFrontier, encodeFrontier } from './append-planner';
import { LedgerRepository } from './ledger.repository';
import { VerifiableEntry } from './chain-verifier';
import { AppendOutcome, Checkpoint, LedgerEntry, LedgerHead, PendingEntry } from './ledger.types';

type Row = [number, string, string, string, Buffer, Buffer];
const PAGE = 2000;
const LEAF_PAGE = 50_000;
const VERIFY_PAGE = 500;

export function sqliteConnection(ds: DataSource): Database.Database {
  return (ds.driver as unknown as { databaseConnection: Database.Database }).databaseConnection;
}

export class SqliteLedgerRepository extends LedgerRepository {
  private readonly db: Database.Database;
  private readonly stmts: ReturnType<SqliteLedgerRepository['prepare']>;

  constructor(
    ds: DataSource,
    private readonly lock: WriteLock,
  ) {
    super();
    this.db = sqliteConnection(ds);
    this.stmts = this.prepare();
  }

  private prepare() {
    const db = this.db;
    return {
      head: db.prepare('SELECT ledger_id, size, chain_hash, frontier FROM ledger_head WHERE id = 1'),
      insertHead: db.prepare(
        'INSERT INTO ledger_head (id, ledger_id, size, chain_hash, frontier, updated_at) VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
      ),
      updateHead: db.prepare('UPDATE ledger_head SET size = ?, chain_hash = ?, frontier = ?, updated_at = ? WHERE id = 1'),
      byKey: db.prepare('SELECT seq FROM ledger_entries WHERE event_key = ?').pluck(),
      // The unique event_key index is the duplicate check: one index probe per row, not two.
      insert: db.prepare(
        'INSERT INTO ledger_entries (seq, kind, recorded_at, body, leaf_hash, chain_hash, event_key) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_key) DO NOTHING',
      ),
      page: db.prepare(
        'SELECT seq, kind, recorded_at, body, leaf_hash, chain_hash FROM ledger_entries WHERE seq >= ? AND seq <= ? ORDER BY seq LIMIT ?',
      ).raw(),
      verifyPage: db.prepare('SELECT seq, body, hex(leaf_hash) || hex(chain_hash) FROM ledger_entries WHERE seq >= ? ORDER BY seq LIMIT ?').raw(),
      one: db.prepare('SELECT seq, kind, recorded_at, body, leaf_hash, chain_hash FROM ledger_entries WHERE seq = ?').raw(),
      leaves: db.prepare('SELECT leaf_hash FROM ledger_entries WHERE seq >= ? AND seq <= ? ORDER BY seq').pluck(),
      count: db.prepare('SELECT COUNT(*) FROM ledger_entries').pluck(),
      insertCheckpoint: db.prepare(
        'INSERT INTO checkpoints (size, ledger_id, chain_hash, merkle_root, time, body, signature, key_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (size) DO NOTHING',
      ),
      checkpoints: db.prepare('SELECT * FROM checkpoints ORDER BY size'),
      latestCheckpoint: db.prepare('SELECT * FROM checkpoints ORDER BY size DESC LIMIT 1'),
    };
  }

  async getHead(): Promise<LedgerHead | null> {
    const row = this.stmts.head.get() as { ledger_id: string; size: number; chain_hash: Buffer; frontier: string } | undefined;
    return row ? { ledgerId: row.ledger_id, size: row.size, chainHash: row.chain_hash, frontier: decodeFrontier(row.frontier) } : null;
  }

  async ensureHead(initial: LedgerHead): Promise<LedgerHead> {
    await this.lock.run(() => this.stmts.insertHead.run(initial.ledgerId, initial.size, initial.chainHash, encodeFrontier(initial.frontier), new Date().toISOString()));
    return (await this.getHead())!;
  }

  async append(entries: PendingEntry[], recordedAt: string): Promise<AppendOutcome> {
    const run = this.db.transaction((): AppendOutcome => {
      const head = this.readHeadSync();
      const planner = new AppendPlanner(head, recordedAt);
      const seqs: number[] = [];
      let appended = 0;
      let firstSeq: number | null = null;
      let lastSeq: number | null = null;
      for (const entry of entries) {
        const row = planner.prepare(entry);
        const stored = this.stmts.insert.run(row.seq, row.kind, row.recordedAt, row.body, row.leafHash, row.chainHash, row.eventKey);
        if (stored.changes === 0) {
          seqs.push(this.stmts.byKey.get(entry.eventKey) as number);
          continue;
        }
        planner.commit(row);
        seqs.push(row.seq);
        appended++;
        firstSeq ??= row.seq;
        lastSeq = row.seq;
      }
      if (appended > 0) {
        const next = planner.newHead();
        this.stmts.updateHead.run(next.size, next.chainHash, encodeFrontier(next.frontier), recordedAt);
      }
      return { received: entries.length, appended, duplicates: entries.length - appended, firstSeq, lastSeq, seqs };
    });
    // IMMEDIATE takes the write lock up front, so two processes never plan from the same head;
    // the in-process lock keeps it out of any other transaction open on this connection.
    return this.lock.run(() => run.immediate());
  }

  private readHeadSync(): LedgerHead {
    const row = this.stmts.head.get() as { ledger_id: string; size: number; chain_hash: Buffer; frontier: string } | undefined;
    if (!row) throw new Error('ledger head missing: the ledger was not initialized');
    return { ledgerId: row.ledger_id, size: row.size, chainHash: row.chain_hash, frontier: decodeFrontier(row.frontier) };
  }

  async *pages(fromSeq: number, toSeq = Number.MAX_SAFE_INTEGER): AsyncIterable<LedgerEntry[]> {
    let next = fromSeq;
    for (;;) {
      const rows = this.stmts.page.all(next, toSeq, PAGE) as Row[];
      if (rows.length > 0) yield rows.map(toEntry);
      if (rows.length < PAGE) return;
      next = rows[rows.length - 1][0] + 1;
    }
  }

  async *verificationPages(fromSeq: number): AsyncIterable<VerifiableEntry[]> {
    let next = fromSeq;
    for (;;) {
      // Hashes come back as hex text decoded into one buffer per page: a native Buffer per
      // blob per row costs more than hashing the row (measured in npm run bench).
      const rows = this.stmts.verifyPage.all(next, VERIFY_PAGE) as [number, string, string][];
      const hashes = Buffer.allocUnsafe(rows.length * 64);
      const page = rows.map((r, i) => {
        hashes.write(r[2], i * 64, 64, 'hex');
        return { seq: r[0], body: r[1], leafHash: hashes.subarray(i * 64, i * 64 + 32), chainHash: hashes.subarray(i * 64 + 32, i * 64 + 64) };
      });
      if (page.length > 0) yield page;
      if (rows.length < VERIFY_PAGE) return;
      next = rows[rows.length - 1][0] + 1;
    }
  }

  async *leafHashPages(toSeq: number): AsyncIterable<Buffer[]> {
    for (let next = 1; next <= toSeq; next += LEAF_PAGE) {
      const rows = this.stmts.leaves.all(next, Math.min(toSeq, next + LEAF_PAGE - 1)) as Buffer[];
      if (rows.length > 0) yield rows;
    }
  }

  async get(seq: number): Promise<LedgerEntry | null> {
    const r = this.stmts.one.get(seq) as Row | undefined;
    return r ? toEntry(r) : null;
  }

  async count(): Promise<number> {
    return this.stmts.count.get() as number;
  }

  async insertCheckpoint(cp: Checkpoint): Promise<void> {
    await this.lock.run(() => this.stmts.insertCheckpoint.run(cp.size, cp.ledgerId, cp.chainHash, cp.merkleRoot, cp.time, cp.body, cp.signature, cp.keyId));
  }

  async listCheckpoints(): Promise<Checkpoint[]> {
    return (this.stmts.checkpoints.all() as CheckpointRow[]).map(toCheckpoint);
  }

  async latestCheckpoint(): Promise<Checkpoint | null> {
    const row = this.stmts.latestCheckpoint.get() as CheckpointRow | undefined;
    return row ? toCheckpoint(row) : null;
  }
}

export interface CheckpointRow {
  size: number | string;
  ledger_id: string;
  chain_hash: string;
  merkle_root: string;
  time: string;
  body: string;
  signature: string;
  key_id: string;
}

export function toCheckpoint(r: CheckpointRow): Checkpoint {
  return {
    size: Number(r.size),
    ledgerId: r.ledger_id,
    chainHash: r.chain_hash,
    merkleRoot: r.merkle_root,
    time: r.time,
    body: r.body,
    signature: r.signature,
    keyId: r.key_id,
  };
}

function toEntry(r: Row): LedgerEntry {
  return { seq: r[0], kind: r[1], recordedAt: r[2], body: r[3], leafHash: r[4], chainHash: r[5] };
}
