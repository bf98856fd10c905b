import { InvalidInputError } from '../../src/common/errors';
import { CloudEventsAdapter } from '../../src/ingest/adapters/cloudevents.adapter';
import { UnleashAdapter } from '../../src/ingest/adapters/unleash.adapter';
import { REDACTED } from '../../src/ingest/redaction';
import { problemOf, without } from '../support/problems';

const adapter = new CloudEventsAdapter();
/** What IngestService passes when the caller names no instance. */
const unnamed = { instance: 'default' };
const named = { instance: 'unleash-eu' };



const base64 = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64');

// --- platform records (invented values) and the CloudEvents that carry them

const unleashEnabled = {
  id: 40211,
  type: 'feature-environment-enabled',
  createdBy: 'noor.haddad@tidewater.example',
  createdByUserId: 57,
  createdAt: '2025-10-06T07:31:09.512Z',
  featureName: 'berth-auto-assign',
  project: 'port-ops',
  environment: 'production',
  data: null,
  preData: null,
  tags: [],
};

const unleashTokenCreated = {
  id: 40230,
  type: 'api-token-created',
  createdBy: 'noor.haddad@tidewater.example',
  createdByUserId: 57,
  createdAt: '2025-10-06T08:00:00.000Z',
  project: 'port-ops',
  environment: 'production',
  data: { tokenName: 'crane-gateway', type: 'client', secret: 'port-ops:production.5c1f9e2ab84d4c6e9f0a1b2c3d4e5f60' },
  preData: null,
  tags: [],
};

const ldToggle = {
  _id: '68e37a1b9d1e4a0012c0b001',
  date: 1759736400000,
  accesses: [{ action: 'updateOn', resource: 'proj/port-ops:env/production:flag/berth-auto-assign' }],
  kind: 'flag',
  member: { _id: '6421c0ffee0ddba11ad5f001', email: 'kai.lindqvist@tidewater.example', firstName: 'Kai', lastName: 'Lindqvist' },
  titleVerb: 'turned off the flag',
  target: { resources: ['proj/port-ops:env/production:flag/berth-auto-assign'] },
};

const flagsmithWebhook = {
  event_type: 'AUDIT_LOG_CREATED',
  data: {
    id: 99120,
    created_date: '2025-10-06T09:12:00.250Z',
    log: 'Flag state / Remote Config value updated for feature: reefer_alerts',
    author: { id: 12, email: 'ada.mensah@tidewater.example', first_name: 'Ada', last_name: 'Mensah' },
    environment: { id: 8, name: 'Production', api_key: 'Hk2mP9xQw4Rt7Yz1Lc5Vb8' },
    project: { id: 3, name: 'Port Ops' },
    related_object_id: 5510,
    related_object_type: 'FEATURE_STATE',
    is_system_event: false,
  },
};

const unleashCloudEvent = {
  specversion: '1.0',
  id: 'unleash:40211',
  source: 'https://unleash.tidewater.example/api/admin/events',
  type: 'io.getunleash.event.feature-environment-enabled',
  time: '2025-10-06T07:31:09.600Z',
  datacontenttype: 'application/json',
  subject: 'port-ops/berth-auto-assign@production',
  data: unleashEnabled,
};

const ldCloudEvent = {
  specversion: '1.0',
  id: 'b3c6a0f2-0c1e-4f5d-9d6b-2f3e4a5b6c7d',
  source: 'https://relay.tidewater.example/launchdarkly',
  type: 'dev.tidewater.flagaudit.v1',
  platform: 'launchdarkly',
  data: ldToggle,
};

/** Section 4.1 style: the platform's record is data.raw, next to a summary. */
const summaryCloudEvent = {
  specversion: '1.0',
  id: 'unleash:40211',
  source: 'https://flags.tidewater.example/unleash',
  type: 'dev.flagaudit.flag.environment.enabled.v1',
  subject: 'port-ops/berth-auto-assign@production',
  time: '2025-10-06T07:31:09.512Z',
  datacontenttype: 'application/json',
  authtype: 'user',
  authid: '57',
  data: {
    platform: 'unleash',
    nativeType: 'feature-environment-enabled',
    actor: { id: '57', email: 'noor.haddad@tidewater.example' },
    project: 'port-ops',
    environment: 'production',
    flag: 'berth-auto-assign',
    raw: unleashEnabled,
  },
};

