import { ChangeRequestEntity, FlagChangeEntity } from '../changes/change.entities';
import { CheckException, CheckResult } from './check.types';
import { CheckInputs, crKey, independentApprovals, inPeriod, isRequester } from './check-inputs';

type CheckBody = (inputs: CheckInputs) => Omit<CheckResult, 'id' | 'title'>;

const productionChanges = (i: CheckInputs) => i.changes.filter((c) => c.production === 1 && inPeriod(c.time, i.period));
const exception = (c: FlagChangeEntity, reason: string, detail: string): CheckException => ({ seq: c.seq, source: c.source, id: c.eventId, reason, detail });
const crException = (cr: ChangeRequestEntity, seq: number | null, reason: string, detail: string): CheckException => ({
  seq,
  source: cr.source,
  id: `change-request:${cr.crId}`,
  reason,
  detail,
});
const outcome = (population: number, exceptions: CheckException[], emptyNote: string): Omit<CheckResult, 'id' | 'title'> =>
  population === 0
    ? { status: 'not-applicable', population, exceptions, note: emptyNote }
    : { status: exceptions.length > 0 ? 'fail' : 'pass', population, exceptions };

function requestsById(i: CheckInputs): Map<string, ChangeRequestEntity> {
  return new Map(i.changeRequests.map((cr) => [crKey(cr.source, cr.instance, cr.crId), cr]));
}

/** Applied change requests whose application falls in the period. */
const appliedInPeriod = (i: CheckInputs) => i.changeRequests.filter((cr) => cr.state === 'applied' && cr.appliedAt !== null && inPeriod(cr.appliedAt, i.period));

const SHARED_ADMIN = /admin[-_ ]?token|^admin$|^unleash_system_user$/i;

export const CHG_ATTRIBUTED: CheckBody = (i) => {
  const population = productionChanges(i);
  const exceptions: CheckException[] = [];
  for (const c of population) {
    if (c.actorKind === 'system') exceptions.push(exception(c, 'system-actor', `made by the platform itself (${c.actorName ?? 'system'}), not a person or a named service`));
    else if (!c.actorId && !c.actorEmail && !c.actorName) exceptions.push(exception(c, 'unknown-actor', 'the event names no actor'));
    else if (c.actorKind === 'service' && (SHARED_ADMIN.test(c.actorId ?? '') || SHARED_ADMIN.test(c.actorName ?? ''))) {
      exceptions.push(exception(c, 'shared-admin-token', `made with a shared admin token (${c.actorName ?? c.actorId}); nobody in particular is accountable`));
    }
  }
  return outcome(population.length, exceptions, 'no production changes in the period');
};

export const CHG_APPROVED: CheckBody = (i) => {
  const population = productionChanges(i);
  const crs = requestsById(i);
  const exceptions: CheckException[] = [];
  for (const c of population) {
    if (!c.changeRequestId) {
      exceptions.push(exception(c, 'no-change-request', `${c.type} of ${c.flag ?? '?'} in ${c.environment} outside any change request`));
      continue;
    }
    const cr = crs.get(crKey(c.source, c.instance, c.changeRequestId));
    if (!cr) exceptions.push(exception(c, 'change-request-unknown', `change request ${c.changeRequestId} is not in the ledger`));
    else if (cr.state !== 'applied') exceptions.push(exception(c, 'change-request-not-applied', `change request ${cr.crId} is ${cr.state}`));
    else if (independentApprovals(cr).length < (cr.requiredApprovals ?? 1)) {
      exceptions.push(exception(c, 'not-approved', `change request ${cr.crId} has ${independentApprovals(cr).length} approval(s) by someone other than the requester; ${cr.requiredApprovals ?? 1} required`));
    }
  }
  return outcome(population.length, exceptions, 'no production changes in the period');
};

export const CHG_NO_SELF_APPROVAL: CheckBody = (i) => {
  const population = appliedInPeriod(i);
  const exceptions: CheckException[] = [];
  for (const cr of population) {
    for (const a of cr.approvals.filter((x) => isRequester(cr, x))) {
      exceptions.push(crException(cr, a.seq, 'self-approved', `approved by its own requester ${a.email ?? a.actorId ?? a.name}`));
    }
  }
  return outcome(population.length, exceptions, 'no change requests applied in the period');
};

