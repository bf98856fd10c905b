import type { NormalizedType } from '../normalized-event';

/**
 * Every Unleash event type (`IEventTypes`, src/lib/events/index.ts) → Evident's normalized type.
 *
 * Guiding rule: whatever can change what a flag serves (definition, strategies, variants,
 * enablement, release plans) gets a `flag.*` type, so it enters the change population that the
 * CHG-* checks test; over-including is safer than a production change escaping the census.
 * Bookkeeping with no effect on evaluation or access (favourites, metrics, client registration,
 * banners, exports) is `other`. `nativeType` always keeps the Unleash type, so `other` loses nothing.
 */
export const UNLEASH_EVENT_TYPES = {
  // --- Feature flags
  'feature-created': 'flag.created',
  'feature-deleted': 'flag.deleted',
  'feature-updated': 'flag.updated',
  'feature-metadata-updated': 'flag.updated',
  'feature-variants-updated': 'flag.variants.updated',
  'feature-environment-variants-updated': 'flag.variants.updated',
  // Moving a flag between projects changes who may change it (project roles): an update.
  'feature-project-change': 'flag.updated',
  'feature-archived': 'flag.archived',
  'feature-revived': 'flag.revived',
  // Import (legacy state import, per flag) creates or overwrites a flag's definition.
  'feature-import': 'flag.updated',
  // Tags, links, type, lifecycle and stale markers are flag metadata: updates without environment.
  'feature-tagged': 'flag.updated',
  'feature-tag-import': 'flag.updated',
  'feature-strategy-update': 'flag.strategy.updated',
  'feature-strategy-add': 'flag.strategy.added',
  'feature-strategy-remove': 'flag.strategy.removed',
  'feature-type-updated': 'flag.updated',
  'feature-completed': 'flag.updated',
  'feature-uncompleted': 'flag.updated',
  'feature-link-added': 'flag.updated',
  'feature-link-removed': 'flag.updated',
  'feature-link-updated': 'flag.updated',
  // Strategy order decides which strategy matches first: it changes evaluation.
  'strategy-order-changed': 'flag.strategy.updated',
  // drop-* are bulk wipes from the legacy state import; no single flag to attribute them to.
  'drop-feature-tags': 'other',
  'feature-untagged': 'flag.updated',
  'feature-stale-on': 'flag.updated',
  'feature-stale-off': 'flag.updated',
  'drop-features': 'other',
  'feature-environment-enabled': 'flag.enabled',
  'feature-environment-disabled': 'flag.disabled',
  // A user's personal bookmark, not a change to the flag.
  'feature-favorited': 'other',
  'feature-unfavorited': 'other',
  // Written by the system user when a flag passes its expected lifetime (LCY-STALE evidence).
  'feature-potentially-stale-on': 'flag.updated',
  // Dependencies gate evaluation (child enabled only if parent is).
  'feature-dependency-added': 'flag.updated',
  'feature-dependency-removed': 'flag.updated',
  'feature-dependencies-removed': 'flag.updated',
  'features-exported': 'other',
  // Export/import into a project+environment rewrites flag configuration there (CR-gated in Unleash).
  'features-imported': 'flag.updated',
  'application-created': 'other',

  // --- Strategy definitions, context fields, segments, tags
  // Custom strategy *definitions* and context fields are instance-wide vocabulary, not flag config.
  'strategy-created': 'other',
  'strategy-deleted': 'other',
  'strategy-deprecated': 'other',
  'strategy-reactivated': 'other',
  'strategy-updated': 'other',
  'strategy-import': 'other',
  'drop-strategies': 'other',
  // The default strategy of a project environment is a project setting.
  'default-strategy-updated': 'project.updated',
  'context-field-created': 'other',
  'context-field-updated': 'other',
  'context-field-deleted': 'other',
  'segment-created': 'segment.created',
  'segment-updated': 'segment.updated',
  'segment-deleted': 'segment.deleted',
  'tag-created': 'other',
  'tag-deleted': 'other',
  'tag-import': 'other',
  'drop-tags': 'other',
  'tag-type-created': 'other',
  'tag-type-deleted': 'other',
  'tag-type-updated': 'other',
  'tag-type-import': 'other',
  'drop-tag-types': 'other',

  // --- Projects and environments
  'project-created': 'project.created',
  'project-updated': 'project.updated',
  'project-deleted': 'project.deleted',
  'project-archived': 'project.archived',
  'project-revived': 'project.revived',
  'project-import': 'project.created',
  'drop-projects': 'other',
  'project-favorited': 'other',
  'project-unfavorited': 'other',
  // Turning an existing environment on/off for a project is project configuration, not a new environment.
  'project-environment-added': 'project.updated',
  'project-environment-removed': 'project.updated',
  'environment-created': 'environment.created',
  'environment-updated': 'environment.updated',
  'environment-deleted': 'environment.deleted',
  'environment-import': 'environment.created',
  'drop-environments': 'other',

  // --- Access and identity
  'project-access-added': 'access.role.assigned',
  // *-roles-updated replace a principal's role set (before/after show what changed): the result
  // is an assignment; removals inside it are visible in the diff.
  'project-access-user-roles-updated': 'access.role.assigned',
  'project-access-group-roles-updated': 'access.role.assigned',
  // Unleash also writes this type when a *group* loses its roles (preData.groupId instead of
  // preData.userId); a revocation either way, the subject is in `before`.
  'project-access-user-roles-deleted': 'access.role.revoked',
  'project-access-group-roles-deleted': 'access.role.revoked',
  'project-access-updated': 'access.role.assigned',
  'project-user-added': 'access.role.assigned',
  'project-user-removed': 'access.role.revoked',
  'project-user-role-changed': 'access.role.assigned',
  'project-group-added': 'access.role.assigned',
  'role-created': 'access.role.created',
  'role-updated': 'access.role.updated',
  'role-deleted': 'access.role.deleted',
  'user-created': 'access.user.created',
  'user-updated': 'access.user.updated',
  'user-deleted': 'access.user.deleted',
  'group-created': 'access.group.created',
  'group-updated': 'access.group.updated',
  'group-deleted': 'access.group.deleted',
  'group-user-added': 'access.group.member.added',
  'group-user-removed': 'access.group.member.removed',
  // Bulk deprovisioning through SCIM.
  'scim-users-deleted': 'access.user.deleted',
  'scim-groups-deleted': 'access.group.deleted',
  // A request for access grants nothing; its approval grants access (a root role).
  'user-access-request-registered': 'other',
  'user-access-request-approved': 'access.role.assigned',
  'user-access-request-rejected': 'other',
  'user-preference-updated': 'other',
  // A public sign-up link is a bearer credential that lets anyone holding it create an account.
  'public-signup-token-created': 'token.created',
  'public-signup-token-user-added': 'access.user.created',
  'public-signup-token-updated': 'token.updated',

  // --- Tokens and service accounts
  'api-token-created': 'token.created',
  'api-token-updated': 'token.updated',
  'api-token-deleted': 'token.deleted',
  'pat-created': 'token.created',
  'pat-deleted': 'token.deleted',
  // Service accounts are user rows in Unleash (accountType "Service Account").
  'service-account-created': 'access.user.created',
  'service-account-updated': 'access.user.updated',
  'service-account-deleted': 'access.user.deleted',
  'service-account-token-created': 'token.created',
  'service-account-token-deleted': 'token.deleted',
  'cdn-token-created': 'token.created',
  'signal-endpoint-token-created': 'token.created',
  'signal-endpoint-token-updated': 'token.updated',
  'signal-endpoint-token-deleted': 'token.deleted',

  // --- Change requests (Enterprise)
  'change-request-created': 'change_request.created',
  'change-request-discarded': 'change_request.cancelled',
  // Edits to a CR's content have no normalized type; they keep changeRequest.id for the projection.
  'change-added': 'other',
  'change-discarded': 'other',
  'change-edited': 'other',
  'change-request-rejected': 'change_request.rejected',
  'change-request-approved': 'change_request.approved',
  // One approval recorded while below the threshold; `approved` is the one that reaches it.
  // Both are approvals by their actor, which is what CHG-APPROVED counts.
  'change-request-approval-added': 'change_request.approved',
  'change-request-cancelled': 'change_request.cancelled',
  'change-request-sent-to-review': 'change_request.submitted',
  // Suspension pauses a schedule (it can be rescheduled): neither cancelled nor applied.
  'change-request-schedule-suspended': 'other',
  'change-request-applied': 'change_request.applied',
  'change-request-scheduled': 'change_request.scheduled',
  'change-request-scheduled-application-success': 'change_request.applied',
  'change-request-scheduled-application-failure': 'other',
  // Per-environment CR settings (enabled, required approvals): turning CRs off is a project
  // configuration change an auditor must see.
  'change-request-configuration-updated': 'project.updated',
  'change-request-requested-approvers-updated': 'other',

  // --- Settings, integrations, misc
  'setting-created': 'other',
  'setting-updated': 'other',
  'setting-deleted': 'other',
  'addon-config-created': 'other',
  'addon-config-updated': 'other',
  'addon-config-deleted': 'other',
  'db-pool-update': 'other',
  'client-metrics': 'other',
  'client-register': 'other',
  'banner-created': 'other',
  'banner-updated': 'other',
  'banner-deleted': 'other',
  'signal-endpoint-created': 'other',
  'signal-endpoint-updated': 'other',
  'signal-endpoint-deleted': 'other',
  'actions-created': 'other',
  'actions-updated': 'other',
  'actions-deleted': 'other',
  'safeguard-changed': 'other',
  'safeguard-deleted': 'other',
  'safeguard-triggered': 'other',
  'release-plan-template-created': 'other',
  'release-plan-template-updated': 'other',
  'release-plan-template-deleted': 'other',
  'release-plan-template-archived': 'other',
  // Adding/removing a release plan on a flag environment adds/removes the milestone's strategies,
  // and starting a milestone swaps the active strategies: these change what the flag serves.
  'release-plan-added': 'flag.strategy.added',
  'release-plan-removed': 'flag.strategy.removed',
  'release-plan-milestone-started': 'flag.strategy.updated',
  // Automation settings (when milestones advance), not the served configuration itself.
  'release-plan-progressions-resumed': 'other',
  'release-plan-progressions-paused': 'other',
  'milestone-progression-created': 'other',
  'milestone-progression-updated': 'other',
  'milestone-progression-deleted': 'other',
  'milestone-progression-changed': 'other',
  'impact-metric-created': 'other',
  'impact-metric-updated': 'other',
  'impact-metric-deleted': 'other',
  'remote-mcp-server-settings-updated': 'other',
} as const satisfies Record<string, NormalizedType>;

export type UnleashEventType = keyof typeof UNLEASH_EVENT_TYPES;

// A Map, so that types such as "constructor" or "__proto__" never hit Object.prototype.
const LOOKUP: ReadonlyMap<string, NormalizedType> = new Map(Object.entries(UNLEASH_EVENT_TYPES));

/** The normalized type of an Unleash event type; types unknown to this table (newer Unleash) are `other`. */
export function mapUnleashEventType(type: string): NormalizedType {
  return LOOKUP.get(type) ?? 'other';
}
