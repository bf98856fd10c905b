import { NormalizedEvent } from '../ingest/normalized-event';
import { ApprovalRecord, ChangeRequestEntity, FlagChangeEntity } from './change.entities';

export interface ProjectedEvent {
  seq: number;
  event: NormalizedEvent;
}

type CrKey = string;
const crKey = (source: string, instance: string, id: string): CrKey => `${source}\u001f${instance}\u001f${id}`;

/**
 * Folds normalized events (in seq order) into flag-change rows and change-request state.
 * Pure: existing change requests come in, updated ones go out.
 */
export class ChangeProjector {
  readonly flagChanges: FlagChangeEntity[] = [];
  private readonly crs = new Map<CrKey, ChangeRequestEntity>();
  private readonly touched = new Set<CrKey>();

  constructor(
    existing: ChangeRequestEntity[],
    private readonly isProduction: (environment: string | undefined) => boolean,
  ) {
    for (const cr of existing) this.crs.set(crKey(cr.source, cr.instance, cr.crId), cr);
  }

  get changeRequests(): ChangeRequestEntity[] {
    return [...this.touched].map((k) => this.crs.get(k)!);
  }

  add({ seq, event: e }: ProjectedEvent): void {
    if (e.type.startsWith('flag.')) this.flagChanges.push(this.flagChange(seq, e));
    else if (e.type.startsWith('change_request.') && e.changeRequest?.id) this.changeRequest(seq, e);
  }

  private flagChange(seq: number, e: NormalizedEvent): FlagChangeEntity {
    return {
      seq,
      source: e.source,
      instance: e.instance,
      eventId: e.id,
      type: e.type,
      nativeType: e.nativeType ?? null,
      time: e.time,
      actorId: e.actor.id ?? null,
      actorEmail: e.actor.email ?? null,
      actorName: e.actor.name ?? null,
      actorKind: e.actor.kind,
      project: e.project ?? null,
      environment: e.environment ?? null,
      flag: e.flag ?? null,
      flagType: flagTypeOf(e),
      production: this.isProduction(e.environment) ? 1 : 0,
      changeRequestId: e.changeRequest?.id ?? null,
      groupId: e.group?.id ?? null,
    };
  }

  private changeRequest(seq: number, e: NormalizedEvent): void {
    const key = crKey(e.source, e.instance, e.changeRequest!.id);
    const cr = this.crs.get(key) ?? blankChangeRequest(e);
    this.crs.set(key, cr);
    this.touched.add(key);
    cr.project ??= e.project ?? null;
    cr.environment ??= e.environment ?? null;
    const who: ApprovalRecord = { seq, time: e.time, actorId: e.actor.id ?? null, email: e.actor.email ?? null, name: e.actor.name ?? null };
    switch (e.type) {
      case 'change_request.created':
        cr.requesterId = who.actorId;
        cr.requesterEmail = who.email;
        cr.requesterName = who.name;
        cr.createdAt = e.time;
        cr.createdSeq = seq;
        if (cr.state === 'unknown') cr.state = 'open';
        break;
      case 'change_request.submitted':
        if (cr.state === 'open' || cr.state === 'unknown') cr.state = 'in-review';
        break;
      case 'change_request.approved':
        cr.approvals = [...cr.approvals, who];
        if (cr.state !== 'applied') cr.state = 'approved';
        break;
      case 'change_request.rejected':
        cr.rejections = [...cr.rejections, who];
        cr.state = 'rejected';
        break;
      case 'change_request.scheduled':
        if (cr.state !== 'applied') cr.state = 'scheduled';
        break;
      case 'change_request.applied':
        cr.state = 'applied';
        cr.appliedAt = e.time;
        cr.appliedSeq = seq;
        cr.applierId = who.actorId;
        cr.applierEmail = who.email;
        cr.groupId = e.group?.id ?? cr.groupId;
        break;
      case 'change_request.cancelled':
        if (cr.state !== 'applied') cr.state = 'cancelled';
        break;
    }
  }
}

function blankChangeRequest(e: NormalizedEvent): ChangeRequestEntity {
  return {
    source: e.source,
    instance: e.instance,
    crId: e.changeRequest!.id,
    project: e.project ?? null,
    environment: e.environment ?? null,
    state: 'unknown',
    requesterId: null,
    requesterEmail: null,
    requesterName: null,
    createdAt: null,
    createdSeq: null,
    appliedAt: null,
    appliedSeq: null,
    applierId: null,
    applierEmail: null,
    groupId: null,
    requiredApprovals: null,
    approvals: [],
    rejections: [],
  };
}

/** The flag type named in the event's new state, if any (Unleash feature-created/updated data.type). */
function flagTypeOf(e: NormalizedEvent): string | null {
  const after = e.after as { type?: unknown; kind?: unknown } | null | undefined;
  const type = after && typeof after === 'object' ? (after.type ?? after.kind) : undefined;
  return typeof type === 'string' && type.length <= 64 ? type : null;
}
