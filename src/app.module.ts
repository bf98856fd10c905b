import { DynamicModule, Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { AccessController } from './access/access.controller';
import { AuditInterceptor } from './auth/audit.interceptor';
import { ChecksController } from './checks/checks.controller';
import { AuthGuard } from './auth/auth.guard';
import { TokenController } from './auth/token.controller';
import { ChangesController } from './changes/changes.controller';
import { ErrorFilter } from './common/error.filter';
import { EvidentConfig } from './config/config';
import { CoreModule } from './core.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { HealthController } from './health/health.controller';
import { IngestController } from './ingest/ingest.controller';
import { WebhookController } from './ingest/webhooks/webhook.controller';
import { CheckpointScheduler } from './ledger/checkpoint.scheduler';
import { ConnectorScheduler } from './ingest/connectors/connector.scheduler';
import { LedgerController } from './ledger/ledger.controller';

/** The HTTP application: controllers, the global guard, validation, error mapping and the scheduler. */
@Module({})
export class AppModule {
  static forRoot(config?: EvidentConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(config), ScheduleModule.forRoot(), DashboardModule],
      controllers: [HealthController, AccessController, ChecksController, LedgerController, IngestController, WebhookController, ChangesController, TokenController],
      providers: [
        CheckpointScheduler,
        ConnectorScheduler,
        { provide: APP_GUARD, useExisting: AuthGuard },
        { provide: APP_INTERCEPTOR, useExisting: AuditInterceptor },
        { provide: APP_FILTER, useClass: ErrorFilter },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
        },
      ],
    };
  }
}
