import { LaunchDarklySnapshotAdapter, buildLaunchDarklySnapshotDocument } from '../../src/access/adapters/launchdarkly-snapshot.adapter';
import { problemOf } from '../support/problems';

const adapter = new LaunchDarklySnapshotAdapter();
const ctx = { instance: 'contoso-pay' };


// --- GET /api/v2/members, /api/v2/roles, /api/v2/teams?expand=roles (invented values, shaped
// like Member, CustomRole/Statement and Team)

const members = {
  _links: { self: { href: '/api/v2/members?limit=20', type: 'application/json' } },
  totalCount: 5,
  items: [
    {
      _links: {}, _id: '60d5ec49f1b2c72d9c8e4a11', firstName: 'Dana', lastName: 'Kowalski', email: 'dana.k@contoso-pay.example',
      role: 'writer', customRoles: [], _pendingInvite: false, _verified: true, mfa: 'enabled',
      _lastSeen: 1751234567890, _lastSeenMetadata: { tokenId: '5fd2a1ee05600316d5cb3e96' }, creationDate: 1628001602644,
    },
    {
      _id: '60d5ec49f1b2c72d9c8e4b77', firstName: 'Sam', lastName: 'Okafor', email: 'sam.okafor@contoso-pay.example',
      role: 'reader', customRoles: ['prod-release-approver'], _pendingInvite: false, _verified: true, mfa: 'enabled',
      _lastSeen: { never: true }, creationDate: 1735689600000,
    },
    {
      _id: '60d5ec49f1b2c72d9c8e4c88', firstName: 'Lee', lastName: 'Wong', email: 'lee.w@contoso-pay.example',
      role: 'admin', customRoles: [], _pendingInvite: false, _verified: true, mfa: 'enabled', _lastSeen: '1750000000000',
    },
    {
      _id: '60d5ec49f1b2c72d9c8e4d99', firstName: 'Ravi', lastName: 'Iyer', email: 'ravi.iyer@contoso-pay.example',
      role: 'no_access', customRoles: ['65f0a1b2c3d4e5f60718293a'], _pendingInvite: false, _verified: true, mfa: 'disabled',
      _lastSeen: 1751000000000, teams: [{ key: 'platform-sre', name: 'Platform SRE' }],
      permissionGrants: [{ resource: 'team/platform-sre', actionSet: 'maintainTeam' }],
    },
    {
      _id: '5a580a01b4ff89217bdf9dc1', firstName: 'Alex', lastName: 'Morgan', email: 'alex.morgan@contoso-pay.example',
      role: 'owner', customRoles: [], _pendingInvite: false, _verified: true, mfa: 'enabled', _lastSeen: 1751300000000,
    },
  ],
};

const customRoles = {
  _links: {},
  items: [
    {
      _id: '65f0a1b2c3d4e5f607182930', key: 'prod-release-approver', name: 'Prod release approver', basePermissions: 'no_access',
      description: 'Reviews and applies production approval requests; may not toggle production directly',
      policy: [
        { effect: 'allow', actions: ['reviewApprovalRequest', 'applyApprovalRequest', 'updateOn'], resources: ['proj/*:env/production:flag/*'] },
        { effect: 'deny', actions: ['updateOn'], resources: ['proj/*:env/production:flag/*'] },
        { effect: 'allow', actions: ['updateOn', 'updateRules'], resources: ['proj/payments:env/staging:flag/*'] },
      ],
    },
    {
      _id: '65f0a1b2c3d4e5f60718293a', key: 'sre-flag-operator', name: 'SRE flag operator',
      policy: [
        { effect: 'allow', actions: ['*'], resources: ['proj/*:env/*:flag/*'] },
        { effect: 'deny', actions: ['bypassRequiredApproval', 'reviewApprovalRequest'], resources: ['proj/*:env/*:flag/*'] },
        { effect: 'allow', actions: ['createAccessToken', 'deleteAccessToken'], resources: ['member/*:token/*'] },
      ],
    },
    {
      _id: '65f0a1b2c3d4e5f60718294b', key: 'incident-commander', name: 'Incident commander',
      policy: [{ effect: 'allow', actions: ['updateOn', 'bypassRequiredApproval'], resources: ['proj/payments:env/production:flag/*'] }],
    },
  ],
};

const teams = {
  items: [
    {
      key: 'platform-sre', name: 'Platform SRE', description: 'Runs the platform',
      roles: { totalCount: 1, items: [{ key: 'incident-commander', name: 'Incident commander' }] },
      members: { totalCount: 1 },
    },
  ],
};

const doc = { exportedAt: '2026-06-30T23:00:00Z', members, customRoles, teams };

