import { INestApplicationContext } from '@nestjs/common';
import { AccessService } from '../../src/access/access.service';
import { ChecksService, FrameworkStatus } from '../../src/checks/checks.service';
import { parsePeriod } from '../../src/checks/period';
import { IngestService } from '../../src/ingest/ingest.service';
import { CheckpointService } from '../../src/ledger/checkpoint.service';
import { backendNames, createBackend, TestBackend } from '../support/backends';
import { bootCore } from '../support/core';
import { buildScenario, PLANTED } from './scenario';

// Built at load time: the plants name the test cases below.
const scenario = buildScenario();

describe.each(backendNames())('the automated checks over a planted quarter on %s', (backendName) => {
  let backend: TestBackend;
  let core: INestApplicationContext;
  let soc2: FrameworkStatus;

  beforeAll(async () => {
    backend = await createBackend(backendName);
    core = await bootCore(backend);
    await core.get(IngestService).ingestDocuments([{ value: scenario.events }], { source: 'unleash', instance: 'flags.bank.example' });
    for (const s of scenario.snapshots) await core.get(AccessService).ingestSnapshot('evident', s, { instance: 'flags.bank.example' });
    await core.get(AccessService).ingestRoster(scenario.roster, '2026-09-01T00:00:00.000Z');
    await core.get(CheckpointService).create();
    soc2 = await core.get(ChecksService).status('soc2', parsePeriod('2026-07-01', '2026-09-30'));
  });

  afterAll(async () => {
    await core.close();
    await backend.dispose();
  });

  const check = (id: string) => soc2.checks.find((c) => c.id === id)!;
  const planted = (check: string) => Object.values(PLANTED).filter((p) => p.check === check);

  it.each(Object.entries(PLANTED))('finds the planted %s in its check', (_name, plant) => {
    const c = check(plant.check);
    expect(c.status).toBe('fail');
    // Exceptions name the source's own id: an event id, `change-request:N`, `principal:N`, or `instance:from-to` for an id gap.
    const ids = c.exceptions.map((e) => e.id);
    expect(ids.some((id) => id === String(plant.key) || id.endsWith(`:${plant.key}-${Number(plant.key) + 2}`))).toBe(true);
  });

  it('reports nothing but the plants (no false positives on the clean part)', () => {
    for (const c of soc2.checks) {
      if (c.id === 'ACC-REVIEWED') continue;
      expect({ id: c.id, exceptions: c.exceptions.length }).toEqual({ id: c.id, exceptions: planted(c.id).length });
    }
  });

  it('points every exception at a ledger entry', () => {
    for (const c of soc2.checks.filter((x) => x.id !== 'ACC-REVIEWED')) for (const e of c.exceptions) expect(e.seq).toEqual(expect.any(Number));
  });

  it('judges authority against the snapshot in force at the time', () => {
    expect(check('CHG-APPROVER-AUTHORIZED').exceptions[0].detail).toMatch(/ivan@bank\.example.*production/);
    expect(check('CHG-ACTOR-AUTHORIZED').exceptions[0].detail).toMatch(/hank@bank\.example/);
  });

  it('says plainly that no access review exists yet', () => {
    expect(check('ACC-REVIEWED')).toMatchObject({ status: 'fail', exceptions: [{ id: 'review:2026-Q3', reason: 'no-review', seq: null }] });
  });

  it('rolls checks up to SOC 2 controls: CC8.1 fails, uncovered controls are gaps, never passing', () => {
    const cc81 = soc2.controls.find((c) => c.id === 'CC8.1')!;
    expect(cc81.status).toBe('fail');
    expect(cc81.checks).toEqual(expect.arrayContaining(['CHG-APPROVED', 'CHG-NO-SELF-APPROVAL']));
    expect(cc81.exceptions).toBeGreaterThan(0);
    const uncovered = soc2.controls.filter((c) => c.checks.length === 0);
    expect(uncovered.length).toBeGreaterThan(0);
    for (const c of uncovered) expect(c.status).toBe('not-covered');
  });

  it('maps the same findings onto FedRAMP Moderate and ISO 27001', async () => {
    const moderate = await core.get(ChecksService).status('fedramp-moderate', parsePeriod('2026-07-01', '2026-09-30'));
    expect(moderate.controls.find((c) => c.id === 'AC-5')!.status).toBe('fail');
    const iso = await core.get(ChecksService).status('iso27001', parsePeriod('2026-07-01', '2026-09-30'));
    expect(iso.controls).toHaveLength(93);
    expect(iso.controls.find((c) => c.id === 'A.8.32')!.status).toBe('fail');
  });
});
