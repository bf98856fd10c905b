import { Module } from '@nestjs/common';
import { AccessModule } from '../../access/access.module';
import { AccessService } from '../../access/access.service';
import { LedgerModule } from '../../ledger/ledger.module';
import { IngestModule } from '../ingest.module';
import { ConnectorCursorRepository } from './connector-cursor.repository';
import { SnapshotSink, UNLEASH_SNAPSHOT_SINK, UnleashConnectorService } from './unleash-connector.service';

/**
 * Pull connectors (Unleash for now). A pass takes new events, then an access snapshot of the
 * same instance, which goes into the ledger like any other snapshot (DESIGN: connector run).
 */
@Module({
  imports: [LedgerModule, IngestModule, AccessModule],
  providers: [
    ConnectorCursorRepository,
    UnleashConnectorService,
    {
      provide: UNLEASH_SNAPSHOT_SINK,
      inject: [AccessService],
      useFactory: (access: AccessService): SnapshotSink => (doc, ctx) => access.ingestSnapshot('unleash', doc, ctx).then((r) => r.seq),
    },
  ],
  exports: [UnleashConnectorService],
})
export class ConnectorsModule {}
