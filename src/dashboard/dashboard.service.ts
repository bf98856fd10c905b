import { Inject, Injectable } from '@nestjs/common';
import { AccessSnapshot } from '../access/access-snapshot';
import { AccessService } from '../access/access.service';
import { READERS } from '../auth/roles';
import { Principal, TokenService } from '../auth/token.service';
import { CatalogService } from '../catalog/catalog.service';
import { Framework } from '../catalog/catalog.types';
import { ChangeRequestEntity } from '../changes/change.entities';
import { ChangesService } from '../changes/changes.service';
import { SnapshotIndex } from '../checks/access-index';
import { CheckResult, ControlStatus, Period } from '../checks/check.types';
import { ChecksService, FrameworkStatus } from '../checks/checks.service';
import { parsePeriod } from '../checks/period';
import { InvalidInputError, NotFoundError } from '../common/errors';
import { NormalizedEvent } from '../ingest/normalized-event';
import { CheckpointService } from '../ledger/checkpoint.service';
import { ENTRY_KIND } from '../ledger/entry-kinds';
import { LedgerService } from '../ledger/ledger.service';
import { VerifyService } from '../ledger/verify.service';
import {
  ApprovalView,
  ChainView,
  ChangeRequestView,
  CheckSectionView,
  CONTROL_STATUSES,
  ControlGroup,
  ControlPageView,
  ControlsPageView,
  EvidencePageView,
  GrantsView,
  HeaderView,
  PersonView,
  Selection,
} from './view-models';

/** Full verification reads the whole ledger: the header reuses one result for this long. */
export const CHAIN_STATUS_TTL_MS = 60_000;
export const DEFAULT_FRAMEWORK = 'soc2';
/** Where a successful sign-in goes when it was not sent from a particular page. */
export const HOME = '/controls';

type Query = { framework?: string; from?: string; to?: string; control?: string };

export type SignInResult = { ok: true; principal: Principal } | { ok: false; message: string };

/** Assembles the dashboard's view models from the services that own the data. */
@Injectable()
export class DashboardService {
  constructor(
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(CatalogService) private readonly catalog: CatalogService,
    @Inject(ChecksService) private readonly checks: ChecksService,
    @Inject(LedgerService) private readonly ledger: LedgerService,
    @Inject(CheckpointService) private readonly checkpoints: CheckpointService,
    @Inject(VerifyService) private readonly verifier: VerifyService,
    @Inject(ChangesService) private readonly changes: ChangesService,
    @Inject(AccessService) private readonly access: AccessService,
  ) {}

  /** A pasted API token → a principal allowed to read the dashboard, or why not. */
  async signIn(token: unknown): Promise<SignInResult> {
    const value = typeof token === 'string' ? token.trim() : '';
    if (!value) return { ok: false, message: 'Enter an API token.' };
    const principal = value.length <= 512 ? await this.tokens.authenticate(value) : null;
    if (!principal) return { ok: false, message: 'That token is unknown, revoked or expired.' };
    if (!READERS.includes(principal.role)) return { ok: false, message: `Tokens with the role "${principal.role}" cannot open the dashboard.` };
    return { ok: true, principal };
  }

  /** The framework and period from the query string; the current quarter of SOC 2 by default. */
  selection(query: Query, now = new Date()): Selection {
    const quarter = quarterOf(now);
    return {
      framework: str(query.framework) || DEFAULT_FRAMEWORK,
      from: str(query.from) || quarter.from,
      to: str(query.to) || quarter.to,
    };
  }

  async header(principal: Principal): Promise<HeaderView> {
    const [head, checkpoint, chain] = await Promise.all([this.ledger.head(), this.checkpoints.latest(), this.chainStatus()]);
    return {
      session: { name: principal.name, role: principal.role },
      ledgerSize: head.size,
      chain,
      checkpoint: checkpoint ? { size: checkpoint.size, time: checkpoint.time, keyId: checkpoint.keyId } : null,
    };
  }

  /** The chain status from a verification at most CHAIN_STATUS_TTL_MS old (shared with the checks). */
  async chainStatus(): Promise<ChainView> {
    const verifiedAt = new Date().toISOString();
    return this.verifier.verifyRecent(CHAIN_STATUS_TTL_MS).then(
      (r): ChainView =>
        r.ok
          ? { state: 'ok', size: r.size, checkpoints: r.checkpoints, verifiedAt }
          : { state: 'broken', size: r.size, checkpoints: r.checkpoints, verifiedAt, firstBad: r.firstBad ?? { seq: 0, reason: 'unknown' } },
      (err: Error): ChainView => ({ state: 'unknown', verifiedAt, message: err.message }),
    );
  }

  frameworks(): { id: string; name: string }[] {
    return this.catalog.frameworks.map((f) => ({ id: f.id, name: f.name }));
  }

