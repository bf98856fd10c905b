import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { SnapshotContext } from '../../access/access-snapshot';
import { buildUnleashSnapshotDocument, UnleashSnapshotDocument } from '../../access/adapters/unleash-snapshot.adapter';
import { InvalidInputError } from '../../common/errors';
import { isoNow } from '../../ledger/chain';
import { ENTRY_KIND } from '../../ledger/entry-kinds';
import { canonicalize } from '../../ledger/jcs';
import { LedgerService } from '../../ledger/ledger.service';
import { IngestService } from '../ingest.service';
import { ConnectorCursor, ConnectorCursorRepository } from './connector-cursor.repository';
import { ConnectorError, UNLEASH_MAX_PAGE, UnleashClient, UnleashEventRecord } from './unleash-client';

/** Ledger kind of a completeness finding: source event ids that were never received. */
export const CONNECTOR_GAP_KIND = ENTRY_KIND.connectorGap;

const SOURCE = 'unleash';
const DAY_MS = 86_400_000;

/**
 * A missing id is only a gap once the source had time to commit it: Unleash takes ids from a
 * sequence when a transaction inserts, so id n+1 can be visible while n is still in flight.
 * Missing ids whose next higher id is younger than this (by the server's clock) hold the
 * cursor back until the next pass instead of being reported.
 */
export const DEFAULT_SETTLE_MS = 60_000;

/**
 * Paging newest first stops once events are this much older than the cursor's event: ids are
 * taken when a transaction inserts but `created_at` is its start, so a higher id can carry a
 * slightly earlier time.
 */
const LATE_COMMIT_MARGIN_MS = 10 * 60_000;

/** Events per ingest batch: each batch is atomic and oldest first. */
const INGEST_BATCH = 1000;

/**
 * Ingests one access snapshot document (what UnleashSnapshotAdapter reads); returns its ledger
 * seq. Typically `(doc, ctx) => access.ingestSnapshot('unleash', doc, ctx).then((r) => r.seq)`.
 */
export type SnapshotSink = (doc: UnleashSnapshotDocument, ctx: SnapshotContext) => Promise<number>;

/** Optional provider: how the connector hands Unleash access exports to the snapshot ingest. */
export const UNLEASH_SNAPSHOT_SINK = Symbol('UNLEASH_SNAPSHOT_SINK');

export interface ConnectorProgress {
  phase: 'events' | 'ingest' | 'snapshot';
  done: number;
  /** Known for `events` (the server's count for the window) and `ingest`. */
  total?: number;
}

export interface UnleashRunOptions {
  url: string;
  token: string;
  /** Source instance name in the ledger; default the URL's host. */
  instance?: string;
  onProgress?: (p: ConnectorProgress) => void;
  /** Overrides the injected sink for this pass. */
  snapshotSink?: SnapshotSink;
  /** Who asked for the pass (recorded), e.g. `cli:alice` or `scheduler`. */
  by?: string;
  /** See DEFAULT_SETTLE_MS. */
  settleMs?: number;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
  /** Events per page, ≤ 1000. */
  pageSize?: number;
  /** For tests: another fetch. */
  fetch?: typeof fetch;
}

export interface IdGap {
  from: string;
  to: string;
}

export interface UnleashRunResult {
  appended: number;
  duplicates: number;
  /** Ranges of Unleash event ids never received (inclusive), found in this pass. */
  gaps: IdGap[];
  /** Ledger seq of the access snapshot, or null when no snapshot sink is configured. */
  snapshotSeq: number | null;
  instance: string;
  /** Distinct events read from Unleash in this pass (the overlap included). */
  received: number;
  cursor: { before: number | null; after: number | null };
}

/** The part of an event the cursor logic needs. */
export interface SeenEvent {
  id: number;
  createdAt: string;
}

export interface PassPlan {
  gaps: { from: number; to: number }[];
  /** The new cursor, or null when there is nothing (yet) to store. */
  next: { lastEventId: number; lastEventAt: string } | null;
  /** Lowest missing id held back because it may still commit; null if none. */
  pendingFrom: number | null;
}

/**
 * Pure: given the stored cursor and the events one pass saw, which ids are missing (gaps), and
 * how far the cursor may move. Ids at or below the cursor are old news. Without a cursor, only
 * holes between the lowest and highest id seen count. A hole whose next higher id is younger
 * than `settleMs` (server clock) may be a transaction still committing: it is not reported and
 * the cursor stops just below it.
 */
