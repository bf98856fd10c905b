import {
  UNLEASH_SAMPLE_DEFAULTS,
  UNLEASH_SAMPLE_PLANTED,
  UnleashEventRecord,
  buildUnleashSample,
  generateUnleashSample,
} from '../../src/demo/unleash-sample';
import { UnleashAdapter } from '../../src/ingest/adapters/unleash.adapter';
import { NORMALIZED_TYPES, NormalizedEvent } from '../../src/ingest/normalized-event';

const adapter = new UnleashAdapter();
const sample = generateUnleashSample();
const byId = new Map(sample.map((e) => [e.id, e]));
const normalized = sample.map((e, i) => adapter.map(e, i, { instance: 'flags.acme.example' }));

const EVENT_FIELDS = ['id', 'type', 'createdBy', 'createdByUserId', 'createdAt', 'featureName', 'project', 'environment', 'data', 'preData', 'tags', 'label', 'summary', 'ip'];
const isProductionFlagChange = (e: NormalizedEvent): boolean => e.type.startsWith('flag.') && e.environment === 'production';

describe('generateUnleashSample', () => {
  it('is deterministic: same seed, same events; another seed, other events', () => {
    expect(generateUnleashSample()).toEqual(sample);
    expect(generateUnleashSample({ seed: UNLEASH_SAMPLE_DEFAULTS.seed })).toEqual(sample);
    expect(generateUnleashSample({ seed: 7 })).toEqual(generateUnleashSample({ seed: 7 }));
    expect(generateUnleashSample({ seed: 7 })).not.toEqual(sample);
  });

  it('uses neither Math.random nor the clock', () => {
    const random = jest.spyOn(Math, 'random');
    const now = jest.spyOn(Date, 'now');
    generateUnleashSample({ seed: 3 });
    expect(random).not.toHaveBeenCalled();
    expect(now).not.toHaveBeenCalled();
    random.mockRestore();
    now.mockRestore();
  });

  it.each([UNLEASH_SAMPLE_DEFAULTS.seed, 1, 2, 42, 99991])('holds a few hundred events for seed %s', (seed) => {
    const events = seed === UNLEASH_SAMPLE_DEFAULTS.seed ? sample : generateUnleashSample({ seed });
    expect(events.length).toBeGreaterThanOrEqual(300);
    expect(events.length).toBeLessThanOrEqual(600);
  });

  it('has strictly increasing ids and times, all inside the window', () => {
    const start = Date.parse(UNLEASH_SAMPLE_DEFAULTS.start);
    const end = start + UNLEASH_SAMPLE_DEFAULTS.days * 24 * 3600 * 1000;
    expect(sample[0].id).toBeGreaterThanOrEqual(18000);
    for (let i = 1; i < sample.length; i++) {
      expect(sample[i].id).toBeGreaterThan(sample[i - 1].id);
      expect(Date.parse(sample[i].createdAt)).toBeGreaterThan(Date.parse(sample[i - 1].createdAt));
    }
    for (const e of sample) {
      expect(new Date(e.createdAt).toISOString()).toBe(e.createdAt);
      const t = Date.parse(e.createdAt);
      expect(t >= start && t < end).toBe(true);
    }
  });

  it('honours start and days', () => {
    const events = generateUnleashSample({ start: '2026-01-01T00:00:00.000Z', days: 60 });
    for (const e of events) {
      expect(e.createdAt >= '2026-01-01T00:00:00.000Z' && e.createdAt < '2026-03-02T00:00:00.000Z').toBe(true);
    }
    expect(() => generateUnleashSample({ days: 10 })).toThrow(RangeError);
    expect(() => generateUnleashSample({ start: 'soon' })).toThrow(RangeError);
  });

  it('shapes every record like the event search API', () => {
    for (const e of sample) {
      const keys = Object.keys(e).filter((k) => k !== 'groupType' && k !== 'groupId');
      expect(keys.sort()).toEqual([...EVENT_FIELDS].sort());
      expect('groupId' in e).toBe('groupType' in e);
    }
    const types = new Set(sample.map((e) => e.type));
    for (const t of ['feature-created', 'feature-strategy-add', 'feature-strategy-update', 'feature-environment-enabled', 'feature-environment-disabled',
      'feature-archived', 'feature-environment-variants-updated', 'segment-created', 'segment-updated', 'user-created', 'user-deleted',
      'project-access-added', 'api-token-created', 'change-request-created', 'change-request-approved', 'change-request-applied']) {
      expect([t, types.has(t)]).toEqual([t, true]);
    }
    const actors = new Set(sample.map((e) => e.createdByUserId));
    expect(actors.has(-42)).toBe(true);
    expect(actors.has(-1337)).toBe(true);
    expect(new Set(sample.filter((e) => (e.createdByUserId ?? 0) > 0).map((e) => e.createdBy)).size).toBeGreaterThanOrEqual(18);
    expect(new Set(sample.map((e) => e.project).filter(Boolean))).toEqual(new Set(['core-banking', 'payments', 'growth']));
    expect(new Set(sample.map((e) => e.environment).filter(Boolean))).toEqual(new Set(['development', 'staging', 'production']));
  });

  it('maps every record through the Unleash adapter onto known types', () => {
    const known: readonly string[] = NORMALIZED_TYPES;
    for (const [i, e] of normalized.entries()) {
      expect(known).toContain(e.type);
      expect(e.type).not.toBe('other');
      expect(e.id).toBe(String(sample[i].id));
    }
  });

  it('carries token secrets that the adapter redacts', () => {
    const tokens = normalized.filter((e) => e.nativeType === 'api-token-created');
    expect(tokens.length).toBeGreaterThan(0);
    for (const e of tokens) expect(e.redactions).toEqual(['raw.data.secret', 'after.secret']);
    const deleted = normalized.find((e) => e.nativeType === 'api-token-deleted');
    expect(deleted?.redactions).toEqual(['raw.preData.secret', 'before.secret']);
  });

  it('links CR-applied flag changes to their change-request-applied event by transaction group', () => {
    const appliedGroups = new Map<string, UnleashEventRecord>();
    for (const e of sample) {
      if (e.type === 'change-request-applied' || e.type === 'change-request-scheduled-application-success') appliedGroups.set(e.groupId!, e);
    }
    const grouped = sample.filter((e) => e.groupId !== undefined && !e.type.startsWith('change-request'));
    expect(grouped.length).toBeGreaterThan(0);
    for (const e of grouped) {
      expect(e.groupType).toBe('change-request');
      const applied = appliedGroups.get(e.groupId!);
      expect(applied).toBeDefined();
      expect(e.environment).toBe('production');
      expect(e.createdBy).toBe(applied!.createdBy);
      expect(e.id).toBeLessThan(applied!.id);
    }
  });

  it('runs every change request created → in review → approved by someone else → applied (except the planted one)', () => {
    const crs = new Map<number, UnleashEventRecord[]>();
    for (const e of sample) {
      const id = (e.data as { changeRequestId?: number } | null)?.changeRequestId;
      if (id !== undefined) crs.set(id, [...(crs.get(id) ?? []), e]);
    }
    expect(crs.size).toBeGreaterThan(30);
    const selfApproved: number[] = [];
    for (const [id, events] of crs) {
      const [created, ...rest] = events;
      expect(created.type).toBe('change-request-created');
      expect(rest[0].type).toBe('change-request-sent-to-review');
      const approvals = rest.filter((e) => e.type === 'change-request-approved' || e.type === 'change-request-approval-added');
      expect(approvals.length).toBe(created.project === 'core-banking' ? 2 : 1);
      expect(new Set(approvals.map((a) => a.createdBy)).size).toBe(approvals.length);
      if (approvals.some((a) => a.createdByUserId === created.createdByUserId)) selfApproved.push(id);
      expect(events[events.length - 1].type).toMatch(/^change-request-(applied|scheduled-application-success)$/);
    }
    expect(selfApproved).toEqual([UNLEASH_SAMPLE_PLANTED.selfApprovedChangeRequest.changeRequestId]);
  });

  it('promotes every flag through development and staging before production', () => {
    const enabledIn = new Map<string, Set<string>>();
    for (const e of sample.filter((x) => x.type === 'feature-environment-enabled')) {
      const seen = enabledIn.get(e.featureName!) ?? new Set<string>();
      if (e.environment === 'production') expect([e.featureName, seen.has('development') && seen.has('staging')]).toEqual([e.featureName, true]);
      seen.add(e.environment!);
      enabledIn.set(e.featureName!, seen);
    }
  });
});

