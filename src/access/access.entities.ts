import { Column, Entity, PrimaryColumn } from 'typeorm';

const int = { transformer: { to: (v: unknown) => v, from: (v: unknown) => (v === null ? null : Number(v)) } };

/** Where each access snapshot and HR roster sits in the ledger. */
@Entity('access_snapshots')
export class AccessSnapshotEntity {
  @PrimaryColumn('bigint', int) seq!: number;
  /** `snapshot` or `roster`. */
  @Column('text') kind!: string;
  @Column('text') source!: string;
  @Column('text') instance!: string;
  @Column('text', { name: 'taken_at' }) takenAt!: string;
  @Column('integer', int) principals!: number;
  @Column('integer', int) grants!: number;
}
