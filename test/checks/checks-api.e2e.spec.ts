import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createBackend, TestBackend } from '../support/backends';
import { RunningServer, startServer } from '../support/core';
import { buildScenario } from './scenario';

const scenario = buildScenario();

describe('snapshots, rosters and control status over HTTP and the CLI', () => {
  let backend: TestBackend;
  let server: RunningServer;
  const call = (method: string, path: string, token: string, body?: string, type = 'application/json') =>
    fetch(server.url + path, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': type } : {}) }, body });

  beforeAll(async () => {
    backend = await createBackend('sqlite');
    server = await startServer(backend);
    const ingest = server.tokens.ingest;
    expect((await call('POST', '/api/v1/events?source=unleash&instance=flags.bank.example', ingest, JSON.stringify(scenario.events))).status).toBe(200);
    for (const s of scenario.snapshots) {
      const res = await call('POST', '/api/v1/snapshots?source=evident', ingest, JSON.stringify(s));
      expect(await res.json()).toMatchObject({ duplicate: false, principals: 9 });
    }
    const again = await call('POST', '/api/v1/snapshots?source=evident', ingest, JSON.stringify(scenario.snapshots[0]));
    expect(await again.json()).toMatchObject({ duplicate: true });
    const roster = await call('POST', '/api/v1/rosters?asOf=2026-09-01T00:00:00Z', ingest, scenario.roster, 'text/csv');
    expect(await roster.json()).toMatchObject({ principals: 9, duplicate: false });
  });

  afterAll(async () => {
    await server.close();
    await backend.dispose();
  });

  it('takes a CSV access snapshot and refuses a bad row, naming it', async () => {
    const csv = 'email,name,role,project,environment,capabilities,last_seen_at,active\nzoe@bank.example,Zoe,Member,payments,production,flag.write,2026-09-01T00:00:00Z,true\n';
    const ok = await call('POST', '/api/v1/snapshots?source=csv&instance=csv-idp&takenAt=2026-09-20T00:00:00Z', server.tokens.ingest, csv, 'text/csv');
    expect(ok.status).toBe(200);
    const bad = await call('POST', '/api/v1/snapshots?source=csv&instance=csv-idp&takenAt=2026-09-21T00:00:00Z', server.tokens.ingest, csv.replace('flag.write', 'fly'), 'text/csv');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/line 2.*capabilities/i);
  });

  it('lists the frameworks and serves a control status any reader may see', async () => {
    const frameworks = (await (await call('GET', '/api/v1/frameworks', server.tokens.viewer)).json()) as { id: string }[];
    expect(frameworks.map((f) => f.id)).toEqual(expect.arrayContaining(['soc2', 'iso27001', 'nist-800-53r5', 'fedramp-low', 'fedramp-moderate', 'fedramp-high']));
    const status = (await (await call('GET', '/api/v1/frameworks/soc2/status?from=2026-07-01&to=2026-09-30', server.tokens.viewer)).json()) as { controls: { id: string; status: string }[] };
    expect(status.controls.find((c) => c.id === 'CC8.1')).toMatchObject({ status: 'fail' });
    expect((await call('GET', '/api/v1/frameworks/soc2/status?from=2026-07-01&to=2026-09-30', server.tokens.ingest)).status).toBe(403);
    expect((await call('GET', '/api/v1/frameworks/nope/status?from=2026-07-01&to=2026-09-30', server.tokens.viewer)).status).toBe(404);
    expect((await call('GET', '/api/v1/frameworks/soc2/status?from=2026-09-30&to=2026-07-01', server.tokens.viewer)).status).toBe(400);
  });

  it('lists one check’s exceptions', async () => {
    const res = (await (await call('GET', '/api/v1/checks/CHG-NO-SELF-APPROVAL/exceptions?from=2026-07-01&to=2026-09-30', server.tokens.auditor)).json()) as { exceptions: { id: string; seq: number }[] };
    expect(res.exceptions).toEqual([expect.objectContaining({ id: 'change-request:101', seq: expect.any(Number) })]);
  });

  it('prints the DESIGN.md shape with evident checks --json and exits 1 with --fail-on-exceptions', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [join(__dirname, '../../bin/evident.js'), 'checks', '--framework', 'soc2', '--from', '2026-07-01', '--to', '2026-09-30', ...args], {
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: backend.url, EVIDENT_DATA_DIR: backend.dataDir, EVIDENT_LOG_LEVEL: 'error' },
      });
    const json = run('--json');
    expect(json.status).toBe(0);
    const out = JSON.parse(json.stdout) as { framework: string; checks: { id: string; status: string; exceptions: unknown[] }[]; controls: { id: string; status: string; checks: string[] }[] };
    expect(out.framework).toBe('soc2');
    expect(out.checks.find((c) => c.id === 'CHG-APPROVED')).toMatchObject({ status: 'fail', exceptions: [expect.objectContaining({ seq: expect.any(Number), source: 'unleash', reason: 'no-change-request' })] });
    expect(run('--fail-on-exceptions').status).toBe(1);
  });
});
