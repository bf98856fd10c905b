import { composeBody, nextChainHash } from './chain';
import { LedgerHead, PendingEntry } from './ledger.types';
import { leafHash, MerkleAccumulator } from './merkle';

export interface PlannedRow {
  seq: number;
  kind: string;
  recordedAt: string;
  body: string;
  leafHash: Buffer;
  chainHash: Buffer;
  eventKey: string | null;
}

/**
 * Assigns seq numbers and hashes to entries inside the append lock. Pure: the repositories
 * of both dialects feed it the locked head and persist what it plans.
 */
export class AppendPlanner {
  private size: number;
  private chain: Buffer;
  private readonly acc: MerkleAccumulator;

  constructor(
    private readonly head: LedgerHead,
    private readonly recordedAt: string,
  ) {
    this.size = head.size;
    this.chain = head.chainHash;
    this.acc = MerkleAccumulator.fromFrontier(head.size, head.frontier);
  }

  /** The row `entry` would become next; nothing advances until `commit`. */
  prepare(entry: PendingEntry): PlannedRow {
    const seq = this.size + 1;
    const body = composeBody(seq, entry.kind, this.recordedAt, entry.dataJcs);
    const leaf = leafHash(body);
    const chain = nextChainHash(this.chain, leaf);
    return { seq, kind: entry.kind, recordedAt: this.recordedAt, body, leafHash: leaf, chainHash: chain, eventKey: entry.eventKey ?? null };
  }

  /** Makes a prepared row the new head (it was stored, not refused as a duplicate). */
  commit(row: PlannedRow): void {
    this.acc.push(row.leafHash);
    this.size = row.seq;
    this.chain = row.chainHash;
  }

  next(entry: PendingEntry): PlannedRow {
    const row = this.prepare(entry);
    this.commit(row);
    return row;
  }

  newHead(): LedgerHead {
    return { ledgerId: this.head.ledgerId, size: this.size, chainHash: this.chain, frontier: this.acc.frontier() };
  }
}

export function encodeFrontier(frontier: Buffer[]): string {
  return JSON.stringify(frontier.map((b) => b.toString('hex')));
}

export function decodeFrontier(text: string): Buffer[] {
  return (JSON.parse(text) as string[]).map((h) => Buffer.from(h, 'hex'));
}
