import { UnleashSnapshotAdapter, buildUnleashSnapshotDocument } from '../../src/access/adapters/unleash-snapshot.adapter';
import { problemOf } from '../support/problems';

const adapter = new UnleashSnapshotAdapter();
const ctx = { instance: 'flags.northwind.example' };


// --- an Unleash Enterprise export (invented values, shaped like userSchema, roleSchema,
// roleWithPermissionsSchema, projectAccessSchema, groupSchema and the service-account list)

const rootRoles = [
  { id: 1, name: 'Admin', type: 'root', description: 'Users with the root admin role have superuser access to Unleash.' },
  { id: 2, name: 'Editor', type: 'root', description: 'Users with the root editor role have access to most features in Unleash.' },
  { id: 3, name: 'Viewer', type: 'root', description: 'Users with the root viewer role can only read root resources in Unleash.' },
];

const users = [
  {
    id: 1, name: 'Olu Adeyemi', email: 'olu.adeyemi@northwind.example', username: null, imageUrl: 'https://gravatar.com/avatar/1',
    rootRole: 1, seenAt: '2026-06-29T08:12:44.120Z', loginAttempts: 0, emailSent: true, createdAt: '2024-02-01T09:00:00.000Z',
    accountType: 'User', isAPI: false, scimId: null,
  },
  {
    id: 212, name: 'Priya Raman', email: 'priya.raman@northwind.example', rootRole: 3,
    seenAt: '2026-06-30T18:45:00+02:00', accountType: 'User', createdAt: '2025-01-10T10:00:00.000Z',
  },
  {
    id: 44, name: 'Mei Chen', email: 'm.chen@northwind.example', rootRole: 2,
    seenAt: '2026-06-12T07:30:00.000Z', accountType: 'User', createdAt: '2024-09-03T14:20:00.000Z',
  },
  {
    id: 318, name: null, username: 'jo.bauer', email: 'jo.bauer@northwind.example', rootRole: 3, seenAt: null,
    inviteLink: 'https://flags.northwind.example/new-user?token=4f7c2a9e0d1b', emailSent: true, accountType: 'User',
  },
];

const customReleaseManager = {
  id: 14, name: 'Release Manager', type: 'custom', description: 'Approves production, ships to development',
  permissions: [
    { id: 51, name: 'APPROVE_CHANGE_REQUEST', displayName: 'Approve/Reject change requests', type: 'environment', environment: 'production' },
    { id: 52, name: 'UPDATE_FEATURE_ENVIRONMENT', displayName: 'Enable/disable flags', type: 'environment', environment: 'development' },
    { id: 53, name: 'SKIP_CHANGE_REQUEST', displayName: 'Skip change request process', type: 'environment', environment: 'development' },
    { id: 12, name: 'CREATE_FEATURE', displayName: 'Create feature flags', type: 'project' },
    { id: 30, name: 'PROJECT_USER_ACCESS_READ', displayName: 'View only access to Project User Access', type: 'project' },
  ],
};

const doc = {
  exportedAt: '2026-06-30T23:00:00Z',
  users,
  rootRoles,
  roles: [
    { id: 4, name: 'Owner', type: 'project', description: 'Users with this role have full control over the project.' },
    { id: 5, name: 'Member', type: 'project', description: 'Users with this role can only work with feature flags.' },
    customReleaseManager,
  ],
  projects: {
    'core-banking': {
      users: [
        { id: 212, name: 'Priya Raman', email: 'priya.raman@northwind.example', roles: [14], addedAt: '2025-03-01T12:00:00.000Z' },
        { id: 44, name: 'Mei Chen', email: 'm.chen@northwind.example', roles: [4], addedAt: '2024-09-03T14:25:00.000Z' },
      ],
      groups: [{ id: 7, name: 'payments-oncall', roles: [5], addedAt: '2025-05-05T09:00:00.000Z' }],
      roles: [
        { id: 4, name: 'Owner', type: 'project' },
        { id: 5, name: 'Member', type: 'project' },
        { id: 14, name: 'Release Manager', type: 'custom' },
      ],
    },
    default: {
      users: [{ id: 318, email: 'jo.bauer@northwind.example', roleId: 5 }],
      groups: [{ id: 9, name: 'sre-break-glass', roles: [4] }],
      roles: [{ id: 4, name: 'Owner', type: 'project' }, { id: 5, name: 'Member', type: 'project' }],
    },
  },
  groups: [
    {
      id: 7, name: 'payments-oncall', description: 'Payments on-call rotation', mappingsSSO: ['okta-payments-oncall'], rootRole: null,
      createdBy: 'olu.adeyemi@northwind.example', createdAt: '2025-05-05T08:55:00.000Z', projects: ['core-banking'], userCount: 2,
      users: [
        { user: { id: 318, username: 'jo.bauer', email: 'jo.bauer@northwind.example' }, joinedAt: '2025-05-05T09:00:00.000Z', createdBy: 'olu.adeyemi@northwind.example' },
        { user: { id: 777, name: 'Ana Ruiz', email: 'ana.ruiz@northwind.example', seenAt: '2026-06-01T12:00:00.000Z' }, joinedAt: '2026-01-12T10:00:00.000Z' },
      ],
    },
  ],
  serviceAccounts: [
    {
      id: 501, name: 'ci-release-bot', username: 'ci-release-bot', rootRole: 2, createdAt: '2025-02-02T02:02:02.000Z',
      tokens: [{ id: 3, description: 'GitHub Actions', secret: 'user:5b0e9a7c1d2f3e4a5b6c7d8e9f0a1b2c', expiresAt: '2027-01-01T00:00:00.000Z' }],
    },
  ],
};

