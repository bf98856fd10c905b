/**
 * A quarter (2026-Q3) at a small bank, as Unleash events and access snapshots, with one planted
 * violation of each kind. Everything not planted is clean; the checks must find exactly the plants.
 */
type Ev = Record<string, unknown>;

const USERS: Record<string, number> = {
  alice: 10, bob: 11, carol: 12, dave: 13, erin: 14, frank: 15, gina: 16, hank: 17, ivan: 18,
};
const email = (u: string) => `${u}@bank.example`;
let nextId = 4000;
const events: Ev[] = [];
const day = (d: string, h = 9, m = 0) => `2026-${d}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00.000Z`;

function ev(type: string, who: string, at: string, extra: Ev = {}): number {
  const id = nextId++;
  const actor = who === 'admin-token' ? { createdBy: 'admin-token', createdByUserId: -42 } : { createdBy: email(who), createdByUserId: USERS[who] };
  events.push({ id, type, createdAt: at, project: 'payments', tags: [], ...actor, ...extra });
  return id;
}
const flagEv = (type: string, who: string, at: string, flag: string, env: string | null, extra: Ev = {}) =>
  ev(type, who, at, { featureName: flag, environment: env, ...extra });

/** A change request that changes production, approved by `approvers` at the given times, applied by `applier`. */
function changeRequest(cr: number, o: { requester: string; approvers: [string, string][]; applier: string; appliedAt: string; flag: string; type?: string }): number {
  const g = `01JCR${cr}`;
  const createdAt = new Date(Date.parse(o.appliedAt) - 3 * 3600_000).toISOString();
  ev('change-request-created', o.requester, createdAt, { environment: 'production', data: { changeRequestId: cr } });
  for (const [who, at] of o.approvers) ev('change-request-approved', who, at, { environment: 'production', data: { changeRequestId: cr } });
  const change = flagEv(o.type ?? 'feature-environment-enabled', o.applier, o.appliedAt, o.flag, 'production', { groupType: 'change-request', groupId: g });
  ev('change-request-applied', o.applier, o.appliedAt, { environment: 'production', data: { changeRequestId: cr }, groupType: 'change-request', groupId: g });
  return change;
}

/** A flag's clean path: created, enabled in development and staging, then production through a CR. */
function cleanFlag(flag: string, month: string, cr: number): void {
  // Created mid-month: younger than the 90-day stale limit at the end of the quarter.
  flagEv('feature-created', 'alice', day(`${month}-12`), flag, null, { data: { name: flag, type: 'release' } });
  flagEv('feature-environment-enabled', 'alice', day(`${month}-13`), flag, 'development');
  flagEv('feature-environment-enabled', 'dave', day(`${month}-14`), flag, 'staging');
  changeRequest(cr, { requester: 'alice', approvers: [['bob', day(`${month}-15`, 10)]], applier: 'alice', appliedAt: day(`${month}-15`, 12), flag });
}

export const PLANTED: Record<string, { check: string; key: string | number }> = {};