export const CHG_APPROVED_BEFORE_APPLY: CheckBody = (i) => {
  const population = appliedInPeriod(i);
  const exceptions: CheckException[] = [];
  for (const cr of population) {
    const before = independentApprovals(cr, cr.appliedAt!);
    const all = independentApprovals(cr);
    if (before.length < (cr.requiredApprovals ?? 1) && all.length > before.length) {
      const late = all.find((a) => a.time > cr.appliedAt!)!;
      exceptions.push(crException(cr, late.seq, 'approved-after-apply', `applied ${cr.appliedAt}, approved ${late.time} by ${late.email ?? late.actorId}`));
    }
  }
  return outcome(population.length, exceptions, 'no change requests applied in the period');
};

export const CHG_APPROVER_AUTHORIZED: CheckBody = (i) => {
  const exceptions: CheckException[] = [];
  let population = 0;
  let unknown = 0;
  for (const cr of appliedInPeriod(i)) {
    for (const a of cr.approvals) {
      population++;
      const snap = i.snapshots.at(cr.source, cr.instance, a.time);
      if (!snap) {
        unknown++;
        continue;
      }
      if (!snap.holds({ id: a.actorId, email: a.email }, ['change.approve'], cr.project, cr.environment)) {
        exceptions.push(crException(cr, a.seq, 'approver-not-authorized', `${a.email ?? a.actorId} did not hold change.approve in ${cr.project ?? '?'}/${cr.environment ?? '?'} per the snapshot in force (seq ${snap.seq})`));
      }
    }
  }
  return withSnapshotCoverage(population, unknown, exceptions, 'no approvals in the period');
};

/** Changes whose actor is nobody in particular: CHG-ATTRIBUTED reports them; their authority cannot be judged. */
const unattributed = (c: FlagChangeEntity) =>
  c.actorKind === 'system' || (!c.actorId && !c.actorEmail) || (c.actorKind === 'service' && (SHARED_ADMIN.test(c.actorId ?? '') || SHARED_ADMIN.test(c.actorName ?? '')));

export const CHG_ACTOR_AUTHORIZED: CheckBody = (i) => {
  const exceptions: CheckException[] = [];
  const population = productionChanges(i).filter((c) => !unattributed(c));
  let unknown = 0;
  for (const c of population) {
    const snap = i.snapshots.at(c.source, c.instance, c.time);
    if (!snap) {
      unknown++;
      continue;
    }
    // Applying an approved change request is a legitimate way to change production.
    if (!snap.holds({ id: c.actorId, email: c.actorEmail }, ['flag.write', 'change.apply'], c.project, c.environment)) {
      exceptions.push(exception(c, 'actor-not-authorized', `${c.actorEmail ?? c.actorName ?? c.actorId} did not hold flag.write in ${c.project ?? '?'}/${c.environment} per the snapshot in force (seq ${snap.seq})`));
    }
  }
  return withSnapshotCoverage(population.length, unknown, exceptions, 'no production changes in the period');
};

export const CHG_PROGRESSION: CheckBody = (i) => {
  const exceptions: CheckException[] = [];
  const enabledOutsideProduction = new Set<string>();
  let population = 0;
  for (const c of i.changes) {
    const key = `${c.source}\u001f${c.instance}\u001f${c.project ?? ''}\u001f${c.flag ?? ''}`;
    if (c.type !== 'flag.enabled') continue;
    if (c.production === 0) {
      enabledOutsideProduction.add(key);
      continue;
    }
    if (!inPeriod(c.time, i.period)) continue;
    population++;
    if (!enabledOutsideProduction.has(key)) {
      exceptions.push(exception(c, 'production-first', `${c.flag} was enabled in ${c.environment} before any non-production environment`));
    }
  }
  return outcome(population, exceptions, 'no flag was enabled in production in the period');
};

function withSnapshotCoverage(population: number, unknown: number, exceptions: CheckException[], emptyNote: string): Omit<CheckResult, 'id' | 'title'> {
  if (population === 0) return { status: 'not-applicable', population, exceptions, note: emptyNote };
  if (exceptions.length > 0) return { status: 'fail', population, exceptions, note: unknown ? `${unknown} item(s) had no access snapshot in force` : undefined };
  if (unknown > 0) return { status: 'insufficient-evidence', population, exceptions, note: `${unknown} of ${population} item(s) had no access snapshot in force at the time` };
  return { status: 'pass', population, exceptions };
}
