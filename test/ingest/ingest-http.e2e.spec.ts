import { VerifyService } from '../../src/ledger/verify.service';
import { LedgerService } from '../../src/ledger/ledger.service';
import { backendNames, createBackend, TestBackend } from '../support/backends';
import { RunningServer, startServer } from '../support/core';

const t0 = Date.UTC(2026, 7, 3, 9, 0, 0);
const at = (min: number) => new Date(t0 + min * 60_000).toISOString();

/** A small, realistic Unleash history: a production change through change request 611. */
function unleashEvents() {
  const base = { createdByUserId: 212, createdBy: 'priya@acme.example', project: 'core-banking', tags: [] };
  return [
    { ...base, id: 9001, type: 'feature-created', createdAt: at(0), featureName: 'ledger.async-posting', environment: null, data: { name: 'ledger.async-posting', type: 'release' } },
    { ...base, id: 9002, type: 'feature-environment-enabled', createdAt: at(5), featureName: 'ledger.async-posting', environment: 'development' },
    { ...base, id: 9003, type: 'change-request-created', createdAt: at(10), featureName: 'ledger.async-posting', environment: 'production', data: { changeRequestId: 611 } },
    { ...base, id: 9004, type: 'change-request-approved', createdAt: at(20), createdByUserId: 305, createdBy: 'olu@acme.example', environment: 'production', data: { changeRequestId: 611 } },
    { ...base, id: 9005, type: 'feature-environment-enabled', createdAt: at(30), featureName: 'ledger.async-posting', environment: 'production', groupType: 'change-request', groupId: '01JQZ7D4M2V9K3T8H6R1C5XA0B' },
    { ...base, id: 9006, type: 'change-request-applied', createdAt: at(30), environment: 'production', data: { changeRequestId: 611 }, groupType: 'change-request', groupId: '01JQZ7D4M2V9K3T8H6R1C5XA0B' },
    { ...base, id: 9007, type: 'api-token-created', createdAt: at(40), createdByUserId: -42, createdBy: 'admin-token', environment: 'production', data: { tokenName: 'ci', type: 'client', secret: '*:production.8f2b0c4e9d1a', projects: ['*'] } },
  ];
}