  async controlsPage(principal: Principal, query: Query): Promise<ControlsPageView> {
    const selection = this.selection(query);
    const framework = this.catalog.framework(selection.framework);
    const period = parsePeriod(selection.from, selection.to);
    const [header, status] = await this.headerAndStatus(principal, framework.id, period);
    const results = new Map(status.checks.map((c) => [c.id, c]));
    const byId = new Map(framework.controls.map((c) => [c.id, c]));
    const summary = Object.fromEntries(CONTROL_STATUSES.map((s) => [s, 0])) as Record<ControlStatus, number>;
    const groups: ControlGroup[] = [];
    let totalExceptions = 0;
    for (const result of status.controls) {
      summary[result.status]++;
      totalExceptions += result.exceptions;
      const control = byId.get(result.id);
      const family = control?.family ?? null;
      let group = groups[groups.length - 1];
      if (!group || group.family !== family) {
        group = { family, name: family ? (framework.families?.[family] ?? null) : null, controls: [] };
        groups.push(group);
      }
      group.controls.push({
        id: result.id,
        title: result.title,
        status: result.status,
        exceptions: result.exceptions,
        child: Boolean(control?.parent),
        checks: result.checks.map((id) => chip(id, results.get(id))),
      });
    }
    return {
      header,
      selection,
      frameworks: this.frameworks(),
      frameworkName: framework.name,
      period,
      summary,
      totalControls: status.controls.length,
      totalExceptions,
      groups,
    };
  }

  async controlPage(principal: Principal, controlId: string, query: Query): Promise<ControlPageView> {
    const selection = this.selection(query);
    const framework = this.catalog.framework(selection.framework);
    const control = framework.controls.find((c) => c.id === controlId);
    if (!control) throw new NotFoundError(`${framework.name} has no control "${controlId}"`);
    const period = parsePeriod(selection.from, selection.to);
    const [header, status] = await this.headerAndStatus(principal, framework.id, period);
    const result = status.controls.find((c) => c.id === controlId)!;
    const results = new Map(status.checks.map((c) => [c.id, c]));
    const parent = control.parent ? framework.controls.find((c) => c.id === control.parent) : undefined;
    return {
      header,
      selection,
      frameworkName: framework.name,
      period,
      control: {
        id: control.id,
        title: control.title,
        status: result.status,
        exceptions: result.exceptions,
        parent: parent ? { id: parent.id, title: parent.title } : null,
      },
      checks: result.checks.map((id) => this.checkSection(framework, control.id, results.get(id))).filter((c): c is CheckSectionView => c !== null),
    };
  }

  async evidencePage(principal: Principal, seqParam: string, query: Query): Promise<EvidencePageView> {
    const seq = parseSeq(seqParam);
    const [header, entry] = await Promise.all([this.header(principal), this.ledger.get(seq)]);
    if (!entry) throw new NotFoundError(`the ledger has no entry ${seq}`);
    const [previous, latest] = await Promise.all([this.ledger.chainHashBefore(seq), this.checkpoints.latest()]);
    const parsed = JSON.parse(entry.body) as { data?: unknown };
    const event = entry.kind === ENTRY_KIND.event ? (parsed.data as NormalizedEvent) : null;
    const governed = event !== null && (event.type.startsWith('flag.') || event.type.startsWith('change_request.'));
    const controlParam = str(query.control);
    return {
      header,
      selection: this.selection(query),
      control: controlParam || null,
      entry: {
        seq: entry.seq,
        kind: entry.kind,
        recordedAt: entry.recordedAt,
        leafHash: entry.leafHash.toString('hex'),
        chainHash: entry.chainHash.toString('hex'),
        previousChainHash: previous.toString('hex'),
        body: entry.body,
        bodyBytes: Buffer.byteLength(entry.body, 'utf8'),
        pretty: JSON.stringify(parsed, null, 2),
      },
      coveredBy: latest && latest.size >= seq ? { size: latest.size, time: latest.time } : null,
      event: event ? eventSummary(event) : null,
      changeRequest: governed ? await this.changeRequestOf(event) : undefined,
      grants: governed ? await this.grantsAt(event) : null,
    };
  }

  /**
   * The read models catch up one after the other before the checks read them: on SQLite both
   * catch-ups open a transaction on the one connection, and ChecksService starts them together.
   */
  private async headerAndStatus(principal: Principal, frameworkId: string, period: Period): Promise<[HeaderView, FrameworkStatus]> {
    await this.changes.catchUp();
    await this.access.catchUp();
    return Promise.all([this.header(principal), this.checks.status(frameworkId, period)]);
  }

  private checkSection(framework: Framework, controlId: string, result: CheckResult | undefined): CheckSectionView | null {
    if (!result) return null;
    const def = this.catalog.checks.find((c) => c.id === result.id);
    const mappingKey = framework.kind === 'baseline' ? framework.over! : framework.id;
    const row = def?.controls[mappingKey]?.find((r) => r.control === controlId);
    return {
      id: result.id,
      title: result.title,
      description: def?.description ?? '',
      status: result.status,
      population: result.population,
      note: result.note,
      rationale: row?.rationale,
      provenance: row?.provenance,
      exceptions: result.exceptions,
    };
  }

