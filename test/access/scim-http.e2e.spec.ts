import { AccessService } from '../../src/access/access.service';
import { createBackend, TestBackend } from '../support/backends';
import { RunningServer, startServer } from '../support/core';

const GROUP_MAP = { 'flag-approvers-prod': { role: 'Approver', capabilities: ['change.approve'], project: 'payments', environment: 'production' } };

const listResponse = {
  schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
  totalResults: 3,
  startIndex: 1,
  itemsPerPage: 3,
  Resources: [
    { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'u-priya', userName: 'priya@acme.example', displayName: 'Priya Raman', active: 'True', emails: [{ value: 'priya@acme.example', primary: true }], meta: { resourceType: 'User' } },
    { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'u-mei', userName: 'mei@acme.example', displayName: 'Mei Chen', active: 'False', emails: [{ value: 'mei@acme.example', primary: true }], meta: { resourceType: 'User' } },
    { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id: 'g-1', displayName: 'flag-approvers-prod', members: [{ value: 'u-priya', type: 'User' }, { value: 'u-mei', type: 'User' }], meta: { resourceType: 'Group' } },
  ],
};

describe('SCIM snapshots with the configured group map', () => {
  let backend: TestBackend;
  let server: RunningServer;

  beforeAll(async () => {
    backend = await createBackend('sqlite', { EVIDENT_SCIM_GROUP_MAP: JSON.stringify(GROUP_MAP) });
    server = await startServer(backend);
  });
  afterAll(async () => {
    await server.close();
    await backend.dispose();
  });

  it('turns IdP group membership into grants and Entra string booleans into active flags', async () => {
    const res = await fetch(`${server.url}/api/v1/snapshots?source=scim&instance=entra&takenAt=2026-09-30T00:00:00Z`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.tokens.ingest}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify(listResponse),
    });
    expect(res.status).toBe(200);
    const snap = await server.app.get(AccessService).snapshotAt('scim', 'entra', '2026-10-01T00:00:00.000Z');
    expect(snap!.principals.map((p) => [p.id, p.active])).toEqual([['u-mei', false], ['u-priya', true]]);
    expect(snap!.grants).toEqual(
      expect.arrayContaining([expect.objectContaining({ principal: 'u-priya', role: 'Approver', project: 'payments', environment: 'production', capabilities: ['change.approve'] })]),
    );
  });

  it('refuses to start with a group map that names an unknown capability', async () => {
    const bad = await createBackend('sqlite', { EVIDENT_SCIM_GROUP_MAP: JSON.stringify({ g: { role: 'x', capabilities: ['fly'] } }) });
    await expect(startServer(bad)).rejects.toThrow(/EVIDENT_SCIM_GROUP_MAP.*capabilit/);
    await bad.dispose();
  });
});