const expectedPrincipals = [
  { id: '1', email: 'olu.adeyemi@northwind.example', name: 'Olu Adeyemi', kind: 'user', active: true, lastSeenAt: '2026-06-29T08:12:44.120Z' },
  { id: '212', email: 'priya.raman@northwind.example', name: 'Priya Raman', kind: 'user', active: true, lastSeenAt: '2026-06-30T16:45:00.000Z' },
  { id: '318', email: 'jo.bauer@northwind.example', name: 'jo.bauer', kind: 'user', active: true },
  { id: '44', email: 'm.chen@northwind.example', name: 'Mei Chen', kind: 'user', active: true, lastSeenAt: '2026-06-12T07:30:00.000Z' },
  { id: '501', name: 'ci-release-bot', kind: 'service', active: true },
  { id: '777', email: 'ana.ruiz@northwind.example', name: 'Ana Ruiz', kind: 'user', active: true, lastSeenAt: '2026-06-01T12:00:00.000Z' },
  { id: 'group:9', name: 'sre-break-glass', kind: 'group', active: true },
];

const OWNER = ['flag.write', 'change.approve', 'change.apply', 'access.admin'];
const expectedGrants = [
  { principal: '1', role: 'Admin', project: '*', environment: '*', capabilities: ['admin'], via: 'root-role' },
  { principal: '212', role: 'Viewer', project: '*', environment: '*', capabilities: [], via: 'root-role' },
  { principal: '212', role: 'Release Manager', project: 'core-banking', environment: 'development', capabilities: ['flag.write', 'change.skip'], via: 'direct' },
  { principal: '212', role: 'Release Manager', project: 'core-banking', environment: 'production', capabilities: ['change.approve'], via: 'direct' },
  { principal: '318', role: 'Viewer', project: '*', environment: '*', capabilities: [], via: 'root-role' },
  { principal: '318', role: 'Member', project: 'core-banking', environment: '*', capabilities: ['flag.write', 'change.apply'], via: 'group:payments-oncall' },
  { principal: '318', role: 'Member', project: 'default', environment: '*', capabilities: ['flag.write', 'change.apply'], via: 'direct' },
  { principal: '44', role: 'Editor', project: '*', environment: '*', capabilities: ['flag.write', 'change.apply'], via: 'root-role' },
  { principal: '44', role: 'Owner', project: 'core-banking', environment: '*', capabilities: OWNER, via: 'direct' },
  { principal: '501', role: 'Editor', project: '*', environment: '*', capabilities: ['flag.write', 'change.apply'], via: 'root-role' },
  { principal: '777', role: 'Member', project: 'core-banking', environment: '*', capabilities: ['flag.write', 'change.apply'], via: 'group:payments-oncall' },
  { principal: 'group:9', role: 'Owner', project: 'default', environment: '*', capabilities: OWNER, via: 'direct' },
];

