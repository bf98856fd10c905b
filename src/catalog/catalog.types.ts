/**
 * The control catalogs, checks and policy presets as loaded from controls/ (see controls/README.md
 * for the file formats). Everything here is plain data: the loader validates it once at start-up
 * and the rest of the service only reads it.
 */

/** `soc2`, `iso27001`, `nist-800-53r5`, `fedramp-moderate`, … or a user-defined framework id. */
export type FrameworkId = string;

/** What backs a check-to-control link; see controls/checks.yaml for the meaning of each. */
export type Provenance = 'olir' | 'derived' | 'editorial';
export const PROVENANCES: readonly Provenance[] = ['olir', 'derived', 'editorial'];

/** How often the tested control operates; selects the sample size in a sampling profile. */
export type CheckFrequency = 'annual' | 'quarterly' | 'monthly' | 'weekly' | 'daily' | 'many-per-day';
export const CHECK_FREQUENCIES: readonly CheckFrequency[] = ['annual', 'quarterly', 'monthly', 'weekly', 'daily', 'many-per-day'];

export type ReviewFrequency = 'monthly' | 'quarterly' | 'semiannual' | 'annual';
export const REVIEW_FREQUENCIES: readonly ReviewFrequency[] = ['monthly', 'quarterly', 'semiannual', 'annual'];

export type IsoTheme = 'organizational' | 'people' | 'physical' | 'technological';
export const ISO_THEMES: readonly IsoTheme[] = ['organizational', 'people', 'physical', 'technological'];

export type BaselineLevel = 'low' | 'moderate' | 'high';
export const BASELINE_LEVELS: readonly BaselineLevel[] = ['low', 'moderate', 'high'];

export interface Control {
  /** Normalized: `AC-2(3)`, `A.5.15`, `CC8.1`, `CC8.1.2`. */
  id: string;
  /** NIST's title; for SOC 2 and ISO, Evident's own short label (never the licensed text). */
  title: string;
  /** The base control of a NIST enhancement, or the criterion of a SOC 2 point of focus. */
  parent?: string;
  /** NIST family (`AC`), SOC 2 series (`CC8`) or ISO clause (`A.5`). */
  family?: string;
  /** ISO 27001:2022 Annex A theme. */
  theme?: IsoTheme;
  /** The OSCAL control id (`ac-2.3`), for NIST controls. */
  oscalId?: string;
  /** A SOC 2 point of focus: guidance under a criterion, not a criterion of its own. */
  pointOfFocus?: boolean;
  /** Set when the vendored sources had no title and `title` is only the id. */
  titleSource?: 'unknown';
}

export interface SourceRef {
  repo: string;
  commit: string;
  files: string[];
}

/** A FedRAMP organization-defined parameter value, as set by the baseline profile. */
export interface BaselineParameter {
  paramId: string;
  altId?: string;
  control: string;
  defines: string;
  value: string;
}

/** One item of FedRAMP's "Additional Requirements and Guidance" for a control. */
export interface BaselineRequirement {
  control: string;
  label: string;
  text: string;
}

export interface Framework {
  id: FrameworkId;
  name: string;
  /** A catalog defines controls; a baseline selects controls of the catalog named by `over`. */
  kind: 'catalog' | 'baseline';
  over?: FrameworkId;
  version?: string;
  licence?: string;
  licenceNote?: string;
  sources?: SourceRef[];
  /** Family / series / clause code → name, for grouping in reports. */
  families?: Record<string, string>;
  controls: Control[];
  parameters?: BaselineParameter[];
  requirements?: BaselineRequirement[];
  /** The file the framework was defined in. */
  file: string;
}

export interface MappingRow {
  control: string;
  provenance: Provenance;
  rationale: string;
}

export interface CheckDefinition {
  id: string;
  title: string;
  description: string;
  frequency: CheckFrequency;
  /**
   * Rows per framework. Every framework has a key (an empty list when the check evidences none
   * of its controls); baselines carry their catalog's rows restricted to the baseline.
   */
  controls: Record<FrameworkId, MappingRow[]>;
}

export interface Policy {
  id: string;
  name: string;
  description?: string;
  inactivityDays: number;
  privilegedReviewFrequency: ReviewFrequency;
  nonPrivilegedReviewFrequency: ReviewFrequency;
  retentionDays: number;
  checkpointIntervalMinutes: number;
  connectorLagMinutes: number;
  staleReleaseFlagDays: number;
  emergencyWindowHours: number;
  remediationDeadlineDays: number;
  terminationGraceHours: number;
}

export interface Catalog {
  frameworks: Framework[];
  checks: CheckDefinition[];
  policies: Record<string, Policy>;
}
