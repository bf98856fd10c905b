import { Controller, Get, Header, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audited, READERS, Roles } from '../auth/roles';
import { CheckpointService } from './checkpoint.service';
import { LedgerService } from './ledger.service';
import { Checkpoint, VerifyResult } from './ledger.types';
import { VerifyService } from './verify.service';

export interface CheckpointView {
  ledgerId: string;
  size: number;
  chainHash: string;
  merkleRoot: string;
  time: string;
  signature: string;
  publicKey: string;
}

@ApiTags('Ledger')
@ApiBearerAuth()
@Controller('api/v1/ledger')
export class LedgerController {
  constructor(
    @Inject(LedgerService) private readonly ledger: LedgerService,
    @Inject(CheckpointService) private readonly checkpoints: CheckpointService,
    @Inject(VerifyService) private readonly verifier: VerifyService,
  ) {}

  @Get('head')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Ledger id, size and chain hash of the latest entry' })
  async head(): Promise<{ ledgerId: string; size: number; chainHash: string }> {
    const h = await this.ledger.head();
    return { ledgerId: h.ledgerId, size: h.size, chainHash: h.chainHash.toString('hex') };
  }

  @Get('public-key')
  @Roles(...READERS)
  @Header('Content-Type', 'application/x-pem-file')
  @ApiOperation({ summary: 'The Ed25519 public key (SPKI PEM) that verifies checkpoints' })
  publicKey(): string {
    return this.checkpoints.publicKeyPem;
  }

  @Get('checkpoints/latest')
  @Roles(...READERS)
  async latest(): Promise<CheckpointView | null> {
    const cp = await this.checkpoints.latest();
    return cp ? this.view(cp) : null;
  }

  @Post('checkpoints')
  @HttpCode(201)
  @Roles('admin', 'compliance')
  @Audited('checkpoint.requested')
  @ApiOperation({ summary: 'Sign a checkpoint at the current head now' })
  async create(): Promise<CheckpointView> {
    return this.view(await this.checkpoints.create());
  }

  @Post('verify')
  @HttpCode(200)
  @Roles('admin', 'compliance', 'auditor')
  @Audited('ledger.verified')
  @ApiOperation({ summary: 'Recompute the whole chain and check every checkpoint' })
  verify(): Promise<VerifyResult> {
    return this.verifier.verify();
  }

  private view(cp: Checkpoint): CheckpointView {
    const { ledgerId, size, chainHash, merkleRoot, time, signature } = cp;
    return { ledgerId, size, chainHash, merkleRoot, time, signature, publicKey: this.checkpoints.publicKeyPem };
  }
}
