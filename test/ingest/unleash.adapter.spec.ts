import { InvalidInputError } from '../../src/common/errors';
import { UNLEASH_EVENT_TYPES, mapUnleashEventType } from '../../src/ingest/adapters/unleash-event-types';
import { UnleashAdapter } from '../../src/ingest/adapters/unleash.adapter';
import { NORMALIZED_TYPES } from '../../src/ingest/normalized-event';
import { REDACTED, redactSecrets } from '../../src/ingest/redaction';
import { problemOf, without } from '../support/problems';

const ctx = { instance: 'flags.northwind.example' };
const adapter = new UnleashAdapter();

/** IEventTypes as listed in the reference (Unleash/unleash src/lib/events/index.ts), kept here as a literal. */
const ALL_UNLEASH_EVENT_TYPES = [
  // feature
  'feature-created', 'feature-deleted', 'feature-updated', 'feature-metadata-updated', 'feature-variants-updated',
  'feature-environment-variants-updated', 'feature-project-change', 'feature-archived', 'feature-revived', 'feature-import',
  'feature-tagged', 'feature-tag-import', 'feature-strategy-update', 'feature-strategy-add', 'feature-strategy-remove',
  'feature-type-updated', 'feature-completed', 'feature-uncompleted', 'feature-link-added', 'feature-link-removed',
  'feature-link-updated', 'strategy-order-changed', 'drop-feature-tags', 'feature-untagged', 'feature-stale-on',
  'feature-stale-off', 'drop-features', 'feature-environment-enabled', 'feature-environment-disabled', 'feature-favorited',
  'feature-unfavorited', 'feature-potentially-stale-on', 'feature-dependency-added', 'feature-dependency-removed',
  'feature-dependencies-removed', 'features-exported', 'features-imported', 'application-created',
  // strategy / context / segment / tag
  'strategy-created', 'strategy-deleted', 'strategy-deprecated', 'strategy-reactivated', 'strategy-updated', 'strategy-import',
  'drop-strategies', 'default-strategy-updated', 'context-field-created', 'context-field-updated', 'context-field-deleted',
  'segment-created', 'segment-updated', 'segment-deleted', 'tag-created', 'tag-deleted', 'tag-import', 'drop-tags',
  'tag-type-created', 'tag-type-deleted', 'tag-type-updated', 'tag-type-import', 'drop-tag-types',
  // project / environment
  'project-created', 'project-updated', 'project-deleted', 'project-archived', 'project-revived', 'project-import',
  'drop-projects', 'project-favorited', 'project-unfavorited', 'project-environment-added', 'project-environment-removed',
  'environment-created', 'environment-updated', 'environment-deleted', 'environment-import', 'drop-environments',
  // access / identity
  'project-access-added', 'project-access-user-roles-updated', 'project-access-group-roles-updated',
  'project-access-user-roles-deleted', 'project-access-group-roles-deleted', 'project-access-updated', 'project-user-added',
  'project-user-removed', 'project-user-role-changed', 'project-group-added', 'role-created', 'role-updated', 'role-deleted',
  'user-created', 'user-updated', 'user-deleted', 'group-created', 'group-updated', 'group-deleted', 'group-user-added',
  'group-user-removed', 'scim-users-deleted', 'scim-groups-deleted', 'user-access-request-registered',
  'user-access-request-approved', 'user-access-request-rejected', 'user-preference-updated', 'public-signup-token-created',
  'public-signup-token-user-added', 'public-signup-token-updated',
  // tokens / service accounts
  'api-token-created', 'api-token-updated', 'api-token-deleted', 'pat-created', 'pat-deleted', 'service-account-created',
  'service-account-updated', 'service-account-deleted', 'service-account-token-created', 'service-account-token-deleted',
  'cdn-token-created', 'signal-endpoint-token-created', 'signal-endpoint-token-updated', 'signal-endpoint-token-deleted',
  // change requests
  'change-request-created', 'change-request-discarded', 'change-added', 'change-discarded', 'change-edited',
  'change-request-rejected', 'change-request-approved', 'change-request-approval-added', 'change-request-cancelled',
  'change-request-sent-to-review', 'change-request-schedule-suspended', 'change-request-applied', 'change-request-scheduled',
  'change-request-scheduled-application-success', 'change-request-scheduled-application-failure',
  'change-request-configuration-updated', 'change-request-requested-approvers-updated',
  // settings / integrations / misc
  'setting-created', 'setting-updated', 'setting-deleted', 'addon-config-created', 'addon-config-updated',
  'addon-config-deleted', 'db-pool-update', 'client-metrics', 'client-register', 'banner-created', 'banner-updated',
  'banner-deleted', 'signal-endpoint-created', 'signal-endpoint-updated', 'signal-endpoint-deleted', 'actions-created',
  'actions-updated', 'actions-deleted', 'safeguard-changed', 'safeguard-deleted', 'safeguard-triggered',
  'release-plan-template-created', 'release-plan-template-updated', 'release-plan-template-deleted',
  'release-plan-template-archived', 'release-plan-added', 'release-plan-removed', 'release-plan-milestone-started',
  'release-plan-progressions-resumed', 'release-plan-progressions-paused', 'milestone-progression-created',
  'milestone-progression-updated', 'milestone-progression-deleted', 'milestone-progression-changed',
  'impact-metric-created', 'impact-metric-updated', 'impact-metric-deleted', 'remote-mcp-server-settings-updated',
];



