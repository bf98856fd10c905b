import { Controller, Get, Header, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audited, READERS, Roles } from '../auth/roles';
import { CheckpointService } from './checkpoint.service';
import { LedgerService } from './ledger.service';
import { Checkpoint, VerifyResult } from './ledger.types';
import { VerifyService } from './verify.service';

export class EntriesQueryDto {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) from?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) to?: number;
}

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

  @Get('entries')
  @Roles('admin', 'compliance', 'auditor')
  @Audited('ledger.entries.exported')
  @ApiOperation({ summary: 'Entries from..to as NDJSON lines {seq, body, leafHash, chainHash}, for independent verification' })
  async entries(@Query() q: EntriesQueryDto, @Res() res: Response): Promise<void> {
    const head = await this.ledger.head();
    const from = q.from ?? 1;
    const to = Math.min(q.to ?? head.size, head.size);
    res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('X-Evident-Prev-Chain-Hash', (await this.ledger.chainHashBefore(from)).toString('hex'));
    for await (const page of this.ledger.pages(from, to)) {
      const text = page
        .map((e) => `{"seq":${e.seq},"body":${JSON.stringify(e.body)},"leafHash":"${e.leafHash.toString('hex')}","chainHash":"${e.chainHash.toString('hex')}"}\n`)
        .join('');
      if (!res.write(text)) await new Promise((r) => res.once('drain', r));
    }
    res.end();
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
