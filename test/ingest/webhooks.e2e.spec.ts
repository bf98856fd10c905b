import { createHmac } from 'node:crypto';
import { LedgerService } from '../../src/ledger/ledger.service';
import { VerifyService } from '../../src/ledger/verify.service';
import { pythonJsonDumps } from '../../src/ingest/webhooks/webhook-signature';
import { createBackend, TestBackend } from '../support/backends';
import { RunningServer, startServer } from '../support/core';

const SECRETS = {
  'unleash:flags.acme.example': 'unleash-webhook-secret-0123456789',
  'launchdarkly:acme': 'ld-webhook-secret-abcdefghijklmnop',
  'flagsmith:flagsmith.acme.example': 'fs-webhook-secret-qrstuvwxyz012345',
};

const unleashEvent = (id: number) => ({
  id,
  type: 'feature-environment-enabled',
  createdBy: 'priya@acme.example',
  createdByUserId: 212,
  createdAt: '2026-08-03T09:00:00.000Z',
  project: 'core-banking',
  environment: 'production',
  featureName: 'ledger.async-posting',
  data: null,
  preData: null,
  tags: [],
});

const ldEntry = {
  _id: '6863b2fb9d1e4a0012c0a001',
  _accountId: '5e8f1a2b3c4d5e6f7a8b9c0d',
  date: 1785747600000,
  accesses: [{ action: 'updateOn', resource: 'proj/cards:env/production:flag/card-tokenisation-v2' }],
  kind: 'flag',
  name: 'Card tokenisation v2',
  description: '- Turned on the flag',
  member: { _id: '6421c0ffee0ddba11ad5e701', email: 'ines@acme.example', firstName: 'Inès', lastName: 'Moreau' },
  titleVerb: 'turned on the flag',
  target: { name: 'Card tokenisation v2', resources: ['proj/cards:env/production:flag/card-tokenisation-v2'] },
};

const flagsmithWebhook = {
  event_type: 'AUDIT_LOG_CREATED',
  data: {
    id: 771204,
    created_date: '2026-08-03T08:14:37.604Z',
    log: 'Flag state / Remote Config value updated for feature: eta_ml_model',
    author: { id: 208, email: 'amara@acme.example', first_name: 'Amara', last_name: 'Okafor' },
    environment: { id: 61, name: 'Production', api_key: 'Vx3kQ9pLm2TzR7wNc4Hd8s' },
    project: { id: 23, name: 'Route Planner' },
    related_object_id: 118830,
    related_object_type: 'FEATURE_STATE',
    is_system_event: false,
  },
};

describe('webhooks', () => {
  let backend: TestBackend;
  let server: RunningServer;
  const size = async () => (await server.app.get(LedgerService).head()).size;
  const hook = (source: string, instance: string, body: string, headers: Record<string, string>) =>
    fetch(`${server.url}/api/v1/webhooks/${source}?instance=${instance}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  beforeAll(async () => {
    backend = await createBackend('sqlite', { EVIDENT_WEBHOOK_SECRETS: JSON.stringify(SECRETS) });
    server = await startServer(backend);
  });
  afterAll(async () => {
    await server.close();
    await backend.dispose();
  });

  it('takes Unleash webhooks with the shared Authorization header, and tolerates retries and disorder', async () => {
    const secret = SECRETS['unleash:flags.acme.example'];
    for (const id of [502, 501, 502]) {
      const res = await hook('unleash', 'flags.acme.example', JSON.stringify(unleashEvent(id)), { authorization: secret });
      expect(res.status).toBe(200);
    }
    const changes = (await (await fetch(`${server.url}/api/v1/changes`, { headers: { authorization: `Bearer ${server.tokens.auditor}` } })).json()) as { eventId: string }[];
    expect(changes.map((c) => c.eventId).sort()).toEqual(['501', '502']);
  });

  it('takes LaunchDarkly webhooks signed with X-LD-Signature over the body bytes', async () => {
    const body = JSON.stringify(ldEntry);
    const sig = createHmac('sha256', SECRETS['launchdarkly:acme']).update(body).digest('hex');
    const res = await hook('launchdarkly', 'acme', body, { 'x-ld-signature': sig });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ appended: 1 });
  });

  it("takes Flagsmith webhooks signed over Python's sorted json.dumps", async () => {
    const body = JSON.stringify(flagsmithWebhook);
    const sig = createHmac('sha256', SECRETS['flagsmith:flagsmith.acme.example']).update(pythonJsonDumps(flagsmithWebhook)).digest('hex');
    const res = await hook('flagsmith', 'flagsmith.acme.example', body, { 'x-flagsmith-signature': sig });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ appended: 1 });
  });

  it.each([
    ['a wrong Unleash secret', 'unleash', 'flags.acme.example', JSON.stringify(unleashEvent(600)), { authorization: 'guess' }],
    ['a missing Unleash secret', 'unleash', 'flags.acme.example', JSON.stringify(unleashEvent(601)), {}],
    ['an LD signature over other bytes', 'launchdarkly', 'acme', JSON.stringify({ ...ldEntry, _id: 'x' }), { 'x-ld-signature': createHmac('sha256', SECRETS['launchdarkly:acme']).update(JSON.stringify(ldEntry)).digest('hex') }],
    ['an LD signature made with another secret', 'launchdarkly', 'acme', JSON.stringify(ldEntry), { 'x-ld-signature': createHmac('sha256', 'not-the-secret-xxxxxxxx').update(JSON.stringify(ldEntry)).digest('hex') }],
    ['a Flagsmith call without signature', 'flagsmith', 'flagsmith.acme.example', JSON.stringify(flagsmithWebhook), {}],
    ['an instance with no secret configured', 'launchdarkly', 'other', JSON.stringify(ldEntry), { 'x-ld-signature': 'ab' }],
  ])('refuses %s with 401, stores no event, and records the refusal', async (_name, source, instance, body, headers) => {
    const before = await size();
    const res = await hook(source, instance, body, headers as Record<string, string>);
    expect(res.status).toBe(401);
    expect(await size()).toBe(before + 1);
    const last = await server.app.get(LedgerService).get(before + 1);
    expect(JSON.parse(last!.body)).toMatchObject({ kind: 'service.action', data: { action: 'webhook.rejected', source, instance } });
    expect(last!.body).not.toContain('not-the-secret');
    expect((await server.app.get(VerifyService).verify()).ok).toBe(true);
  });
});
