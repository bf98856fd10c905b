import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull, Not } from 'typeorm';
import { moveCursor, readCursor } from '../database/projection-cursor';
import { WriteLock } from '../database/write-lock';
import { ChangeRequestEntity, FlagChangeEntity, ProjectionStateEntity } from './change.entities';

export const CHANGES_PROJECTION = 'changes';

export interface ProjectionBatch {
  flagChanges: FlagChangeEntity[];
  changeRequests: ChangeRequestEntity[];
}

@Injectable()
export class ChangesRepository {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(WriteLock) private readonly lock: WriteLock,
  ) {}

  cursor(): Promise<number> {
    return readCursor(this.ds, CHANGES_PROJECTION);
  }

  findChangeRequests(keys: { source: string; instance: string; crId: string }[]): Promise<ChangeRequestEntity[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return this.ds.getRepository(ChangeRequestEntity).findBy({ crId: In([...new Set(keys.map((k) => k.crId))]) });
  }

  /**
   * Writes one page of projected rows and moves the cursor from `from` to `to` atomically.
   * Returns false when another process moved the cursor first (its rows win; nothing is written).
   */
  async commit(from: number, to: number, batch: ProjectionBatch): Promise<boolean> {
    return this.lock.run(() => this.ds.transaction(async (m) => {
      if (!(await moveCursor(m, CHANGES_PROJECTION, from, to))) return false;
      for (let i = 0; i < batch.flagChanges.length; i += 200) {
        await m.insert(FlagChangeEntity, batch.flagChanges.slice(i, i + 200));
      }
      if (batch.changeRequests.length > 0) await m.save(ChangeRequestEntity, batch.changeRequests, { chunk: 200 });
      await this.linkGroups(m);
      return true;
    }));
  }

  /** Unleash applies a change request's changes in one transaction group: they belong to it. */
  private async linkGroups(m: EntityManager): Promise<void> {
    // A group id may name several requests (Flagsmith links by title): take the latest applied.
    await m.query(`UPDATE flag_changes SET change_request_id = (
        SELECT cr.cr_id FROM change_requests cr
        WHERE cr.source = flag_changes.source AND cr.instance = flag_changes.instance AND cr.group_id = flag_changes.group_id
        ORDER BY cr.applied_seq DESC LIMIT 1)
      WHERE change_request_id IS NULL AND group_id IS NOT NULL AND EXISTS (
        SELECT 1 FROM change_requests cr
        WHERE cr.source = flag_changes.source AND cr.instance = flag_changes.instance AND cr.group_id = flag_changes.group_id)`);
  }

  async clear(): Promise<void> {
    await this.lock.run(() =>
      this.ds.transaction(async (m) => {
        await m.delete(FlagChangeEntity, { seq: Not(IsNull()) });
        await m.delete(ChangeRequestEntity, { crId: Not(IsNull()) });
        await m.delete(ProjectionStateEntity, { name: CHANGES_PROJECTION });
      }),
    );
  }

  flagChanges(opts: { from?: string; to?: string; production?: boolean } = {}): Promise<FlagChangeEntity[]> {
    const q = this.ds.getRepository(FlagChangeEntity).createQueryBuilder('f').orderBy('f.seq');
    if (opts.from) q.andWhere('f.time >= :from', { from: opts.from });
    if (opts.to) q.andWhere('f.time < :to', { to: opts.to });
    if (opts.production !== undefined) q.andWhere('f.production = :p', { p: opts.production ? 1 : 0 });
    return q.getMany();
  }

  changeRequests(): Promise<ChangeRequestEntity[]> {
    return this.ds.getRepository(ChangeRequestEntity).find({ order: { createdSeq: 'ASC' } });
  }
}
