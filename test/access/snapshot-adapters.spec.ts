import { SNAPSHOT_SOURCES, snapshotAdapterFor } from '../../src/access/snapshot-adapters';
import { InvalidInputError } from '../../src/common/errors';

describe('snapshotAdapterFor', () => {
  it('knows the sources of `evident snapshot --source`', () => {
    expect(SNAPSHOT_SOURCES).toEqual(['unleash', 'launchdarkly', 'scim', 'evident', 'csv']);
    for (const source of SNAPSHOT_SOURCES) expect(snapshotAdapterFor(source).source).toBe(source);
  });

  it('rejects an unknown source with the list of known ones', () => {
    expect(() => snapshotAdapterFor('flagsmith')).toThrow(InvalidInputError);
    expect(() => snapshotAdapterFor(undefined)).toThrow('source must be one of unleash, launchdarkly, scim, evident, csv (got "")');
  });
});
