import { Module } from '@nestjs/common';
import { ChangesModule } from '../changes/changes.module';
import { LedgerModule } from '../ledger/ledger.module';
import { IngestService } from './ingest.service';

@Module({
  imports: [LedgerModule, ChangesModule],
  providers: [IngestService],
  exports: [IngestService],
})
export class IngestModule {}