  /** The change request an event belongs to: by its change request id, else by the transaction group of the applied event. */
  private async changeRequestOf(event: NormalizedEvent): Promise<ChangeRequestView | null> {
    const crs = (await this.changes.changeRequests()).filter((cr) => cr.source === event.source && cr.instance === event.instance);
    const byId = event.changeRequest?.id ? crs.find((cr) => cr.crId === event.changeRequest!.id) : undefined;
    if (byId) return changeRequestView(byId, 'change-request-id');
    const groupId = event.group?.id ?? event.changeRequest?.groupId;
    const byGroup = groupId ? crs.find((cr) => cr.groupId === groupId) : undefined;
    return byGroup ? changeRequestView(byGroup, 'transaction-group') : null;
  }

  /** The actor's grants in the snapshot of the event's source instance in force at the event time. */
  private async grantsAt(event: NormalizedEvent): Promise<GrantsView> {
    const actor = { ...person(event.actor.id, event.actor.email, event.actor.name), kind: event.actor.kind };
    const rows = (await this.access.list('snapshot')).filter((r) => r.source === event.source && r.instance === event.instance && r.takenAt <= event.time);
    rows.sort((a, b) => (a.takenAt < b.takenAt ? -1 : a.takenAt > b.takenAt ? 1 : a.seq - b.seq));
    const row = rows[rows.length - 1];
    const snapshot = row ? ((await this.access.load(row.seq)) as AccessSnapshot | null) : null;
    if (!row || !snapshot) return { at: event.time, actor, snapshot: null, principal: null, grants: [] };
    const index = new SnapshotIndex(row.seq, snapshot);
    const principal = index.principal({ id: event.actor.id, email: event.actor.email }) ?? null;
    return {
      at: event.time,
      actor,
      snapshot: { seq: row.seq, takenAt: row.takenAt, source: row.source, instance: row.instance },
      principal,
      grants: principal ? index.grantsOf(principal.id) : [],
    };
  }
}

/** A local path to return to after sign-in; anything else (other hosts, `//x`, `/\x`, the login pages) goes home. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 2000) return HOME;
  if (!/^\/(?![/\\])/.test(next) || /[\\\u0000-\u001f\u007f]/.test(next)) return HOME;
  if (/^\/(login|logout)(?:[/?#]|$)/.test(next)) return HOME;
  return next;
}

/** The calendar quarter (UTC) containing `now`, as inclusive dates. */
export function quarterOf(now: Date): { from: string; to: string } {
  const y = now.getUTCFullYear();
  const q = Math.floor(now.getUTCMonth() / 3);
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return { from: day(new Date(Date.UTC(y, q * 3, 1))), to: day(new Date(Date.UTC(y, q * 3 + 3, 0))) };
}

function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

function parseSeq(value: string): number {
  const n = /^[1-9]\d{0,15}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw new InvalidInputError(`"${value}" is not a ledger sequence number`, [{ field: 'seq', message: 'not a positive integer' }]);
  return n;
}

function chip(id: string, r: CheckResult | undefined) {
  return { id, title: r?.title ?? id, status: r?.status ?? 'insufficient-evidence', exceptions: r?.exceptions.length ?? 0 } as const;
}

function person(id: string | null | undefined, email: string | null | undefined, name: string | null | undefined): PersonView {
  return { id: id ?? null, email: email ?? null, name: name ?? null };
}

function eventSummary(e: NormalizedEvent) {
  return {
    type: e.type,
    nativeType: e.nativeType ?? null,
    time: e.time,
    source: e.source,
    instance: e.instance,
    id: e.id,
    actor: { ...person(e.actor.id, e.actor.email, e.actor.name), kind: e.actor.kind },
    project: e.project ?? null,
    environment: e.environment ?? null,
    flag: e.flag ?? null,
  };
}

function samePerson(a: PersonView, b: PersonView): boolean {
  if (a.id && b.id && a.id === b.id) return true;
  return Boolean(a.email && b.email && a.email.toLowerCase() === b.email.toLowerCase());
}

function changeRequestView(cr: ChangeRequestEntity, linkedBy: ChangeRequestView['linkedBy']): ChangeRequestView {
  const requester = person(cr.requesterId, cr.requesterEmail, cr.requesterName);
  const approval = (a: ChangeRequestEntity['approvals'][number]): ApprovalView => {
    const who = person(a.actorId, a.email, a.name);
    return { ...who, seq: a.seq, time: a.time, selfApproval: samePerson(who, requester), afterApply: Boolean(cr.appliedAt && a.time > cr.appliedAt) };
  };
  return {
    source: cr.source,
    instance: cr.instance,
    crId: cr.crId,
    state: cr.state,
    project: cr.project,
    environment: cr.environment,
    requester,
    createdAt: cr.createdAt,
    createdSeq: cr.createdSeq,
    appliedAt: cr.appliedAt,
    appliedSeq: cr.appliedSeq,
    applier: person(cr.applierId, cr.applierEmail, null),
    requiredApprovals: cr.requiredApprovals,
    approvals: cr.approvals.map(approval),
    rejections: cr.rejections.map(approval),
    linkedBy,
  };
}
