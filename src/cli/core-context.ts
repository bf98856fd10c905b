import { INestApplicationContext, Injectable, OnModuleDestroy, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EvidentConfig, loadConfig } from '../config/config';
import { CoreModule } from '../core.module';
import { logLevels } from '../http-app';

/**
 * Boots the core (database, ledger, services) on first use, so `--help`, usage errors and
 * `demo` never open or create the default database.
 */
@Injectable()
export class CoreContext implements OnModuleDestroy {
  private ctx: Promise<INestApplicationContext> | null = null;
  private config: EvidentConfig | null = null;

  getConfig(): EvidentConfig {
    this.config ??= loadConfig();
    return this.config;
  }

  async get<T>(type: Type<T>): Promise<T> {
    this.ctx ??= NestFactory.createApplicationContext(CoreModule.forRoot(this.getConfig()), {
      logger: logLevels(process.env.EVIDENT_LOG_LEVEL ?? 'warn'),
    });
    return (await this.ctx).get(type);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.ctx) await (await this.ctx).close();
  }
}
