import { Controller, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { WebhookSignature } from '../../auth/roles';
import { InvalidInputError } from '../../common/errors';
import { IngestResultDto } from '../ingest.dto';
import { WebhookService } from './webhook.service';

@ApiTags('Webhooks')
@Controller('api/v1/webhooks')
export class WebhookController {
  constructor(@Inject(WebhookService) private readonly webhooks: WebhookService) {}

  @Post(':source')
  @HttpCode(200)
  @WebhookSignature()
  @ApiOperation({
    summary:
      'Platform webhooks (unleash: Authorization header = shared secret; launchdarkly: X-LD-Signature; flagsmith: X-Flagsmith-Signature). Secrets per source instance in EVIDENT_WEBHOOK_SECRETS.',
  })
  receive(@Param('source') source: string, @Query('instance') instance: string | undefined, @Req() req: Request & { rawBody?: Buffer }): Promise<IngestResultDto> {
    if (!req.rawBody) throw new InvalidInputError('webhook bodies must be JSON (Content-Type: application/json)');
    return this.webhooks.receive({ source, instance, rawBody: req.rawBody, headers: req.headers, body: req.body as unknown, remoteAddress: req.socket.remoteAddress });
  }
}
