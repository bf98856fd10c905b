import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { AuditInterceptor } from './audit.interceptor';
import { AuthGuard } from './auth.guard';
import { TokenRepository } from './token.repository';
import { TokenService } from './token.service';

@Module({
  imports: [LedgerModule],
  providers: [TokenRepository, TokenService, AuthGuard, AuditInterceptor],
  exports: [TokenService, AuthGuard, AuditInterceptor],
})
export class AuthModule {}
