import { Column, Entity, PrimaryColumn } from 'typeorm';

const int = { transformer: { to: (v: unknown) => v, from: (v: unknown) => (v === null ? null : Number(v)) } };

@Entity('flag_changes')
export class FlagChangeEntity {
  @PrimaryColumn('bigint', int) seq!: number;
  @Column('text') source!: string;
  @Column('text') instance!: string;
  @Column('text', { name: 'event_id' }) eventId!: string;
  @Column('text') type!: string;
  @Column('text', { name: 'native_type', nullable: true }) nativeType!: string | null;
  @Column('text') time!: string;
  @Column('text', { name: 'actor_id', nullable: true }) actorId!: string | null;
  @Column('text', { name: 'actor_email', nullable: true }) actorEmail!: string | null;
  @Column('text', { name: 'actor_name', nullable: true }) actorName!: string | null;
  @Column('text', { name: 'actor_kind' }) actorKind!: string;
  @Column('text', { nullable: true }) project!: string | null;
  @Column('text', { nullable: true }) environment!: string | null;
  @Column('text', { nullable: true }) flag!: string | null;
  /** The flag's type when the event tells it (Unleash: release, experiment, operational, kill-switch, permission). */
  @Column('text', { name: 'flag_type', nullable: true }) flagType!: string | null;
  @Column('integer', int) production!: number;
  @Column('text', { name: 'change_request_id', nullable: true }) changeRequestId!: string | null;
  @Column('text', { name: 'group_id', nullable: true }) groupId!: string | null;
}

export interface ApprovalRecord {
  seq: number;
  time: string;
  actorId: string | null;
  email: string | null;
  name: string | null;
}

const json = { transformer: { to: (v: unknown) => JSON.stringify(v), from: (v: string) => JSON.parse(v) as unknown } };

@Entity('change_requests')
export class ChangeRequestEntity {
  @PrimaryColumn('text') source!: string;
  @PrimaryColumn('text') instance!: string;
  @PrimaryColumn('text', { name: 'cr_id' }) crId!: string;
  @Column('text', { nullable: true }) project!: string | null;
  @Column('text', { nullable: true }) environment!: string | null;
  @Column('text') state!: string;
  @Column('text', { name: 'requester_id', nullable: true }) requesterId!: string | null;
  @Column('text', { name: 'requester_email', nullable: true }) requesterEmail!: string | null;
  @Column('text', { name: 'requester_name', nullable: true }) requesterName!: string | null;
  @Column('text', { name: 'created_at', nullable: true }) createdAt!: string | null;
  @Column('bigint', { name: 'created_seq', nullable: true, ...int }) createdSeq!: number | null;
  @Column('text', { name: 'applied_at', nullable: true }) appliedAt!: string | null;
  @Column('bigint', { name: 'applied_seq', nullable: true, ...int }) appliedSeq!: number | null;
  @Column('text', { name: 'applier_id', nullable: true }) applierId!: string | null;
  @Column('text', { name: 'applier_email', nullable: true }) applierEmail!: string | null;
  @Column('text', { name: 'group_id', nullable: true }) groupId!: string | null;
  @Column('integer', { name: 'required_approvals', nullable: true, ...int }) requiredApprovals!: number | null;
  @Column('text', json) approvals!: ApprovalRecord[];
  @Column('text', json) rejections!: ApprovalRecord[];
}

@Entity('projection_state')
export class ProjectionStateEntity {
  @PrimaryColumn('text') name!: string;
  @Column('bigint', { name: 'last_seq', ...int }) lastSeq!: number;
}
