import { Module } from '@nestjs/common';
import { ChangesModule } from '../changes/changes.module';
import { LedgerModule } from '../ledger/ledger.module';
import { IngestService } from './ingest.service';
import { NdjsonWorkerPool } from './ndjson-worker-pool';

@Module({
  imports: [LedgerModule, ChangesModule],
  providers: [IngestService, NdjsonWorkerPool],
  exports: [IngestService],
})
export class IngestModule {}
