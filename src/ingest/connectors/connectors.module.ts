import { Module } from '@nestjs/common';
import { LedgerModule } from '../../ledger/ledger.module';
import { IngestModule } from '../ingest.module';
import { ConnectorCursorRepository } from './connector-cursor.repository';
import { UnleashConnectorService } from './unleash-connector.service';

/**
 * Pull connectors (Unleash for now). Needs the global DataSource and EVIDENT_CONFIG (CoreModule).
 * An UNLEASH_SNAPSHOT_SINK provider, where one is registered, receives each pass's access export.
 */
@Module({
  imports: [LedgerModule, IngestModule],
  providers: [ConnectorCursorRepository, UnleashConnectorService],
  exports: [UnleashConnectorService],
})
export class ConnectorsModule {}