// --- realistic records (invented values, shaped like eventSchema)

const enabledInProductionViaCr = {
  id: 90417,
  type: 'feature-environment-enabled',
  createdBy: 'priya.raman@northwind.example',
  createdByUserId: 212,
  createdAt: '2025-04-02T09:14:51.207Z',
  featureName: 'ledger.async-posting',
  project: 'core-banking',
  environment: 'production',
  data: null,
  preData: null,
  tags: [{ type: 'simple', value: 'sox-scope' }],
  ip: '10.44.3.19',
  groupType: 'change-request',
  groupId: '01JQZ7D4M2V9K3T8H6R1C5XA0B',
  label: 'Flag enabled',
  summary: '**priya.raman@northwind.example** enabled **ledger.async-posting** for the **production** environment',
};

const changeRequestApplied = {
  id: 90418,
  type: 'change-request-applied',
  createdBy: 'priya.raman@northwind.example',
  createdByUserId: 212,
  createdAt: '2025-04-02T09:14:51.240Z',
  featureName: null,
  project: 'core-banking',
  environment: 'production',
  data: { changeRequestId: 611 },
  preData: null,
  tags: [],
  ip: '10.44.3.19',
  groupType: 'change-request',
  groupId: '01JQZ7D4M2V9K3T8H6R1C5XA0B',
};

const strategyUpdateByAdminToken = {
  id: 90433,
  type: 'feature-strategy-update',
  createdBy: 'ci-release-bot',
  createdByUserId: -42,
  createdAt: '2025-04-02T12:30:07.880+02:00',
  featureName: 'ledger.async-posting',
  project: 'core-banking',
  environment: 'production',
  preData: {
    id: '5b1e2c7a-0d34-4f7e-9a61-2f0c9e4d8b13',
    name: 'flexibleRollout',
    parameters: { rollout: '10', stickiness: 'default', groupId: 'ledger.async-posting' },
    constraints: [{ contextName: 'region', operator: 'IN', values: ['eu-west'], inverted: false, caseInsensitive: false }],
    segments: [],
    disabled: false,
  },
  data: {
    id: '5b1e2c7a-0d34-4f7e-9a61-2f0c9e4d8b13',
    name: 'flexibleRollout',
    parameters: { rollout: '50', stickiness: 'default', groupId: 'ledger.async-posting' },
    constraints: [{ contextName: 'region', operator: 'IN', values: ['eu-west'], inverted: false, caseInsensitive: false }],
    segments: [],
    disabled: false,
  },
  tags: [],
};

const backfilledUserCreated = {
  id: 88120,
  type: 'user-created',
  createdBy: 'unleash_system_user',
  createdByUserId: null,
  createdAt: '2025-03-28T02:00:00.000Z',
  featureName: null,
  project: null,
  environment: null,
  data: { id: 318, name: 'Kofi Mensah', username: null, email: 'kofi.mensah@northwind.example', rootRole: 3 },
  preData: null,
  tags: [],
};

const staleMarkedBySystem = {
  id: 90520,
  type: 'feature-potentially-stale-on',
  createdBy: 'unleash_system_user',
  createdByUserId: -1337,
  createdAt: '2025-04-04T03:00:12.514Z',
  featureName: 'statements.pdf-renderer-v3',
  project: 'core-banking',
  environment: null,
  data: { potentiallyStale: true },
  preData: null,
  tags: [],
};

