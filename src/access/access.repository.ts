import { Inject, Injectable } from '@nestjs/common';
import { DataSource, LessThanOrEqual } from 'typeorm';
import { moveCursor, readCursor } from '../database/projection-cursor';
import { WriteLock } from '../database/write-lock';
import { AccessSnapshotEntity } from './access.entities';

export const ACCESS_PROJECTION = 'access';

@Injectable()
export class AccessRepository {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(WriteLock) private readonly lock: WriteLock,
  ) {}

  cursor(): Promise<number> {
    return readCursor(this.ds, ACCESS_PROJECTION);
  }

  commit(from: number, to: number, rows: AccessSnapshotEntity[]): Promise<boolean> {
    return this.lock.run(() =>
      this.ds.transaction(async (m) => {
        if (!(await moveCursor(m, ACCESS_PROJECTION, from, to))) return false;
        if (rows.length > 0) await m.insert(AccessSnapshotEntity, rows);
        return true;
      }),
    );
  }

  async clear(): Promise<void> {
    await this.lock.run(async () => {
      await this.ds.query('DELETE FROM access_snapshots');
      await this.ds.query(`DELETE FROM projection_state WHERE name = '${ACCESS_PROJECTION}'`);
    });
  }

  list(kind: 'snapshot' | 'roster'): Promise<AccessSnapshotEntity[]> {
    return this.ds.getRepository(AccessSnapshotEntity).find({ where: { kind }, order: { takenAt: 'ASC', seq: 'ASC' } });
  }

  /** The latest snapshot of one source instance taken at or before `at`. */
  inForce(kind: 'snapshot' | 'roster', source: string, instance: string, at: string): Promise<AccessSnapshotEntity | null> {
    return this.ds.getRepository(AccessSnapshotEntity).findOne({
      where: { kind, source, instance, takenAt: LessThanOrEqual(at) },
      order: { takenAt: 'DESC', seq: 'DESC' },
    });
  }
}
