import { InvalidInputError } from '../common/errors';
import { CloudEventsAdapter } from './adapters/cloudevents.adapter';
import { EvidentAdapter } from './adapters/evident.adapter';
import { FlagsmithAdapter } from './adapters/flagsmith.adapter';
import { LaunchDarklyAdapter } from './adapters/launchdarkly.adapter';
import { EventAdapter } from './adapters/event-adapter';
import { UnleashAdapter } from './adapters/unleash.adapter';

const ADAPTERS: EventAdapter[] = [new UnleashAdapter(), new LaunchDarklyAdapter(), new FlagsmithAdapter(), new CloudEventsAdapter(), new EvidentAdapter()];

export const EVENT_SOURCES = ADAPTERS.map((a) => a.source);

export function adapterFor(source: string | undefined): EventAdapter {
  const adapter = ADAPTERS.find((a) => a.source === source);
  if (!adapter) {
    throw new InvalidInputError(`source must be one of ${EVENT_SOURCES.join(', ')} (got "${source ?? ''}")`, [
      { field: 'source', message: 'unknown source' },
    ]);
  }
  return adapter;
}
