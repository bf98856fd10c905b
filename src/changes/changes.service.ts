import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { EvidentConfig } from '../config/config';
import { EVIDENT_CONFIG } from '../config/config.module';
import { NormalizedEvent } from '../ingest/normalized-event';
import { ENTRY_KIND } from '../ledger/entry-kinds';
import { LedgerService } from '../ledger/ledger.service';
import { ChangeRequestEntity, FlagChangeEntity } from './change.entities';
import { ChangeProjector, ProjectedEvent } from './change-projector';
import { ChangesRepository } from './changes.repository';

const DEBOUNCE_MS = 500;

/** The flag-change and change-request read model, derived from the ledger and rebuildable from it. */
@Injectable()
export class ChangesService implements OnApplicationShutdown {
  private readonly logger = new Logger(ChangesService.name);
  private running: Promise<number> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(ChangesRepository) private readonly repo: ChangesRepository,
    @Inject(LedgerService) private readonly ledger: LedgerService,
    @Inject(EVIDENT_CONFIG) private readonly config: EvidentConfig,
  ) {}

  /** Projects everything the ledger holds beyond the cursor; returns how many entries were read. */
  catchUp(): Promise<number> {
    this.running ??= this.project().finally(() => (this.running = null));
    return this.running;
  }

  /** Debounced background catch-up after ingest, so bursts of batches are projected once. */
  catchUpSoon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.catchUp().catch((err: Error) => this.logger.error(`projection failed: ${err.message}`));
    }, DEBOUNCE_MS);
    this.timer.unref();
  }

  async rebuild(): Promise<number> {
    await this.running;
    await this.repo.clear();
    return this.catchUp();
  }

  async flagChanges(opts: { from?: string; to?: string; production?: boolean } = {}): Promise<FlagChangeEntity[]> {
    await this.catchUp();
    return this.repo.flagChanges(opts);
  }

  async changeRequests(): Promise<ChangeRequestEntity[]> {
    await this.catchUp();
    return this.repo.changeRequests();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  private async project(): Promise<number> {
    let read = 0;
    for (;;) {
      const from = await this.repo.cursor();
      const head = await this.ledger.head();
      if (from >= head.size) return read;
      const to = Math.min(head.size, from + 5000);
      const events: ProjectedEvent[] = [];
      for await (const page of this.ledger.pages(from + 1, to)) {
        for (const entry of page) {
          if (entry.kind !== ENTRY_KIND.event) continue;
          const body = JSON.parse(entry.body) as { data: NormalizedEvent };
          events.push({ seq: entry.seq, event: body.data });
        }
      }
      const keys = events.filter((e) => e.event.changeRequest?.id).map((e) => ({ ...e.event, crId: e.event.changeRequest!.id }));
      const existing = await this.repo.findChangeRequests(keys);
      const projector = new ChangeProjector(existing, (env) => env !== undefined && this.config.productionPattern.test(env));
      for (const e of events) projector.add(e);
      const moved = await this.repo.commit(from, to, { flagChanges: projector.flagChanges, changeRequests: projector.changeRequests });
      if (moved) read += to - from;
    }
  }
}
