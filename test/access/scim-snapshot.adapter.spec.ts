import type { SnapshotContext } from '../../src/access/access-snapshot';
import { ScimSnapshotAdapter, unmappedScimGroups } from '../../src/access/adapters/scim-snapshot.adapter';
import { problemOf } from '../support/problems';

const adapter = new ScimSnapshotAdapter();


// --- an Entra ID style SCIM export (invented values, shaped like RFC 7643 User/Group and the
// RFC 7644 ListResponse; Entra sends `active` as the strings "True"/"False")

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const priya = {
  schemas: [USER, ENTERPRISE],
  id: 'c3a1f0de-77b2-4c5e-9d01-6f8e2a4b1c77',
  externalId: '00u8k2mq4xYvT1Lw5d7',
  userName: 'priya.raman@northwind.example',
  name: { givenName: 'Priya', familyName: 'Raman' },
  displayName: 'Priya Raman',
  active: true,
  emails: [
    { value: 'p.raman@home.example', type: 'home' },
    { value: 'priya.raman@northwind.example', type: 'work', primary: true },
  ],
  [ENTERPRISE]: { employeeNumber: 'E-10442', department: 'Core Banking Platform', manager: { value: 'a7b6c5d4-1111-2222-3333-444455556666', displayName: 'Olu Adeyemi' } },
  meta: { resourceType: 'User', created: '2024-11-04T10:00:00Z', lastModified: '2025-03-28T07:41:12Z', version: 'W/"a1b2c3"' },
};

const mei = {
  schemas: [USER],
  id: 'e5d4c3b2-9999-8888-7777-666655554444',
  userName: 'm.chen@northwind.example',
  displayName: 'Mei Chen',
  active: 'False',
  emails: [{ value: 'm.chen@northwind.example', type: 'work', primary: 'True' }],
  meta: { resourceType: 'User', created: '2024-06-01T12:00:00Z', lastModified: '2026-06-20T09:00:00Z' },
};

const jo = {
  schemas: [USER],
  id: '1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b',
  userName: 'jo.bauer@northwind.example',
  name: { givenName: 'Jo', familyName: 'Bauer' },
  active: 'True',
  meta: { resourceType: 'User' },
};

const approvers = {
  schemas: [GROUP],
  id: '9f1e2d3c-0000-4a5b-8c7d-112233445566',
  externalId: '00g3r9zq1AbCdEf2x5',
  displayName: 'flag-approvers-prod',
  members: [
    { value: priya.id, display: 'Priya Raman', type: 'User' },
    { value: mei.id, display: 'Mei Chen', type: 'User' },
  ],
  meta: { resourceType: 'Group', created: '2024-06-01T12:00:00Z', lastModified: '2025-04-01T15:20:03Z' },
};

const releaseManagers = {
  schemas: [GROUP],
  id: '2a3b4c5d-6e7f-4081-9293-a4b5c6d7e8f9',
  displayName: 'release-managers',
  // Nested: the approvers group is itself a member, as RFC 7643 allows.
  members: [{ value: approvers.id, type: 'Group' }, { value: jo.id }],
  meta: { resourceType: 'Group' },
};

const allStaff = {
  schemas: [GROUP],
  id: '7d6c5b4a-3928-4716-a5b4-c3d2e1f0a9b8',
  displayName: 'all-staff',
  members: [{ value: priya.id }, { value: mei.id }, { value: jo.id }],
};

const listResponse = {
  schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
  totalResults: 6,
  startIndex: 1,
  itemsPerPage: 6,
  Resources: [priya, mei, jo, approvers, releaseManagers, allStaff],
};

const ctx: SnapshotContext = {
  instance: 'entra.northwind.example',
  takenAt: '2026-06-30T23:00:00Z',
  groupMap: {
    'flag-approvers-prod': { role: 'Approver', capabilities: ['change.approve'], project: 'core-banking', environment: 'production' },
    'release-managers': { role: 'Release manager', capabilities: ['change.apply', 'flag.write'] },
  },
};

const expectedPrincipals = [
  { id: '1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b', email: 'jo.bauer@northwind.example', name: 'Jo Bauer', kind: 'user', active: true },
  { id: 'c3a1f0de-77b2-4c5e-9d01-6f8e2a4b1c77', email: 'priya.raman@northwind.example', name: 'Priya Raman', kind: 'user', active: true },
  { id: 'e5d4c3b2-9999-8888-7777-666655554444', email: 'm.chen@northwind.example', name: 'Mei Chen', kind: 'user', active: false },
];

const approverGrant = { role: 'Approver', project: 'core-banking', environment: 'production', capabilities: ['change.approve'], via: 'group:flag-approvers-prod' };
const releaseGrant = { role: 'Release manager', project: '*', environment: '*', capabilities: ['flag.write', 'change.apply'], via: 'group:release-managers' };
const expectedGrants = [
  { principal: jo.id, ...releaseGrant },
  { principal: priya.id, ...releaseGrant },
  { principal: priya.id, ...approverGrant },
  { principal: mei.id, ...releaseGrant },
  { principal: mei.id, ...approverGrant },
];

