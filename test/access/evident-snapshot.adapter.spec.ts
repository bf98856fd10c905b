import { EvidentSnapshotAdapter, MAX_RAW_SNAPSHOT_CHARS } from '../../src/access/adapters/evident-snapshot.adapter';
import { problemOf } from '../support/problems';

const adapter = new EvidentSnapshotAdapter();
const ctx = { instance: 'ignored-for-generic' };


// DESIGN.md's example, grown by a service account, a group and a second grant.
const doc = {
  source: 'unleash',
  instance: 'flags.acme.example',
  takenAt: '2026-06-30T23:00:00Z',
  principals: [
    { id: '212', email: 'priya@acme.example', name: 'Priya Raman', kind: 'user', active: true, lastSeenAt: '2026-06-29T10:00:00Z' },
    { id: 'svc-deploy', name: 'deploy-pipeline', kind: 'service', active: true, lastSeenAt: null },
    { id: 'grp-oncall', name: 'payments-oncall', kind: 'group', active: true },
    { id: 7, email: 'olu@acme.example', kind: 'user', active: false },
  ],
  grants: [
    { principal: '212', role: 'Owner', project: 'core-banking', environment: 'production', capabilities: ['change.approve', 'flag.write'], via: 'direct' },
    { principal: 'svc-deploy', role: 'Deployer', project: '*', environment: 'staging', capabilities: ['flag.write'], via: 'direct' },
    { principal: '7', role: 'Admin', project: '*', environment: '*', capabilities: ['admin'], via: 'root-role' },
    { principal: '212', role: 'Member', project: 'core-banking', environment: '*', capabilities: ['flag.write', 'flag.write'], via: 'group:payments-oncall' },
  ],
  raw: { exportedBy: 'acme-sync 2.3', apiKey: 'k-3f9a0c', rows: 4 },
};

describe('EvidentSnapshotAdapter', () => {
  it('reads the DESIGN.md format: own source and instance, normalized times, sorted output', () => {
    const snapshot = adapter.toSnapshot(doc, ctx);
    expect(snapshot.source).toBe('unleash');
    expect(snapshot.instance).toBe('flags.acme.example');
    expect(snapshot.takenAt).toBe('2026-06-30T23:00:00.000Z');
    expect(snapshot.principals).toEqual([
      { id: '212', email: 'priya@acme.example', name: 'Priya Raman', kind: 'user', active: true, lastSeenAt: '2026-06-29T10:00:00.000Z' },
      { id: '7', email: 'olu@acme.example', kind: 'user', active: false },
      { id: 'grp-oncall', name: 'payments-oncall', kind: 'group', active: true },
      { id: 'svc-deploy', name: 'deploy-pipeline', kind: 'service', active: true },
    ]);
    expect(snapshot.grants).toEqual([
      { principal: '212', role: 'Member', project: 'core-banking', environment: '*', capabilities: ['flag.write'], via: 'group:payments-oncall' },
      { principal: '212', role: 'Owner', project: 'core-banking', environment: 'production', capabilities: ['flag.write', 'change.approve'], via: 'direct' },
      { principal: '7', role: 'Admin', project: '*', environment: '*', capabilities: ['admin'], via: 'root-role' },
      { principal: 'svc-deploy', role: 'Deployer', project: '*', environment: 'staging', capabilities: ['flag.write'], via: 'direct' },
    ]);
  });

  it('redacts secrets inside raw and records where', () => {
    const snapshot = adapter.toSnapshot(doc, ctx);
    expect(snapshot.raw).toEqual({ exportedBy: 'acme-sync 2.3', apiKey: '[REDACTED]', rows: 4 });
    expect(snapshot.redactions).toEqual(['raw.apiKey']);
  });

  it('drops raw that is too large to keep', () => {
    const big = { ...doc, raw: { chunks: ['x'.repeat(MAX_RAW_SNAPSHOT_CHARS / 2), 'y'.repeat(MAX_RAW_SNAPSHOT_CHARS / 2)] } };
    const snapshot = adapter.toSnapshot(big, ctx);
    expect(snapshot.raw).toBeUndefined();
    expect(snapshot.grants).toHaveLength(4);
  });

  it('lets the caller takenAt win, and requires one from somewhere', () => {
    expect(adapter.toSnapshot(doc, { ...ctx, takenAt: '2026-07-01T01:00:00+01:00' }).takenAt).toBe('2026-07-01T00:00:00.000Z');
    const { takenAt: _t, ...untimed } = doc;
    expect(problemOf(() => adapter.toSnapshot(untimed, ctx)).message).toContain('--taken-at');
  });

  it('rejects an unknown field by name, at every level', () => {
    expect(problemOf(() => adapter.toSnapshot({ ...doc, exportedAt: doc.takenAt }, ctx))).toMatchObject({ field: 'exportedAt' });
    const p = problemOf(() => adapter.toSnapshot({ ...doc, principals: [doc.principals[0], { ...doc.principals[1], role: 'Deployer' }] }, ctx));
    expect(p).toMatchObject({ index: 1, field: 'principals[1].role' });
    expect(p.message).toContain('unknown field');
    const g = problemOf(() => adapter.toSnapshot({ ...doc, grants: [{ ...doc.grants[0], capabilites: ['admin'] }] }, ctx));
    expect(g).toMatchObject({ index: 0, field: 'grants[0].capabilites' });
  });

  it('names a grant whose principal does not exist', () => {
    const bad = { ...doc, grants: [doc.grants[0], { ...doc.grants[1], principal: 'svc-deploy-2' }] };
    const problem = problemOf(() => adapter.toSnapshot(bad, ctx));
    expect(problem).toMatchObject({ index: 1, field: 'grants[1].principal' });
    expect(problem.message).toContain('"svc-deploy-2"');
  });

  it('names an unknown capability with its position', () => {
    const bad = { ...doc, grants: [{ ...doc.grants[0], capabilities: ['flag.write', 'deploy'] }] };
    const problem = problemOf(() => adapter.toSnapshot(bad, ctx));
    expect(problem).toMatchObject({ index: 0, field: 'grants[0].capabilities[1]' });
    expect(problem.message).toContain('one of flag.write, change.approve, change.apply, change.skip, access.admin, admin');
  });

  it('rejects a takenAt without a time zone, a bad kind, a missing active and duplicate principal ids', () => {
    expect(problemOf(() => adapter.toSnapshot({ ...doc, takenAt: '2026-06-30T23:00:00' }, ctx))).toMatchObject({ field: 'takenAt' });
    expect(problemOf(() => adapter.toSnapshot({ ...doc, principals: [{ ...doc.principals[0], kind: 'bot' }] }, ctx))).toMatchObject({
      index: 0,
      field: 'principals[0].kind',
    });
    const { active: _a, ...inactive } = doc.principals[1];
    expect(problemOf(() => adapter.toSnapshot({ ...doc, principals: [doc.principals[0], inactive] }, ctx))).toMatchObject({
      index: 1,
      field: 'principals[1].active',
    });
    const dup = problemOf(() => adapter.toSnapshot({ ...doc, principals: [...doc.principals, { ...doc.principals[0] }] }, ctx));
    expect(dup).toMatchObject({ index: 4, field: 'principals[4].id' });
    expect(dup.message).toContain('also principals[0]');
  });

  it('requires source, instance, principals and grants', () => {
    for (const field of ['source', 'instance', 'principals', 'grants'] as const) {
      const partial: Record<string, unknown> = { ...doc };
      delete partial[field];
      expect(problemOf(() => adapter.toSnapshot(partial, ctx))).toMatchObject({ field });
    }
  });
});
