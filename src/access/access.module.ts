import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { AccessRepository } from './access.repository';
import { AccessService } from './access.service';

@Module({
  imports: [LedgerModule],
  providers: [AccessRepository, AccessService],
  exports: [AccessService],
})
export class AccessModule {}