describe('UNLEASH_SAMPLE_PLANTED', () => {
  it('matches what the default sample actually plants', () => {
    expect(buildUnleashSample().planted).toEqual(UNLEASH_SAMPLE_PLANTED);
  });

  it('points at a production enable outside any change request', () => {
    const { eventId, flag } = UNLEASH_SAMPLE_PLANTED.productionEnableWithoutChangeRequest;
    const e = byId.get(eventId)!;
    expect(e).toMatchObject({ type: 'feature-environment-enabled', environment: 'production', featureName: flag });
    expect(e.groupId).toBeUndefined();
    expect(e.createdByUserId).toBeGreaterThan(0);
  });

  it('points at a change request approved by its own requester', () => {
    const p = UNLEASH_SAMPLE_PLANTED.selfApprovedChangeRequest;
    const created = byId.get(p.createdEventId)!;
    const approved = byId.get(p.approvedEventId)!;
    const applied = byId.get(p.appliedEventId)!;
    expect(created.type).toBe('change-request-created');
    expect(approved.type).toBe('change-request-approved');
    expect(applied.type).toBe('change-request-applied');
    for (const e of [created, approved, applied]) expect(e.data).toEqual({ changeRequestId: p.changeRequestId });
    expect(approved.createdByUserId).toBe(created.createdByUserId);
    expect(approved.createdBy).toBe(created.createdBy);
    expect(sample.some((e) => e.groupId === applied.groupId && e.type === 'feature-environment-enabled')).toBe(true);
  });

  it('points at a production change made with the admin token', () => {
    const { eventId, flag } = UNLEASH_SAMPLE_PLANTED.productionChangeByAdminToken;
    const e = byId.get(eventId)!;
    expect(e).toMatchObject({ createdByUserId: -42, environment: 'production', featureName: flag, type: 'feature-strategy-update' });
    expect(e.groupId).toBeUndefined();
    expect(adapter.map(e, 0, { instance: 'x' }).actor).toMatchObject({ kind: 'service', id: 'admin-token' });
  });

  it('are the only production flag changes outside a change request', () => {
    const outside = normalized.filter((e) => isProductionFlagChange(e) && !e.group).map((e) => Number(e.id));
    expect(outside.sort()).toEqual(
      [UNLEASH_SAMPLE_PLANTED.productionEnableWithoutChangeRequest.eventId, UNLEASH_SAMPLE_PLANTED.productionChangeByAdminToken.eventId].sort(),
    );
  });
});
