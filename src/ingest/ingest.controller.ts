import { Controller, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Roles } from '../auth/roles';
import { InvalidInputError } from '../common/errors';
import { IngestQueryDto, IngestResultDto } from './ingest.dto';
import { IngestService } from './ingest.service';

const NDJSON = /^application\/(x-)?ndjson|^application\/jsonl|^application\/x-jsonlines/i;

@ApiTags('Ingest')
@ApiBearerAuth()
@Controller('api/v1/events')
export class IngestController {
  constructor(@Inject(IngestService) private readonly ingest: IngestService) {}

  @Post()
  @HttpCode(200)
  @Roles('admin', 'ingest')
  @ApiOperation({ summary: 'Ingest flag events: one record, an array, a platform export, or an NDJSON stream. Atomic per request.' })
  @ApiConsumes('application/json', 'application/x-ndjson')
  @ApiBody({ schema: { type: 'object' } })
  async post(@Query() query: IngestQueryDto, @Req() req: Request): Promise<IngestResultDto> {
    const contentType = req.headers['content-type'] ?? '';
    if (NDJSON.test(contentType)) {
      return this.ingest.ingestNdjson(req, { source: query.source, instance: query.instance });
    }
    if (!/^application\/([\w.-]+\+)?json/i.test(contentType)) {
      req.resume();
      throw new InvalidInputError(`Content-Type must be application/json or application/x-ndjson (got "${contentType || 'none'}")`);
    }
    return this.ingest.ingestDocuments([{ value: req.body as unknown }], { source: query.source, instance: query.instance });
  }
}
