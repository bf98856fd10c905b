import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { ChangesModule } from './changes/changes.module';
import { EvidentConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { IngestModule } from './ingest/ingest.module';
import { LedgerModule } from './ledger/ledger.module';

/** Everything but transport: shared by the HTTP server and the CLI. */
@Module({})
export class CoreModule {
  static forRoot(config?: EvidentConfig): DynamicModule {
    const modules = [LedgerModule, AuthModule, ChangesModule, IngestModule];
    return {
      module: CoreModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, ...modules],
      exports: modules,
    };
  }
}
