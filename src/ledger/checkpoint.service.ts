import { Inject, Injectable, Logger } from '@nestjs/common';
import { isoNow } from './chain';
import { CheckpointAnchorRepository } from './checkpoint-anchor.repository';
import { canonicalize } from './jcs';
import { LedgerRepository } from './ledger.repository';
import { Checkpoint } from './ledger.types';
import { MerkleAccumulator } from './merkle';
import { SigningKeyRepository } from './signing-key.repository';

export class InconsistentLedgerError extends Error {
  readonly code = 'ledger-inconsistent';
}

/** Signs checkpoints over the ledger head and copies them out of the database. */
@Injectable()
export class CheckpointService {
  private readonly logger = new Logger(CheckpointService.name);

  constructor(
    @Inject(LedgerRepository) private readonly ledger: LedgerRepository,
    @Inject(SigningKeyRepository) private readonly key: SigningKeyRepository,
    @Inject(CheckpointAnchorRepository) private readonly anchor: CheckpointAnchorRepository,
  ) {}

  /**
   * Signs a checkpoint at the current head unless the latest one already covers it.
   * Refuses when the stored leaves no longer reproduce the previous checkpoint's root:
   * a checkpoint must never bless a rewritten history.
   */
  async create(): Promise<Checkpoint> {
    const head = await this.ledger.getHead();
    if (!head) throw new Error('ledger head missing: the ledger was not initialized');
    const previous = await this.ledger.latestCheckpoint();
    if (previous && previous.size === head.size) return previous;

    const root = await this.rootsConsistentWith(previous, head.size);
    const frontierRoot = MerkleAccumulator.fromFrontier(head.size, head.frontier).root().toString('hex');
    if (root !== frontierRoot) throw new InconsistentLedgerError('stored leaves do not match the ledger head');

    const statement = { ledgerId: head.ledgerId, size: head.size, chainHash: head.chainHash.toString('hex'), merkleRoot: root, time: isoNow() };
    const body = canonicalize(statement);
    const cp: Checkpoint = { ...statement, body, signature: this.key.sign(body).toString('hex'), keyId: this.key.keyId };
    await this.ledger.insertCheckpoint(cp);
    this.anchor.write(cp);
    this.logger.log(`checkpoint signed at size ${cp.size}`);
    return cp;
  }

  /** Returns the Merkle root over stored leaves 1..size after checking the prefix against `previous`. */
  private async rootsConsistentWith(previous: Checkpoint | null, size: number): Promise<string> {
    const acc = new MerkleAccumulator();
    if (previous && previous.size === 0 && previous.merkleRoot !== acc.root().toString('hex')) {
      throw new InconsistentLedgerError('the empty checkpoint does not match');
    }
    for await (const page of this.ledger.leafHashPages(size)) {
      for (const leaf of page) {
        acc.push(leaf);
        if (previous && acc.size === previous.size && acc.root().toString('hex') !== previous.merkleRoot) {
          throw new InconsistentLedgerError(`leaves 1..${previous.size} no longer match the checkpoint signed at that size`);
        }
      }
    }
    if (acc.size !== size) throw new InconsistentLedgerError(`expected ${size} leaves, found ${acc.size}`);
    return acc.root().toString('hex');
  }

  list(): Promise<Checkpoint[]> {
    return this.ledger.listCheckpoints();
  }

  latest(): Promise<Checkpoint | null> {
    return this.ledger.latestCheckpoint();
  }

  get publicKeyPem(): string {
    return this.key.publicKeyPem;
  }
}
