import { InvalidInputError } from '../../src/common/errors';
import { LaunchDarklyAdapter, parseLaunchDarklyResource } from '../../src/ingest/adapters/launchdarkly.adapter';
import { NORMALIZED_TYPES } from '../../src/ingest/normalized-event';
import { REDACTED } from '../../src/ingest/redaction';
import { problemOf, without } from '../support/problems';

const ctx = { instance: 'ld.halden-bank.example' };
const adapter = new LaunchDarklyAdapter();



// --- realistic entries (invented values, shaped like AuditLogEntryRep / AuditLogEntryListingRep)

const MEMBER = { _links: {}, _id: '6421c0ffee0ddba11ad5e701', email: 'ines.moreau@halden-bank.example', firstName: 'Inès', lastName: 'Moreau' };

/** Listing item: a member turns a flag on in production (no delta/versions in listings). */
const turnedOnListing = {
  _links: {
    self: { href: '/api/v2/auditlog/6863b2fb9d1e4a0012c0a001', type: 'application/json' },
    site: { href: '/halden/production/features/card-tokenisation-v2', type: 'text/html' },
  },
  _id: '6863b2fb9d1e4a0012c0a001',
  _accountId: '5e8f1a2b3c4d5e6f7a8b9c0d',
  date: 1751364091207,
  accesses: [{ action: 'updateOn', resource: 'proj/cards:env/production:flag/card-tokenisation-v2' }],
  kind: 'flag',
  name: 'Card tokenisation v2',
  description: '- Turned on the flag',
  shortDescription: '',
  comment: 'RFC-2291 go-live',
  member: MEMBER,
  titleVerb: 'turned on the flag',
  title: '[Inès Moreau](mailto:ines.moreau@halden-bank.example) turned on the flag [Card tokenisation v2](https://app.launchdarkly.com/...)',
  target: {
    _links: { canonical: { href: '/api/v2/flags/cards/card-tokenisation-v2', type: 'application/json' } },
    name: 'Card tokenisation v2',
    resources: ['proj/cards:env/production:flag/card-tokenisation-v2'],
  },
};

/** Detail entry: a deploy pipeline's service token changes the default rule, with before/after. */
const fallthroughByServiceToken = {
  _links: { self: { href: '/api/v2/auditlog/6863c0a69d1e4a0012c0a0f4', type: 'application/json' } },
  _id: '6863c0a69d1e4a0012c0a0f4',
  _accountId: '5e8f1a2b3c4d5e6f7a8b9c0d',
  date: 1751367702550,
  accesses: [{ action: 'updateFallthrough', resource: 'proj/cards:env/production:flag/card-tokenisation-v2' }],
  kind: 'flag',
  name: 'Card tokenisation v2',
  description: '- Changed the default rule to a 10% / 90% rollout',
  shortDescription: 'Updated the default rule',
  token: { _links: {}, _id: '64a0b1c2d3e4f5a6b7c8d9e0', name: 'release-orchestrator', ending: '7c1e', serviceToken: true },
  titleVerb: 'updated the default rule of',
  target: { name: 'Card tokenisation v2', resources: ['proj/cards:env/production:flag/card-tokenisation-v2'] },
  delta: {
    environmentKey: 'production',
    instructions: [{ kind: 'updateFallthroughVariationOrRollout', rolloutWeights: { 'v-on': 10000, 'v-off': 90000 } }],
  },
  previousVersion: { key: 'card-tokenisation-v2', environments: { production: { on: true, fallthrough: { variation: 1 }, _version: 17 } } },
  currentVersion: {
    key: 'card-tokenisation-v2',
    environments: {
      production: {
        on: true,
        fallthrough: { rollout: { variations: [{ variation: 0, weight: 10000 }, { variation: 1, weight: 90000 }] } },
        _version: 18,
      },
    },
  },
  subentries: [],
};

/** Detail entry: an OAuth app turns a flag off with a semantic patch; its title text says nothing. */
const turnedOffByApp = {
  _id: '6863ce5f9d1e4a0012c0a1b2',
  _accountId: '5e8f1a2b3c4d5e6f7a8b9c0d',
  date: 1751371200000,
  accesses: [{ action: 'updateOn', resource: 'proj/cards:env/staging:flag/instant-payouts' }],
  kind: 'flag',
  name: 'Instant payouts',
  app: { _links: {}, _id: '63f7aa0011bb22cc33dd44ee', name: 'Incident Bot', maintainerName: 'SRE', isScim: false },
  titleVerb: 'updated',
  target: { name: 'Instant payouts', resources: ['proj/cards:env/staging:flag/instant-payouts'] },
  delta: { environmentKey: 'staging', comment: 'PagerDuty INC-7731', instructions: [{ kind: 'turnFlagOff' }] },
};

