import { Policy } from '../catalog/catalog.types';

export type CheckStatus = 'pass' | 'fail' | 'not-applicable' | 'insufficient-evidence';
export type ControlStatus = CheckStatus | 'not-covered';

export interface CheckException {
  /** The ledger entry at fault (null when the fault is an absence, e.g. a missing review). */
  seq: number | null;
  source: string;
  /** The source's own id of the record (event id, change request id, principal id …). */
  id: string;
  reason: string;
  detail: string;
}

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  /** How many items the check looked at (the whole population, not a sample). */
  population: number;
  exceptions: CheckException[];
  /** Why the status is what it is when there is nothing to list (n/a, insufficient evidence). */
  note?: string;
}

export interface Period {
  /** Inclusive, UTC ISO-8601 with milliseconds. */
  from: string;
  /** Exclusive. */
  to: string;
}

export interface CheckRunOptions extends Period {
  policy: Policy;
}
