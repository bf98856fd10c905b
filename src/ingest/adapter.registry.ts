import { InvalidInputError } from '../common/errors';
import { EvidentAdapter } from './adapters/evident.adapter';
import { EventAdapter } from './adapters/event-adapter';
import { UnleashAdapter } from './adapters/unleash.adapter';

const ADAPTERS: EventAdapter[] = [new UnleashAdapter(), new EvidentAdapter()];

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
