import { SnapshotPrincipal } from '../access/access-snapshot';
import { SnapshotIndex } from './access-index';
import { CheckException, CheckResult } from './check.types';
import { CheckInputs } from './check-inputs';

type CheckBody = (inputs: CheckInputs) => Omit<CheckResult, 'id' | 'title'>;

const endOf = (i: CheckInputs) => new Date(Date.parse(i.period.to) - 1).toISOString();
const latestSnapshots = (i: CheckInputs) => i.snapshots.latestAll(endOf(i));
const who = (p: SnapshotPrincipal) => p.email ?? p.name ?? p.id;

function holdsAnything(s: SnapshotIndex, p: SnapshotPrincipal): boolean {
  return p.active && s.grantsOf(p.id).some((g) => g.capabilities.length > 0);
}

function principalException(s: SnapshotIndex, p: SnapshotPrincipal, reason: string, detail: string): CheckException {
  return { seq: s.seq, source: s.snapshot.source, id: `principal:${p.id}`, reason, detail };
}

function noSnapshot(): Omit<CheckResult, 'id' | 'title'> {
  return { status: 'insufficient-evidence', population: 0, exceptions: [], note: 'no access snapshot was taken by the end of the period' };
}

export const ACC_TERMINATED: CheckBody = (i) => {
  const snaps = latestSnapshots(i);
  if (snaps.length === 0) return noSnapshot();
  const roster = [...i.rosters].reverse().find((r) => r.roster.asOf <= endOf(i));
  if (!roster) return { status: 'insufficient-evidence', population: 0, exceptions: [], note: 'no HR roster was ingested by the end of the period' };
  const status = new Map(roster.roster.entries.map((e) => [e.email.toLowerCase(), e]));
  const graceMs = (i.policy.terminationGraceHours ?? 24) * 3_600_000;
  const exceptions: CheckException[] = [];
  let population = 0;
  for (const s of snaps) {
    for (const p of s.snapshot.principals) {
      if (p.kind !== 'user' || !holdsAnything(s, p)) continue;
      population++;
      const hr = p.email ? status.get(p.email.toLowerCase()) : undefined;
      if (hr?.status !== 'terminated') continue;
      const left = hr.terminatedAt ? Date.parse(hr.terminatedAt) : 0;
      if (Date.parse(s.snapshot.takenAt) - left > graceMs) {
        exceptions.push(principalException(s, p, 'terminated-with-access', `${who(p)} left on ${hr.terminatedAt ?? '?'} (HR roster seq ${roster.seq}) and still holds access in ${s.snapshot.source} ${s.snapshot.instance}`));
      }
    }
  }
  return { status: exceptions.length ? 'fail' : population ? 'pass' : 'not-applicable', population, exceptions };
};

export const ACC_DORMANT: CheckBody = (i) => {
  const snaps = latestSnapshots(i);
  if (snaps.length === 0) return noSnapshot();
  const limitMs = i.policy.inactivityDays * 86_400_000;
  const exceptions: CheckException[] = [];
  let population = 0;
  let unknown = 0;
  for (const s of snaps) {
    for (const p of s.snapshot.principals) {
      if (!holdsAnything(s, p)) continue;
      population++;
      if (!p.lastSeenAt) {
        unknown++;
        continue;
      }
      const idle = Date.parse(s.snapshot.takenAt) - Date.parse(p.lastSeenAt);
      if (idle > limitMs) {
        exceptions.push(principalException(s, p, 'dormant', `${who(p)} last seen ${p.lastSeenAt}, ${Math.floor(idle / 86_400_000)} days before the snapshot; limit ${i.policy.inactivityDays}`));
      }
    }
  }
  if (exceptions.length) return { status: 'fail', population, exceptions };
  if (population > 0 && unknown === population) return { status: 'insufficient-evidence', population, exceptions, note: 'the snapshots record no last activity' };
  return { status: population ? 'pass' : 'not-applicable', population, exceptions, note: unknown ? `${unknown} account(s) without last-activity data` : undefined };
};