export function planPass(prev: { lastEventId: number; lastEventAt: string } | null, seen: SeenEvent[], opts: { serverNow: number; settleMs: number }): PassPlan {
  const byId = new Map<number, SeenEvent>();
  for (const e of seen) if (!prev || e.id > prev.lastEventId) byId.set(e.id, e);
  const ids = [...byId.keys()].sort((a, b) => a - b);
  if (ids.length === 0) return { gaps: [], next: prev ? { lastEventId: prev.lastEventId, lastEventAt: prev.lastEventAt } : null, pendingFrom: null };

  const gaps: { from: number; to: number }[] = [];
  let expected = prev ? prev.lastEventId + 1 : ids[0];
  let cursor = prev ? prev.lastEventId : null;
  let cursorAt = prev?.lastEventAt ?? null;
  for (const id of ids) {
    if (id > expected) {
      const next = byId.get(id)!;
      const age = opts.serverNow - Date.parse(next.createdAt);
      if (age < opts.settleMs) {
        return { gaps, next: cursor === null ? null : { lastEventId: cursor, lastEventAt: cursorAt! }, pendingFrom: expected };
      }
      gaps.push({ from: expected, to: id - 1 });
    }
    cursor = id;
    cursorAt = byId.get(id)!.createdAt;
    expected = id + 1;
  }
  return { gaps, next: { lastEventId: cursor!, lastEventAt: cursorAt! }, pendingFrom: null };
}

export interface BackoffOptions {
  /** Tries in all (≥ 1). */
  attempts: number;
  /** First wait; doubled each time, with ±25 % jitter. */
  baseMs: number;
  maxMs?: number;
  /** Default: ConnectorErrors that may heal (unreachable, timeout, 5xx); anything else fails at once. */
  retryIf?: (err: unknown) => boolean;
  onRetry?: (err: unknown, attempt: number, waitMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

/** Runs `fn` until it succeeds, retrying transient failures with exponential backoff; rethrows the last error. */
export async function withBackoff<T>(fn: (attempt: number) => Promise<T>, opts: BackoffOptions): Promise<T> {
  const attempts = Math.max(1, Math.floor(opts.attempts));
  const retryIf = opts.retryIf ?? ((err: unknown) => err instanceof ConnectorError && err.transient);
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= attempts || !retryIf(err)) throw err;
      const exp = Math.min(opts.baseMs * 2 ** (attempt - 1), opts.maxMs ?? Number.MAX_SAFE_INTEGER);
      const wait = Math.round(exp * (0.75 + Math.random() * 0.5));
      opts.onRetry?.(err, attempt, wait);
      await sleep(wait);
    }
  }
}

/**
 * Pulls an Unleash instance's events through the event search API into the ledger, one pass at
 * a time: read everything newer than the cursor (with a day of overlap, since the API filters by
 * whole days), ingest it oldest first (duplicates are dropped by the ledger), record id gaps,
 * then move the cursor; then take an access snapshot when a sink is configured. A failed pass
 * leaves the cursor where it was.
 */
