import { NormalizedEvent } from '../../src/ingest/normalized-event';

/** Generic-format events with distinct ids, for ledger mechanics tests. */
export function genericEvents(n: number, opts: { from?: number; instance?: string; environment?: string } = {}): NormalizedEvent[] {
  const from = opts.from ?? 1;
  return Array.from({ length: n }, (_, i) => {
    const id = from + i;
    return {
      source: 'evident',
      instance: opts.instance ?? 'test',
      id: String(id),
      type: id % 2 === 0 ? 'flag.enabled' : 'flag.disabled',
      time: new Date(Date.UTC(2026, 6, 1) + id * 60_000).toISOString(),
      actor: { id: `u${id % 7}`, email: `user${id % 7}@acme.example`, kind: 'user' },
      project: 'core',
      environment: opts.environment ?? 'production',
      flag: `flag-${id % 13}`,
    };
  });
}