const rolesUpdatedLegacyUser = {
  id: 90502,
  type: 'project-access-user-roles-updated',
  createdBy: 'olu.adeyemi',
  createdByUserId: null,
  createdAt: '2025-04-03T16:02:44.013Z',
  project: 'core-banking',
  environment: null,
  featureName: null,
  preData: { roles: [5], userId: 318 },
  data: { roles: [5, 14], userId: 318 },
  tags: [],
};

function apiTokenCreated() {
  return {
    id: 90611,
    type: 'api-token-created',
    createdBy: 'olu.adeyemi@northwind.example',
    createdByUserId: 7,
    createdAt: '2025-04-05T10:11:12.000Z',
    featureName: null,
    project: 'payments',
    environment: 'production',
    data: {
      secret: 'payments:production.3f0c2a9be61d4e57a8b1c6d2e9f04a7b1c3d5e7f9a0b2c4d6e8f0a1b',
      tokenName: 'payments-api-production',
      username: 'payments-api-production',
      type: 'client',
      environment: 'production',
      project: 'payments',
      projects: ['payments'],
      expiresAt: null,
      createdAt: '2025-04-05T10:11:12.000Z',
      alias: null,
    },
    preData: null,
    tags: [],
    ip: '10.40.1.27',
  };
}

describe('UnleashAdapter.map', () => {
  it('maps a production enable applied by a change request', () => {
    const event = adapter.map(enabledInProductionViaCr, 0, ctx);
    expect(event).toEqual({
      source: 'unleash',
      instance: 'flags.northwind.example',
      id: '90417',
      type: 'flag.enabled',
      time: '2025-04-02T09:14:51.207Z',
      actor: { kind: 'user', id: '212', email: 'priya.raman@northwind.example' },
      project: 'core-banking',
      environment: 'production',
      flag: 'ledger.async-posting',
      ip: '10.44.3.19',
      group: { type: 'change-request', id: '01JQZ7D4M2V9K3T8H6R1C5XA0B' },
      nativeType: 'feature-environment-enabled',
      raw: enabledInProductionViaCr,
    });
    // No data/preData (the type is the change): no before/after, and no copy of the record.
    expect(event).not.toHaveProperty('before');
    expect(event).not.toHaveProperty('after');
    expect(event.raw).toBe(enabledInProductionViaCr);
  });

  it('links change-request events to their CR id and transaction group', () => {
    const event = adapter.map(changeRequestApplied, 1, ctx);
    expect(event.type).toBe('change_request.applied');
    expect(event.changeRequest).toEqual({ id: '611', groupId: '01JQZ7D4M2V9K3T8H6R1C5XA0B' });
    expect(event.group).toEqual({ type: 'change-request', id: enabledInProductionViaCr.groupId });
    expect(event.after).toEqual({ changeRequestId: 611 });
    expect(event).not.toHaveProperty('flag');

    const fromPreData = adapter.map({ ...changeRequestApplied, type: 'change-discarded', data: null, preData: { changeRequestId: '612' }, groupId: null }, 2, ctx);
    expect(fromPreData.changeRequest).toEqual({ id: '612' });
    expect(fromPreData.type).toBe('other');
  });

  it('treats -42 as the shared admin token and normalizes offsets to UTC with milliseconds', () => {
    const event = adapter.map(strategyUpdateByAdminToken, 0, ctx);
    expect(event.actor).toEqual({ kind: 'service', id: 'admin-token', name: 'ci-release-bot' });
    expect(event.time).toBe('2025-04-02T10:30:07.880Z');
    expect(event.type).toBe('flag.strategy.updated');
    expect(event.before).toBe(strategyUpdateByAdminToken.preData);
    expect(event.after).toBe(strategyUpdateByAdminToken.data);
    expect(event).not.toHaveProperty('ip');
    expect(event).not.toHaveProperty('group');
    expect(event).not.toHaveProperty('redactions');
  });

  it('treats -1337 and unleash_system_user (even with a null user id) as the system', () => {
    expect(adapter.map(staleMarkedBySystem, 0, ctx).actor).toEqual({ kind: 'system', name: 'unleash_system_user' });
    const backfilled = adapter.map(backfilledUserCreated, 0, ctx);
    expect(backfilled.actor).toEqual({ kind: 'system', name: 'unleash_system_user' });
    expect(backfilled.type).toBe('access.user.created');
    expect(backfilled).not.toHaveProperty('project');
    expect(backfilled).not.toHaveProperty('environment');
    expect(backfilled).not.toHaveProperty('flag');
  });

  it("treats events Unleash's own migrations wrote (createdBy \"migration\", no user id) as the system", () => {
    const seeded = { id: 3, type: 'project-created', createdAt: '2024-01-10T08:00:00.000Z', createdBy: 'migration', createdByUserId: null, project: 'default' };
    expect(adapter.map(seeded, 0, ctx).actor).toEqual({ kind: 'system', name: 'migration' });
    // A person who happens to be called "migration" keeps their user id and stays a user.
    expect(adapter.map({ ...seeded, createdByUserId: 77 }, 0, ctx).actor).toEqual({ kind: 'user', id: '77', name: 'migration' });
  });

  it('names a user without a user id by createdBy (username, or email when it has an @)', () => {
    const event = adapter.map(rolesUpdatedLegacyUser, 0, ctx);
    expect(event.actor).toEqual({ kind: 'user', name: 'olu.adeyemi' });
    expect(event.type).toBe('access.role.assigned');
    expect(event).not.toHaveProperty('environment');
    expect(adapter.map({ ...rolesUpdatedLegacyUser, createdBy: 'olu@northwind.example' }, 0, ctx).actor).toEqual({
      kind: 'user',
      email: 'olu@northwind.example',
    });
  });

  it('keeps an actor (without a name) when an odd export lacks createdBy', () => {
    const { createdBy: _omit, ...record } = strategyUpdateByAdminToken;
    expect(adapter.map({ ...record, createdByUserId: 44 }, 0, ctx).actor).toEqual({ kind: 'user', id: '44' });
  });

  it('maps role removal for a user and for a group alike (Unleash reuses the user type for groups)', () => {
    const base = { ...rolesUpdatedLegacyUser, type: 'project-access-user-roles-deleted', data: null };
    const user = adapter.map({ ...base, preData: { roles: [5], userId: 318 } }, 0, ctx);
    const group = adapter.map({ ...base, preData: { roles: [5], groupId: 12 } }, 1, ctx);
    expect(user.type).toBe('access.role.revoked');
    expect(group.type).toBe('access.role.revoked');
    expect(group.before).toEqual({ roles: [5], groupId: 12 });
  });

  it('redacts the token secret in raw and after, records both paths, and leaves the input alone', () => {
    const record = apiTokenCreated();
    const pristine = structuredClone(record);
    const event = adapter.map(record, 0, ctx);

    expect(record).toEqual(pristine);
    expect(event.type).toBe('token.created');
    expect((event.raw as { data: { secret: string } }).data.secret).toBe(REDACTED);
    expect((event.after as { secret: string }).secret).toBe(REDACTED);
    expect(event.redactions).toEqual(['raw.data.secret', 'after.secret']);
    expect(JSON.stringify(event)).not.toContain('3f0c2a9be61d');
    // Everything else survives.
    expect((event.after as { tokenName: string }).tokenName).toBe('payments-api-production');
    expect(event.raw).not.toBe(record);
    expect((event.raw as { tags: unknown }).tags).toBe(record.tags);
  });

  it('redacts secrets in preData (before) of a deleted token', () => {
    const created = apiTokenCreated();
    const event = adapter.map({ ...created, type: 'api-token-deleted', preData: created.data, data: null }, 0, ctx);
    expect(event.type).toBe('token.deleted');
    expect(event.redactions).toEqual(['raw.preData.secret', 'before.secret']);
    expect((event.before as { secret: string }).secret).toBe(REDACTED);
  });

  it('accepts a numeric-string id and keeps unknown (newer) event types as other', () => {
    const event = adapter.map({ ...enabledInProductionViaCr, id: '90500', type: 'feature-hyperdrive-engaged' }, 0, ctx);
    expect(event.id).toBe('90500');
    expect(event.type).toBe('other');
    expect(event.nativeType).toBe('feature-hyperdrive-engaged');
  });

  describe('bad input names the record index and the field', () => {
    const cases: [string, unknown, string, RegExp][] = [
      ['missing id', without(enabledInProductionViaCr, 'id'), 'id', /required/],
      ['zero id', { ...enabledInProductionViaCr, id: 0 }, 'id', /integer ≥ 1/],
      ['fractional id', { ...enabledInProductionViaCr, id: 1.5 }, 'id', /integer ≥ 1/],
      ['non-numeric id', { ...enabledInProductionViaCr, id: 'abc' }, 'id', /integer ≥ 1/],
      ['missing type', without(enabledInProductionViaCr, 'type'), 'type', /required/],
      ['numeric type', { ...enabledInProductionViaCr, type: 7 }, 'type', /string/],
      ['null id', { ...enabledInProductionViaCr, id: null }, 'id', /required/],
      ['missing createdAt', without(enabledInProductionViaCr, 'createdAt'), 'createdAt', /RFC 3339/],
      ['unparseable createdAt', { ...enabledInProductionViaCr, createdAt: 'yesterday' }, 'createdAt', /RFC 3339/],
      ['createdAt without zone', { ...enabledInProductionViaCr, createdAt: '2025-04-02T09:14:51' }, 'createdAt', /time zone/],
      ['impossible date', { ...enabledInProductionViaCr, createdAt: '2025-02-30T09:14:51Z' }, 'createdAt', /RFC 3339/],
      ['epoch createdAt', { ...enabledInProductionViaCr, createdAt: 1743585291207 }, 'createdAt', /string/],
      ['object createdBy', { ...enabledInProductionViaCr, createdBy: { id: 1 } }, 'createdBy', /string/],
      ['string user id', { ...enabledInProductionViaCr, createdByUserId: 'priya' }, 'createdByUserId', /integer/],
      ['numeric environment', { ...enabledInProductionViaCr, environment: 3 }, 'environment', /string/],
      ['array featureName', { ...enabledInProductionViaCr, featureName: ['a'] }, 'featureName', /string/],
      ['boolean changeRequestId', { ...changeRequestApplied, data: { changeRequestId: true } }, 'data.changeRequestId', /integer/],
      ['object groupId', { ...changeRequestApplied, groupId: {} }, 'groupId', /string/],
      ['unsafe number', { ...enabledInProductionViaCr, data: { balance: 2 ** 60 } }, 'data.balance', /lost precision/],
    ];
    it.each(cases)('%s', (_name, record, field, message) => {
      const p = problemOf(() => adapter.map(record, 5, ctx));
      expect(p.index).toBe(5);
      expect(p.field).toBe(field);
      expect(p.message).toMatch(message);
    });

    it('a record that is not an object', () => {
      expect(problemOf(() => adapter.map([enabledInProductionViaCr], 3, ctx))).toMatchObject({ index: 3, message: expect.stringMatching(/array/) });
    });
  });
});

