import { verify as edVerify, KeyObject } from 'node:crypto';
import { genesisChainHash, nextChainHash } from './chain';
import { Checkpoint, VerifyReason, VerifyResult } from './ledger.types';
import { leafHash, MerkleAccumulator } from './merkle';

export interface VerifiableEntry {
  seq: number;
  body: string;
  leafHash: Buffer;
  chainHash: Buffer;
}

interface Problem {
  seq: number;
  reason: VerifyReason;
  detail?: string;
}

export interface ChainVerifierOptions {
  ledgerId: string;
  /** First seq to expect; verifying a segment (a packet) starts later with its prevChainHash. */
  fromSeq?: number;
  prevChainHash?: Buffer;
  /** Signed checkpoints to hold the entries to (any order); each is checked when its size is reached. */
  checkpoints: Checkpoint[];
  publicKey: KeyObject;
}

/**
 * Recomputes body → leaf → chain for a stream of entries in seq order and holds the result
 * to every signed checkpoint. Stops at the first problem, which it names with its seq.
 * Pure (no I/O) so the service, the packet verifier and tests share one implementation.
 */
export class ChainVerifier {
  private expected: number;
  private prev: Buffer;
  private readonly acc: MerkleAccumulator | null;
  private readonly pending: Checkpoint[];
  private problem: Problem | null = null;
  private size = 0;

  constructor(private readonly opts: ChainVerifierOptions) {
    this.expected = opts.fromSeq ?? 1;
    this.prev = opts.prevChainHash ?? genesisChainHash(opts.ledgerId);
    // A Merkle root needs every leaf from 1; a later segment is held to chain hashes only.
    this.acc = this.expected === 1 ? new MerkleAccumulator() : null;
    this.size = this.expected - 1;
    this.pending = [...opts.checkpoints].sort((a, b) => a.size - b.size).filter((c) => c.size >= this.expected);
    this.checkCheckpointsAt(this.size);
  }

  get failed(): boolean {
    return this.problem !== null;
  }

  /** Returns false once a problem has been found; later entries are then ignored. */
  push(e: VerifiableEntry): boolean {
    if (this.problem) return false;
    if (e.seq !== this.expected) {
      return this.fail(this.expected, 'seq-gap', `expected seq ${this.expected}, found ${e.seq}`);
    }
    const leaf = leafHash(e.body);
    if (!leaf.equals(e.leafHash)) return this.fail(e.seq, 'body-modified', 'body does not hash to the stored leaf hash');
    if (!bodyNamesSeq(e.body, e.seq)) {
      return this.fail(e.seq, 'chain-broken', 'the entry body names a different position in the ledger');
    }
    const chain = nextChainHash(this.prev, leaf);
    if (!chain.equals(e.chainHash)) return this.fail(e.seq, 'chain-broken', 'chain hash does not follow from the previous entry');
    this.acc?.push(leaf);
    this.prev = chain;
    this.size = e.seq;
    this.expected = e.seq + 1;
    this.checkCheckpointsAt(e.seq);
    return this.problem === null;
  }

  finish(): VerifyResult {
    if (!this.problem && this.pending.length > 0) {
      const latest = this.pending[this.pending.length - 1];
      this.fail(this.size + 1, 'truncated', `the ledger ends at ${this.size} but a signed checkpoint covers ${latest.size} entries`);
    }
    const checkpoints = this.opts.checkpoints.length;
    return { ok: this.problem === null, size: this.size, checkpoints, firstBad: this.problem };
  }

  private checkCheckpointsAt(size: number): void {
    while (!this.problem && this.pending.length > 0 && this.pending[0].size === size) {
      const cp = this.pending.shift()!;
      const why = this.checkpointProblem(cp);
      if (why) this.fail(Math.max(size, 1), why.reason, why.detail);
    }
  }

  private checkpointProblem(cp: Checkpoint): { reason: VerifyReason; detail: string } | null {
    const signature = Buffer.from(cp.signature, 'hex');
    if (signature.length !== 64 || !edVerify(null, Buffer.from(cp.body, 'utf8'), this.opts.publicKey, signature)) {
      return { reason: 'signature-invalid', detail: `checkpoint at size ${cp.size} is not signed by this ledger's key` };
    }
    const signed = JSON.parse(cp.body) as { ledgerId: string; size: number; chainHash: string; merkleRoot: string };
    if (signed.ledgerId !== this.opts.ledgerId || signed.size !== cp.size) {
      return { reason: 'checkpoint-mismatch', detail: `checkpoint at size ${cp.size} belongs to another ledger or size` };
    }
    if (signed.chainHash !== this.prev.toString('hex')) {
      return { reason: 'checkpoint-mismatch', detail: `chain hash at ${cp.size} differs from the signed checkpoint` };
    }
    if (this.acc && signed.merkleRoot !== this.acc.root().toString('hex')) {
      return { reason: 'checkpoint-mismatch', detail: `Merkle root at ${cp.size} differs from the signed checkpoint` };
    }
    return null;
  }

  private fail(seq: number, reason: VerifyReason, detail?: string): false {
    this.problem = { seq, reason, detail };
    return false;
  }
}

/** Every body ends with `"seq":N,"v":1}` (JCS order puts seq and v last). */
function bodyNamesSeq(body: string, seq: number): boolean {
  const end = body.length - 7; // ',"v":1}'
  if (end < 0 || body.charCodeAt(end) !== 44 || !body.endsWith(',"v":1}')) return false;
  const start = body.lastIndexOf('"seq":', end);
  return start !== -1 && body.slice(start + 6, end) === String(seq);
}