describe('LaunchDarklySnapshotAdapter', () => {
  it('maps members to principals with _lastSeen epoch milliseconds (never seen → no lastSeenAt)', () => {
    const snapshot = adapter.toSnapshot(doc, ctx);
    expect(snapshot.source).toBe('launchdarkly');
    expect(snapshot.takenAt).toBe('2026-06-30T23:00:00.000Z');
    expect(snapshot.principals).toEqual([
      { id: '5a580a01b4ff89217bdf9dc1', email: 'alex.morgan@contoso-pay.example', name: 'Alex Morgan', kind: 'user', active: true, lastSeenAt: '2025-06-30T16:13:20.000Z' },
      { id: '60d5ec49f1b2c72d9c8e4a11', email: 'dana.k@contoso-pay.example', name: 'Dana Kowalski', kind: 'user', active: true, lastSeenAt: '2025-06-29T22:02:47.890Z' },
      { id: '60d5ec49f1b2c72d9c8e4b77', email: 'sam.okafor@contoso-pay.example', name: 'Sam Okafor', kind: 'user', active: true },
      { id: '60d5ec49f1b2c72d9c8e4c88', email: 'lee.w@contoso-pay.example', name: 'Lee Wong', kind: 'user', active: true, lastSeenAt: '2025-06-15T15:06:40.000Z' },
      { id: '60d5ec49f1b2c72d9c8e4d99', email: 'ravi.iyer@contoso-pay.example', name: 'Ravi Iyer', kind: 'user', active: true, lastSeenAt: '2025-06-27T04:53:20.000Z' },
    ]);
  });

  it('maps base roles, custom roles (with denies), team roles and team maintenance', () => {
    const { grants } = adapter.toSnapshot(doc, ctx);
    expect(grants).toEqual([
      { principal: '5a580a01b4ff89217bdf9dc1', role: 'owner', project: '*', environment: '*', capabilities: ['admin'], via: 'base-role' },
      { principal: '60d5ec49f1b2c72d9c8e4a11', role: 'writer', project: '*', environment: '*', capabilities: ['flag.write', 'change.apply'], via: 'base-role' },
      { principal: '60d5ec49f1b2c72d9c8e4b77', role: 'reader', project: '*', environment: '*', capabilities: [], via: 'base-role' },
      { principal: '60d5ec49f1b2c72d9c8e4b77', role: 'prod-release-approver', project: '*', environment: 'production', capabilities: ['change.approve', 'change.apply'], via: 'direct' },
      { principal: '60d5ec49f1b2c72d9c8e4b77', role: 'prod-release-approver', project: 'payments', environment: 'staging', capabilities: ['flag.write'], via: 'direct' },
      { principal: '60d5ec49f1b2c72d9c8e4c88', role: 'admin', project: '*', environment: '*', capabilities: ['admin'], via: 'base-role' },
      { principal: '60d5ec49f1b2c72d9c8e4d99', role: 'maintainTeam', project: '*', environment: '*', capabilities: ['access.admin'], via: 'permission-grant:team/platform-sre' },
      { principal: '60d5ec49f1b2c72d9c8e4d99', role: 'no_access', project: '*', environment: '*', capabilities: [], via: 'base-role' },
      { principal: '60d5ec49f1b2c72d9c8e4d99', role: 'sre-flag-operator', project: '*', environment: '*', capabilities: ['flag.write', 'change.apply', 'access.admin'], via: 'direct' },
      { principal: '60d5ec49f1b2c72d9c8e4d99', role: 'incident-commander', project: 'payments', environment: 'production', capabilities: ['flag.write', 'change.skip'], via: 'team:platform-sre' },
    ]);
  });

  it('reads proj/*:env/production:flag/* as every project, production only, and lets a matching deny remove updateOn', () => {
    const { grants } = adapter.toSnapshot(doc, ctx);
    const approver = grants.filter((g) => g.role === 'prod-release-approver');
    expect(approver.map((g) => [g.project, g.environment, g.capabilities])).toEqual([
      ['*', 'production', ['change.approve', 'change.apply']],
      ['payments', 'staging', ['flag.write']],
    ]);
  });

  it('keeps an allow when a deny is narrower than it (documented over-approximation)', () => {
    const roles = [
      {
        key: 'ops', name: 'Ops',
        policy: [
          { effect: 'allow', actions: ['updateOn'], resources: ['proj/*:env/*:flag/*'] },
          { effect: 'deny', actions: ['updateOn'], resources: ['proj/*:env/production:flag/*'] },
        ],
      },
    ];
    const snapshot = adapter.toSnapshot({ exportedAt: doc.exportedAt, members: [member('ops')], customRoles: roles }, ctx);
    expect(customGrants(snapshot.grants)).toEqual([['*', '*', ['flag.write']]]);
  });

  it('does not apply a deny with a property selector, and widens the matching allow to every environment', () => {
    const roles = [
      {
        key: 'critical-guard', name: 'Critical guard',
        policy: [
          { effect: 'allow', actions: ['updateOn', 'reviewApprovalRequest'], resources: ['proj/*:env/*;{critical:true}:flag/*'] },
          { effect: 'deny', actions: ['updateOn'], resources: ['proj/*:env/*;{critical:true}:flag/*'] },
        ],
      },
    ];
    const snapshot = adapter.toSnapshot({ exportedAt: doc.exportedAt, members: [member('critical-guard')], customRoles: roles }, ctx);
    expect(customGrants(snapshot.grants)).toEqual([['*', '*', ['flag.write', 'change.approve']]]);
  });

  it('reads notActions as every action but those listed', () => {
    const roles = [{ key: 'no-bypass', name: 'No bypass', policy: [{ effect: 'allow', notActions: ['bypassRequiredApproval'], resources: ['proj/checkout:env/production:flag/*'] }] }];
    const snapshot = adapter.toSnapshot({ exportedAt: doc.exportedAt, members: [member('no-bypass')], customRoles: roles }, ctx);
    expect(customGrants(snapshot.grants)).toEqual([['checkout', 'production', ['flag.write', 'change.approve', 'change.apply']]]);
  });

  it('gives admin for `*` on `*`, but not once a deny applies; member/role actions give access.admin', () => {
    const everything = { key: 'root', name: 'Root', policy: [{ effect: 'allow', actions: ['*'], resources: ['*'] }] };
    const fenced = {
      key: 'root-fenced', name: 'Root fenced',
      policy: [
        { effect: 'allow', actions: ['*'], resources: ['*'] },
        { effect: 'deny', actions: ['*'], resources: ['member/*', 'role/*', 'team/*', 'member/*:token/*'] },
      ],
    };
    const a = adapter.toSnapshot({ exportedAt: doc.exportedAt, members: [member('root')], customRoles: [everything] }, ctx);
    expect(customGrants(a.grants)).toEqual([['*', '*', ['admin']]]);
    const b = adapter.toSnapshot({ exportedAt: doc.exportedAt, members: [member('root-fenced')], customRoles: [fenced] }, ctx);
    expect(customGrants(b.grants)).toEqual([['*', '*', ['flag.write', 'change.approve', 'change.apply', 'change.skip']]]);
  });

  it('lists a role that reaches nothing mapped with empty capabilities', () => {
    const roles = [{ key: 'metrics-viewer', name: 'Metrics viewer', policy: [{ effect: 'allow', actions: ['viewProject'], resources: ['proj/*'] }] }];
    const snapshot = adapter.toSnapshot({ exportedAt: doc.exportedAt, members: [member('metrics-viewer')], customRoles: roles }, ctx);
    expect(customGrants(snapshot.grants)).toEqual([['*', '*', []]]);
  });

  it('builds the combined document for a connector', () => {
    const built = buildLaunchDarklySnapshotDocument({ members, customRoles, teams, exportedAt: '2026-06-30T23:00:00Z' });
    expect(adapter.toSnapshot(built, ctx).grants).toEqual(adapter.toSnapshot(doc, ctx).grants);
  });

  it('names a _lastSeen in epoch seconds', () => {
    const bad = { ...doc, members: { items: [members.items[0], { ...members.items[1], _lastSeen: 1751234567 }] } };
    const problem = problemOf(() => adapter.toSnapshot(bad, ctx));
    expect(problem).toMatchObject({ index: 1, field: 'members.items[1]._lastSeen' });
    expect(problem.message).toContain('epoch seconds instead of milliseconds');
  });

  it('names a member whose custom role is not in the export', () => {
    const bad = { ...doc, members: [{ ...members.items[0], customRoles: ['release-captain'] }] };
    const problem = problemOf(() => adapter.toSnapshot(bad, ctx));
    expect(problem).toMatchObject({ index: 0, field: 'members[0].customRoles[0]' });
    expect(problem.message).toContain('"release-captain"');
  });

  it('names an unknown base role', () => {
    const problem = problemOf(() => adapter.toSnapshot({ ...doc, members: [{ ...members.items[0], role: 'superuser' }] }, ctx));
    expect(problem).toMatchObject({ index: 0, field: 'members[0].role' });
    expect(problem.message).toContain('one of owner, admin, writer, reader, no_access');
  });

  it('names a statement with both actions and notActions', () => {
    const roles = [{ key: 'x', policy: [{ effect: 'allow', actions: ['updateOn'], notActions: ['updateRules'], resources: ['proj/*:env/*:flag/*'] }] }];
    const problem = problemOf(() => adapter.toSnapshot({ ...doc, customRoles: roles }, ctx));
    expect(problem).toMatchObject({ index: 0, field: 'customRoles[0].policy[0].actions' });
  });

  it('names a team whose roles are unknown', () => {
    const problem = problemOf(() => adapter.toSnapshot({ ...doc, teams: [] }, ctx));
    expect(problem).toMatchObject({ index: 3, field: 'members.items[3].teams[0].customRoleKeys' });
  });

  it('asks for --taken-at when the export has no time', () => {
    const problem = problemOf(() => adapter.toSnapshot({ members, customRoles, teams }, ctx));
    expect(problem.field).toBe('takenAt');
    expect(problem.message).toContain('--taken-at');
  });
});

function member(role: string) {
  return { _id: '6100000000000000000000aa', email: 'pat@contoso-pay.example', role: 'reader', customRoles: [role], _lastSeen: 1751234567890 };
}

function customGrants(grants: { via: string; project: string; environment: string; capabilities: string[] }[]) {
  return grants.filter((g) => g.via === 'direct').map((g) => [g.project, g.environment, g.capabilities]);
}
