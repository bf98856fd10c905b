/** The normalized access snapshot of DESIGN.md, also the generic input format. */

export type PrincipalKind = 'user' | 'service' | 'group';

/** Platform-neutral capabilities; `admin` implies all of them. */
export const CAPABILITIES = ['flag.write', 'change.approve', 'change.apply', 'change.skip', 'access.admin', 'admin'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export interface SnapshotPrincipal {
  id: string;
  email?: string;
  name?: string;
  kind: PrincipalKind;
  active: boolean;
  /** UTC ISO-8601 with milliseconds, when the platform knows it. */
  lastSeenAt?: string;
}

export interface SnapshotGrant {
  principal: string;
  role: string;
  /** `*` = every project. */
  project: string;
  /** `*` = every environment. */
  environment: string;
  capabilities: Capability[];
  /** `direct`, or how the grant is inherited, e.g. `group:flag-approvers-prod`, `root-role`. */
  via: string;
}

export interface AccessSnapshot {
  source: string;
  instance: string;
  /** UTC ISO-8601 with milliseconds. */
  takenAt: string;
  principals: SnapshotPrincipal[];
  grants: SnapshotGrant[];
  /** Paths Evident redacted before hashing. */
  redactions?: string[];
  /** The original export, redacted, when it is small enough to keep (see snapshot adapters). */
  raw?: unknown;
}

/** What a snapshot adapter is told by the caller. */
export interface SnapshotContext {
  instance: string;
  /** --taken-at / ?takenAt=; otherwise the export's own time; otherwise the adapter refuses (never the clock). */
  takenAt?: string;
  /** SCIM: group display name → role/capabilities (from configuration). */
  groupMap?: Record<string, { role: string; capabilities: Capability[]; project?: string; environment?: string }>;
}

export interface SnapshotAdapter {
  readonly source: string;
  /** One export document (parsed JSON, or CSV text for the csv adapter) → one snapshot. Throws InvalidInputError naming the record and field. */
  toSnapshot(doc: unknown, ctx: SnapshotContext): AccessSnapshot;
}

/** HR roster row (CSV `email,status,terminated_at,manager_email,department`). */
export interface RosterEntry {
  email: string;
  status: 'active' | 'terminated' | 'leave';
  terminatedAt?: string;
  managerEmail?: string;
  department?: string;
}

export interface Roster {
  asOf: string;
  entries: RosterEntry[];
}
