import { Inject, Injectable } from '@nestjs/common';
import { ChainVerifier } from './chain-verifier';
import { CheckpointAnchorRepository } from './checkpoint-anchor.repository';
import { LedgerRepository } from './ledger.repository';
import { Checkpoint, VerifyResult } from './ledger.types';
import { SigningKeyRepository } from './signing-key.repository';

/** Full verification of the stored ledger against its own checkpoints and the anchored copies. */
@Injectable()
export class VerifyService {
  constructor(
    @Inject(LedgerRepository) private readonly ledger: LedgerRepository,
    @Inject(SigningKeyRepository) private readonly key: SigningKeyRepository,
    @Inject(CheckpointAnchorRepository) private readonly anchor: CheckpointAnchorRepository,
  ) {}

  private recent: { at: number; size: number; result: Promise<VerifyResult> } | null = null;

  /**
   * The result of a verification of the current head made less than `maxAgeMs` ago, else a new
   * one; concurrent callers share a run. For pages and reports that must not verify per view.
   */
  async verifyRecent(maxAgeMs: number): Promise<VerifyResult> {
    const head = await this.ledger.getHead();
    const r = this.recent;
    if (r && r.size === head?.size && Date.now() - r.at < maxAgeMs) return r.result;
    const result = this.verify();
    this.recent = { at: Date.now(), size: head?.size ?? 0, result };
    result.catch(() => (this.recent = null));
    return result;
  }

  async verify(onProgress?: (done: number) => void): Promise<VerifyResult> {
    const head = await this.ledger.getHead();
    if (!head) throw new Error('ledger head missing: the ledger was not initialized');
    const verifier = new ChainVerifier({
      ledgerId: head.ledgerId,
      checkpoints: mergeCheckpoints(await this.ledger.listCheckpoints(), this.anchor.list(head.ledgerId)),
      publicKey: this.key.publicKey,
    });
    for await (const page of this.ledger.verificationPages(1)) {
      for (const entry of page) if (!verifier.push(entry)) break;
      if (verifier.failed) break;
      onProgress?.(page[page.length - 1].seq);
    }
    return verifier.finish();
  }
}

/**
 * Database and anchored copies of the same size must agree; an anchored checkpoint missing
 * from the database still counts (that is what catches a truncation with checkpoint rows deleted).
 */
function mergeCheckpoints(db: Checkpoint[], anchored: Checkpoint[]): Checkpoint[] {
  const bySize = new Map<number, Checkpoint[]>();
  for (const cp of [...db, ...anchored]) {
    const list = bySize.get(cp.size) ?? [];
    if (!list.some((c) => c.body === cp.body && c.signature === cp.signature)) list.push(cp);
    bySize.set(cp.size, list);
  }
  return [...bySize.values()].flat();
}
