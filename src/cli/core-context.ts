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
      // Boot failures are reported once by the command (runCommand); Nest's own log would repeat them.
      logger: process.env.EVIDENT_LOG_LEVEL ? logLevels(process.env.EVIDENT_LOG_LEVEL) : false,
      abortOnError: false,
    });
    return (await this.ctx).get(type);
  }

  async onModuleDestroy(): Promise<void> {
    // A context that failed to boot was already reported by the command; nothing to close.
    const ctx = await this.ctx?.catch(() => null);
    await ctx?.close();
  }
}
