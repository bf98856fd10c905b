import { InvalidInputError } from '../common/errors';
import type { SnapshotAdapter } from './access-snapshot';
import { CsvSnapshotAdapter } from './adapters/csv-snapshot.adapter';
import { EvidentSnapshotAdapter } from './adapters/evident-snapshot.adapter';
import { LaunchDarklySnapshotAdapter } from './adapters/launchdarkly-snapshot.adapter';
import { ScimSnapshotAdapter } from './adapters/scim-snapshot.adapter';
import { UnleashSnapshotAdapter } from './adapters/unleash-snapshot.adapter';

// The adapters are stateless, so one instance of each serves every request.
const ADAPTERS: readonly SnapshotAdapter[] = [
  new UnleashSnapshotAdapter(),
  new LaunchDarklySnapshotAdapter(),
  new ScimSnapshotAdapter(),
  new EvidentSnapshotAdapter(),
  new CsvSnapshotAdapter(),
];

/** The `--source` values of `evident snapshot`, in DESIGN.md's order. */
export const SNAPSHOT_SOURCES: readonly string[] = ADAPTERS.map((a) => a.source);

export function snapshotAdapterFor(source: string | undefined): SnapshotAdapter {
  const adapter = ADAPTERS.find((a) => a.source === source);
  if (!adapter) {
    throw new InvalidInputError(`source must be one of ${SNAPSHOT_SOURCES.join(', ')} (got "${source ?? ''}")`, [
      { field: 'source', message: 'unknown snapshot source' },
    ]);
  }
  return adapter;
}
