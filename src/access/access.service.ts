import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { ConfigError, InvalidInputError } from '../common/errors';
import { EvidentConfig } from '../config/config';
import { EVIDENT_CONFIG } from '../config/config.module';
import { checkGroupMap } from './adapters/scim-snapshot.adapter';
import { ENTRY_KIND } from '../ledger/entry-kinds';
import { canonicalize } from '../ledger/jcs';
import { LedgerService } from '../ledger/ledger.service';
import { AccessSnapshotEntity } from './access.entities';
import { AccessRepository } from './access.repository';
import { AccessSnapshot, Roster, SnapshotContext } from './access-snapshot';
import { parseRoster } from './roster.parser';
import { snapshotAdapterFor } from './snapshot-adapters';

export interface SnapshotIngestResult {
  seq: number;
  duplicate: boolean;
  takenAt: string;
  principals: number;
  grants: number;
}

/** Roster entries are indexed under this pseudo source. */
const ROSTER_SOURCE = 'hr';

/**
 * Access snapshots and HR rosters: each is one ledger entry (idempotent on its content), indexed
 * by source instance and time so checks can ask which snapshot was in force at a moment.
 */
@Injectable()
export class AccessService {
  private running: Promise<void> | null = null;

  private readonly groupMap: SnapshotContext['groupMap'];

  constructor(
    @Inject(AccessRepository) private readonly repo: AccessRepository,
    @Inject(LedgerService) private readonly ledger: LedgerService,
    @Inject(EVIDENT_CONFIG) config: EvidentConfig,
  ) {
    this.groupMap = config.scimGroupMap as SnapshotContext['groupMap'];
    // A wrong group map is a configuration error: say so at start-up, not on the first SCIM export.
    try {
      checkGroupMap(this.groupMap);
    } catch (err) {
      throw new ConfigError(`EVIDENT_SCIM_GROUP_MAP: ${(err as Error).message}`);
    }
  }

  async ingestSnapshot(source: string, doc: unknown, ctx: SnapshotContext): Promise<SnapshotIngestResult> {
    const snapshot = snapshotAdapterFor(source).toSnapshot(doc, { groupMap: this.groupMap, ...ctx });
    const seq = await this.appendOnce(ENTRY_KIND.snapshot, `${snapshot.source}\u001f${snapshot.instance}`, snapshot);
    return { ...seq, takenAt: snapshot.takenAt, principals: snapshot.principals.length, grants: snapshot.grants.length };
  }

  async ingestRoster(csv: string, asOf: string | undefined): Promise<SnapshotIngestResult> {
    // A roster describes the day it was exported; without --as-of that is when it arrives.
    const roster = parseRoster(csv, asOf ?? new Date().toISOString());
    const seq = await this.appendOnce(ENTRY_KIND.roster, ROSTER_SOURCE, roster);
    return { ...seq, takenAt: roster.asOf, principals: roster.entries.length, grants: 0 };
  }

  /** The snapshot of a source instance in force at `at` (the latest taken at or before it). */
  async snapshotAt(source: string, instance: string, at: string): Promise<AccessSnapshot | null> {
    await this.catchUp();
    const row = await this.repo.inForce('snapshot', source, instance, at);
    return row ? ((await this.load(row.seq)) as AccessSnapshot) : null;
  }

  async rosterAt(at: string): Promise<Roster | null> {
    await this.catchUp();
    const row = await this.repo.inForce('roster', ROSTER_SOURCE, ROSTER_SOURCE, at);
    return row ? ((await this.load(row.seq)) as Roster) : null;
  }

  async list(kind: 'snapshot' | 'roster'): Promise<AccessSnapshotEntity[]> {
    await this.catchUp();
    return this.repo.list(kind);
  }

  catchUp(): Promise<void> {
    this.running ??= this.project().finally(() => (this.running = null));
    return this.running;
  }

  async rebuild(): Promise<void> {
    await this.running;
    await this.repo.clear();
    await this.catchUp();
  }

  private async appendOnce(kind: string, scope: string, data: AccessSnapshot | Roster): Promise<{ seq: number; duplicate: boolean }> {
    let dataJcs: string;
    try {
      dataJcs = canonicalize(data);
    } catch (err) {
      throw new InvalidInputError((err as Error).message);
    }
    // The same export sent twice is one piece of evidence.
    const digest = createHash('sha256').update(dataJcs).digest('hex');
    const outcome = await this.ledger.append([{ kind, dataJcs, eventKey: `${kind}\u001f${scope}\u001f${digest}` }]);
    return { seq: outcome.seqs[0], duplicate: outcome.appended === 0 };
  }

  /** The data of a snapshot or roster entry. */
  async load(seq: number): Promise<unknown> {
    const entry = await this.ledger.get(seq);
    return entry ? (JSON.parse(entry.body) as { data: unknown }).data : null;
  }

  private async project(): Promise<void> {
    for (;;) {
      const from = await this.repo.cursor();
      const head = await this.ledger.head();
      if (from >= head.size) return;
      const to = Math.min(head.size, from + 20_000);
      const rows: AccessSnapshotEntity[] = [];
      for await (const page of this.ledger.pages(from + 1, to)) {
        for (const entry of page) {
          if (entry.kind !== ENTRY_KIND.snapshot && entry.kind !== ENTRY_KIND.roster) continue;
          const data = (JSON.parse(entry.body) as { data: AccessSnapshot & Roster }).data;
          rows.push(
            entry.kind === ENTRY_KIND.snapshot
              ? { seq: entry.seq, kind: 'snapshot', source: data.source, instance: data.instance, takenAt: data.takenAt, principals: data.principals.length, grants: data.grants.length }
              : { seq: entry.seq, kind: 'roster', source: ROSTER_SOURCE, instance: ROSTER_SOURCE, takenAt: data.asOf, principals: data.entries.length, grants: 0 },
          );
        }
      }
      await this.repo.commit(from, to, rows);
    }
  }
}
