import { InvalidInputError } from '../../src/common/errors';
import {
  FLAGSMITH_CHANGE_REQUEST_TITLE_GROUP,
  FlagsmithAdapter,
  FlagsmithChangeRequestStep,
} from '../../src/ingest/adapters/flagsmith.adapter';
import { NORMALIZED_TYPES, NormalizedEvent } from '../../src/ingest/normalized-event';
import { REDACTED } from '../../src/ingest/redaction';
import { problemOf, without } from '../support/problems';

const ctx = { instance: 'flagsmith.orbital-freight.example' };
const adapter = new FlagsmithAdapter();



function mapAll(doc: unknown): NormalizedEvent[] {
  return adapter.split(doc).map((record, i) => adapter.map(record, i, ctx));
}

// --- realistic records (invented values, shaped like AuditLogListSerializer / AuditLogRetrieveSerializer)

const ENV_API_KEY = 'Vx3kQ9pLm2TzR7wNc4Hd8s';
const AUTHOR = {
  id: 208,
  email: 'amara.okafor@orbital-freight.example',
  first_name: 'Amara',
  last_name: 'Okafor',
  last_login: '2025-09-02T07:55:13Z',
  uuid: '3d0f7e52-8a41-4c6b-9e2d-51f0a7c3b814',
};
const PRODUCTION = {
  id: 61,
  uuid: '9b1c2e47-0d3a-4f58-8c6e-7a2b1d9f3e05',
  name: 'Production',
  api_key: ENV_API_KEY,
  description: null,
  project: 23,
  minimum_change_request_approvals: 1,
  allow_client_traits: true,
  banner_text: null,
};
const PROJECT = { id: 23, uuid: 'c7e3a9d1-5b2f-4e80-a16c-0f9d8b7e6a52', name: 'Route Planner', organisation: 4, hide_disabled_flags: false };

/** Retrieve-endpoint record: the state change turned the flag on (change_details shows it). */
const stateEnabledDetail = {
  id: 771204,
  created_date: '2025-09-02T08:14:37.604219Z',
  log: 'Flag state / Remote Config value updated for feature: eta_ml_model',
  author: AUTHOR,
  environment: PRODUCTION,
  project: PROJECT,
  related_object_id: 118830,
  related_object_uuid: null,
  related_object_type: 'FEATURE_STATE',
  is_system_event: false,
  change_details: [
    { field: 'enabled', old: false, new: true },
    { field: 'version', old: 3, new: 4 },
  ],
  change_type: 'UPDATE',
};

/** List record through a master API key: author null, not a system event. */
const createdByApiKey = {
  id: 771190,
  created_date: '2025-09-02T07:59:02.118Z',
  log: 'New Flag / Remote Config created: eta_ml_model',
  author: null,
  environment: null,
  project: PROJECT,
  related_object_id: 5521,
  related_object_uuid: null,
  related_object_type: 'FEATURE',
  is_system_event: false,
};

/** A scheduled change went live through a change request; Flagsmith's own job writes it. */
const wentLiveByChangeRequest = {
  id: 771388,
  created_date: '2025-09-03T00:00:01.002+00:00',
  log: 'Scheduled change to Flag state / Remote config value went live for feature: eta_ml_model by Change Request: Roll out ML ETA to EU depots',
  author: null,
  environment: { id: 61, name: 'Production' },
  project: { id: 23, name: 'Route Planner' },
  related_object_id: 118902,
  related_object_uuid: null,
  related_object_type: 'FEATURE_STATE',
  is_system_event: true,
};

/** The AUDIT_LOG_CREATED webhook body for a change-request approval. */
const approvalWebhook = {
  event_type: 'AUDIT_LOG_CREATED',
  data: {
    id: 771301,
    created_date: '2025-09-02T15:40:00.000Z',
    log: 'Change Request: Roll out ML ETA to EU depots approved',
    author: { id: 97, email: 'lars.nyberg@orbital-freight.example', first_name: 'Lars', last_name: 'Nyberg', last_login: null, uuid: '5e2a...' },
    environment: { id: 61, name: 'Production', api_key: ENV_API_KEY },
    project: { id: 23, name: 'Route Planner' },
    related_object_id: 3310,
    related_object_uuid: null,
    related_object_type: 'CHANGE_REQUEST',
    is_system_event: false,
  },
};

