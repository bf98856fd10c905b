import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemo } from '../../src/demo/demo.runner';
import { buildUnleashSample } from '../../src/demo/unleash-sample';

describe('evident demo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'evident-demo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds a verified ledger from the sample, twice in a row, serving on a real port', async () => {
    const sample = buildUnleashSample();
    for (let run = 0; run < 2; run++) {
      const s = await runDemo({ dir, serve: false, log: () => undefined });
      expect(s).toMatchObject({ events: sample.events.length, ledgerOk: true, checkpointSize: sample.events.length });
      // The planted production enable without a change request is visible in the summary.
      // Planted: one production enable outside any change request, one change by the shared admin token.
      expect(s.productionWithoutChangeRequest).toBe(2);
      expect(s.selfApproved).toBe(1);
      expect(s.adminToken).toMatch(/^evd_/);
    }
  });
});