describe('UnleashSnapshotAdapter', () => {
  it('maps users, root roles, project roles, a custom role, groups and service accounts', () => {
    const snapshot = adapter.toSnapshot(doc, ctx);
    expect(snapshot.source).toBe('unleash');
    expect(snapshot.instance).toBe('flags.northwind.example');
    expect(snapshot.takenAt).toBe('2026-06-30T23:00:00.000Z');
    expect(snapshot.principals).toEqual(expectedPrincipals);
    expect(snapshot.grants).toEqual(expectedGrants);
  });

  it('gives root Admin admin, root Editor flag.write + change.apply everywhere, root Viewer an empty grant', () => {
    const { grants } = adapter.toSnapshot(doc, ctx);
    const root = grants.filter((g) => g.via === 'root-role').map((g) => [g.principal, g.role, g.project, g.environment, g.capabilities]);
    expect(root).toEqual([
      ['1', 'Admin', '*', '*', ['admin']],
      ['212', 'Viewer', '*', '*', []],
      ['318', 'Viewer', '*', '*', []],
      ['44', 'Editor', '*', '*', ['flag.write', 'change.apply']],
      ['501', 'Editor', '*', '*', ['flag.write', 'change.apply']],
    ]);
  });

  it('scopes custom-role permissions to their environment: approve in production only, skip in development', () => {
    const { grants } = adapter.toSnapshot(doc, ctx);
    const release = grants.filter((g) => g.role === 'Release Manager');
    expect(release.find((g) => g.environment === 'production')?.capabilities).toEqual(['change.approve']);
    expect(release.find((g) => g.environment === 'development')?.capabilities).toEqual(['flag.write', 'change.skip']);
    // CREATE_FEATURE and PROJECT_USER_ACCESS_READ give no capability, so no project-wide grant.
    expect(release.some((g) => g.environment === '*')).toBe(false);
  });

  it('redacts service-account token secrets and invite links in raw, without touching the input', () => {
    const snapshot = adapter.toSnapshot(doc, ctx);
    expect(snapshot.redactions).toEqual(['raw.serviceAccounts[0].tokens[0].secret', 'raw.users[3].inviteLink']);
    const raw = snapshot.raw as typeof doc;
    expect(raw.serviceAccounts[0].tokens[0].secret).toBe('[REDACTED]');
    expect(raw.users[3].inviteLink).toBe('[REDACTED]');
    expect(raw.users[0]).toBe(doc.users[0]);
    expect(doc.users[3].inviteLink).toBe('https://flags.northwind.example/new-user?token=4f7c2a9e0d1b');
    expect(JSON.stringify(snapshot)).not.toContain('5b0e9a7c1d2f');
  });

  it('is deterministic: the order of users and projects in the export does not matter', () => {
    const shuffled = {
      ...doc,
      users: [...doc.users].reverse(),
      projects: { default: doc.projects.default, 'core-banking': doc.projects['core-banking'] },
    };
    const a = adapter.toSnapshot(doc, ctx);
    const b = adapter.toSnapshot(shuffled, ctx);
    expect(b.principals).toEqual(a.principals);
    expect(b.grants).toEqual(a.grants);
  });

  it('builds the same document from the connector responses', () => {
    const built = buildUnleashSnapshotDocument({
      exportedAt: '2026-06-30T23:00:00Z',
      userAdmin: { users, rootRoles },
      roles: [{ version: 1, roles: doc.roles }],
      projectAccess: doc.projects,
      groups: { groups: doc.groups },
      serviceAccounts: { serviceAccounts: doc.serviceAccounts },
    });
    const snapshot = adapter.toSnapshot(built, ctx);
    expect(snapshot.principals).toEqual(expectedPrincipals);
    expect(snapshot.grants).toEqual(expectedGrants);
  });

  it('accepts the bare user-admin response and resolves seeded root role ids and names without a role list', () => {
    const snapshot = adapter.toSnapshot(
      { users: [{ id: 9, email: 'a@northwind.example', rootRole: 'Admin' }, { id: 10, email: 'b@northwind.example', rootRole: 2 }] },
      { ...ctx, takenAt: '2026-07-01T00:00:00+00:00' },
    );
    expect(snapshot.takenAt).toBe('2026-07-01T00:00:00.000Z');
    expect(snapshot.grants.map((g) => [g.principal, g.role, g.capabilities])).toEqual([
      ['10', 'Editor', ['flag.write', 'change.apply']],
      ['9', 'Admin', ['admin']],
    ]);
  });

  it('maps root-custom ADMIN and project user-access/token permissions', () => {
    const snapshot = adapter.toSnapshot(
      {
        takenAt: '2026-06-30T23:00:00Z',
        users: [{ id: 20, email: 'c@northwind.example', rootRole: 90 }],
        roles: [
          { id: 90, name: 'Platform root', type: 'root-custom', permissions: [{ name: 'ADMIN' }] },
          { id: 91, name: 'Access steward', type: 'custom', permissions: ['PROJECT_USER_ACCESS_WRITE', 'CREATE_PROJECT_API_TOKEN', 'PROJECT_CHANGE_REQUEST_WRITE'] },
        ],
        projects: { payments: { users: [{ id: 20, roles: [91] }], groups: [] } },
      },
      ctx,
    );
    expect(snapshot.grants).toEqual([
      { principal: '20', role: 'Platform root', project: '*', environment: '*', capabilities: ['admin'], via: 'root-role' },
      { principal: '20', role: 'Access steward', project: 'payments', environment: '*', capabilities: ['change.skip', 'access.admin'], via: 'direct' },
    ]);
  });

  it('asks for --taken-at when neither the caller nor the export gives a time (never the clock)', () => {
    const { exportedAt: _omit, ...untimed } = doc;
    const problem = problemOf(() => adapter.toSnapshot(untimed, ctx));
    expect(problem.field).toBe('takenAt');
    expect(problem.message).toContain('--taken-at');
    expect(adapter.toSnapshot(untimed, { ...ctx, takenAt: '2026-06-30T22:00:00Z' }).takenAt).toBe('2026-06-30T22:00:00.000Z');
  });

  it('prefers the caller takenAt, and rejects an export whose takenAt and exportedAt disagree', () => {
    expect(adapter.toSnapshot(doc, { ...ctx, takenAt: '2026-07-01T06:00:00Z' }).takenAt).toBe('2026-07-01T06:00:00.000Z');
    const problem = problemOf(() => adapter.toSnapshot({ ...doc, takenAt: '2026-06-30T21:00:00Z' }, ctx));
    expect(problem.field).toBe('exportedAt');
    expect(problem.message).toContain('disagrees with takenAt');
  });

  it('names the user and field of a bad seenAt', () => {
    const bad = { ...doc, users: [users[0], { ...users[1], seenAt: '2026-06-30 18:45' }] };
    const problem = problemOf(() => adapter.toSnapshot(bad, ctx));
    expect(problem).toMatchObject({ index: 1, field: 'users[1].seenAt' });
    expect(problem.message).toContain('RFC 3339');
  });

  it('names the project access entry holding an unknown role id', () => {
    const bad = { ...doc, projects: { 'core-banking': { ...doc.projects['core-banking'], users: [{ id: 212, roles: [14, 99] }] } } };
    const problem = problemOf(() => adapter.toSnapshot(bad, ctx));
    expect(problem).toMatchObject({ index: 0, field: 'projects.core-banking.users[0].roles[1]' });
    expect(problem.message).toContain('role "99"');
  });

  it('refuses a custom role whose permissions the export lacks rather than guessing "no access"', () => {
    const bad = { ...doc, roles: doc.roles.filter((r) => r.id !== 14) };
    const problem = problemOf(() => adapter.toSnapshot(bad, ctx));
    expect(problem.field).toBe('projects.core-banking.users[0].roles[0]');
    expect(problem.message).toContain('GET /api/admin/roles/14');
  });

  it('rejects an unknown top-level field by name (a typo would drop every project grant)', () => {
    const { projects, ...rest } = doc;
    const problem = problemOf(() => adapter.toSnapshot({ ...rest, project: projects }, ctx));
    expect(problem.field).toBe('project');
    expect(problem.message).toContain('unknown field');
  });

  it('does not resolve inherited names such as "constructor" as roles or permissions', () => {
    const hostile = {
      takenAt: '2026-06-30T23:00:00Z',
      users: [{ id: 30, email: 'd@northwind.example', rootRole: 92 }],
      roles: [{ id: 92, name: 'toString', type: 'root-custom', permissions: [{ name: 'constructor' }, { name: '__proto__' }] }],
    };
    expect(adapter.toSnapshot(hostile, ctx).grants).toEqual([
      { principal: '30', role: 'toString', project: '*', environment: '*', capabilities: [], via: 'root-role' },
    ]);
    const problem = problemOf(() => adapter.toSnapshot({ ...hostile, users: [{ id: 30, rootRole: 'constructor' }], roles: [] }, ctx));
    expect(problem).toMatchObject({ index: 0, field: 'users[0].rootRole' });
  });

  it('names a user without an id', () => {
    const problem = problemOf(() => adapter.toSnapshot({ ...doc, users: [users[0], { email: 'x@northwind.example', rootRole: 3 }] }, ctx));
    expect(problem).toMatchObject({ index: 1, field: 'users[1].id', message: 'is required' });
  });
});