describe('ScimSnapshotAdapter', () => {
  it('maps Users to principals, accepting Entra "True"/"False" strings for active', () => {
    const snapshot = adapter.toSnapshot(listResponse, ctx);
    expect(snapshot.source).toBe('scim');
    expect(snapshot.instance).toBe('entra.northwind.example');
    expect(snapshot.takenAt).toBe('2026-06-30T23:00:00.000Z');
    expect(snapshot.principals).toEqual(expectedPrincipals);
  });

  it('grants through the group map only, following nested groups', () => {
    expect(adapter.toSnapshot(listResponse, ctx).grants).toEqual(expectedGrants);
  });

  it('gives no grant for an unmapped group and lists it', () => {
    const { grants } = adapter.toSnapshot(listResponse, ctx);
    expect(grants.some((g) => g.via === 'group:all-staff')).toBe(false);
    expect(unmappedScimGroups(listResponse, ctx.groupMap)).toEqual(['all-staff']);
    expect(unmappedScimGroups(listResponse)).toEqual(['all-staff', 'flag-approvers-prod', 'release-managers']);
  });

  it('keeps the enterprise extension (manager) in raw only', () => {
    const snapshot = adapter.toSnapshot(listResponse, ctx);
    expect(JSON.stringify(snapshot.principals)).not.toContain('Olu Adeyemi');
    const raw = snapshot.raw as typeof listResponse;
    expect((raw.Resources[0] as typeof priya)[ENTERPRISE].manager.displayName).toBe('Olu Adeyemi');
  });

  it('accepts {users, groups} ListResponses with the export time in the wrapper', () => {
    const wrapped = {
      exportedAt: '2026-06-30T23:00:00Z',
      users: { ...listResponse, totalResults: 3, Resources: [priya, mei, jo] },
      groups: { ...listResponse, totalResults: 3, Resources: [approvers, releaseManagers, allStaff] },
    };
    const snapshot = adapter.toSnapshot(wrapped, { ...ctx, takenAt: undefined });
    expect(snapshot.takenAt).toBe('2026-06-30T23:00:00.000Z');
    expect(snapshot.principals).toEqual(expectedPrincipals);
    expect(snapshot.grants).toEqual(expectedGrants);
  });

  it('reads memberships from the Users side when the export has no Groups', () => {
    const withGroups = { ...jo, groups: [{ value: approvers.id, display: 'flag-approvers-prod', type: 'direct' }] };
    const snapshot = adapter.toSnapshot({ ...listResponse, totalResults: 1, Resources: [withGroups] }, ctx);
    expect(snapshot.grants).toEqual([{ principal: jo.id, ...approverGrant }]);
  });

  it('names a User whose active is neither a boolean nor "True"/"False"', () => {
    const bad = { ...listResponse, Resources: [priya, { ...mei, active: 'yes' }] , totalResults: 2 };
    const problem = problemOf(() => adapter.toSnapshot(bad, ctx));
    expect(problem).toMatchObject({ index: 1, field: 'Resources[1].active' });
    expect(problem.message).toContain('"yes"');
  });

  it('refuses one page of a paged ListResponse', () => {
    const problem = problemOf(() => adapter.toSnapshot({ ...listResponse, totalResults: 240, itemsPerPage: 6 }, ctx));
    expect(problem.field).toBe('totalResults');
    expect(problem.message).toContain('export every page');
  });

  it('names a mapped group member the export does not contain', () => {
    const ghost = { ...approvers, members: [...approvers.members, { value: 'deadbeef-0000-4000-8000-000000000000', type: 'User' }] };
    const bad = { ...listResponse, Resources: [priya, mei, jo, ghost, releaseManagers, allStaff] };
    const problem = problemOf(() => adapter.toSnapshot(bad, ctx));
    expect(problem).toMatchObject({ index: 3, field: 'Resources[3].members[2].value' });
    expect(problem.message).toContain('deadbeef-0000-4000-8000-000000000000');
  });

  it('names a User without userName, and a group-map entry with an unknown capability', () => {
    const { userName: _drop, ...nameless } = jo;
    const a = problemOf(() => adapter.toSnapshot({ ...listResponse, Resources: [priya, nameless], totalResults: 2 }, ctx));
    expect(a).toMatchObject({ index: 1, field: 'Resources[1].userName', message: 'is required' });

    const groupMap = { 'release-managers': { role: 'Release manager', capabilities: ['flag.write', 'deploy'] } } as unknown as SnapshotContext['groupMap'];
    const b = problemOf(() => adapter.toSnapshot(listResponse, { ...ctx, groupMap }));
    expect(b.field).toBe('groupMap.release-managers.capabilities[1]');
    expect(b.message).toContain('"deploy" is not a capability');
  });

  it('names a resource that is neither a User nor a Group', () => {
    const problem = problemOf(() => adapter.toSnapshot({ ...listResponse, Resources: [{ schemas: ['urn:example:Device'], id: 'x' }], totalResults: 1 }, ctx));
    expect(problem).toMatchObject({ index: 0, field: 'Resources[0].schemas' });
  });

  it('asks for --taken-at for a bare ListResponse without a caller time', () => {
    const problem = problemOf(() => adapter.toSnapshot(listResponse, { instance: 'entra' }));
    expect(problem.field).toBe('takenAt');
    expect(problem.message).toContain('--taken-at');
  });
});
