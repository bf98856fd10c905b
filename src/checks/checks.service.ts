import { Inject, Injectable } from '@nestjs/common';
import { AccessSnapshot, Roster } from '../access/access-snapshot';
import { AccessService } from '../access/access.service';
import { CatalogService } from '../catalog/catalog.service';
import { ChangesService } from '../changes/changes.service';
import { EvidentConfig } from '../config/config';
import { EVIDENT_CONFIG } from '../config/config.module';
import { CheckpointService } from '../ledger/checkpoint.service';
import { LedgerService } from '../ledger/ledger.service';
import { VerifyService } from '../ledger/verify.service';
import { SnapshotTimeline } from './access-index';
import { CheckResult, Period } from './check.types';
import { CheckInputs, IdGap } from './check-inputs';
import { CHECK_IMPLEMENTATIONS } from './check-registry';
import { ChecksRepository } from './checks.repository';
import { checksByControl, ControlResult, controlStatuses } from './control-status';

export interface FrameworkStatus {
  framework: string;
  from: string;
  to: string;
  checks: CheckResult[];
  controls: ControlResult[];
}

const RESULT_TTL_MS = 60_000;

/** Sources whose own event ids are sequential, so a missing id is a missing event. */
const SEQUENTIAL_ID_SOURCES = ['unleash'];

/** Runs every automated check over the whole population of a period and rolls results up to controls. */
@Injectable()
export class ChecksService {
  private readonly cache = new Map<string, { at: number; results: Promise<CheckResult[]> }>();

  constructor(
    @Inject(CatalogService) private readonly catalog: CatalogService,
    @Inject(ChangesService) private readonly changes: ChangesService,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(LedgerService) private readonly ledger: LedgerService,
    @Inject(VerifyService) private readonly verifier: VerifyService,
    @Inject(CheckpointService) private readonly checkpoints: CheckpointService,
    @Inject(ChecksRepository) private readonly repo: ChecksRepository,
    @Inject(EVIDENT_CONFIG) private readonly config: EvidentConfig,
  ) {}

  async status(frameworkId: string, period: Period): Promise<FrameworkStatus> {
    const framework = this.catalog.framework(frameworkId);
    const mapping = checksByControl(framework, this.catalog.checks);
    const needed = new Set([...mapping.values()].flat());
    const results = await this.run(period, needed);
    const byId = new Map(results.map((r) => [r.id, r]));
    return { framework: framework.id, from: period.from, to: period.to, checks: results, controls: controlStatuses(framework, mapping, byId) };
  }

  async exceptions(checkId: string, period: Period): Promise<CheckResult> {
    this.catalog.check(checkId);
    return (await this.run(period, new Set([checkId])))[0];
  }

  /** Runs the given checks (all when omitted) in catalog order. */
  async run(period: Period, only?: Set<string>): Promise<CheckResult[]> {
    const all = await this.runAll(period);
    return only ? all.filter((r) => only.has(r.id)) : all;
  }

  /**
   * Every check over the period. The results depend only on the ledger, so they are reused
   * while its head and checkpoints are unchanged (briefly: LOG-CHECKPOINTED also reads the clock).
   */
  private async runAll(period: Period): Promise<CheckResult[]> {
    const [head, latest] = await Promise.all([this.ledger.head(), this.checkpoints.latest()]);
    const key = `${period.from}|${period.to}|${head.size}|${latest?.size ?? 0}`;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < RESULT_TTL_MS) return hit.results;
    const results = this.compute(period);
    this.cache.set(key, { at: Date.now(), results });
    results.catch(() => this.cache.delete(key));
    if (this.cache.size > 32) this.cache.delete(this.cache.keys().next().value as string);
    return results;
  }

  private async compute(period: Period): Promise<CheckResult[]> {
    const inputs = await this.inputs(period);
    return this.catalog.checks.map((def) => {
      const impl = CHECK_IMPLEMENTATIONS[def.id];
      if (!impl) return { id: def.id, title: def.title, status: 'insufficient-evidence', population: 0, exceptions: [], note: 'no automated test is implemented for this check' };
      return { id: def.id, title: def.title, ...impl(inputs) };
    });
  }

  private async inputs(period: Period): Promise<CheckInputs> {
    const [changes, changeRequests, snapshotRows, rosterRows, verification, checkpoints, head] = await Promise.all([
      this.changes.flagChanges({ to: period.to }),
      this.changes.changeRequests(),
      this.access.list('snapshot'),
      this.access.list('roster'),
      // A minute-old verification of the same head is as good: the ledger is append-only.
      this.verifier.verifyRecent(60_000),
      this.checkpoints.list(),
      this.ledger.head(),
    ]);
    changes.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.seq - b.seq));
    const relevantSnapshots = snapshotRows.filter((r) => r.takenAt < period.to);
    const bodies = new Map<number, unknown>();
    for (const r of [...relevantSnapshots, ...rosterRows]) bodies.set(r.seq, await this.access.load(r.seq));
    const wanted = [1, ...checkpoints.map((c) => c.size + 1)].filter((s) => s <= head.size);
    const times = await this.repo.recordedAt(wanted);
    return {
      period,
      policy: this.catalog.policy,
      changes,
      changeRequests,
      snapshots: new SnapshotTimeline(relevantSnapshots, (seq) => bodies.get(seq) as AccessSnapshot | undefined),
      rosters: rosterRows.filter((r) => r.takenAt < period.to).map((r) => ({ seq: r.seq, roster: bodies.get(r.seq) as Roster })),
      verification,
      checkpoints,
      entryTimes: (seq) => times.get(seq),
      ledgerSize: head.size,
      firstEntryAt: times.get(1) ?? null,
      idGaps: await this.idGaps(),
      isProduction: (env) => this.config.productionPattern.test(env),
      reviews: [],
    };
  }

  /** Holes in the sequential event ids of each source instance, from the ledger's key index. */
  private async idGaps(): Promise<IdGap[]> {
    const gaps: IdGap[] = [];
    for (const source of SEQUENTIAL_ID_SOURCES) {
      const byInstance = new Map<string, { id: number; seq: number }[]>();
      for (const { seq, key } of await this.repo.eventKeys(source)) {
        const [, instance, id] = key.split('\u001f');
        if (!/^\d+$/.test(id)) continue;
        const list = byInstance.get(instance) ?? [];
        list.push({ id: Number(id), seq });
        byInstance.set(instance, list);
      }
      for (const [instance, list] of byInstance) {
        list.sort((a, b) => a.id - b.id);
        for (let k = 1; k < list.length; k++) {
          if (list[k].id > list[k - 1].id + 1) {
            gaps.push({ source, instance, from: String(list[k - 1].id + 1), to: String(list[k].id - 1), seq: list[k].seq });
          }
        }
      }
    }
    return gaps;
  }
}
