import { Module } from '@nestjs/common';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { EvidentConfig } from '../config/config';
import { EVIDENT_CONFIG } from '../config/config.module';
import { WriteLock } from '../database/write-lock';
import { CheckpointAnchorRepository } from './checkpoint-anchor.repository';
import { CheckpointService } from './checkpoint.service';
import { LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';
import { PostgresLedgerRepository } from './postgres-ledger.repository';
import { SigningKeyRepository } from './signing-key.repository';
import { SqliteLedgerRepository } from './sqlite-ledger.repository';
import { VerifyService } from './verify.service';

@Module({
  providers: [
    {
      provide: LedgerRepository,
      inject: [DataSource, WriteLock, EVIDENT_CONFIG],
      useFactory: (ds: DataSource, lock: WriteLock, config: EvidentConfig) =>
        config.database.type === 'postgres' ? new PostgresLedgerRepository(ds) : new SqliteLedgerRepository(ds, lock),
    },
    {
      provide: SigningKeyRepository,
      inject: [EVIDENT_CONFIG],
      useFactory: (config: EvidentConfig) => new SigningKeyRepository(config.dataDir, config.signingKeyPem),
    },
    {
      provide: CheckpointAnchorRepository,
      inject: [EVIDENT_CONFIG],
      useFactory: (config: EvidentConfig) => new CheckpointAnchorRepository(config.anchorDir ?? join(config.dataDir, 'checkpoints')),
    },
    LedgerService,
    CheckpointService,
    VerifyService,
  ],
  exports: [LedgerService, CheckpointService, VerifyService],
})
export class LedgerModule {}