describe.each(backendNames())('HTTP ingest on %s', (backendName) => {
  let backend: TestBackend;
  let server: RunningServer;

  const post = (path: string, body: string, contentType = 'application/json', token: string | null = server.tokens.ingest) =>
    fetch(server.url + path, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
    });
  const size = async () => (await server.app.get(LedgerService).head()).size;
  const expectVerifies = async () => expect((await server.app.get(VerifyService).verify()).ok).toBe(true);

  beforeAll(async () => {
    backend = await createBackend(backendName, { EVIDENT_MAX_BODY_BYTES: '65536', EVIDENT_MAX_LINE_BYTES: '4096' });
    server = await startServer(backend);
  });

  afterAll(async () => {
    await server.close();
    await backend.dispose();
  });

  it('takes an Unleash array, then acknowledges the same events without appending them', async () => {
    const before = await size();
    const res = await post('/api/v1/events?source=unleash&instance=flags.acme.example', JSON.stringify(unleashEvents()));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 7, appended: 7, duplicates: 0, firstSeq: before + 1, lastSeq: before + 7 });
    const again = await post('/api/v1/events?source=unleash&instance=flags.acme.example', JSON.stringify({ events: unleashEvents(), total: 7 }));
    expect(await again.json()).toEqual({ received: 7, appended: 0, duplicates: 7, firstSeq: null, lastSeq: null });
    await expectVerifies();
  });

  it('redacts secrets before hashing and records the redaction', async () => {
    const entries: string[] = [];
    for await (const page of server.app.get(LedgerService).pages(1)) entries.push(...page.map((e) => e.body));
    const tokenEntry = entries.find((b) => b.includes('api-token-created'))!;
    expect(tokenEntry).not.toContain('8f2b0c4e9d1a');
    const data = (JSON.parse(tokenEntry) as { data: { redactions: string[]; actor: { kind: string } } }).data;
    expect(data.redactions).toEqual(expect.arrayContaining(['raw.data.secret']));
    expect(data.actor.kind).toBe('service');
  });

  it('links the production change to its change request through the Unleash transaction group', async () => {
    const res = await fetch(`${server.url}/api/v1/changes`, { headers: { authorization: `Bearer ${server.tokens.auditor}` } });
    const changes = (await res.json()) as { eventId: string; production: number; changeRequestId: string | null }[];
    const prodEnable = changes.find((c) => c.eventId === '9005')!;
    expect(prodEnable).toMatchObject({ production: 1, changeRequestId: '611' });
    expect(changes.find((c) => c.eventId === '9002')).toMatchObject({ production: 0, changeRequestId: null });
    const crs = (await (await fetch(`${server.url}/api/v1/change-requests`, { headers: { authorization: `Bearer ${server.tokens.auditor}` } })).json()) as {
      crId: string;
      state: string;
      requesterEmail: string;
      approvals: { email: string }[];
    }[];
    expect(crs.find((c) => c.crId === '611')).toMatchObject({ state: 'applied', requesterEmail: 'priya@acme.example', approvals: [{ email: 'olu@acme.example' }] });
  });

  it('streams NDJSON as one atomic batch', async () => {
    const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ id: 20000 + i, type: 'feature-updated', createdAt: at(100 + i), createdBy: 'sam@acme.example', createdByUserId: 7, project: 'payments', featureName: `f${i % 9}` }));
    const res = await post('/api/v1/events?source=unleash&instance=flags.acme.example', lines.join('\n') + '\n', 'application/x-ndjson');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ received: 300, appended: 300, duplicates: 0 });
    await expectVerifies();
  });

  it('takes the generic normalized format', async () => {
    const event = { source: 'launchdarkly', instance: 'acme', id: 'abc-1', type: 'flag.enabled', time: '2026-08-03T10:00:00Z', actor: { kind: 'user', email: 'mei@acme.example' }, environment: 'production', flag: 'checkout' };
    const res = await post('/api/v1/events?source=evident', JSON.stringify(event));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ appended: 1 });
  });

  describe('refuses bad input, names the record and field, and writes nothing', () => {
    const cases: [string, () => Promise<Response>, number, RegExp][] = [
      ['malformed JSON', () => post('/api/v1/events?source=unleash', '[{"id": 1,'), 400, /malformed JSON/i],
      ['a wrong type', () => post('/api/v1/events?source=unleash', JSON.stringify([{ ...unleashEvents()[0], id: 30001 }, { id: 30002, type: 'feature-updated', createdAt: 12345, createdBy: 'x' }])), 400, /record 1.*createdAt/],
      ['a missing required field', () => post('/api/v1/events?source=unleash', JSON.stringify([{ id: 30003, createdAt: at(1), createdBy: 'x' }])), 400, /record 0.*type/],
      ['an unknown event shape', () => post('/api/v1/events?source=unleash', JSON.stringify({ hello: 'world' })), 400, /Unleash event/],
      ['an unknown field in the generic format', () => post('/api/v1/events?source=evident', JSON.stringify({ source: 's', instance: 'i', id: '1', type: 'flag.enabled', time: at(1), actor: { kind: 'user' }, colour: 'red' })), 400, /colour/],
      ['an unknown source', () => post('/api/v1/events?source=nope', '[]'), 400, /source/],
      ['an id repeated inside one batch', () => post('/api/v1/events?source=unleash', JSON.stringify([{ ...unleashEvents()[1], id: 30010 }, { ...unleashEvents()[2], id: 30011 }, { ...unleashEvents()[1], id: 30010 }])), 400, /record 2.*id.*duplicate/],
      ['a body over the size limit', () => post('/api/v1/events?source=unleash', JSON.stringify([{ ...unleashEvents()[0], id: 30020, data: { description: 'x'.repeat(70_000) } }])), 413, /too large/i],
      ['an NDJSON line over the line limit', () => post('/api/v1/events?source=unleash', JSON.stringify({ ...unleashEvents()[0], id: 30030 }) + '\n' + JSON.stringify({ ...unleashEvents()[0], id: 30031, data: { d: 'y'.repeat(5000) } }) + '\n', 'application/x-ndjson'), 413, /line 2/],
      ['a bad NDJSON line', () => post('/api/v1/events?source=unleash', JSON.stringify({ ...unleashEvents()[0], id: 30040 }) + '\n{"id": 30041,\n', 'application/x-ndjson'), 400, /line 2/],
      ['an unsupported content type', () => post('/api/v1/events?source=unleash', 'id,type', 'text/csv'), 400, /Content-Type/],
    ];
    it.each(cases)('%s', async (_name, send, status, message) => {
      const before = await size();
      const res = await send();
      expect(res.status).toBe(status);
      const body = (await res.json()) as { message: string };
      expect(body.message).toMatch(message);
      expect(await size()).toBe(before);
      await expectVerifies();
    });
  });

  describe('authorization', () => {
    it('requires a token', async () => {
      const res = await post('/api/v1/events?source=unleash', '[]', 'application/json', null);
      expect(res.status).toBe(401);
    });
    it('refuses roles that may not ingest', async () => {
      const res = await post('/api/v1/events?source=unleash', '[]', 'application/json', server.tokens.viewer);
      expect(res.status).toBe(403);
    });
    it('serves health without a token', async () => {
      const res = await fetch(`${server.url}/health`);
      expect(res.status).toBe(200);
    });
    it('writes on-demand checkpoints to the ledger as service actions', async () => {
      const res = await fetch(`${server.url}/api/v1/ledger/checkpoints`, { method: 'POST', headers: { authorization: `Bearer ${server.tokens.compliance}` } });
      expect(res.status).toBe(201);
      const cp = (await res.json()) as { size: number; signature: string; publicKey: string };
      expect(cp.signature).toMatch(/^[0-9a-f]{128}$/);
      expect(cp.publicKey).toContain('BEGIN PUBLIC KEY');
      const last = await server.app.get(LedgerService).get(await size());
      expect(JSON.parse(last!.body)).toMatchObject({ kind: 'service.action', data: { action: 'checkpoint.requested', by: { role: 'compliance' }, outcome: 'ok' } });
    });
  });
});