/** An Evident normalized event relayed from another instance. */
const normalizedEvent = {
  source: 'statsig',
  instance: 'statsig.tidewater.example',
  id: 'cfg-88121',
  type: 'flag.updated',
  time: '2025-10-06T10:00:00+02:00',
  actor: { kind: 'user', email: 'noor.haddad@tidewater.example' },
  environment: 'production',
  flag: 'yard-heatmap',
  before: { rollout: 10 },
  after: { rollout: 50, apiKey: 'stg-secret-9f8e7d' },
  raw: { eventName: 'statsig::config_change', password: 'hunter2' },
};

const evidentCloudEvent = {
  specversion: '1.0',
  id: 'evident:statsig:cfg-88121',
  source: 'urn:evident:relay',
  type: 'dev.evident.event.v1',
  data: normalizedEvent,
};

describe('CloudEventsAdapter.map', () => {
  it('delegates an Unleash record (named by the type) and names the instance after the source host', () => {
    const event = adapter.map(unleashCloudEvent, 0, unnamed);
    expect(event).toEqual({
      source: 'unleash',
      instance: 'unleash.tidewater.example',
      id: '40211',
      type: 'flag.enabled',
      time: '2025-10-06T07:31:09.512Z',
      actor: { kind: 'user', id: '57', email: 'noor.haddad@tidewater.example' },
      project: 'port-ops',
      environment: 'production',
      flag: 'berth-auto-assign',
      nativeType: 'feature-environment-enabled',
      raw: unleashCloudEvent,
    });
    // Nothing redacted: raw is the CloudEvent itself.
    expect(event.raw).toBe(unleashCloudEvent);
  });

  it("keeps the caller's instance when one was named", () => {
    expect(adapter.map(unleashCloudEvent, 0, named).instance).toBe('unleash-eu');
  });

  it('keeps the caller-side fallback when the source has no host', () => {
    expect(adapter.map({ ...unleashCloudEvent, source: '/unleash/events' }, 0, unnamed).instance).toBe('default');
  });

  it('is the same ledger event as the record sent directly (source, instance, id)', () => {
    const direct = new UnleashAdapter().map(unleashEnabled, 0, { instance: 'unleash.tidewater.example' });
    const wrapped = adapter.map(unleashCloudEvent, 0, unnamed);
    expect([wrapped.source, wrapped.instance, wrapped.id]).toEqual([direct.source, direct.instance, direct.id]);
  });

  it('delegates a LaunchDarkly entry named by the platform extension', () => {
    const event = adapter.map(ldCloudEvent, 1, unnamed);
    expect(event).toMatchObject({
      source: 'launchdarkly',
      instance: 'relay.tidewater.example',
      id: '68e37a1b9d1e4a0012c0b001',
      type: 'flag.disabled',
      time: '2025-10-06T07:40:00.000Z',
      actor: { kind: 'user', id: '6421c0ffee0ddba11ad5f001', name: 'Kai Lindqvist' },
      environment: 'production',
      flag: 'berth-auto-assign',
    });
    expect(event.raw).toBe(ldCloudEvent);
  });

  it('delegates a Flagsmith webhook body named by the flagplatform extension, redacting its api_key', () => {
    const ce = { specversion: '1.0', id: 'fs-99120', source: 'https://flagsmith.tidewater.example', type: 'audit', flagplatform: 'Flagsmith', data: flagsmithWebhook };
    const event = adapter.map(ce, 0, unnamed);
    expect(event).toMatchObject({ source: 'flagsmith', id: '99120', type: 'flag.updated', flag: 'reefer_alerts', environment: 'Production' });
    expect(event.redactions).toEqual(['raw.data.data.environment.api_key']);
    expect((event.raw as typeof ce).data.data.environment.api_key).toBe(REDACTED);
    expect((event.raw as typeof ce).specversion).toBe('1.0');
    expect(JSON.stringify(event)).not.toContain('Hk2mP9xQw4Rt7Yz1Lc5Vb8');
  });

  it('maps the platform record in data.raw when data is a summary naming the platform', () => {
    const event = adapter.map(summaryCloudEvent, 0, unnamed);
    expect(event).toMatchObject({ source: 'unleash', instance: 'flags.tidewater.example', id: '40211', type: 'flag.enabled', flag: 'berth-auto-assign' });
    expect(event.raw).toBe(summaryCloudEvent);
  });

  it('validates an Evident normalized event in data with the Evident adapter; raw is the whole CloudEvent, redacted', () => {
    const pristine = structuredClone(evidentCloudEvent);
    const event = adapter.map(evidentCloudEvent, 0, named);
    expect(evidentCloudEvent).toEqual(pristine);
    expect(event).toMatchObject({
      source: 'statsig',
      instance: 'statsig.tidewater.example',
      id: 'cfg-88121',
      type: 'flag.updated',
      time: '2025-10-06T08:00:00.000Z',
      before: { rollout: 10 },
      after: { rollout: 50, apiKey: REDACTED },
    });
    expect(event.redactions).toEqual(['after.apiKey', 'raw.data.after.apiKey', 'raw.data.raw.password']);
    const raw = event.raw as typeof evidentCloudEvent;
    expect(raw.id).toBe('evident:statsig:cfg-88121');
    expect(raw.data.raw.password).toBe(REDACTED);
    expect(raw.data.raw.eventName).toBe('statsig::config_change');
    expect(JSON.stringify(event)).not.toContain('hunter2');
    expect(JSON.stringify(event)).not.toContain('stg-secret');
  });

  it('decodes data_base64 and keeps it as sent when it holds no secret', () => {
    const ce = { ...without(ldCloudEvent, 'data'), data_base64: base64(ldToggle) };
    const event = adapter.map(ce, 0, unnamed);
    expect(event.id).toBe('68e37a1b9d1e4a0012c0b001');
    expect(event.type).toBe('flag.disabled');
    expect(event.raw).toBe(ce);
  });

  it('keeps a base64 payload that held a secret decoded and redacted instead', () => {
    const ce = { specversion: '1.0', id: 'u-40230', source: 'https://unleash.tidewater.example', type: 'io.getunleash.event', data_base64: base64(unleashTokenCreated) };
    const event = adapter.map(ce, 0, unnamed);
    expect(event.type).toBe('token.created');
    expect(event.redactions).toEqual(['after.secret', 'raw.data_base64', 'raw.data.data.secret']);
    const raw = event.raw as Record<string, unknown>;
    expect(raw).not.toHaveProperty('data_base64');
    expect(raw.data).toEqual({ ...unleashTokenCreated, data: { ...unleashTokenCreated.data, secret: REDACTED } });
    expect(JSON.stringify(event)).not.toContain('5c1f9e2ab84d');
  });

  it('redacts a secret in data and in the envelope', () => {
    const ce = { ...unleashCloudEvent, id: 'unleash:40230', authorization: 'Bearer 7b0c1d2e', data: unleashTokenCreated };
    const event = adapter.map(ce, 0, unnamed);
    expect(event.redactions).toEqual(['after.secret', 'raw.authorization', 'raw.data.data.secret']);
    expect((event.raw as typeof ce).authorization).toBe(REDACTED);
    expect(ce.authorization).toBe('Bearer 7b0c1d2e');
  });

  describe('bad input names the record index and the field', () => {
    const cases: [string, unknown, string | undefined, RegExp][] = [
      ['missing specversion', without(unleashCloudEvent, 'specversion'), 'specversion', /required/],
      ['old specversion', { ...unleashCloudEvent, specversion: '0.3' }, 'specversion', /"1.0"/],
      ['numeric specversion', { ...unleashCloudEvent, specversion: 1.0 }, 'specversion', /"1.0"/],
      ['missing id', without(unleashCloudEvent, 'id'), 'id', /required/],
      ['empty id', { ...unleashCloudEvent, id: '' }, 'id', /non-empty/],
      ['numeric source', { ...unleashCloudEvent, source: 7 }, 'source', /string/],
      ['missing type', without(unleashCloudEvent, 'type'), 'type', /required/],
      ['bad time', { ...unleashCloudEvent, time: 'Monday' }, 'time', /RFC 3339/],
      ['XML content', { ...unleashCloudEvent, datacontenttype: 'application/xml' }, 'datacontenttype', /JSON/],
      ['no data', without(unleashCloudEvent, 'data'), 'data', /required/],
      ['array data', { ...unleashCloudEvent, data: [unleashEnabled] }, 'data', /JSON object/],
      ['data and data_base64', { ...unleashCloudEvent, data_base64: base64(unleashEnabled) }, 'data_base64', /together/],
      ['bad base64', { ...without(unleashCloudEvent, 'data'), data_base64: 'not base64!' }, 'data_base64', /base64/],
      ['base64 of non-JSON', { ...without(unleashCloudEvent, 'data'), data_base64: Buffer.from('<xml/>').toString('base64') }, 'data_base64', /JSON/],
      ['base64 of invalid UTF-8', { ...without(unleashCloudEvent, 'data'), data_base64: Buffer.from([0x7b, 0xff, 0x7d]).toString('base64') }, 'data_base64', /UTF-8/],
      ['unknown platform', { ...ldCloudEvent, platform: 'optimizely' }, 'platform', /one of/],
      ['conflicting platforms', { ...ldCloudEvent, flagplatform: 'unleash' }, 'flagplatform', /launchdarkly/],
      ['no platform named', without(ldCloudEvent, 'platform'), 'data', /neither an Evident normalized event/],
      ['two platforms in the type', { ...unleashCloudEvent, type: 'unleash-to-flagsmith.bridge' }, 'type', /several platforms/],
      ['bad field in the platform record', { ...unleashCloudEvent, data: without(unleashEnabled, 'createdAt') }, 'data.createdAt', /RFC 3339/],
      ['bad field in a base64 record', { ...without(ldCloudEvent, 'data'), data_base64: base64({ ...ldToggle, date: 'now' }) }, 'data_base64.date', /epoch/],
      ['bad field in data.raw', { ...summaryCloudEvent, data: { ...summaryCloudEvent.data, raw: { ...unleashEnabled, id: -3 } } }, 'data.raw.id', /integer/],
      ['bad normalized event', { ...evidentCloudEvent, data: { ...normalizedEvent, actor: { kind: 'robot' } } }, 'data.actor.kind', /user, service, system/],
      ['a platform record that is not a record', { ...ldCloudEvent, data: { hello: 'world' } }, 'data._id', /required/],
      [
        'a Flagsmith change request',
        { ...ldCloudEvent, platform: 'flagsmith', data: { id: 1, title: 'x', approvals: [], created_at: '2025-10-06T00:00:00Z' } },
        'data',
        /several events/,
      ],
      ['unsafe number in an extension', { ...unleashCloudEvent, sequence: 2 ** 60 }, 'sequence', /lost precision/],
      ['unsafe number in the record', { ...unleashCloudEvent, data: { ...unleashEnabled, data: { n: 2 ** 60 } } }, 'data.data.n', /lost precision/],
      ['unsafe number beside data.raw', { ...summaryCloudEvent, data: { ...summaryCloudEvent.data, seq: 2 ** 60 } }, 'data.seq', /lost precision/],
      ['unsafe number in a base64 record', { ...without(ldCloudEvent, 'data'), data_base64: Buffer.from('{"_id":"x","date":1759736400000,"n":1152921504606846976}').toString('base64') }, 'data_base64.n', /lost precision/],
      ['not an object', 'hello', undefined, /string/],
      ['an array', [unleashCloudEvent], undefined, /array/],
    ];
    it.each(cases)('%s', (_name, record, field, message) => {
      const p = problemOf(() => adapter.map(record, 9, unnamed));
      expect(p.index).toBe(9);
      expect(p.field).toBe(field);
      expect(p.message).toMatch(message);
    });
  });
});

