import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { ChangesRepository } from './changes.repository';
import { ChangesService } from './changes.service';

@Module({
  imports: [LedgerModule],
  providers: [ChangesRepository, ChangesService],
  exports: [ChangesService],
})
export class ChangesModule {}
