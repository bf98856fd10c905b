import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../common/errors';
import { genesisChainHash, isoNow } from './chain';
import { canonicalize } from './jcs';
import { LedgerRepository } from './ledger.repository';
import { AppendOutcome, LedgerEntry, LedgerHead, PendingEntry } from './ledger.types';

/** The only way anything is written to the ledger. */
@Injectable()
export class LedgerService implements OnModuleInit {
  constructor(@Inject(LedgerRepository) private readonly ledger: LedgerRepository) {}

  async onModuleInit(): Promise<void> {
    const ledgerId = randomUUID();
    await this.ledger.ensureHead({ ledgerId, size: 0, chainHash: genesisChainHash(ledgerId), frontier: [] });
  }

  /** Appends a batch atomically; entries whose eventKey is already in the ledger are acknowledged, not appended. */
  append(entries: PendingEntry[]): Promise<AppendOutcome> {
    return this.ledger.append(entries, isoNow());
  }

  /** Appends one entry of Evident's own (a service action, a decision …) and returns its seq. */
  async record(kind: string, data: Record<string, unknown>): Promise<number> {
    const outcome = await this.append([{ kind, dataJcs: canonicalize(data) }]);
    return outcome.seqs[0];
  }

  async head(): Promise<LedgerHead> {
    const head = await this.ledger.getHead();
    if (!head) throw new Error('ledger head missing: the ledger was not initialized');
    return head;
  }

  /** chainHash_{seq-1}: the genesis hash for seq 1, else the stored chain hash of the entry before. */
  async chainHashBefore(seq: number): Promise<Buffer> {
    if (seq <= 1) return genesisChainHash((await this.head()).ledgerId);
    const prev = await this.ledger.get(seq - 1);
    if (!prev) throw new NotFoundError(`no ledger entry ${seq - 1}`);
    return prev.chainHash;
  }

  get(seq: number): Promise<LedgerEntry | null> {
    return this.ledger.get(seq);
  }

  pages(fromSeq: number, toSeq?: number): AsyncIterable<LedgerEntry[]> {
    return this.ledger.pages(fromSeq, toSeq);
  }
}
