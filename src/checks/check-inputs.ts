import { Roster } from '../access/access-snapshot';
import { Policy } from '../catalog/catalog.types';
import { ApprovalRecord, ChangeRequestEntity, FlagChangeEntity } from '../changes/change.entities';
import { Checkpoint, VerifyResult } from '../ledger/ledger.types';
import { SnapshotTimeline } from './access-index';
import { Period } from './check.types';

/** A gap in a source's own sequential event ids, or a connector-reported one. */
export interface IdGap {
  source: string;
  instance: string;
  from: string;
  to: string;
  /** The first entry after the gap (or the connector's gap record). */
  seq: number;
}

/** Everything the checks read, loaded once per run. */
export interface CheckInputs {
  period: Period;
  policy: Policy;
  /** Flag changes with time < period.to, in time order (earlier ones for progression checks). */
  changes: FlagChangeEntity[];
  changeRequests: ChangeRequestEntity[];
  snapshots: SnapshotTimeline;
  rosters: { seq: number; roster: Roster }[];
  verification: VerifyResult;
  checkpoints: Checkpoint[];
  /** recordedAt of ledger entries at checkpoint-relevant positions: size → time of that entry. */
  entryTimes: (seq: number) => string | undefined;
  ledgerSize: number;
  firstEntryAt: string | null;
  idGaps: IdGap[];
  isProduction: (environment: string) => boolean;
  /** Completed access reviews (the review module arrives with a later release; empty until then). */
  reviews: { quarter: string; closedAt: string | null; seq: number }[];
}

export const inPeriod = (time: string, p: Period): boolean => time >= p.from && time < p.to;

/** Approvers counted for a change request: distinct people, never the requester. */
export function independentApprovals(cr: ChangeRequestEntity, before?: string): ApprovalRecord[] {
  const seen = new Set<string>();
  return cr.approvals.filter((a) => {
    if (before !== undefined && a.time > before) return false;
    if (isRequester(cr, a)) return false;
    const who = a.actorId ?? a.email?.toLowerCase() ?? a.name ?? `seq:${a.seq}`;
    if (seen.has(who)) return false;
    seen.add(who);
    return true;
  });
}

export function isRequester(cr: ChangeRequestEntity, a: ApprovalRecord): boolean {
  return (
    (a.actorId !== null && cr.requesterId !== null && a.actorId === cr.requesterId) ||
    (a.email !== null && cr.requesterEmail !== null && a.email.toLowerCase() === cr.requesterEmail.toLowerCase())
  );
}

export function crKey(source: string, instance: string, id: string): string {
  return `${source}\u001f${instance}\u001f${id}`;
}
