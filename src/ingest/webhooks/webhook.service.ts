import { Inject, Injectable } from '@nestjs/common';
import { InvalidInputError, UnauthenticatedError } from '../../common/errors';
import { EvidentConfig } from '../../config/config';
import { EVIDENT_CONFIG } from '../../config/config.module';
import { ENTRY_KIND } from '../../ledger/entry-kinds';
import { LedgerService } from '../../ledger/ledger.service';
import { IngestResult, IngestService } from '../ingest.service';
import { WEBHOOK_SOURCES, WebhookRequest, WebhookSource, webhookSignatureProblem } from './webhook-signature';

export interface WebhookCall extends WebhookRequest {
  source: string;
  instance: string | undefined;
  remoteAddress: string | undefined;
}

/** Authenticates a platform's webhook by its shared secret, then ingests its body like any batch. */
@Injectable()
export class WebhookService {
  constructor(
    @Inject(IngestService) private readonly ingest: IngestService,
    @Inject(LedgerService) private readonly ledger: LedgerService,
    @Inject(EVIDENT_CONFIG) private readonly config: EvidentConfig,
  ) {}

  async receive(call: WebhookCall): Promise<IngestResult> {
    const source = call.source as WebhookSource;
    if (!WEBHOOK_SOURCES.includes(source)) {
      throw new InvalidInputError(`webhooks are accepted for ${WEBHOOK_SOURCES.join(', ')} (got "${call.source}")`);
    }
    if (!call.instance) throw new InvalidInputError('the webhook URL needs ?instance=<name> naming the configured source instance');
    const secret = this.config.webhookSecrets.get(`${source}:${call.instance}`);
    const problem = secret === undefined ? 'no webhook secret is configured for this source instance' : webhookSignatureProblem(source, secret, call);
    if (problem) {
      // The refusal is evidence too (who tried to inject events); no header value is recorded.
      await this.ledger.record(ENTRY_KIND.serviceAction, {
        action: 'webhook.rejected',
        source,
        instance: call.instance,
        reason: problem,
        remoteAddress: call.remoteAddress ?? null,
      });
      throw new UnauthenticatedError(`webhook refused: ${problem}`);
    }
    return this.ingest.ingestDocuments([{ value: call.body }], { source, instance: call.instance });
  }
}