export function buildScenario(): { events: Ev[]; snapshots: Ev[]; roster: string } {
  events.length = 0;
  nextId = 4000;
  // A release flag from before the quarter that nobody removed.
  const stale = flagEv('feature-created', 'carol', day('05-01'), 'legacy-ledger', null, { data: { name: 'legacy-ledger', type: 'release' } });
  PLANTED.stale = { check: 'LCY-STALE', key: stale };

  cleanFlag('instant-refunds', '07', 100);
  cleanFlag('card-tokenisation', '07', 107);
  cleanFlag('fx-quotes', '08', 108);

  // 1. A production toggle with no change request.
  flagEv('feature-created', 'alice', day('07-10'), 'sepa-batching', null, { data: { name: 'sepa-batching', type: 'kill-switch' } });
  flagEv('feature-environment-enabled', 'alice', day('07-11'), 'sepa-batching', 'development');
  PLANTED.noCr = { check: 'CHG-APPROVED', key: flagEv('feature-environment-enabled', 'alice', day('07-12'), 'sepa-batching', 'production') };

  // 2. A change request approved by its own requester (and by carol, so it is otherwise approved).
  flagEv('feature-environment-enabled', 'dave', day('07-16'), 'instant-refunds', 'development');
  changeRequest(101, { requester: 'dave', approvers: [['dave', day('07-17', 9)], ['carol', day('07-17', 10)]], applier: 'dave', appliedAt: day('07-17', 12), flag: 'instant-refunds', type: 'feature-strategy-update' });
  PLANTED.selfApproved = { check: 'CHG-NO-SELF-APPROVAL', key: 'change-request:101' };

  // 3. An approval given after the change was applied.
  changeRequest(102, { requester: 'alice', approvers: [['bob', day('07-20', 15)]], applier: 'alice', appliedAt: day('07-20', 12), flag: 'card-tokenisation', type: 'feature-strategy-update' });
  PLANTED.lateApproval = { check: 'CHG-APPROVED-BEFORE-APPLY', key: 'change-request:102' };

  // 4. An approver who could only approve in staging.
  changeRequest(103, { requester: 'alice', approvers: [['ivan', day('08-12', 10)]], applier: 'alice', appliedAt: day('08-12', 12), flag: 'fx-quotes', type: 'feature-strategy-update' });
  PLANTED.unauthorizedApprover = { check: 'CHG-APPROVER-AUTHORIZED', key: 'change-request:103' };

  // 5. A change applied by someone without write access to production.
  PLANTED.unauthorizedActor = {
    check: 'CHG-ACTOR-AUTHORIZED',
    key: changeRequest(104, { requester: 'alice', approvers: [['bob', day('08-14', 10)]], applier: 'hank', appliedAt: day('08-14', 12), flag: 'fx-quotes', type: 'feature-strategy-update' }),
  };

  // 6. A flag enabled in production before any other environment.
  flagEv('feature-created', 'alice', day('08-18'), 'open-banking-api', null, { data: { name: 'open-banking-api', type: 'permission' } });
  PLANTED.productionFirst = { check: 'CHG-PROGRESSION', key: changeRequest(105, { requester: 'alice', approvers: [['carol', day('08-19', 10)]], applier: 'alice', appliedAt: day('08-19', 12), flag: 'open-banking-api' }) };

  // 7. The shared admin token as actor.
  PLANTED.adminToken = { check: 'CHG-ATTRIBUTED', key: changeRequest(106, { requester: 'alice', approvers: [['bob', day('09-02', 10)]], applier: 'admin-token', appliedAt: day('09-02', 12), flag: 'instant-refunds', type: 'feature-strategy-update' }) };

  // 8. A gap in Unleash's own event ids.
  PLANTED.gap = { check: 'LOG-COMPLETE', key: nextId };
  nextId += 3;
  cleanFlag('loan-preapproval', '09', 109);

  const active = (u: string, seen = '2026-09-10T08:00:00.000Z') => ({ id: String(USERS[u]), email: email(u), name: u, kind: 'user', active: true, lastSeenAt: seen });
  const grant = (u: string, role: string, environment: string, capabilities: string[]) => ({ principal: String(USERS[u]), role, project: 'payments', environment, capabilities, via: 'direct' });
  const grants = [
    grant('alice', 'Member', '*', ['flag.write', 'change.apply']),
    grant('bob', 'Approver', 'production', ['change.approve']),
    grant('carol', 'Approver', 'production', ['change.approve']),
    grant('dave', 'Member', '*', ['flag.write', 'change.apply', 'change.approve']),
    grant('erin', 'Member', '*', ['flag.write', 'change.apply']),
    grant('frank', 'Member', 'development', ['flag.write']),
    grant('gina', 'Release manager', 'production', ['flag.write', 'change.skip']),
    grant('hank', 'Viewer', '*', []),
    grant('ivan', 'Approver', 'staging', ['change.approve']),
  ];
  const principals = Object.keys(USERS).map((u) => (u === 'frank' ? active(u, '2026-04-01T08:00:00.000Z') : active(u)));
  const snapshot = (takenAt: string) => ({ source: 'unleash', instance: 'flags.bank.example', takenAt, principals, grants });
  PLANTED.terminated = { check: 'ACC-TERMINATED', key: `principal:${USERS.erin}` };
  PLANTED.dormant = { check: 'ACC-DORMANT', key: `principal:${USERS.frank}` };
  PLANTED.canSkip = { check: 'ACC-SOD', key: `principal:${USERS.gina}` };

  const roster = ['email,status,terminated_at,manager_email,department']
    .concat(Object.keys(USERS).map((u) => (u === 'erin' ? `${email(u)},terminated,2026-08-01T17:00:00Z,${email('bob')},Payments` : `${email(u)},active,,${email('bob')},Payments`)))
    .join('\n');
  return { events: [...events], snapshots: [snapshot('2026-06-30T00:00:00.000Z'), snapshot('2026-09-15T00:00:00.000Z')], roster };
}