/** A flag created in every environment, in a tagged project, by a SCIM app: wildcards and tags. */
const createdWithWildcards = {
  _id: '6863dc709d1e4a0012c0a2c3',
  date: 1751374800123,
  accesses: [{ action: 'createFlag', resource: 'proj/mobile;tier1,regulated:env/*;{critical:true}:flag/dark-launch-banner' }],
  kind: 'flag',
  name: 'Dark launch banner',
  app: { _id: '63f7aa0011bb22cc33dd9999', name: 'Okta SCIM', isScim: true },
  target: { name: 'Dark launch banner', resources: ['proj/mobile;tier1,regulated:env/*;{critical:true}:flag/dark-launch-banner'] },
};

/** A scheduled change executed by LaunchDarkly itself: no member, token or app. */
const scheduledBySystem = {
  _id: '6863ea819d1e4a0012c0a3d4',
  date: 1751378400000,
  accesses: [
    { action: 'updateRules', resource: 'proj/cards:env/production:flag/fx-markup' },
    { action: 'updateFallthrough', resource: 'proj/cards:env/production:flag/fx-markup' },
  ],
  kind: 'flag',
  name: 'FX markup',
  titleVerb: 'updated the targeting rules of',
  target: { name: 'FX markup', resources: ['proj/cards:env/production:flag/fx-markup'] },
};

// Approval workflow for one request: 6863f8929d1e4a0012c0a4e5 (the request's own _id).
const APPROVAL_ID = '6863f8929d1e4a0012c0a4e5';
const approvalRequest = {
  _id: APPROVAL_ID,
  _version: 1,
  creationDate: 1751382000000,
  serviceKind: 'launchdarkly',
  requestorId: MEMBER._id,
  description: 'Turn on card tokenisation v2 in production',
  reviewStatus: 'pending',
  allReviews: [] as unknown[],
  notifyMemberIds: ['6421c0ffee0ddba11ad5e7aa'],
  status: 'pending',
  instructions: [{ kind: 'turnFlagOn' }],
  conflicts: [],
  _links: {},
};
const APPROVER = { _id: '6421c0ffee0ddba11ad5e7aa', email: 'tomas.berg@halden-bank.example', firstName: 'Tomas', lastName: 'Berg' };

const approvalCreated = {
  _id: '6863f8939d1e4a0012c0a4e6',
  date: 1751382000000,
  accesses: [{ action: 'createApprovalRequest', resource: 'proj/cards:env/production:flag/card-tokenisation-v2' }],
  kind: 'flag',
  name: 'Card tokenisation v2',
  member: MEMBER,
  titleVerb: 'requested approval for changes to',
  target: { name: 'Card tokenisation v2', resources: ['proj/cards:env/production:flag/card-tokenisation-v2'] },
  currentVersion: approvalRequest,
};

const approvalReviewed = {
  _id: '686406a39d1e4a0012c0a5f7',
  date: 1751385600000,
  accesses: [{ action: 'reviewApprovalRequest', resource: 'proj/cards:env/production:flag/card-tokenisation-v2' }],
  kind: 'flag',
  name: 'Card tokenisation v2',
  member: APPROVER,
  titleVerb: 'reviewed an approval request for',
  target: {
    name: 'Card tokenisation v2',
    resources: ['proj/cards:env/production:flag/card-tokenisation-v2'],
    _links: { site: { href: `/halden/production/features/card-tokenisation-v2/approvals/${APPROVAL_ID}`, type: 'text/html' } },
  },
  delta: { kind: 'approve', comment: 'Checked against RFC-2291' },
};

const approvalApplied = {
  _id: '686414b49d1e4a0012c0a608',
  date: 1751389200000,
  accesses: [{ action: 'applyApprovalRequest', resource: 'proj/cards:env/production:flag/card-tokenisation-v2' }],
  kind: 'flag',
  name: 'Card tokenisation v2',
  member: MEMBER,
  titleVerb: 'applied the approval request for',
  target: { name: 'Card tokenisation v2', resources: ['proj/cards:env/production:flag/card-tokenisation-v2'] },
  currentVersion: {
    ...approvalRequest,
    _version: 3,
    reviewStatus: 'approved',
    status: 'completed',
    appliedDate: 1751389200000,
    appliedByMemberId: MEMBER._id,
    allReviews: [{ _id: '686406a39d1e4a0012c0aaaa', kind: 'approve', creationDate: 1751385600000, memberId: APPROVER._id }],
  },
};