/** A change-request object (Flagsmith 4-eyes), as the workflows API returns it. */
const changeRequest = {
  id: 3310,
  created_at: '2025-09-02T13:05:44.310Z',
  updated_at: '2025-09-02T16:02:10.045Z',
  environment: 61,
  title: 'Roll out ML ETA to EU depots',
  description: 'Enable the ML ETA model for the EU depot segment (OPS-4471).',
  feature_states: [{ id: 118902, feature: 5521, enabled: true, environment: 61, live_from: '2025-09-03T00:00:00Z' }],
  user: 208,
  committed_at: '2025-09-02T16:02:10.001Z',
  committed_by: 97,
  deleted_at: null,
  approvals: [
    { id: 901, user: 97, approved_at: '2025-09-02T15:40:00.000Z' },
    { id: 902, user: 144, approved_at: null },
  ],
  is_approved: true,
  is_committed: true,
  group_assignments: [],
  conflicts: [],
};

function audit(log: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...createdByApiKey, author: AUTHOR, environment: PRODUCTION, related_object_type: 'FEATURE_STATE', log, ...extra };
}

describe('FlagsmithAdapter.map (audit-log records)', () => {
  it('maps a state change that turned a flag on, keeping no environment api_key', () => {
    const event = adapter.map(stateEnabledDetail, 0, ctx);
    expect(event).toEqual({
      source: 'flagsmith',
      instance: 'flagsmith.orbital-freight.example',
      id: '771204',
      type: 'flag.enabled',
      time: '2025-09-02T08:14:37.604Z',
      actor: { kind: 'user', id: '208', email: 'amara.okafor@orbital-freight.example', name: 'Amara Okafor' },
      project: 'Route Planner',
      environment: 'Production',
      flag: 'eta_ml_model',
      nativeType: 'FEATURE_STATE_UPDATED',
      before: { enabled: false, version: 3 },
      after: { enabled: true, version: 4 },
      redactions: ['raw.environment.api_key'],
      raw: { ...stateEnabledDetail, environment: { ...PRODUCTION, api_key: REDACTED } },
    });
    expect(JSON.stringify(event)).not.toContain(ENV_API_KEY);
    expect(stateEnabledDetail.environment.api_key).toBe(ENV_API_KEY);
  });

  it('reads a disable, and an update without change_details as flag.updated', () => {
    const disabled = { ...stateEnabledDetail, change_details: [{ field: 'enabled', old: true, new: false }] };
    expect(adapter.map(disabled, 0, ctx).type).toBe('flag.disabled');
    const unchanged = { ...stateEnabledDetail, change_details: [{ field: 'enabled', old: true, new: true }] };
    expect(adapter.map(unchanged, 0, ctx).type).toBe('flag.updated');
    const listing = without(without(stateEnabledDetail, 'change_details'), 'change_type');
    const event = adapter.map(listing, 0, ctx);
    expect(event.type).toBe('flag.updated');
    expect(event).not.toHaveProperty('before');
    expect(event).not.toHaveProperty('after');
  });

  it('makes an author-less, non-system record an API-key service actor; no environment stays absent', () => {
    const event = adapter.map(createdByApiKey, 0, ctx);
    expect(event.actor).toEqual({ kind: 'service', name: 'API key' });
    expect(event.type).toBe('flag.created');
    expect(event.flag).toBe('eta_ml_model');
    expect(event.project).toBe('Route Planner');
    expect(event).not.toHaveProperty('environment');
    expect(event.nativeType).toBe('FEATURE_CREATED');
    expect(event.raw).toBe(createdByApiKey);
  });

  it('names a master API key when the record carries one', () => {
    const event = adapter.map({ ...createdByApiKey, master_api_key: { id: 'mk_Qa81', name: 'terraform', prefix: 'Qa81' } }, 0, ctx);
    expect(event.actor).toEqual({ kind: 'service', id: 'mk_Qa81', name: 'terraform' });
  });

  it('links a change that went live by a change request to that request by title; the system made it', () => {
    const event = adapter.map(wentLiveByChangeRequest, 0, ctx);
    expect(event.actor).toEqual({ kind: 'system' });
    expect(event.type).toBe('flag.updated');
    expect(event.flag).toBe('eta_ml_model');
    expect(event.time).toBe('2025-09-03T00:00:01.002Z');
    expect(event.group).toEqual({ type: FLAGSMITH_CHANGE_REQUEST_TITLE_GROUP, id: 'Roll out ML ETA to EU depots' });
    // The text names no change-request id (related_object_id is the feature state).
    expect(event).not.toHaveProperty('changeRequest');
    expect(event.nativeType).toBe('FEATURE_STATE_WENT_LIVE');
  });

  it('reads "updated … by Change Request" and uses change_details for on/off', () => {
    const record = audit('Flag state / Remote config updated for feature: pallet_rfid by Change Request: RFID pilot (Hamburg)', {
      change_details: [{ field: 'enabled', old: false, new: true }],
    });
    const event = adapter.map(record, 0, ctx);
    expect(event.type).toBe('flag.enabled');
    expect(event.flag).toBe('pallet_rfid');
    expect(event.group).toEqual({ type: FLAGSMITH_CHANGE_REQUEST_TITLE_GROUP, id: 'RFID pilot (Hamburg)' });
    expect(event.nativeType).toBe('FEATURE_STATE_UPDATED_BY_CHANGE_REQUEST');
  });

  it('maps a change-request approval from its webhook body, with the request id and title', () => {
    const event = adapter.map(approvalWebhook, 2, ctx);
    expect(event).toMatchObject({
      id: '771301',
      type: 'change_request.approved',
      time: '2025-09-02T15:40:00.000Z',
      actor: { kind: 'user', id: '97', email: 'lars.nyberg@orbital-freight.example', name: 'Lars Nyberg' },
      environment: 'Production',
      project: 'Route Planner',
      changeRequest: { id: '3310' },
      group: { type: FLAGSMITH_CHANGE_REQUEST_TITLE_GROUP, id: 'Roll out ML ETA to EU depots' },
      nativeType: 'CHANGE_REQUEST',
    });
    // raw is the whole webhook body, api_key hidden.
    expect(event.raw).toMatchObject({ event_type: 'AUDIT_LOG_CREATED', data: { environment: { api_key: REDACTED } } });
    expect(event.redactions).toEqual(['raw.data.environment.api_key']);
  });

  it.each([
    ['Change Request: Roll out ML ETA to EU depots created', 'change_request.created'],
    ['Change Request: Roll out ML ETA to EU depots committed', 'change_request.applied'],
    ['Change Request: Roll out ML ETA to EU depots deleted', 'change_request.cancelled'],
  ])('"%s" → %s', (log, type) => {
    const event = adapter.map({ ...approvalWebhook.data, log }, 0, ctx);
    expect(event.type).toBe(type);
    expect(event.changeRequest).toEqual({ id: '3310' });
    expect(event).not.toHaveProperty('flag');
  });

  it.each([
    ['Flag / Remote Config Deleted: legacy_router', 'FEATURE', 'flag.deleted', 'legacy_router'],
    ['Flag / Remote Config updated: legacy_router', 'FEATURE', 'flag.updated', 'legacy_router'],
    ['Flag state updated for feature: legacy_router', 'FEATURE_STATE', 'flag.updated', 'legacy_router'],
    ['Remote config value updated for feature: max_stops', 'FEATURE_STATE', 'flag.updated', 'max_stops'],
    ['Flag state / Remote Config value update scheduled for 03/09/2025 00:00:00 for feature: max_stops', 'FEATURE_STATE', 'flag.updated', 'max_stops'],
    ["Identity override created for feature 'max_stops' and identity 'depot-hh-07'", 'FEATURE_STATE', 'flag.strategy.added', 'max_stops'],
    ["Flag state / Remote config value updated for feature 'max_stops' and identity 'depot-hh-07'", 'FEATURE_STATE', 'flag.strategy.updated', 'max_stops'],
    ["Remote config value updated for identity override on feature 'max_stops' and identity 'depot-hh-07'.", 'FEATURE_STATE', 'flag.strategy.updated', 'max_stops'],
    ["Flag state / Remote config value deleted for feature 'max_stops' and identity 'depot-hh-07'", 'FEATURE_STATE', 'flag.strategy.removed', 'max_stops'],
    ["Segment override created for feature 'max_stops' and segment 'eu-depots'", 'FEATURE_STATE', 'flag.strategy.added', 'max_stops'],
    ["Flag state / Remote config value updated for feature 'max_stops' and segment 'eu-depots'", 'FEATURE_STATE', 'flag.strategy.updated', 'max_stops'],
    ["Flag state / Remote config value deleted for feature 'max_stops' and segment 'eu-depots'", 'FEATURE_STATE', 'flag.strategy.removed', 'max_stops'],
    ['Segment rules updated for flag: max_stops in environment: Production', 'FEATURE', 'flag.strategy.updated', 'max_stops'],
    ['New Segment created: eu-depots', 'SEGMENT', 'segment.created', undefined],
    ['Segment updated: eu-depots', 'SEGMENT', 'segment.updated', undefined],
    ['Segment deleted: eu-depots', 'SEGMENT', 'segment.deleted', undefined],
    ['New Environment created: Staging', 'ENVIRONMENT', 'environment.created', undefined],
    ['Environment updated: Production', 'ENVIRONMENT', 'environment.updated', undefined],
  ])('"%s" (%s) → %s', (log, relatedType, type, flag) => {
    const event = adapter.map(audit(log, { related_object_type: relatedType }), 0, ctx);
    expect(event.type).toBe(type);
    expect(event.flag).toBe(flag);
  });

  it('does not read an override enabled in change_details as the whole flag enabled', () => {
    const record = audit("Flag state / Remote config value updated for feature 'max_stops' and segment 'eu-depots'", {
      change_details: [{ field: 'enabled', old: false, new: true }],
    });
    expect(adapter.map(record, 0, ctx).type).toBe('flag.strategy.updated');
  });

  it('reads archive/revive from a feature update', () => {
    const archived = audit('Flag / Remote Config updated: legacy_router', {
      related_object_type: 'FEATURE',
      change_details: [{ field: 'is_archived', old: false, new: true }],
    });
    expect(adapter.map(archived, 0, ctx).type).toBe('flag.archived');
    const revived = { ...archived, change_details: [{ field: 'is_archived', old: true, new: false }] };
    expect(adapter.map(revived, 0, ctx).type).toBe('flag.revived');
  });

  it('takes the environment from the text when the record has none', () => {
    const record = audit('Segment rules updated for flag: max_stops in environment: Staging', { environment: null });
    expect(adapter.map(record, 0, ctx).environment).toBe('Staging');
  });

  it('falls back on the related object for texts it does not know, still naming the flag', () => {
    const published = audit('Version 7 published for feature: eta_ml_model', { related_object_type: 'EF_VERSION', change_details: [{ field: 'enabled', old: true, new: false }] });
    const event = adapter.map(published, 0, ctx);
    expect(event.type).toBe('flag.disabled');
    expect(event.flag).toBe('eta_ml_model');
    expect(event.nativeType).toBe('EF_VERSION');
    const segment = adapter.map(audit('Segment "eu" got new rules', { related_object_type: 'SEGMENT', change_type: 'DELETE' }), 0, ctx);
    expect(segment.type).toBe('segment.deleted');
    expect(segment.nativeType).toBe('SEGMENT:DELETE');
    const crEdit = adapter.map({ ...approvalWebhook.data, log: 'Change Request: Roll out ML ETA to EU depots reassigned', change_type: 'UPDATE' }, 0, ctx);
    expect(crEdit.type).toBe('other');
    expect(crEdit.changeRequest).toEqual({ id: '3310' });
    expect(crEdit.nativeType).toBe('CHANGE_REQUEST:UPDATE');
    const unknown = adapter.map(audit('Import request finished', { related_object_type: 'IMPORT_REQUEST' }), 0, ctx);
    expect(unknown.type).toBe('other');
    expect(unknown.nativeType).toBe('IMPORT_REQUEST');
    expect(unknown).not.toHaveProperty('flag');
  });

  it('accepts project/environment as bare ids and an author as a bare id', () => {
    const event = adapter.map({ ...createdByApiKey, project: 23, environment: 61, author: 208 }, 0, ctx);
    expect(event).toMatchObject({ project: '23', environment: '61', actor: { kind: 'user', id: '208' } });
  });

  it('hides old/new of a secret field named in change_details, in raw and before/after', () => {
    const record = audit('Environment updated: Production', {
      related_object_type: 'ENVIRONMENT',
      change_details: [
        { field: 'api_key', old: 'Old9pLm2TzR7wNc4Hd8s00', new: ENV_API_KEY },
        { field: 'name', old: 'Prod', new: 'Production' },
      ],
    });
    const event = adapter.map(record, 0, ctx);
    expect(event.before).toEqual({ api_key: REDACTED, name: 'Prod' });
    expect(event.after).toEqual({ api_key: REDACTED, name: 'Production' });
    expect(event.redactions).toEqual([
      'raw.environment.api_key',
      'raw.change_details[0].old',
      'raw.change_details[0].new',
      'before.api_key',
      'after.api_key',
    ]);
    expect(JSON.stringify(event)).not.toContain(ENV_API_KEY);
    expect(JSON.stringify(event)).not.toContain('Old9pLm2');
    expect((event.raw as typeof record).change_details).toEqual([
      { field: 'api_key', old: REDACTED, new: REDACTED },
      { field: 'name', old: 'Prod', new: 'Production' },
    ]);
  });

  it('cannot be tricked into a prototype change by a "__proto__" field', () => {
    const record = audit('Flag / Remote Config updated: x', { change_details: [{ field: '__proto__', old: null, new: { polluted: true } }] });
    const event = adapter.map(record, 0, ctx);
    expect(Object.getPrototypeOf(event.after)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('only produces normalized types', () => {
    const all: readonly string[] = NORMALIZED_TYPES;
    for (const record of [stateEnabledDetail, createdByApiKey, wentLiveByChangeRequest, approvalWebhook]) {
      expect(all).toContain(adapter.map(record, 0, ctx).type);
    }
  });

  describe('bad input names the record index and the field', () => {
    const cases: [string, unknown, string | undefined, RegExp][] = [
      ['missing id', without(stateEnabledDetail, 'id'), 'id', /required/],
      ['zero id', { ...stateEnabledDetail, id: 0 }, 'id', /integer ≥ 1/],
      ['missing log', without(stateEnabledDetail, 'log'), 'log', /required/],
      ['numeric log', { ...stateEnabledDetail, log: 5 }, 'log', /string/],
      ['missing created_date', without(stateEnabledDetail, 'created_date'), 'created_date', /RFC 3339/],
      ['zone-less created_date', { ...stateEnabledDetail, created_date: '2025-09-02T08:14:37' }, 'created_date', /time zone/],
      ['author as a string name', { ...stateEnabledDetail, author: 'amara' }, 'author', /integer/],
      ['author as an array', { ...stateEnabledDetail, author: [AUTHOR] }, 'author', /user object/],
      ['author email not a string', { ...stateEnabledDetail, author: { ...AUTHOR, email: false } }, 'author.email', /string/],
      ['environment as an array', { ...stateEnabledDetail, environment: ['Production'] }, 'environment', /object/],
      ['environment name not a string', { ...stateEnabledDetail, environment: { id: 61, name: 7 } }, 'environment.name', /string/],
      ['change_details not an array', { ...stateEnabledDetail, change_details: { enabled: true } }, 'change_details', /array/],
      ['change_details item without field', { ...stateEnabledDetail, change_details: [{ old: 1, new: 2 }] }, 'change_details[0].field', /non-empty/],
      ['related_object_type not a string', { ...stateEnabledDetail, related_object_type: 3 }, 'related_object_type', /string/],
      ['webhook data missing created_date', { ...approvalWebhook, data: without(approvalWebhook.data, 'created_date') }, 'data.created_date', /RFC 3339/],
      ['webhook for another event', { event_type: 'FLAG_UPDATED', data: { new_state: {} } }, 'event_type', /AUDIT_LOG_CREATED/],
      ['not an object', 'Flag state updated for feature: x', undefined, /string/],
      ['a change request sent to map directly', changeRequest, undefined, /several events/],
    ];
    it.each(cases)('%s', (_name, record, field, message) => {
      const p = problemOf(() => adapter.map(record, 6, ctx));
      expect(p.index).toBe(6);
      expect(p.field).toBe(field);
      expect(p.message).toMatch(message);
    });
  });
});

describe('FlagsmithAdapter change requests', () => {
  it('expands a change request into created, approved (approved_at set only) and applied events', () => {
    const events = mapAll(changeRequest);
    expect(events.map((e) => [e.id, e.type, e.time, e.actor])).toEqual([
      ['cr-3310-created', 'change_request.created', '2025-09-02T13:05:44.310Z', { kind: 'user', id: '208' }],
      ['cr-3310-approved-97', 'change_request.approved', '2025-09-02T15:40:00.000Z', { kind: 'user', id: '97' }],
      ['cr-3310-applied', 'change_request.applied', '2025-09-02T16:02:10.001Z', { kind: 'user', id: '97' }],
    ]);
    for (const event of events) {
      expect(event.changeRequest).toEqual({ id: '3310' });
      expect(event.environment).toBe('61');
      expect(event.group).toEqual({ type: FLAGSMITH_CHANGE_REQUEST_TITLE_GROUP, id: 'Roll out ML ETA to EU depots' });
      expect(event.raw).toBe(changeRequest);
      expect(event.source).toBe('flagsmith');
    }
    expect(events.map((e) => e.nativeType)).toEqual(['CHANGE_REQUEST_CREATED', 'CHANGE_REQUEST_APPROVED', 'CHANGE_REQUEST_COMMITTED']);
  });

  it('makes the same ids every time (re-ingesting dedupes), and a cancelled event for a deleted request', () => {
    const open = { ...changeRequest, id: 3311, committed_at: null, committed_by: null, approvals: [], deleted_at: '2025-09-04T09:00:00Z' };
    expect(mapAll(open).map((e) => [e.id, e.type, e.actor])).toEqual([
      ['cr-3311-created', 'change_request.created', { kind: 'user', id: '208' }],
      ['cr-3311-cancelled', 'change_request.cancelled', { kind: 'user' }],
    ]);
    expect(mapAll(changeRequest).map((e) => e.id)).toEqual(mapAll(structuredClone(changeRequest)).map((e) => e.id));
  });

  it('accepts user objects and a deleted author (null)', () => {
    const cr = {
      ...changeRequest,
      user: null,
      approvals: [{ user: { id: 97, email: 'lars.nyberg@orbital-freight.example', first_name: 'Lars', last_name: 'Nyberg' }, approved_at: '2025-09-02T15:40:00Z' }],
      environment: { id: 61, name: 'Production' },
    };
    const [created, approved] = mapAll(cr);
    expect(created.actor).toEqual({ kind: 'user' });
    expect(approved.actor).toEqual({ kind: 'user', id: '97', email: 'lars.nyberg@orbital-freight.example', name: 'Lars Nyberg' });
    expect(approved.environment).toBe('Production');
  });

  it('names the field of a bad change request, at the index of the split record', () => {
    const bad = { ...changeRequest, approvals: [{ user: 97, approved_at: 'yesterday' }] };
    const records = adapter.split([createdByApiKey, bad]);
    expect(records).toHaveLength(4);
    expect(records[2]).toBeInstanceOf(FlagsmithChangeRequestStep);
    expect(problemOf(() => adapter.map(records[2], 2, ctx))).toMatchObject({ index: 2, field: 'approvals[0].approved_at' });
    const noDate = { ...changeRequest, created_at: undefined };
    expect(problemOf(() => adapter.map(adapter.split(noDate)[0], 0, ctx))).toMatchObject({ field: 'created_at' });
    expect(problemOf(() => adapter.map(adapter.split({ ...changeRequest, id: 'CR-1' })[0], 0, ctx))).toMatchObject({ field: 'id' });
  });
});

describe('FlagsmithAdapter.split', () => {
  it('accepts the paginated list, a bare array, one record, a webhook body and change requests in any of them', () => {
    const page = { count: 2, next: null, previous: null, results: [stateEnabledDetail, createdByApiKey] };
    expect(adapter.split(page)).toEqual([stateEnabledDetail, createdByApiKey]);
    expect(adapter.split([stateEnabledDetail])).toEqual([stateEnabledDetail]);
    expect(adapter.split(stateEnabledDetail)).toEqual([stateEnabledDetail]);
    expect(adapter.split(approvalWebhook)).toEqual([approvalWebhook]);
    expect(adapter.split({ count: 1, next: null, previous: null, results: [changeRequest] })).toHaveLength(3);
    expect(adapter.split({ count: 0, next: null, previous: null, results: [] })).toEqual([]);
  });

  it('names an unrecognised shape', () => {
    expect(() => adapter.split({ flags: [] })).toThrow(InvalidInputError);
    expect(() => adapter.split({ flags: [] })).toThrow(/object with keys flags/);
    expect(() => adapter.split({ id: 4 })).toThrow(/"id" and "log"/);
    expect(() => adapter.split(null)).toThrow(/got null/);
  });
});