@Injectable()
export class UnleashConnectorService {
  private readonly logger = new Logger(UnleashConnectorService.name);
  /** One pass per instance at a time in this process. */
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(IngestService) private readonly ingest: IngestService,
    @Inject(LedgerService) private readonly ledger: LedgerService,
    @Inject(ConnectorCursorRepository) private readonly cursors: ConnectorCursorRepository,
    @Optional() @Inject(UNLEASH_SNAPSHOT_SINK) private readonly defaultSink?: SnapshotSink,
  ) {}

  /** The stored cursor of an instance (null before its first pass). */
  cursor(instance: string): Promise<ConnectorCursor | null> {
    return this.cursors.get(SOURCE, instance);
  }

  /** For the scheduled mode: runOnce, retried with backoff on transient failures. */
  runWithRetry(opts: UnleashRunOptions, backoff: Partial<BackoffOptions> = {}): Promise<UnleashRunResult> {
    return withBackoff(() => this.runOnce(opts), {
      attempts: 4,
      baseMs: 5_000,
      maxMs: 120_000,
      onRetry: (err, attempt, wait) => this.logger.warn(`Unleash pass failed (attempt ${attempt}): ${(err as Error).message}; retrying in ${wait} ms`),
      ...backoff,
    });
  }

  async runOnce(opts: UnleashRunOptions): Promise<UnleashRunResult> {
    const client = new UnleashClient({ url: opts.url, token: opts.token, timeoutMs: opts.timeoutMs, fetch: opts.fetch });
    const instance = opts.instance?.trim() || new URL(client.baseUrl).host;
    const previous = this.running.get(instance);
    const pass = (previous ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.pass(client, instance, opts));
    this.running.set(instance, pass);
    try {
      return await pass;
    } finally {
      if (this.running.get(instance) === pass) this.running.delete(instance);
    }
  }

  private async pass(client: UnleashClient, instance: string, opts: UnleashRunOptions): Promise<UnleashRunResult> {
    const by = opts.by ?? 'connector';
    const prev = await this.cursors.get(SOURCE, instance);
    const base = { action: 'connector.run', source: SOURCE, instance, url: client.displayUrl, by };
    let stage = 'events';
    // What had already happened when a pass fails part way (a failed snapshot comes after the cursor moved).
    const done = { appended: 0, duplicates: 0, cursorAfter: prev?.lastEventId ?? null };
    try {
      const { events, serverNow } = await this.fetchSince(client, prev, opts);

      stage = 'ingest';
      const sorted = events.sort((a, b) => a.id - b.id);
      let appended = 0;
      let duplicates = 0;
      for (let i = 0; i < sorted.length; i += INGEST_BATCH) {
        const batch = sorted.slice(i, i + INGEST_BATCH);
        const r = await this.ingest.ingestDocuments([{ value: batch }], { source: SOURCE, instance }).catch((err: unknown) => {
          // Not the caller's input: the server sent something the Unleash adapter refuses.
          if (!(err instanceof InvalidInputError)) throw err;
          throw new ConnectorError(
            `Unleash at ${client.displayUrl} sent an event Evident cannot ingest (events ${batch[0].id}–${batch[batch.length - 1].id}): ${err.message}; ` +
              'nothing of this batch was recorded and the cursor was kept',
            'bad-response',
          );
        });
        appended += r.appended;
        duplicates += r.duplicates;
        done.appended = appended;
        done.duplicates = duplicates;
        opts.onProgress?.({ phase: 'ingest', done: Math.min(i + INGEST_BATCH, sorted.length), total: sorted.length });
      }

      stage = 'gaps';
      const plan = planPass(prev, sorted, { serverNow, settleMs: opts.settleMs ?? DEFAULT_SETTLE_MS });
      const gaps = plan.gaps.map((g) => ({ from: String(g.from), to: String(g.to) }));
      if (gaps.length > 0) {
        // Keyed so that a pass repeated after a crash does not record the same finding twice.
        await this.ledger.append(
          plan.gaps.map((g) => ({
            kind: CONNECTOR_GAP_KIND,
            eventKey: `${CONNECTOR_GAP_KIND}\u001f${SOURCE}\u001f${instance}\u001f${g.from}-${g.to}`,
            dataJcs: canonicalize({
              source: SOURCE,
              instance,
              from: String(g.from),
              to: String(g.to),
              count: g.to - g.from + 1,
              detectedAt: isoNow(),
              detectedBy: 'connector',
              reason: 'event ids missing from the source\'s sequential ids (deleted, or never committed)',
            }),
          })),
        );
      }
      if (plan.next) {
        await this.cursors.advance({ source: SOURCE, instance, ...plan.next }, isoNow());
        done.cursorAfter = plan.next.lastEventId;
      }
      if (plan.pendingFrom !== null) {
        this.logger.log(`${instance}: ids from ${plan.pendingFrom} may still be committing; the cursor waits below them until the next pass`);
      }

      stage = 'snapshot';
      const sink = opts.snapshotSink ?? this.defaultSink;
      let snapshotSeq: number | null = null;
      if (sink) {
        opts.onProgress?.({ phase: 'snapshot', done: 0 });
        const takenAt = new Date(serverNow).toISOString();
        const doc = await fetchAccessExport(client, takenAt);
        snapshotSeq = await sink(doc, { instance, takenAt });
        opts.onProgress?.({ phase: 'snapshot', done: 1 });
      }

      const result: UnleashRunResult = {
        appended,
        duplicates,
        gaps,
        snapshotSeq,
        instance,
        received: sorted.length,
        cursor: { before: prev?.lastEventId ?? null, after: plan.next?.lastEventId ?? null },
      };
      await this.ledger.record(ENTRY_KIND.serviceAction, {
        ...base,
        outcome: 'ok',
        received: result.received,
        appended,
        duplicates,
        gaps,
        cursor: result.cursor,
        ...(plan.pendingFrom !== null ? { heldBackFrom: String(plan.pendingFrom) } : {}),
        snapshotSeq,
      });
      return result;
    } catch (err) {
      // The failed pass is evidence too (connector lag); recording it must not hide the cause.
      const failure = err instanceof ConnectorError ? { reason: err.reason, message: err.message } : { reason: 'internal', message: (err as Error).message };
      await this.ledger
        .record(ENTRY_KIND.serviceAction, {
          ...base,
          outcome: 'failed',
          stage,
          ...failure,
          appended: done.appended,
          duplicates: done.duplicates,
          cursor: { before: prev?.lastEventId ?? null, after: done.cursorAfter },
        })
        .catch((e: Error) => this.logger.error(`could not record the failed Unleash pass: ${e.message}`));
      throw err;
    }
  }

  /**
   * Every event newer than the cursor, and the overlap: the window starts the day before the
   * cursor's event and ends tomorrow (UTC), so a server whose database runs in another time
   * zone loses nothing at either end. Pages newest first until events are older than the cursor.
   */
  private async fetchSince(client: UnleashClient, prev: ConnectorCursor | null, opts: UnleashRunOptions): Promise<{ events: UnleashEventRecord[]; serverNow: number }> {
    const limit = Math.min(opts.pageSize ?? UNLEASH_MAX_PAGE, UNLEASH_MAX_PAGE);
    const from = prev ? utcDay(Date.parse(prev.lastEventAt) - DAY_MS) : undefined;
    const to = utcDay(Date.now() + DAY_MS);
    const stopBefore = prev ? Date.parse(prev.lastEventAt) - LATE_COMMIT_MARGIN_MS : null;
    const byId = new Map<number, UnleashEventRecord>();
    let serverNow: number | null = null;
    let newest = 0;
    for (let offset = 0; ; offset += limit) {
      const page = await client.searchEvents({ from, to, offset, limit });
      // HTTP dates have whole seconds: the server's clock was up to 999 ms later than said.
      serverNow ??= page.serverTime ? page.serverTime.getTime() + 999 : Date.now();
      // Events arriving while we page push older ones down: some are seen twice, none skipped.
      for (const e of page.events) {
        byId.set(e.id, e);
        newest = Math.max(newest, Date.parse(e.createdAt));
      }
      opts.onProgress?.({ phase: 'events', done: byId.size, total: Math.max(page.total, byId.size) });
      if (page.events.length < limit) break;
      if (stopBefore !== null && page.events.some((e) => Date.parse(e.createdAt) < stopBefore)) break;
    }
    // The database's clock (createdAt) may run ahead of the web server's.
    return { events: [...byId.values()], serverNow: Math.max(serverNow ?? Date.now(), newest) };
  }
}