describe('CloudEventsAdapter.split', () => {
  it('accepts one structured event and a batch', () => {
    expect(adapter.split(unleashCloudEvent)).toEqual([unleashCloudEvent]);
    expect(adapter.split([unleashCloudEvent, ldCloudEvent])).toEqual([unleashCloudEvent, ldCloudEvent]);
    expect(adapter.split([])).toEqual([]);
  });

  it('maps a mixed batch, each event by its own platform', () => {
    const batch = [unleashCloudEvent, ldCloudEvent, evidentCloudEvent];
    const events = adapter.split(batch).map((ce, i) => adapter.map(ce, i, unnamed));
    expect(events.map((e) => [e.source, e.instance, e.id])).toEqual([
      ['unleash', 'unleash.tidewater.example', '40211'],
      ['launchdarkly', 'relay.tidewater.example', '68e37a1b9d1e4a0012c0b001'],
      ['statsig', 'statsig.tidewater.example', 'cfg-88121'],
    ]);
  });

  it('names an unrecognised shape', () => {
    expect(() => adapter.split(unleashEnabled)).toThrow(InvalidInputError);
    expect(() => adapter.split(unleashEnabled)).toThrow(/specversion/);
    expect(() => adapter.split('{"specversion":"1.0"}')).toThrow(/got string/);
  });
});
