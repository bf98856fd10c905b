import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { READERS, Roles } from '../auth/roles';
import { CatalogService } from '../catalog/catalog.service';
import { CheckResult } from './check.types';
import { ChecksService, FrameworkStatus } from './checks.service';
import { parsePeriod } from './period';

export class PeriodQueryDto {
  @ApiProperty({ example: '2026-07-01' }) @IsString() from!: string;
  @ApiProperty({ example: '2026-09-30', description: 'a date is inclusive (the whole day)' }) @IsString() to!: string;
}

@ApiTags('Controls')
@ApiBearerAuth()
@Controller('api/v1')
export class ChecksController {
  constructor(
    @Inject(ChecksService) private readonly checks: ChecksService,
    @Inject(CatalogService) private readonly catalog: CatalogService,
  ) {}

  @Get('frameworks')
  @Roles(...READERS)
  frameworks(): { id: string; name: string; kind: string; controls: number }[] {
    return this.catalog.frameworks.map((f) => ({ id: f.id, name: f.name, kind: f.kind, controls: f.controls.length }));
  }

  @Get('frameworks/:framework/status')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Every control of a framework with its status, exceptions and checks for a period' })
  status(@Param('framework') framework: string, @Query() q: PeriodQueryDto): Promise<FrameworkStatus> {
    return this.checks.status(framework, parsePeriod(q.from, q.to));
  }

  @Get('checks/:id/exceptions')
  @Roles(...READERS)
  @ApiOperation({ summary: "One check's result and every exception over the period's whole population" })
  exceptions(@Param('id') id: string, @Query() q: PeriodQueryDto): Promise<CheckResult> {
    return this.checks.exceptions(id, parsePeriod(q.from, q.to));
  }
}