describe('UnleashAdapter.split', () => {
  it('accepts one event, an array, and the event search response', () => {
    expect(adapter.split(enabledInProductionViaCr)).toEqual([enabledInProductionViaCr]);
    expect(adapter.split([enabledInProductionViaCr, changeRequestApplied])).toHaveLength(2);
    expect(adapter.split({ events: [changeRequestApplied], total: 1 })).toEqual([changeRequestApplied]);
    expect(adapter.split({ version: 1, events: [], totalEvents: 0 })).toEqual([]);
  });

  it('names an unrecognised shape', () => {
    expect(() => adapter.split({ features: [] })).toThrow(InvalidInputError);
    expect(() => adapter.split({ features: [] })).toThrow(/object with keys features/);
    expect(() => adapter.split({ events: 'none' })).toThrow(InvalidInputError);
    expect(() => adapter.split('feature-created')).toThrow(/got string/);
    expect(() => adapter.split(null)).toThrow(/got null/);
  });
});

describe('Unleash event types', () => {
  it('maps every type of the reference list onto a normalized type', () => {
    const normalized: readonly string[] = NORMALIZED_TYPES;
    for (const type of ALL_UNLEASH_EVENT_TYPES) {
      expect([type, normalized.includes(mapUnleashEventType(type))]).toEqual([type, true]);
    }
  });

  it('has exactly the reference list in its table (nothing missing, nothing invented)', () => {
    expect(new Set(ALL_UNLEASH_EVENT_TYPES).size).toBe(ALL_UNLEASH_EVENT_TYPES.length);
    expect(Object.keys(UNLEASH_EVENT_TYPES).sort()).toEqual([...ALL_UNLEASH_EVENT_TYPES].sort());
  });

  it.each([
    ['feature-environment-enabled', 'flag.enabled'],
    ['feature-environment-disabled', 'flag.disabled'],
    ['feature-strategy-add', 'flag.strategy.added'],
    ['feature-strategy-update', 'flag.strategy.updated'],
    ['feature-strategy-remove', 'flag.strategy.removed'],
    ['strategy-order-changed', 'flag.strategy.updated'],
    ['feature-variants-updated', 'flag.variants.updated'],
    ['feature-environment-variants-updated', 'flag.variants.updated'],
    ['change-request-created', 'change_request.created'],
    ['change-request-sent-to-review', 'change_request.submitted'],
    ['change-request-approved', 'change_request.approved'],
    ['change-request-approval-added', 'change_request.approved'],
    ['change-request-rejected', 'change_request.rejected'],
    ['change-request-applied', 'change_request.applied'],
    ['change-request-scheduled-application-success', 'change_request.applied'],
    ['change-request-scheduled', 'change_request.scheduled'],
    ['change-request-cancelled', 'change_request.cancelled'],
    ['change-request-discarded', 'change_request.cancelled'],
    ['project-access-user-roles-deleted', 'access.role.revoked'],
    ['api-token-created', 'token.created'],
    ['pat-deleted', 'token.deleted'],
    ['service-account-token-created', 'token.created'],
    ['segment-updated', 'segment.updated'],
    ['project-environment-added', 'project.updated'],
    ['client-metrics', 'other'],
  ])('%s → %s', (type, expected) => {
    expect(mapUnleashEventType(type)).toBe(expected);
  });

  it('does not mistake Object.prototype names for event types', () => {
    expect(mapUnleashEventType('constructor')).toBe('other');
    expect(mapUnleashEventType('__proto__')).toBe('other');
  });
});

