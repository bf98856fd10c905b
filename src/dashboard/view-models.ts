/** Plain data the views render. DashboardService builds them; the views never see a service. */
import type { SnapshotGrant, SnapshotPrincipal } from '../access/access-snapshot';
import type { CheckException, CheckStatus, ControlStatus } from '../checks/check.types';

export const CONTROL_STATUSES: readonly ControlStatus[] = ['fail', 'insufficient-evidence', 'not-covered', 'pass', 'not-applicable'];

export interface SessionView {
  name: string;
  role: string;
}

export type ChainView =
  | { state: 'ok'; size: number; checkpoints: number; verifiedAt: string }
  | { state: 'broken'; size: number; checkpoints: number; verifiedAt: string; firstBad: { seq: number; reason: string; detail?: string } }
  | { state: 'unknown'; verifiedAt: string; message: string };

export interface HeaderView {
  session: SessionView;
  ledgerSize: number;
  chain: ChainView;
  checkpoint: { size: number; time: string; keyId: string } | null;
}

/** What the reader chose: kept as typed so links and the form reproduce it. */
export interface Selection {
  framework: string;
  from: string;
  to: string;
}

export interface FrameworkOption {
  id: string;
  name: string;
}

export interface CheckChip {
  id: string;
  title: string;
  status: CheckStatus;
  exceptions: number;
}

export interface ControlRow {
  id: string;
  title: string;
  status: ControlStatus;
  exceptions: number;
  /** A SOC 2 point of focus or a NIST enhancement: shown indented under its parent. */
  child: boolean;
  checks: CheckChip[];
}

export interface ControlGroup {
  family: string | null;
  name: string | null;
  controls: ControlRow[];
}

export interface ControlsPageView {
  header: HeaderView;
  selection: Selection;
  frameworks: FrameworkOption[];
  frameworkName: string;
  /** Inclusive start and exclusive end, as the checks ran. */
  period: { from: string; to: string };
  summary: Record<ControlStatus, number>;
  totalControls: number;
  totalExceptions: number;
  groups: ControlGroup[];
}

export interface CheckSectionView {
  id: string;
  title: string;
  description: string;
  status: CheckStatus;
  population: number;
  note?: string;
  /** Why this check evidences the control (the catalog's mapping row). */
  rationale?: string;
  provenance?: string;
  exceptions: CheckException[];
}

export interface ControlPageView {
  header: HeaderView;
  selection: Selection;
  frameworkName: string;
  period: { from: string; to: string };
  control: { id: string; title: string; status: ControlStatus; exceptions: number; parent: { id: string; title: string } | null };
  checks: CheckSectionView[];
}

export interface PersonView {
  id: string | null;
  email: string | null;
  name: string | null;
}

export interface ApprovalView extends PersonView {
  seq: number;
  time: string;
  selfApproval: boolean;
  afterApply: boolean;
}

export interface ChangeRequestView {
  source: string;
  instance: string;
  crId: string;
  state: string;
  project: string | null;
  environment: string | null;
  requester: PersonView;
  createdAt: string | null;
  createdSeq: number | null;
  appliedAt: string | null;
  appliedSeq: number | null;
  applier: PersonView;
  requiredApprovals: number | null;
  approvals: ApprovalView[];
  rejections: ApprovalView[];
  /** How this entry is linked to the request. */
  linkedBy: 'change-request-id' | 'transaction-group';
}

export interface GrantsView {
  /** The event time the snapshot must have been in force at. */
  at: string;
  actor: PersonView & { kind: string };
  snapshot: { seq: number; takenAt: string; source: string; instance: string } | null;
  principal: SnapshotPrincipal | null;
  grants: SnapshotGrant[];
}

export interface EventSummaryView {
  type: string;
  nativeType: string | null;
  time: string;
  source: string;
  instance: string;
  id: string;
  actor: PersonView & { kind: string };
  project: string | null;
  environment: string | null;
  flag: string | null;
}

export interface EvidencePageView {
  header: HeaderView;
  selection: Selection;
  /** The control the reader came from, for the breadcrumb. */
  control: string | null;
  entry: {
    seq: number;
    kind: string;
    recordedAt: string;
    leafHash: string;
    chainHash: string;
    previousChainHash: string;
    /** The JCS text exactly as hashed. */
    body: string;
    bodyBytes: number;
    /** The same, indented for reading. */
    pretty: string;
  };
  /** The latest checkpoint when it covers this entry. */
  coveredBy: { size: number; time: string } | null;
  event: EventSummaryView | null;
  /** Set for flag and change-request events; `null` there means no change request could be linked. */
  changeRequest: ChangeRequestView | null | undefined;
  grants: GrantsView | null;
}

export interface LoginPageView {
  error: string | null;
  next: string;
}

export interface ErrorPageView {
  status: number;
  title: string;
  message: string;
  signedIn: boolean;
}