/**
 * Users and root roles (every edition); custom roles with their permissions, project access,
 * groups and service accounts where the edition has them (Enterprise; 404 on open source).
 */
async function fetchAccessExport(client: UnleashClient, exportedAt: string): Promise<UnleashSnapshotDocument> {
  const userAdmin = await client.users();
  const roleList = await client.roles();
  let roles: unknown[] | undefined;
  if (roleList) {
    // Role bodies carry the permissions; keep the list entry where a body is unavailable.
    roles = [];
    for (const r of roleList.roles as unknown[]) {
      const id = typeof r === 'object' && r !== null ? (r as { id?: unknown }).id : undefined;
      const body = typeof id === 'number' || typeof id === 'string' ? await client.role(id) : null;
      roles.push(body ?? r);
    }
  }
  let projectAccess: Record<string, unknown> | undefined = {};
  for (const p of await client.projects()) {
    const access = await client.projectAccess(p.id);
    if (access === null) {
      projectAccess = undefined; // open source: no project access API
      break;
    }
    projectAccess[p.id] = access;
  }
  const groups = await client.groups();
  const serviceAccounts = await client.serviceAccounts();
  return buildUnleashSnapshotDocument({
    exportedAt,
    userAdmin,
    ...(roles ? { roles } : {}),
    ...(projectAccess ? { projectAccess } : {}),
    ...(groups ? { groups } : {}),
    ...(serviceAccounts ? { serviceAccounts } : {}),
  });
}

function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
