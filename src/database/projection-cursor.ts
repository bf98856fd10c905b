import { DataSource, EntityManager } from 'typeorm';
import { ProjectionStateEntity } from '../changes/change.entities';

/** How far a read model has consumed the ledger. */
export async function readCursor(ds: DataSource, name: string): Promise<number> {
  const row = await ds.getRepository(ProjectionStateEntity).findOneBy({ name });
  return row?.lastSeq ?? 0;
}

/**
 * Moves a read model's cursor from `from` to `to` inside the caller's transaction.
 * False when another process moved it first: the caller's rows must not be written.
 */
export async function moveCursor(m: EntityManager, name: string, from: number, to: number): Promise<boolean> {
  if (from === 0) {
    await m.createQueryBuilder().insert().into(ProjectionStateEntity).values({ name, lastSeq: 0 }).orIgnore().execute();
  }
  const res = await m.update(ProjectionStateEntity, { name, lastSeq: from }, { lastSeq: to });
  return (res.affected ?? 0) === 1;
}
