import { VerifiableEntry } from './chain-verifier';
import { AppendOutcome, Checkpoint, LedgerEntry, LedgerHead, PendingEntry } from './ledger.types';

/**
 * All ledger I/O. One implementation per dialect; both serialize appends
 * (SQLite: BEGIN IMMEDIATE; PostgreSQL: the head row locked FOR UPDATE) and make a batch atomic.
 */
export abstract class LedgerRepository {
  abstract getHead(): Promise<LedgerHead | null>;
  /** Creates the head row if absent (first start); returns the head in force. */
  abstract ensureHead(initial: LedgerHead): Promise<LedgerHead>;
  abstract append(entries: PendingEntry[], recordedAt: string): Promise<AppendOutcome>;
  /** Entries fromSeq..toSeq in seq order, a page at a time, so memory stays flat at any ledger size. */
  abstract pages(fromSeq: number, toSeq?: number): AsyncIterable<LedgerEntry[]>;
  /** Only what verification reads (seq, body, leaf and chain hash), a page at a time. */
  abstract verificationPages(fromSeq: number): AsyncIterable<VerifiableEntry[]>;
  /** Leaf hashes of seq 1..toSeq in order, a page at a time. */
  abstract leafHashPages(toSeq: number): AsyncIterable<Buffer[]>;

  async *iterate(fromSeq: number, toSeq?: number): AsyncIterable<LedgerEntry> {
    for await (const page of this.pages(fromSeq, toSeq)) yield* page;
  }
  abstract get(seq: number): Promise<LedgerEntry | null>;
  abstract count(): Promise<number>;
  abstract insertCheckpoint(cp: Checkpoint): Promise<void>;
  abstract listCheckpoints(): Promise<Checkpoint[]>;
  abstract latestCheckpoint(): Promise<Checkpoint | null>;
}