function entry(action: string, resource: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    _id: `e-${action}-${resource.length}`,
    date: 1751389200000,
    accesses: [{ action, resource }],
    member: MEMBER,
    target: { resources: [resource] },
    ...extra,
  };
}

describe('LaunchDarklyAdapter.map', () => {
  it('maps a listing entry: member toggles a flag on in production', () => {
    const event = adapter.map(turnedOnListing, 0, ctx);
    expect(event).toEqual({
      source: 'launchdarkly',
      instance: 'ld.halden-bank.example',
      id: '6863b2fb9d1e4a0012c0a001',
      type: 'flag.enabled',
      time: '2025-07-01T10:01:31.207Z',
      actor: { kind: 'user', id: '6421c0ffee0ddba11ad5e701', email: 'ines.moreau@halden-bank.example', name: 'Inès Moreau' },
      project: 'cards',
      environment: 'production',
      flag: 'card-tokenisation-v2',
      nativeType: 'updateOn',
      raw: turnedOnListing,
    });
    // Nothing to redact: raw is the record itself, not a copy; listings carry no before/after.
    expect(event.raw).toBe(turnedOnListing);
    expect(event).not.toHaveProperty('before');
    expect(event).not.toHaveProperty('changeRequest');
  });

  it('maps a detail entry by a service token, with before/after from the versions', () => {
    const event = adapter.map(fallthroughByServiceToken, 1, ctx);
    expect(event.type).toBe('flag.strategy.updated');
    expect(event.actor).toEqual({ kind: 'service', id: '64a0b1c2d3e4f5a6b7c8d9e0', name: 'release-orchestrator' });
    expect(event.time).toBe('2025-07-01T11:01:42.550Z');
    expect(event.environment).toBe('production');
    expect(event.before).toBe(fallthroughByServiceToken.previousVersion);
    expect(event.after).toBe(fallthroughByServiceToken.currentVersion);
    expect(event).not.toHaveProperty('redactions');
  });

  it('reads off from a semantic patch; an OAuth app is a service actor; delta is `after` without versions', () => {
    const event = adapter.map(turnedOffByApp, 0, ctx);
    expect(event.type).toBe('flag.disabled');
    expect(event.actor).toEqual({ kind: 'service', id: '63f7aa0011bb22cc33dd44ee', name: 'Incident Bot' });
    expect(event).toMatchObject({ project: 'cards', environment: 'staging', flag: 'instant-payouts' });
    expect(event.after).toBe(turnedOffByApp.delta);
    expect(event).not.toHaveProperty('before');
  });

  it('reads on/off from a JSON patch, from currentVersion, and falls back to flag.updated when nothing tells', () => {
    const base = { ...turnedOffByApp, titleVerb: 'updated' };
    const patch = { ...base, delta: [{ op: 'replace', path: '/environments/staging/on', value: true }] };
    expect(adapter.map(patch, 0, ctx).type).toBe('flag.enabled');
    const wrapped = { ...base, delta: { comment: 'x', patch: [{ op: 'replace', path: '/environments/staging/on', value: false }] } };
    expect(adapter.map(wrapped, 0, ctx).type).toBe('flag.disabled');
    const version = { ...without(base, 'delta'), currentVersion: { environments: { staging: { on: true }, production: { on: false } } } };
    expect(adapter.map(version, 0, ctx).type).toBe('flag.enabled');
    const unknown = without(base, 'delta');
    expect(adapter.map(unknown, 0, ctx).type).toBe('flag.updated');
    expect(adapter.map(unknown, 0, ctx).nativeType).toBe('updateOn');
  });

  it('strips tags and property selectors and omits wildcard fields; a SCIM app is a service actor', () => {
    const event = adapter.map(createdWithWildcards, 0, ctx);
    expect(event.type).toBe('flag.created');
    expect(event.project).toBe('mobile');
    expect(event.flag).toBe('dark-launch-banner');
    expect(event).not.toHaveProperty('environment');
    expect(event.actor).toEqual({ kind: 'service', id: '63f7aa0011bb22cc33dd9999', name: 'Okta SCIM' });
    expect(event.time).toBe('2025-07-01T13:00:00.123Z');
  });

  it('makes an entry with no member, token or app the system, and joins several actions into nativeType', () => {
    const event = adapter.map(scheduledBySystem, 0, ctx);
    expect(event.actor).toEqual({ kind: 'system' });
    expect(event.type).toBe('flag.strategy.updated');
    expect(event.nativeType).toBe('updateRules,updateFallthrough');
  });

  it('names a multi-action entry by its weightiest change', () => {
    const both = {
      ...turnedOnListing,
      accesses: [
        { action: 'updateRules', resource: 'proj/cards:env/production:flag/card-tokenisation-v2' },
        { action: 'updateOn', resource: 'proj/cards:env/production:flag/card-tokenisation-v2' },
        { action: 'updateRules', resource: 'proj/cards:env/production:flag/card-tokenisation-v2' },
      ],
    };
    const event = adapter.map(both, 0, ctx);
    expect(event.type).toBe('flag.enabled');
    expect(event.nativeType).toBe('updateRules,updateOn');
  });

  it('attributes a personal token to its member but a service token to nobody', () => {
    const personal = { ...turnedOnListing, token: { _id: '64a0b1c2d3e4f5a6b7c8aaaa', name: 'ines-cli', ending: '0b3d', serviceToken: false } };
    expect(adapter.map(personal, 0, ctx).actor).toMatchObject({ kind: 'user', id: MEMBER._id });
    const service = { ...personal, token: { ...personal.token, serviceToken: true } };
    expect(adapter.map(service, 0, ctx).actor).toEqual({ kind: 'service', id: '64a0b1c2d3e4f5a6b7c8aaaa', name: 'ines-cli' });
    const tokenOnly = { ...without(turnedOnListing, 'member'), token: { _id: 't1', name: 'legacy-token' } };
    expect(adapter.map(tokenOnly, 0, ctx).actor).toEqual({ kind: 'service', id: 't1', name: 'legacy-token' });
    expect(adapter.map({ ...turnedOnListing, member: { _id: 'm9' } }, 0, ctx).actor).toEqual({ kind: 'user', id: 'm9' });
  });

  it('omits the environment when the resources disagree, unless the semantic patch names it', () => {
    const twoEnvs = {
      ...scheduledBySystem,
      target: { resources: ['proj/cards:env/production:flag/fx-markup', 'proj/cards:env/staging:flag/fx-markup'] },
    };
    const event = adapter.map(twoEnvs, 0, ctx);
    expect(event).not.toHaveProperty('environment');
    expect(event).toMatchObject({ project: 'cards', flag: 'fx-markup' });
    const wildcard = { ...scheduledBySystem, target: { resources: ['proj/cards:env/*:flag/fx-markup'] }, delta: { environmentKey: 'production', instructions: [] } };
    expect(adapter.map(wildcard, 0, ctx).environment).toBe('production');
  });

  it('uses accesses[].resource when the entry has no target', () => {
    const event = adapter.map(without(turnedOnListing, 'target'), 0, ctx);
    expect(event).toMatchObject({ project: 'cards', environment: 'production', flag: 'card-tokenisation-v2' });
  });

  describe('approval requests', () => {
    it('maps creation with the request id from currentVersion', () => {
      const event = adapter.map(approvalCreated, 0, ctx);
      expect(event.type).toBe('change_request.created');
      expect(event.changeRequest).toEqual({ id: APPROVAL_ID });
      expect(event.actor.id).toBe(MEMBER._id);
      expect(event.environment).toBe('production');
    });

    it('maps an approving review, with the request id from the target link', () => {
      const event = adapter.map(approvalReviewed, 0, ctx);
      expect(event.type).toBe('change_request.approved');
      expect(event.changeRequest).toEqual({ id: APPROVAL_ID });
      expect(event.actor).toEqual({ kind: 'user', id: APPROVER._id, email: APPROVER.email, name: 'Tomas Berg' });
      expect(event.time).toBe('2025-07-01T16:00:00.000Z');
    });

    it('maps a declining review from its text, and a review it cannot read as other (never as an approval)', () => {
      const declined = { ...without(approvalReviewed, 'delta'), titleVerb: 'declined the approval request for' };
      expect(adapter.map(declined, 0, ctx).type).toBe('change_request.rejected');
      const comment = { ...approvalReviewed, delta: { kind: 'comment', comment: 'Why 10%?' } };
      const event = adapter.map(comment, 0, ctx);
      expect(event.type).toBe('other');
      expect(event.nativeType).toBe('reviewApprovalRequest');
      expect(event.changeRequest).toEqual({ id: APPROVAL_ID });
    });

    it("reads the reviewer's verdict from the request's reviews when there is no delta", () => {
      const fromReviews = {
        ...without(approvalReviewed, 'delta'),
        titleVerb: 'reviewed',
        currentVersion: { ...approvalRequest, allReviews: [{ _id: 'r1', kind: 'decline', memberId: APPROVER._id }] },
      };
      const event = adapter.map(fromReviews, 0, ctx);
      expect(event.type).toBe('change_request.rejected');
      expect(event.changeRequest).toEqual({ id: APPROVAL_ID });
    });

    it('maps apply and delete', () => {
      const applied = adapter.map(approvalApplied, 0, ctx);
      expect(applied.type).toBe('change_request.applied');
      expect(applied.changeRequest).toEqual({ id: APPROVAL_ID });
      const deleted = adapter.map({ ...approvalCreated, _id: 'x1', accesses: [{ action: 'deleteApprovalRequest' }] }, 0, ctx);
      expect(deleted.type).toBe('change_request.cancelled');
      expect(deleted.changeRequest).toEqual({ id: APPROVAL_ID });
    });

    it('leaves changeRequest out when the entry does not name the request', () => {
      const event = adapter.map(without(approvalCreated, 'currentVersion'), 0, ctx);
      expect(event.type).toBe('change_request.created');
      expect(event).not.toHaveProperty('changeRequest');
    });
  });

  it.each([
    ['updateGlobalArchived', { delta: { instructions: [{ kind: 'archiveFlag' }] } }, 'flag.archived'],
    ['updateGlobalArchived', { delta: { instructions: [{ kind: 'restoreFlag' }] } }, 'flag.revived'],
    ['updateGlobalArchived', { currentVersion: { key: 'fx-markup', archived: true } }, 'flag.archived'],
    ['updateGlobalArchived', { titleVerb: 'restored the flag' }, 'flag.revived'],
    ['updateGlobalArchived', {}, 'flag.updated'],
    ['deleteFlag', {}, 'flag.deleted'],
    ['cloneFlag', {}, 'flag.created'],
    ['updateTargets', {}, 'flag.strategy.updated'],
    ['updatePrerequisites', {}, 'flag.strategy.updated'],
    ['updateOffVariation', {}, 'flag.strategy.updated'],
    ['updateRulesWithMeasuredRollout', {}, 'flag.strategy.updated'],
    ['updateFlagVariations', {}, 'flag.variants.updated'],
    ['updateFlagDefaultVariations', {}, 'flag.variants.updated'],
    ['copyFlagConfigFrom', {}, 'flag.updated'],
    ['updateTags', {}, 'flag.updated'],
    ['updateDescription', {}, 'flag.updated'],
    ['manageFlagFollowers', {}, 'other'],
  ])('flag action %s %j → %s', (action, extra, type) => {
    const event = adapter.map(entry(action, 'proj/cards:env/production:flag/fx-markup', extra), 0, ctx);
    expect(event.type).toBe(type);
    expect(event.nativeType).toBe(action);
  });

  it.each([
    ['createMember', 'member/6421c0ffee0ddba11ad5e7bb', 'access.user.created'],
    ['deleteMember', 'member/6421c0ffee0ddba11ad5e7bb', 'access.user.deleted'],
    ['updateCustomRole', 'member/6421c0ffee0ddba11ad5e7bb', 'access.role.assigned'],
    ['updateRole', 'member/6421c0ffee0ddba11ad5e7bb', 'access.role.assigned'],
    ['updateMemberRoleAttributes', 'member/6421c0ffee0ddba11ad5e7bb', 'access.role.assigned'],
    ['createAccessToken', 'member/6421c0ffee0ddba11ad5e7bb:token/ci-deploy', 'token.created'],
    ['resetAccessToken', 'member/*:token/ci-deploy', 'token.updated'],
    ['deleteAccessToken', 'member/*:token/*', 'token.deleted'],
    ['createRole', 'role/payments-approvers', 'access.role.created'],
    ['updatePolicy', 'role/payments-approvers', 'access.role.updated'],
    ['deleteRole', 'role/payments-approvers', 'access.role.deleted'],
    ['createTeam', 'team/payments-sre', 'access.group.created'],
    ['updateTeamMembers', 'team/payments-sre', 'access.group.updated'],
    ['updateTeamCustomRoles', 'team/payments-sre', 'access.role.assigned'],
    ['createSegment', 'proj/cards:env/production:segment/eu-beta-testers', 'segment.created'],
    ['updateIncluded', 'proj/cards:env/production:segment/eu-beta-testers', 'segment.updated'],
    ['deleteSegment', 'proj/cards:env/production:segment/eu-beta-testers', 'segment.deleted'],
    ['createEnvironment', 'proj/cards:env/perf', 'environment.created'],
    ['updateApprovalSettings', 'proj/cards:env/production', 'environment.updated'],
    ['createProject', 'proj/loyalty', 'project.created'],
    ['deleteProject', 'proj/loyalty', 'project.deleted'],
    ['createMetric', 'proj/cards:metric/checkout-latency', 'other'],
    ['updateIpAllowlistEnabled', 'ip-allowlist', 'other'],
  ])('%s on %s → %s', (action, resource, type) => {
    expect(adapter.map(entry(action, resource), 0, ctx).type).toBe(type);
  });

  it('scopes a segment change to its project and environment, with no flag', () => {
    const event = adapter.map(entry('createSegment', 'proj/cards:env/production:segment/eu-beta-testers'), 0, ctx);
    expect(event).toMatchObject({ project: 'cards', environment: 'production' });
    expect(event).not.toHaveProperty('flag');
  });

  it('keeps an entry without accesses as other, without nativeType', () => {
    const event = adapter.map(without(turnedOnListing, 'accesses'), 0, ctx);
    expect(event.type).toBe('other');
    expect(event).not.toHaveProperty('nativeType');
  });

  it('only produces normalized types', () => {
    const all: readonly string[] = NORMALIZED_TYPES;
    for (const record of [turnedOnListing, fallthroughByServiceToken, turnedOffByApp, createdWithWildcards, scheduledBySystem, approvalCreated, approvalReviewed, approvalApplied]) {
      expect(all).toContain(adapter.map(record, 0, ctx).type);
    }
  });

  it('redacts secret-named fields and SDK/API keys in raw and after, records the paths, and leaves the input alone', () => {
    const record = {
      _id: '686422c59d1e4a0012c0a719',
      date: 1751389200000,
      accesses: [{ action: 'createEnvironment', resource: 'proj/cards:env/perf' }],
      kind: 'environment',
      member: MEMBER,
      target: { resources: ['proj/cards:env/perf'] },
      currentVersion: {
        key: 'perf',
        name: 'Performance',
        apiKey: 'sdk-0f4e2b9a-6c1d-4e8f-9a2b-3c4d5e6f7a8b',
        mobileKey: 'mob-11111111-2222-3333-4444-555555555555',
        _id: '686422c59d1e4a0012c0a720',
        defaultTtl: 0,
      },
      delta: { note: 'created with api-7a7a7a7a-1b1b-4c4c-8d8d-9e9e9e9e9e9e by mistake' },
      comment: 'api-7a7a7a7a-1b1b-4c4c-8d8d-9e9e9e9e9e9e',
    };
    const pristine = structuredClone(record);
    const event = adapter.map(record, 0, ctx);

    expect(record).toEqual(pristine);
    expect(event.type).toBe('environment.created');
    expect(event.redactions).toEqual(['raw.currentVersion.apiKey', 'raw.comment', 'after.apiKey']);
    const raw = event.raw as typeof record;
    expect(raw.currentVersion.apiKey).toBe(REDACTED);
    expect(raw.comment).toBe(REDACTED);
    expect((event.after as { apiKey: string }).apiKey).toBe(REDACTED);
    expect(JSON.stringify(event)).not.toContain('0f4e2b9a');
    // Mobile keys are not secret; a key inside prose is not a key value; untouched subtrees are shared.
    expect(raw.currentVersion.mobileKey).toBe(record.currentVersion.mobileKey);
    expect(raw.delta).toBe(record.delta);
    expect(raw.accesses).toBe(record.accesses);
  });

  describe('bad input names the record index and the field', () => {
    const cases: [string, unknown, string | undefined, RegExp][] = [
      ['missing _id', without(turnedOnListing, '_id'), '_id', /required/],
      ['numeric _id', { ...turnedOnListing, _id: 42 }, '_id', /string/],
      ['empty _id', { ...turnedOnListing, _id: '' }, '_id', /non-empty/],
      ['missing date', without(turnedOnListing, 'date'), 'date', /required/],
      ['ISO date', { ...turnedOnListing, date: '2025-07-01T10:01:31.207Z' }, 'date', /epoch milliseconds/],
      ['fractional date', { ...turnedOnListing, date: 1751364091207.5 }, 'date', /integer/],
      ['date in seconds', { ...turnedOnListing, date: 1751364091 }, 'date', /seconds instead of milliseconds/],
      ['negative date', { ...turnedOnListing, date: -1 }, 'date', /out of range/],
      ['date beyond year 9999', { ...turnedOnListing, date: 253402300800000 }, 'date', /out of range/],
      ['accesses not an array', { ...turnedOnListing, accesses: { action: 'updateOn' } }, 'accesses', /array/],
      ['access not an object', { ...turnedOnListing, accesses: ['updateOn'] }, 'accesses[0]', /object/],
      ['numeric action', { ...turnedOnListing, accesses: [{ action: 7 }] }, 'accesses[0].action', /string/],
      ['member not an object', { ...turnedOnListing, member: 'ines' }, 'member', /object/],
      ['numeric member email', { ...turnedOnListing, member: { ...MEMBER, email: 5 } }, 'member.email', /string/],
      ['target.resources not an array', { ...turnedOnListing, target: { resources: 'proj/cards' } }, 'target.resources', /array/],
      ['numeric resource', { ...turnedOnListing, target: { resources: [3] } }, 'target.resources[0]', /string/],
      ['unsafe integer', { ...turnedOnListing, currentVersion: { _version: 2 ** 60 } }, 'currentVersion._version', /lost precision/],
      ['not an object', [turnedOnListing], undefined, /array/],
    ];
    it.each(cases)('%s', (_name, record, field, message) => {
      const p = problemOf(() => adapter.map(record, 4, ctx));
      expect(p.index).toBe(4);
      expect(p.field).toBe(field);
      expect(p.message).toMatch(message);
    });
  });
});

