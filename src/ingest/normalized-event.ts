/** The normalized flag event of DESIGN.md, also Evident's generic input format. */
export type ActorKind = 'user' | 'service' | 'system';

export interface NormalizedActor {
  id?: string;
  email?: string;
  name?: string;
  kind: ActorKind;
}

export interface NormalizedEvent {
  source: string;
  instance: string;
  id: string;
  type: string;
  time: string;
  actor: NormalizedActor;
  project?: string;
  environment?: string;
  flag?: string;
  changeRequest?: { id: string; groupId?: string };
  before?: unknown;
  after?: unknown;
  ip?: string;
  /** The platform's own type when `type` is `other` (or always, for reference). */
  nativeType?: string;
  /** Unleash transaction group (groupType/groupId) used to link changes to change requests. */
  group?: { type?: string; id: string };
  /** JSON-pointer-like paths of values Evident replaced with "[REDACTED]" before hashing. */
  redactions?: string[];
  raw?: unknown;
}

export const NORMALIZED_TYPES = [
  'flag.created',
  'flag.updated',
  'flag.archived',
  'flag.revived',
  'flag.deleted',
  'flag.enabled',
  'flag.disabled',
  'flag.strategy.added',
  'flag.strategy.updated',
  'flag.strategy.removed',
  'flag.variants.updated',
  'segment.created',
  'segment.updated',
  'segment.deleted',
  'change_request.created',
  'change_request.submitted',
  'change_request.approved',
  'change_request.rejected',
  'change_request.applied',
  'change_request.scheduled',
  'change_request.cancelled',
  'access.user.created',
  'access.user.updated',
  'access.user.deleted',
  'access.role.assigned',
  'access.role.revoked',
  'access.role.created',
  'access.role.updated',
  'access.role.deleted',
  'access.group.created',
  'access.group.updated',
  'access.group.deleted',
  'access.group.member.added',
  'access.group.member.removed',
  'token.created',
  'token.updated',
  'token.deleted',
  'environment.created',
  'environment.updated',
  'environment.deleted',
  'project.created',
  'project.updated',
  'project.deleted',
  'project.archived',
  'project.revived',
  'other',
] as const;

export type NormalizedType = (typeof NORMALIZED_TYPES)[number];
