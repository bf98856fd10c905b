import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { urlencoded } from 'express';
import { AccessModule } from '../access/access.module';
import { AuthModule } from '../auth/auth.module';
import { ChangesModule } from '../changes/changes.module';
import { ChecksModule } from '../checks/checks.module';
import { LedgerModule } from '../ledger/ledger.module';
import { DashboardController } from './dashboard.controller';
import { DashboardErrorFilter, DashboardHeadersInterceptor, SameOriginGuard } from './dashboard.http';
import { DashboardService } from './dashboard.service';

/** The control-gap dashboard (HTTP process only). */
@Module({
  imports: [LedgerModule, AuthModule, ChecksModule, ChangesModule, AccessModule],
  controllers: [DashboardController],
  providers: [DashboardService, DashboardErrorFilter, DashboardHeadersInterceptor, SameOriginGuard],
})
export class DashboardModule implements NestModule {
  /** The sign-in form posts application/x-www-form-urlencoded; the app's own parsers take JSON and text only. */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(urlencoded({ extended: false, limit: '4kb', parameterLimit: 10 }))
      .forRoutes({ path: 'login', method: RequestMethod.POST }, { path: 'logout', method: RequestMethod.POST });
  }
}