describe('parseLaunchDarklyResource', () => {
  it.each([
    ['proj/default:env/production:flag/checkout-v2', { project: 'default', environment: 'production', flag: 'checkout-v2' }],
    ['proj/*:env/*:flag/*', {}],
    ['proj/default;tag1,tag2:env/production;gov:flag/checkout-v2;beta', { project: 'default', environment: 'production', flag: 'checkout-v2' }],
    ['proj/default:env/*;{critical:false}:flag/checkout-v2', { project: 'default', flag: 'checkout-v2' }],
    ['proj/*;{team:"a:b"}:env/qa', { environment: 'qa' }],
    ['member/*:token/*', {}],
  ])('%s', (specifier, expected) => {
    const { segments: _segments, ...fields } = parseLaunchDarklyResource(specifier);
    expect(fields).toEqual(expected);
  });

  it('keeps the segments in order for resource kinds', () => {
    expect(parseLaunchDarklyResource('member/*:token/ci;x').segments).toEqual([
      { kind: 'member', key: '*' },
      { kind: 'token', key: 'ci' },
    ]);
    expect(parseLaunchDarklyResource('acct').segments).toEqual([{ kind: 'acct', key: '*' }]);
  });
});

describe('LaunchDarklyAdapter.split', () => {
  it('accepts the listing, one entry, and a bare array', () => {
    const listing = { items: [turnedOnListing, scheduledBySystem], _links: { next: { href: '/api/v2/auditlog?before=1751364091207' } }, totalCount: 2 };
    expect(adapter.split(listing)).toEqual([turnedOnListing, scheduledBySystem]);
    expect(adapter.split(fallthroughByServiceToken)).toEqual([fallthroughByServiceToken]);
    expect(adapter.split([turnedOnListing])).toEqual([turnedOnListing]);
    expect(adapter.split({ items: [], _links: {}, totalCount: 0 })).toEqual([]);
  });

  it('names an unrecognised shape', () => {
    expect(() => adapter.split({ members: [] })).toThrow(InvalidInputError);
    expect(() => adapter.split({ members: [] })).toThrow(/object with keys members/);
    expect(() => adapter.split({ _id: 'x' })).toThrow(/"_id" and "date"/);
    expect(() => adapter.split(17)).toThrow(/got number/);
  });
});
