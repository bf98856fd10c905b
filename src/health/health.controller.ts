import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/roles';
import { LedgerService } from '../ledger/ledger.service';

@ApiTags('Health')
@Controller('health')
export class HealthController {
  constructor(@Inject(LedgerService) private readonly ledger: LedgerService) {}

  @Get()
  @Public()
  async health(): Promise<{ status: 'ok'; ledgerSize: number }> {
    const head = await this.ledger.head();
    return { status: 'ok', ledgerSize: head.size };
  }
}
