import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { READERS, Roles } from '../auth/roles';
import { InvalidInputError } from '../common/errors';
import { AccessSnapshotEntity } from './access.entities';
import { RosterQueryDto, SnapshotQueryDto } from './access.dto';
import { AccessService, SnapshotIngestResult } from './access.service';

@ApiTags('Access')
@ApiBearerAuth()
@Controller('api/v1')
export class AccessController {
  constructor(@Inject(AccessService) private readonly access: AccessService) {}

  @Post('snapshots')
  @HttpCode(200)
  @Roles('admin', 'ingest')
  @ApiConsumes('application/json', 'text/csv')
  @ApiOperation({ summary: 'Ingest an access snapshot (platform export, SCIM ListResponse, CSV, or the generic format)' })
  snapshot(@Query() q: SnapshotQueryDto, @Req() req: Request): Promise<SnapshotIngestResult> {
    return this.access.ingestSnapshot(q.source, bodyOf(req), { instance: q.instance ?? 'default', takenAt: q.takenAt });
  }

  @Post('rosters')
  @HttpCode(200)
  @Roles('admin', 'ingest')
  @ApiConsumes('text/csv')
  @ApiOperation({ summary: 'Ingest an HR roster (CSV: email,status,terminated_at,manager_email,department)' })
  roster(@Query() q: RosterQueryDto, @Body() body: unknown): Promise<SnapshotIngestResult> {
    if (typeof body !== 'string') throw new InvalidInputError('send the roster as CSV text (Content-Type: text/csv)');
    return this.access.ingestRoster(body, q.asOf);
  }

  @Get('snapshots')
  @Roles(...READERS)
  list(): Promise<AccessSnapshotEntity[]> {
    return this.access.list('snapshot');
  }

  @Get('rosters')
  @Roles(...READERS)
  rosters(): Promise<AccessSnapshotEntity[]> {
    return this.access.list('roster');
  }
}

function bodyOf(req: Request): unknown {
  if (req.body === undefined || (typeof req.body === 'object' && req.body !== null && Object.keys(req.body as object).length === 0 && !req.headers['content-type'])) {
    throw new InvalidInputError('send the snapshot as JSON, or as CSV text for source=csv');
  }
  return req.body as unknown;
}