export const ACC_SOD: CheckBody = (i) => {
  const snaps = latestSnapshots(i);
  if (snaps.length === 0) return noSnapshot();
  const exceptions: CheckException[] = [];
  let population = 0;
  for (const s of snaps) {
    for (const p of s.snapshot.principals) {
      if (!p.active) continue;
      const prod = s.grantsOf(p.id).filter((g) => g.environment === '*' || i.isProduction(g.environment));
      if (prod.length === 0) continue;
      population++;
      const caps = new Set(prod.flatMap((g) => g.capabilities));
      if (caps.has('change.skip')) {
        exceptions.push(principalException(s, p, 'can-skip-approval', `${who(p)} can change production without approval (change.skip via ${prod.filter((g) => g.capabilities.includes('change.skip')).map((g) => g.role).join(', ')})`));
      } else if (caps.has('admin')) {
        exceptions.push(principalException(s, p, 'admin-in-production', `${who(p)} is an administrator and can approve their own production changes`));
      }
    }
  }
  return { status: exceptions.length ? 'fail' : population ? 'pass' : 'not-applicable', population, exceptions };
};

export const ACC_REVIEWED: CheckBody = (i) => {
  const quarters = quartersIn(i.period.from, i.period.to);
  const exceptions: CheckException[] = [];
  for (const q of quarters) {
    const review = i.reviews.find((r) => r.quarter === q && r.closedAt !== null);
    if (!review) exceptions.push({ seq: null, source: 'evident', id: `review:${q}`, reason: 'no-review', detail: `no access review was completed for ${q}` });
  }
  return { status: exceptions.length ? 'fail' : 'pass', population: quarters.length, exceptions };
};

export const ACC_REMEDIATED: CheckBody = (i) => {
  if (i.reviews.length === 0) return { status: 'not-applicable', population: 0, exceptions: [], note: 'no access review decided any revocation' };
  return { status: 'pass', population: 0, exceptions: [] };
};

export const LCY_STALE: CheckBody = (i) => {
  const end = Date.parse(i.period.to);
  const limitMs = i.policy.staleReleaseFlagDays * 86_400_000;
  const alive = new Map<string, { seq: number; source: string; id: string; flag: string; created: string; type: string | null }>();
  for (const c of i.changes) {
    const key = `${c.source}\u001f${c.instance}\u001f${c.project ?? ''}\u001f${c.flag ?? ''}`;
    if (c.type === 'flag.created') alive.set(key, { seq: c.seq, source: c.source, id: c.eventId, flag: c.flag ?? '?', created: c.time, type: c.flagType });
    else if (c.type === 'flag.archived' || c.type === 'flag.deleted') alive.delete(key);
    else if (c.type === 'flag.updated' && c.flagType && alive.has(key)) alive.get(key)!.type = c.flagType;
  }
  const release = [...alive.values()].filter((f) => f.type === 'release');
  const exceptions = release
    .filter((f) => end - Date.parse(f.created) > limitMs)
    .map((f) => ({ seq: f.seq, source: f.source, id: f.id, reason: 'stale-release-flag', detail: `release flag ${f.flag} created ${f.created} is still live after ${Math.floor((end - Date.parse(f.created)) / 86_400_000)} days; limit ${i.policy.staleReleaseFlagDays}` }));
  if (release.length === 0) return { status: 'not-applicable', population: 0, exceptions, note: 'no live release flags' };
  return { status: exceptions.length ? 'fail' : 'pass', population: release.length, exceptions };
};

function quartersIn(from: string, to: string): string[] {
  const out: string[] = [];
  const d = new Date(from);
  let y = d.getUTCFullYear();
  let q = Math.floor(d.getUTCMonth() / 3);
  for (;;) {
    const start = Date.UTC(y, q * 3, 1);
    if (start >= Date.parse(to)) break;
    out.push(`${y}-Q${q + 1}`);
    q++;
    if (q === 4) {
      q = 0;
      y++;
    }
  }
  return out;
}
