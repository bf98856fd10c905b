/** A stored ledger entry as it sits in the database. */
export interface LedgerEntry {
  seq: number;
  kind: string;
  recordedAt: string;
  /** The exact JCS text that was hashed. */
  body: string;
  leafHash: Buffer;
  chainHash: Buffer;
}

/** What a caller hands to append: the entry's data already canonicalized (JCS). */
export interface PendingEntry {
  kind: string;
  dataJcs: string;
  /** Idempotency key, e.g. source/instance/id of a flag event; duplicates are acknowledged, not appended. */
  eventKey?: string;
}

export interface LedgerHead {
  ledgerId: string;
  size: number;
  chainHash: Buffer;
  /** Compact Merkle range over leaves 1..size (see MerkleAccumulator). */
  frontier: Buffer[];
}

export interface AppendOutcome {
  received: number;
  appended: number;
  duplicates: number;
  firstSeq: number | null;
  lastSeq: number | null;
  /** seq of each input in order: the new seq, or the existing seq for a duplicate. */
  seqs: number[];
}

/** The signed statement of DESIGN.md; `body` is its JCS text exactly as signed. */
export interface Checkpoint {
  ledgerId: string;
  size: number;
  chainHash: string;
  merkleRoot: string;
  time: string;
  body: string;
  signature: string;
  keyId: string;
}

export type VerifyReason = 'body-modified' | 'chain-broken' | 'seq-gap' | 'checkpoint-mismatch' | 'signature-invalid' | 'truncated';

export interface VerifyResult {
  ok: boolean;
  size: number;
  checkpoints: number;
  firstBad: { seq: number; reason: VerifyReason; detail?: string } | null;
}
