import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { scheduleEvery } from '../../common/schedule-every';
import { EvidentConfig } from '../../config/config';
import { EVIDENT_CONFIG } from '../../config/config.module';
import { JobLock } from '../../database/job-lock';
import { UnleashConnectorService } from './unleash-connector.service';

/** Polls every configured Unleash instance every EVIDENT_CONNECTOR_MINUTES (HTTP process only, one instance at a time). */
@Injectable()
export class ConnectorScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(ConnectorScheduler.name);

  constructor(
    @Inject(UnleashConnectorService) private readonly unleash: UnleashConnectorService,
    @Inject(JobLock) private readonly jobs: JobLock,
    @Inject(SchedulerRegistry) private readonly registry: SchedulerRegistry,
    @Inject(EVIDENT_CONFIG) private readonly config: EvidentConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.unleashConnectors.length === 0) return;
    scheduleEvery(this.registry, 'unleash-connectors', this.config.connectorMinutes, () => this.tick());
  }

  async tick(): Promise<void> {
    for (const c of this.config.unleashConnectors) {
      const job = `connector:unleash:${c.instance ?? c.url}`;
      try {
        const ran = await this.jobs.runExclusive(job, () => this.unleash.runWithRetry(c));
        if (!ran) this.logger.debug(`${job} is running elsewhere; skipped`);
      } catch (err) {
        // The pass itself recorded the failure in the ledger and kept its cursor.
        this.logger.error(`${job} failed: ${(err as Error).message}`);
      }
    }
  }
}
