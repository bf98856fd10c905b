import { Module } from '@nestjs/common';
import { ChangesModule } from '../changes/changes.module';
import { LedgerModule } from '../ledger/ledger.module';
import { IngestService } from './ingest.service';
import { NdjsonWorkerPool } from './ndjson-worker-pool';
import { WebhookService } from './webhooks/webhook.service';

@Module({
  imports: [LedgerModule, ChangesModule],
  providers: [IngestService, NdjsonWorkerPool, WebhookService],
  exports: [IngestService, WebhookService],
})
export class IngestModule {}
