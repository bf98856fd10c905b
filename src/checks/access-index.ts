import { AccessSnapshot, Capability, SnapshotGrant, SnapshotPrincipal } from '../access/access-snapshot';

export interface Actor {
  id?: string | null;
  email?: string | null;
}

/** One snapshot, indexed for "did this person hold this capability here" questions. */
export class SnapshotIndex {
  private readonly byId = new Map<string, SnapshotPrincipal>();
  private readonly byEmail = new Map<string, SnapshotPrincipal>();
  private readonly grants = new Map<string, SnapshotGrant[]>();

  constructor(
    readonly seq: number,
    readonly snapshot: AccessSnapshot,
  ) {
    for (const p of snapshot.principals) {
      this.byId.set(p.id, p);
      if (p.email) this.byEmail.set(p.email.toLowerCase(), p);
    }
    for (const g of snapshot.grants) {
      const list = this.grants.get(g.principal) ?? [];
      list.push(g);
      this.grants.set(g.principal, list);
    }
  }

  principal(actor: Actor): SnapshotPrincipal | undefined {
    return (actor.id ? this.byId.get(actor.id) : undefined) ?? (actor.email ? this.byEmail.get(actor.email.toLowerCase()) : undefined);
  }

  grantsOf(principalId: string): SnapshotGrant[] {
    return this.grants.get(principalId) ?? [];
  }

  /** Whether the actor held any of `capabilities` (or admin) for that project and environment. */
  holds(actor: Actor, capabilities: Capability[], project: string | null, environment: string | null): boolean {
    const p = this.principal(actor);
    if (!p || !p.active) return false;
    return this.grantsOf(p.id).some(
      (g) =>
        (g.project === '*' || g.project === project) &&
        (g.environment === '*' || g.environment === environment) &&
        g.capabilities.some((c) => c === 'admin' || capabilities.includes(c)),
    );
  }
}

/** The snapshots of every source instance, in time order, with "which one was in force at t". */
export class SnapshotTimeline {
  private readonly bySource = new Map<string, { takenAt: string; seq: number }[]>();
  private readonly cache = new Map<number, SnapshotIndex>();

  constructor(
    rows: { seq: number; source: string; instance: string; takenAt: string }[],
    private readonly load: (seq: number) => AccessSnapshot | undefined,
  ) {
    for (const r of rows) {
      const key = `${r.source}\u001f${r.instance}`;
      const list = this.bySource.get(key) ?? [];
      list.push({ takenAt: r.takenAt, seq: r.seq });
      this.bySource.set(key, list);
    }
    for (const list of this.bySource.values()) list.sort((a, b) => (a.takenAt < b.takenAt ? -1 : a.takenAt > b.takenAt ? 1 : a.seq - b.seq));
  }

  get isEmpty(): boolean {
    return this.bySource.size === 0;
  }

  /** The latest snapshot of (source, instance) taken at or before `at`. */
  at(source: string, instance: string, at: string): SnapshotIndex | undefined {
    const list = this.bySource.get(`${source}\u001f${instance}`);
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].takenAt <= at) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found === -1 ? undefined : this.index(list[found].seq);
  }

  /** The latest snapshot of every source instance at `at`. */
  latestAll(at: string): SnapshotIndex[] {
    const out: SnapshotIndex[] = [];
    for (const key of this.bySource.keys()) {
      const [source, instance] = key.split('\u001f');
      const s = this.at(source, instance, at);
      if (s) out.push(s);
    }
    return out;
  }

  private index(seq: number): SnapshotIndex | undefined {
    let idx = this.cache.get(seq);
    if (!idx) {
      const snapshot = this.load(seq);
      if (!snapshot) return undefined;
      idx = new SnapshotIndex(seq, snapshot);
      this.cache.set(seq, idx);
    }
    return idx;
  }
}
