import { DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from './access/access.module';
import { AuthModule } from './auth/auth.module';
import { ChecksModule } from './checks/checks.module';
import { ChangesModule } from './changes/changes.module';
import { EvidentConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { ConnectorsModule } from './ingest/connectors/connectors.module';
import { IngestModule } from './ingest/ingest.module';
import { LedgerModule } from './ledger/ledger.module';

/** Everything but transport: shared by the HTTP server and the CLI. */
@Module({})
export class CoreModule {
  static forRoot(config?: EvidentConfig): DynamicModule {
    const modules = [LedgerModule, AuthModule, ChangesModule, IngestModule, AccessModule, ChecksModule, ConnectorsModule];
    return {
      module: CoreModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, ...modules],
      exports: modules,
    };
  }
}
