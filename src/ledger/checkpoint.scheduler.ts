import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
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
    if (this.config.checkpointMinutes <= 0) return;
    const timer = setInterval(() => void this.tick(), this.config.checkpointMinutes * 60_000);
    timer.unref();
    this.registry.addInterval('checkpoint', timer);
  }

  async tick(): Promise<void> {
    try {
      await this.jobs.runExclusive('checkpoint', () => this.checkpoints.create());
    } catch (err) {
      this.logger.error(`scheduled checkpoint failed: ${(err as Error).message}`);
    }
  }
}
