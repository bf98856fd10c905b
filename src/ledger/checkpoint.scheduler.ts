import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { scheduleEvery } from '../common/schedule-every';
import { EvidentConfig } from '../config/config';
import { EVIDENT_CONFIG } from '../config/config.module';
import { JobLock } from '../database/job-lock';
import { CheckpointService } from './checkpoint.service';

/** Signs a checkpoint every EVIDENT_CHECKPOINT_MINUTES when the ledger grew (HTTP process only; one instance at a time). */
@Injectable()
export class CheckpointScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(CheckpointScheduler.name);

  constructor(
    @Inject(CheckpointService) private readonly checkpoints: CheckpointService,
    @Inject(SchedulerRegistry) private readonly registry: SchedulerRegistry,
    @Inject(JobLock) private readonly jobs: JobLock,
    @Inject(EVIDENT_CONFIG) private readonly config: EvidentConfig,
  ) {}

  onApplicationBootstrap(): void {
    scheduleEvery(this.registry, 'checkpoint', this.config.checkpointMinutes, () => this.tick());
  }

  async tick(): Promise<void> {
    try {
      await this.jobs.runExclusive('checkpoint', () => this.checkpoints.create());
    } catch (err) {
      this.logger.error(`scheduled checkpoint failed: ${(err as Error).message}`);
    }
  }
}
