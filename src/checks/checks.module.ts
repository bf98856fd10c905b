import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { CatalogService } from '../catalog/catalog.service';
import { ChangesModule } from '../changes/changes.module';
import { LedgerModule } from '../ledger/ledger.module';
import { ChecksRepository } from './checks.repository';
import { ChecksService } from './checks.service';

@Module({
  imports: [LedgerModule, ChangesModule, AccessModule],
  providers: [CatalogService, ChecksRepository, ChecksService],
  exports: [ChecksService, CatalogService],
})
export class ChecksModule {}