describe('redactSecrets (shared by adapters)', () => {
  it('redacts secret-named keys at any depth, case-insensitively, and says where', () => {
    const input = {
      secret: 's3cr3t',
      nested: { Password: 'hunter2', list: [{ apiKey: 'k1' }, { API_KEY: 'k2' }, { fine: 1 }] },
      headers: { Authorization: 'Bearer abc', clientSecret: 'cs' },
      keep: 'visible',
    };
    const pristine = structuredClone(input);
    const { value, paths } = redactSecrets(input, 'raw');
    expect(paths).toEqual([
      'raw.secret',
      'raw.nested.Password',
      'raw.nested.list[0].apiKey',
      'raw.nested.list[1].API_KEY',
      'raw.headers.Authorization',
      'raw.headers.clientSecret',
    ]);
    expect(value).toEqual({
      secret: REDACTED,
      nested: { Password: REDACTED, list: [{ apiKey: REDACTED }, { API_KEY: REDACTED }, { fine: 1 }] },
      headers: { Authorization: REDACTED, clientSecret: REDACTED },
      keep: 'visible',
    });
    expect(input).toEqual(pristine);
    // Untouched subtrees are shared, not copied.
    expect((value as typeof input).nested.list[2]).toBe(input.nested.list[2]);
  });

  it('redacts `token` only when the value looks like an Unleash token', () => {
    const { value, paths } = redactSecrets(
      { a: { token: '*:production.8f2e1c' }, b: { token: 'user:7be1d0a3' }, c: { token: 'release-train' }, d: { token: 42 } },
      'after',
    );
    expect(paths).toEqual(['after.a.token', 'after.b.token']);
    expect(value).toEqual({ a: { token: REDACTED }, b: { token: REDACTED }, c: { token: 'release-train' }, d: { token: 42 } });
  });

  it('returns the very same object when there is nothing to redact (or it is already masked)', () => {
    const input = { data: { tokenName: 'x', secret: '***', password: null, items: [1, { a: 'b' }] } };
    const result = redactSecrets(input, 'raw');
    expect(result.value).toBe(input);
    expect(result.paths).toEqual([]);
    expect(redactSecrets('plain', 'raw')).toEqual({ value: 'plain', paths: [] });
  });

  it('keeps a "__proto__" key from JSON.parse as data, not as a prototype', () => {
    const input = JSON.parse('{"__proto__": {"secret": "x"}, "other": 1}');
    const { value, paths } = redactSecrets(input, 'raw');
    expect(paths).toEqual(['raw.__proto__.secret']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value as object)).toEqual(['__proto__', 'other']);
  });
});
