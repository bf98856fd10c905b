/**
 * A deterministic, realistic quarter of Unleash (Enterprise) events for the demo and for tests:
 * records shaped like the event search API (`GET /api/admin/search/events`, eventSchema) in
 * ascending id order, with a few planted control failures an auditor should find.
 *
 * Deterministic: everything comes from a seeded PRNG and the given start; no clock, no Math.random.
 */

/** One Unleash event as the event search API returns it (eventSchema, incl. label/summary). */
export interface UnleashEventRecord {
  id: number;
  type: string;
  createdBy: string;
  /** -1337 = Unleash's system user, -42 = any admin API token, null = back-filled event. */
  createdByUserId: number | null;
  createdAt: string;
  featureName: string | null;
  project: string | null;
  environment: string | null;
  data: Record<string, unknown> | null;
  preData: Record<string, unknown> | null;
  tags: { type: string; value: string; color?: string }[] | null;
  label: string | null;
  summary: string | null;
  /** Only returned by Enterprise instances. */
  ip: string | null;
  groupType?: string;
  groupId?: string;
}

export interface UnleashSampleOptions {
  seed?: number;
  /** ISO-8601; default 2026-07-01T00:00:00.000Z. */
  start?: string;
  /** Length of the window in days; default 90 (a quarter). */
  days?: number;
}

/** The planted irregularities of one generated sample, by Unleash event id. */
export interface UnleashSamplePlanted {
  /** A flag enabled in production directly, outside any change request. */
  productionEnableWithoutChangeRequest: { eventId: number; flag: string };
  /** A change request approved by its own requester, then applied. */
  selfApprovedChangeRequest: {
    changeRequestId: number;
    createdEventId: number;
    approvedEventId: number;
    appliedEventId: number;
  };
  /** A production strategy change made with the shared admin token (createdByUserId -42). */
  productionChangeByAdminToken: { eventId: number; flag: string };
}

export interface UnleashSample {
  events: UnleashEventRecord[];
  planted: UnleashSamplePlanted;
}

const MIN_DAYS = 60;

export const UNLEASH_SAMPLE_DEFAULTS = { seed: 20260701, start: '2026-07-01T00:00:00.000Z', days: 90 } as const;

/**
 * The planted irregularities of `generateUnleashSample()` with the default options (other
 * options move them: use `buildUnleashSample(opts).planted`). A test keeps this in step.
 */
export const UNLEASH_SAMPLE_PLANTED: UnleashSamplePlanted = {
  productionEnableWithoutChangeRequest: { eventId: 18113, flag: 'checkout.one-click-upsell' },
  selfApprovedChangeRequest: { changeRequestId: 620, createdEventId: 18100, approvedEventId: 18109, appliedEventId: 18118 },
  productionChangeByAdminToken: { eventId: 18353, flag: 'interest.daily-accrual-batch' },
};

export function generateUnleashSample(opts: UnleashSampleOptions = {}): UnleashEventRecord[] {
  return buildUnleashSample(opts).events;
}

/** The sample together with where its irregularities were planted. */
export function buildUnleashSample(opts: UnleashSampleOptions = {}): UnleashSample {
  const seed = opts.seed ?? UNLEASH_SAMPLE_DEFAULTS.seed;
  const start = Date.parse(opts.start ?? UNLEASH_SAMPLE_DEFAULTS.start);
  const days = opts.days ?? UNLEASH_SAMPLE_DEFAULTS.days;
  if (Number.isNaN(start)) throw new RangeError(`start must be an ISO-8601 time, got ${opts.start}`);
  // Shorter windows cannot hold a flag's whole path to production, nor the planted findings.
  if (!Number.isInteger(days) || days < MIN_DAYS) throw new RangeError(`days must be an integer ≥ ${MIN_DAYS}, got ${days}`);
  return new SampleBuilder(seed, start, days).build();
}

// ---------------------------------------------------------------------------------------------
// Cast and setting

interface Person {
  id: number;
  email: string;
  name: string;
  ip: string;
}

interface Actor {
  createdBy: string;
  createdByUserId: number | null;
  ip: string | null;
}

const DOMAIN = 'acme.example';

function person(id: number, first: string, last: string, ip: string): Person {
  return { id, email: `${first}.${last}@${DOMAIN}`, name: `${cap(first)} ${cap(last)}`, ip };
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const ADMINS = [person(3, 'dana', 'kowalski', '10.40.1.12'), person(7, 'olu', 'adeyemi', '10.40.1.27')];

interface ProjectSetting {
  name: string;
  /** Approvals a production change request needs (Unleash CR config per environment). */
  requiredApprovals: number;
  tags: { type: string; value: string }[];
  developers: Person[];
  approvers: Person[];
  flags: FlagSetting[];
}

interface FlagSetting {
  name: string;
  type: 'release' | 'experiment' | 'operational' | 'kill-switch' | 'permission';
  description: string;
  /** Experiments get variants in staging and production. */
  variants?: string[];
  /** Retired before the quarter ends: disabled in production through a CR, then archived. */
  archive?: boolean;
  /** Planted: enabled in production directly instead of through the change request. */
  plantDirectProductionEnable?: boolean;
  /** Planted: the first production change request is approved by its own requester. */
  plantSelfApproval?: boolean;
  /** Planted: the last ramp-up is pushed with the admin token instead of a change request. */
  plantAdminTokenRamp?: boolean;
  /** Production enablement is scheduled for the next morning rather than applied at once. */
  scheduled?: boolean;
  constraint?: { contextName: string; operator: string; values: string[] };
}

const PROJECTS: ProjectSetting[] = [
  {
    name: 'core-banking',
    requiredApprovals: 2,
    tags: [{ type: 'simple', value: 'sox-scope' }],
    developers: [
      person(212, 'priya', 'raman', '10.44.3.19'),
      person(44, 'mei', 'chen', '10.44.3.41'),
      person(118, 'jonas', 'weber', '10.44.3.77'),
      person(131, 'aisha', 'khan', '10.44.3.88'),
    ],
    approvers: [person(61, 'samuel', 'okafor', '10.44.2.10'), person(73, 'elena', 'petrova', '10.44.2.14'), person(90, 'arjun', 'mehta', '10.44.2.31')],
    flags: [
      { name: 'ledger.async-posting', type: 'release', description: 'Post ledger entries through the async journal writer' },
      { name: 'ledger.fx-revaluation-v2', type: 'release', description: 'Daily FX revaluation with the v2 rate source', constraint: { contextName: 'region', operator: 'IN', values: ['eu-west', 'eu-central'] } },
      { name: 'interest.daily-accrual-batch', type: 'operational', description: 'Accrue interest in the nightly batch instead of on posting', plantAdminTokenRamp: true },
      { name: 'accounts.overdraft-alerts', type: 'release', description: 'Push alerts before an account goes into overdraft' },
      { name: 'statements.pdf-renderer-v3', type: 'release', description: 'Render monthly statements with the v3 PDF service', archive: true },
      { name: 'kyc.address-reverification', type: 'permission', description: 'Ask long-standing customers to re-verify their address', constraint: { contextName: 'customerSegment', operator: 'IN', values: ['retail'] } },
    ],
  },
  {
    name: 'payments',
    requiredApprovals: 1,
    tags: [{ type: 'simple', value: 'pci-scope' }],
    developers: [person(156, 'luis', 'ortega', '10.45.7.12'), person(164, 'hana', 'sato', '10.45.7.20'), person(171, 'tom', 'becker', '10.45.7.33')],
    approvers: [person(88, 'grace', 'liu', '10.45.6.5'), person(95, 'rafael', 'costa', '10.45.6.9')],
    flags: [
      { name: 'payments.sepa-instant', type: 'release', description: 'Offer SEPA Instant Credit Transfer for outgoing payments', constraint: { contextName: 'country', operator: 'IN', values: ['DE', 'NL', 'FR'] } },
      { name: 'payouts.batch-netting', type: 'release', description: 'Net merchant payouts per batch before settlement', plantSelfApproval: true },
      { name: 'payments.3ds2-frictionless', type: 'release', description: 'Frictionless 3-D Secure 2 flow for low-risk card payments' },
      { name: 'cards.tokenized-wallets', type: 'release', description: 'Provision cards to mobile wallets as network tokens' },
      { name: 'payments.retry-backoff-v2', type: 'kill-switch', description: 'Exponential back-off for acquirer retries (turn off to fall back to v1)' },
      { name: 'fraud.velocity-rules-v4', type: 'release', description: 'Velocity rules v4 in the fraud engine', archive: true },
    ],
  },
  {
    name: 'growth',
    requiredApprovals: 1,
    tags: [],
    developers: [person(203, 'nina', 'patel', '10.46.2.15'), person(227, 'oscar', 'lindqvist', '10.46.2.22'), person(235, 'yuki', 'tanaka', '10.46.2.38')],
    approvers: [person(102, 'ben', 'carter', '10.46.1.4'), person(110, 'fatima', 'zahra', '10.46.1.8')],
    flags: [
      { name: 'onboarding.progressive-profile', type: 'experiment', description: 'Ask for profile details over the first week', variants: ['control', 'three-steps', 'five-steps'] },
      { name: 'checkout.one-click-upsell', type: 'release', description: 'One-click upsell on the order confirmation page', plantDirectProductionEnable: true },
      { name: 'pricing.annual-discount-banner', type: 'experiment', description: 'Banner for the annual plan discount', variants: ['control', 'percent-off', 'months-free'] },
      { name: 'referrals.double-sided-bonus', type: 'release', description: 'Referral bonus for both referrer and referee', archive: true },
      { name: 'search.semantic-ranking', type: 'release', description: 'Rank search results with the embedding model' },
      { name: 'home.personalized-feed', type: 'experiment', description: 'Personalized home feed', variants: ['control', 'personalized'] },
      { name: 'email.digest-weekly', type: 'release', description: 'Weekly digest email', scheduled: true },
    ],
  },
];

/** People who join during the quarter: created by an admin, then given project access. */
const JOINERS: { who: Person; project: string; roleId: number }[] = [
  { who: person(301, 'ivan', 'horvat', '10.44.3.90'), project: 'core-banking', roleId: 5 },
  { who: person(302, 'chloe', 'martin', '10.45.7.41'), project: 'payments', roleId: 5 },
  { who: person(303, 'kwame', 'mensah', '10.46.2.44'), project: 'growth', roleId: 5 },
  { who: person(304, 'sofia', 'rossi', '10.44.3.95'), project: 'core-banking', roleId: 5 },
];
/** Leaves mid-quarter: the account is deleted. */
const LEAVER = person(140, 'marco', 'bianchi', '10.44.3.60');
/** Unleash role ids as seeded: root Admin 1 / Editor 2 / Viewer 3, project Owner 4 / Member 5; 14 is a custom "Release Approver". */
const ROLE = { viewer: 3, member: 5, releaseApprover: 14 } as const;

const ADMIN_TOKEN: Actor = { createdBy: 'release-automation', createdByUserId: -42, ip: '10.60.1.15' };
const SYSTEM: Actor = { createdBy: 'unleash_system_user', createdByUserId: -1337, ip: null };

function actorOf(p: Person): Actor {
  return { createdBy: p.email, createdByUserId: p.id, ip: p.ip };
}

// ---------------------------------------------------------------------------------------------
// Randomness and time

/** mulberry32: tiny, fast, good enough for demo data, and identical on every platform. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

// ---------------------------------------------------------------------------------------------
// Labels and summaries as the search endpoint adds them

const LABELS: Record<string, [label: string, verb: string]> = {
  'feature-created': ['Flag created', 'created'],
  'feature-tagged': ['Flag tagged', 'tagged'],
  'feature-archived': ['Flag archived', 'archived'],
  'feature-potentially-stale-on': ['Flag potentially stale', 'marked as potentially stale'],
  'feature-strategy-add': ['Flag strategy added', 'added a strategy to'],
  'feature-strategy-update': ['Flag strategy updated', 'updated a strategy of'],
  'feature-environment-enabled': ['Flag enabled', 'enabled'],
  'feature-environment-disabled': ['Flag disabled', 'disabled'],
  'feature-environment-variants-updated': ['Flag variants updated', 'updated the variants of'],
  'change-request-created': ['Change request created', 'created change request'],
  'change-request-sent-to-review': ['Change request sent to review', 'sent to review change request'],
  'change-request-approval-added': ['Change request approval added', 'added an approval to change request'],
  'change-request-approved': ['Change request approved', 'approved change request'],
  'change-request-applied': ['Change request applied', 'applied change request'],
  'change-request-scheduled': ['Change request scheduled', 'scheduled change request'],
  'change-request-scheduled-application-success': ['Scheduled change request applied', 'applied (as scheduled) change request'],
  'segment-created': ['Segment created', 'created segment'],
  'segment-updated': ['Segment updated', 'updated segment'],
  'user-created': ['User created', 'created user'],
  'user-deleted': ['User deleted', 'deleted user'],
  'project-access-added': ['Project access added', 'added access to'],
  'project-access-user-roles-updated': ['Project user roles updated', 'updated user roles in'],
  'api-token-created': ['API token created', 'created API token'],
  'api-token-deleted': ['API token deleted', 'deleted API token'],
};

/** The search endpoint's markdown sentence, e.g. "**a@b** enabled **f** in the **production** environment in project **p**". */
function summaryOf(rec: Draft['rec']): string | null {
  const entry = LABELS[rec.type];
  if (!entry) return null;
  const payload = rec.data ?? rec.preData ?? {};
  const object =
    rec.featureName ??
    (payload.changeRequestId !== undefined ? `#${payload.changeRequestId}` : undefined) ??
    (payload.tokenName as string | undefined) ??
    (payload.email as string | undefined) ??
    (payload.name as string | undefined);
  let text = `**${rec.createdBy}** ${entry[1]}`;
  if (object !== undefined && !rec.type.startsWith('project-access')) text += ` **${object}**`;
  if (rec.environment) text += ` in the **${rec.environment}** environment`;
  if (rec.project) text += ` in project **${rec.project}**`;
  return text;
}

// ---------------------------------------------------------------------------------------------
// The builder

interface Draft {
  at: number;
  seq: number;
  rec: Omit<UnleashEventRecord, 'id' | 'createdAt' | 'label' | 'summary'>;
}

type PlantKey = 'directEnable' | 'selfCreated' | 'selfApproved' | 'selfApplied' | 'adminToken';

interface EmitFields {
  type: string;
  actor: Actor;
  project?: string | null;
  environment?: string | null;
  featureName?: string | null;
  data?: Record<string, unknown> | null;
  preData?: Record<string, unknown> | null;
  tags?: { type: string; value: string }[];
  group?: string;
}

interface Strategy {
  id: string;
  name: string;
  title: string | null;
  featureName: string;
  parameters: Record<string, string>;
  constraints: Record<string, unknown>[];
  variants: unknown[];
  segments: number[];
  sortOrder: number;
  disabled: boolean;
}

class SampleBuilder {
  private readonly rnd: () => number;
  private readonly end: number;
  private readonly days: number;
  private readonly drafts: Draft[] = [];
  private readonly planted = new Map<PlantKey, Draft>();
  /** Change requests in generation order; numbered by creation time in finish(), like a DB serial. */
  private readonly changeRequests: ChangeRequestDraft[] = [];
  private plantedCr: ChangeRequestDraft | undefined;
  private nextSegmentId = 3;

  constructor(
    seed: number,
    private readonly start: number,
    days: number,
  ) {
    this.rnd = mulberry32(seed);
    this.end = start + days * DAY;
    this.days = days;
  }

  build(): UnleashSample {
    this.access();
    this.segments();
    this.tokens();
    for (const project of PROJECTS) {
      for (const [i, flag] of project.flags.entries()) this.flagLifecycle(project, flag, i);
    }
    return this.finish();
  }

  // --- randomness helpers

  private int(min: number, max: number): number {
    return min + Math.floor(this.rnd() * (max - min + 1));
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rnd() * items.length)];
  }

  private chance(p: number): boolean {
    return this.rnd() < p;
  }

  private hex(length: number): string {
    let s = '';
    for (let i = 0; i < length; i++) s += Math.floor(this.rnd() * 16).toString(16);
    return s;
  }

  private uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[this.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20)}`;
  }

  /** Unleash transaction ids are ULIDs: 10 chars of time, 16 of randomness. */
  private ulid(at: number): string {
    let time = '';
    for (let t = at, i = 0; i < 10; i++, t = Math.floor(t / 32)) time = CROCKFORD[t % 32] + time;
    let random = '';
    for (let i = 0; i < 16; i++) random += CROCKFORD[this.int(0, 31)];
    return time + random;
  }

  // --- time helpers

  /** A time during office hours (08:00–18:00 UTC, Mon–Fri) on the given day of the window. */
  private workTime(day: number): number {
    let midnight = this.start - (this.start % DAY) + day * DAY;
    const weekday = new Date(midnight).getUTCDay();
    if (weekday === 6) midnight += 2 * DAY;
    if (weekday === 0) midnight += DAY;
    const at = midnight + this.int(8, 17) * HOUR + this.int(0, 59) * MINUTE + this.int(0, 59_999);
    // A window may start mid-day; nothing happens before it.
    return Math.max(at, this.start + MINUTE);
  }

  /** A day of a 90-day quarter, moved proportionally into a window of another length. */
  private scaled(dayOfQuarter: number): number {
    return Math.floor((dayOfQuarter * this.days) / 90);
  }

  /** People review and apply during office hours: later times move to the next working morning. */
  private officeHours(at: number): number {
    const hour = Math.floor((at % DAY) / HOUR);
    const weekday = new Date(at).getUTCDay();
    if (hour >= 8 && hour < 19 && weekday !== 0 && weekday !== 6) return at;
    let midnight = at - (at % DAY) + (hour >= 8 ? DAY : 0);
    const next = new Date(midnight).getUTCDay();
    if (next === 6) midnight += 2 * DAY;
    if (next === 0) midnight += DAY;
    return midnight + 8 * HOUR + this.int(0, 90) * MINUTE + this.int(0, 59_999);
  }

  private dayOf(at: number): number {
    return Math.floor((at - (this.start - (this.start % DAY))) / DAY);
  }

  private later(at: number, minMinutes: number, maxMinutes: number): number {
    return at + this.int(minMinutes * MINUTE, maxMinutes * MINUTE);
  }

  private daysLater(at: number, minDays: number, maxDays: number): number {
    return Math.max(this.workTime(this.dayOf(at) + this.int(minDays, maxDays)), at + MINUTE);
  }

  /** Events are only kept inside the window (with an hour's margin for same-transaction events). */
  private fits(at: number): boolean {
    return at >= this.start && at < this.end - HOUR;
  }

  private emit(at: number, f: EmitFields): Draft {
    const rec: Draft['rec'] = {
      type: f.type,
      createdBy: f.actor.createdBy,
      createdByUserId: f.actor.createdByUserId,
      featureName: f.featureName ?? null,
      project: f.project ?? null,
      environment: f.environment ?? null,
      data: f.data ?? null,
      preData: f.preData ?? null,
      tags: (f.tags ?? []).map((tag) => ({ ...tag })),
      ip: f.actor.ip,
    };
    if (f.group) {
      rec.groupType = 'change-request';
      rec.groupId = f.group;
    }
    const draft: Draft = { at, seq: this.drafts.length, rec };
    // The last step of a story may run past the window's end: it did not happen (yet), as in a real export.
    if (at >= this.start && at < this.end) this.drafts.push(draft);
    return draft;
  }

  // --- users, access, segments, tokens

  private access(): void {
    for (const [i, joiner] of JOINERS.entries()) {
      const admin = this.pick(ADMINS);
      const created = this.workTime(this.scaled(3 + i * 17 + this.int(0, 4)));
      const user = { id: joiner.who.id, name: joiner.who.name, username: null, email: joiner.who.email, rootRole: ROLE.viewer };
      this.emit(created, { type: 'user-created', actor: actorOf(admin), data: user });
      this.emit(this.later(created, 10, 90), {
        type: 'project-access-added',
        actor: actorOf(admin),
        project: joiner.project,
        data: { roles: [{ roleId: joiner.roleId, groupIds: [], userIds: [joiner.who.id] }] },
      });
    }

    // A developer becomes a release approver in core-banking.
    const promoted = PROJECTS[0].developers[1];
    this.emit(this.workTime(this.scaled(this.int(20, 30))), {
      type: 'project-access-user-roles-updated',
      actor: actorOf(ADMINS[1]),
      project: 'core-banking',
      preData: { roles: [ROLE.member], userId: promoted.id },
      data: { roles: [ROLE.member, ROLE.releaseApprover], userId: promoted.id },
    });

    const leaver = { id: LEAVER.id, name: LEAVER.name, username: null, email: LEAVER.email, rootRole: 2 };
    this.emit(this.workTime(this.scaled(this.int(40, 50))), { type: 'user-deleted', actor: actorOf(ADMINS[0]), preData: leaver });
  }

  private segments(): void {
    const growthDev = PROJECTS[2].developers[0];
    for (const [name, constraint] of [
      ['beta-testers', { contextName: 'userId', operator: 'IN', values: ['u-1042', 'u-2291', 'u-3310'] }],
      ['internal-staff', { contextName: 'email', operator: 'STR_ENDS_WITH', values: [`@${DOMAIN}`] }],
    ] as const) {
      const at = this.workTime(this.scaled(this.int(1, 6)));
      const segment = {
        id: this.nextSegmentId++,
        name,
        description: `Growth ${name.replace('-', ' ')}`,
        project: 'growth',
        constraints: [{ ...constraint, values: [...constraint.values], inverted: false, caseInsensitive: false }],
        createdBy: growthDev.email,
        createdAt: new Date(at).toISOString(),
      };
      this.emit(at, { type: 'segment-created', actor: actorOf(growthDev), project: 'growth', data: segment });
      if (name === 'beta-testers') {
        const updatedAt = this.daysLater(at, this.scaled(20), this.scaled(40));
        const updated = { ...segment, constraints: [{ ...segment.constraints[0], values: [...constraint.values, 'u-4471', 'u-5120'] }] };
        this.emit(updatedAt, { type: 'segment-updated', actor: actorOf(growthDev), project: 'growth', preData: segment, data: updated });
      }
    }
  }

  /** Client/frontend tokens; Unleash's token events have been seen to carry the secret. */
  private tokens(): void {
    const tokens = [
      { project: 'payments', environment: 'production', type: 'client', tokenName: 'payments-api-production' },
      { project: 'growth', environment: 'production', type: 'frontend', tokenName: 'growth-web-frontend' },
      { project: 'core-banking', environment: 'staging', type: 'client', tokenName: 'core-banking-batch-staging' },
    ];
    let previous: Record<string, unknown> | undefined;
    for (const t of tokens) {
      const at = this.workTime(this.scaled(this.int(2, 70)));
      const token = {
        secret: `${t.project}:${t.environment}.${this.hex(56)}`,
        tokenName: t.tokenName,
        username: t.tokenName,
        alias: null,
        type: t.type,
        environment: t.environment,
        project: t.project,
        projects: [t.project],
        expiresAt: null,
        createdAt: new Date(at).toISOString(),
        seenAt: null,
      };
      this.emit(at, { type: 'api-token-created', actor: actorOf(this.pick(ADMINS)), project: t.project, environment: t.environment, data: token });
      previous ??= token;
    }
    // The first token is rotated away at the end of the quarter; preData is the deleted token.
    if (previous) {
      this.emit(this.workTime(this.scaled(this.int(75, 80))), {
        type: 'api-token-deleted',
        actor: actorOf(ADMINS[1]),
        project: previous.project as string,
        environment: previous.environment as string,
        preData: { ...previous },
      });
    }
  }

  // --- a flag's life: created, developed, promoted, ramped, maybe retired

  private flagLifecycle(project: ProjectSetting, flag: FlagSetting, position: number): void {
    const owner = project.developers[position % project.developers.length];
    const base = { project: project.name, featureName: flag.name, tags: project.tags };
    let at = this.workTime(this.int(1, 5) + position * this.int(4, 7));
    if (!this.fits(at)) return;

    this.emit(at, {
      ...base,
      type: 'feature-created',
      actor: actorOf(owner),
      data: { name: flag.name, description: flag.description, type: flag.type, project: project.name, stale: false, impressionData: false, createdAt: new Date(at).toISOString() },
      tags: [],
    });
    for (const tag of project.tags) {
      at = this.later(at, 1, 10);
      this.emit(at, { ...base, type: 'feature-tagged', actor: actorOf(owner), data: { ...tag } });
    }

    // development and staging: no change requests there
    const strategies: Record<string, Strategy> = {};
    for (const environment of ['development', 'staging'] as const) {
      at = environment === 'development' ? this.later(at, 2, 40) : this.daysLater(at, 1, 3);
      if (!this.fits(at)) return;
      const promoter = environment === 'staging' && this.chance(0.25) ? ADMIN_TOKEN : actorOf(owner);
      strategies[environment] = this.strategy(flag, environment === 'development' ? 100 : this.pick([50, 100]));
      this.emit(at, { ...base, type: 'feature-strategy-add', actor: promoter, environment, data: { ...strategies[environment] } });
      at = this.later(at, 1, 20);
      this.emit(at, { ...base, type: 'feature-environment-enabled', actor: promoter, environment });
      if (environment === 'staging' && flag.variants) {
        at = this.later(at, 30, 240);
        this.emit(at, { ...base, type: 'feature-environment-variants-updated', actor: actorOf(owner), environment, preData: { variants: [] }, data: { variants: this.variants(flag) } });
      }
    }

    // production: through change requests
    at = this.daysLater(at, 2, 5);
    if (!this.fits(at)) return;
    const production = this.strategy(flag, this.pick([5, 10, 25]));
    const firstChanges: ChangeSpec[] = [{ type: 'feature-strategy-add', data: { ...production } }];
    if (!flag.plantDirectProductionEnable) firstChanges.push({ type: 'feature-environment-enabled' });
    const applied = this.changeRequest(project, flag, owner, at, firstChanges, {
      selfApproval: flag.plantSelfApproval,
      scheduled: flag.scheduled,
    });
    if (applied === undefined) return;
    at = applied;

    if (flag.plantDirectProductionEnable) {
      // The CR only added the strategy; the owner flips the flag on directly in the evening.
      const evening = at - (at % DAY) + 20 * HOUR + this.int(0, 59) * MINUTE + this.int(0, 59_999);
      at = evening > at ? evening : evening + DAY;
      if (!this.fits(at)) return;
      this.plant('directEnable', this.emit(at, { ...base, type: 'feature-environment-enabled', actor: actorOf(owner), environment: 'production' }));
    }

    if (flag.variants) {
      at = this.daysLater(at, 1, 4);
      const done = this.changeRequest(project, flag, owner, at, [{ type: 'feature-environment-variants-updated', preData: { variants: [] }, data: { variants: this.variants(flag) } }], {});
      if (done === undefined) return;
      at = done;
    }

    // ramp-up: one or two more production CRs, from the first 5–25% to 50% and 100%
    for (const rollout of this.chance(0.5) ? [50, 100] : [100]) {
      at = this.daysLater(at, 3, 9);
      if (!this.fits(at)) return;
      const before = { ...production };
      production.parameters = { ...production.parameters, rollout: String(rollout) };
      const change: ChangeSpec = { type: 'feature-strategy-update', preData: before, data: { ...production } };
      if (flag.plantAdminTokenRamp && rollout === 100) {
        // Pushed by the deploy pipeline with the shared admin token, bypassing the CR.
        this.plant('adminToken', this.emit(at, { ...base, type: change.type, actor: ADMIN_TOKEN, environment: 'production', preData: change.preData, data: change.data }));
        continue;
      }
      const done = this.changeRequest(project, flag, owner, at, [change], {});
      if (done === undefined) return;
      at = done;
    }

    if (this.dayOf(at) < 55 && this.chance(0.35)) {
      // Unleash's scheduler marks flags past their expected lifetime, at night.
      const night = at - (at % DAY) + this.int(30, 45) * DAY + this.int(1, 4) * HOUR + this.int(0, 3_599_999);
      if (this.fits(night)) {
        this.emit(night, { ...base, type: 'feature-potentially-stale-on', actor: SYSTEM, data: { potentiallyStale: true }, preData: { potentiallyStale: false } });
      }
    }

    if (flag.archive) {
      at = this.daysLater(at, 4, 10);
      const done = this.changeRequest(project, flag, owner, at, [{ type: 'feature-environment-disabled' }], {});
      if (done === undefined) return;
      at = this.daysLater(done, 1, 3);
      if (this.fits(at)) this.emit(at, { ...base, type: 'feature-archived', actor: actorOf(owner) });
    }
  }

  private strategy(flag: FlagSetting, rollout: number): Strategy {
    return {
      id: this.uuid(),
      name: 'flexibleRollout',
      title: null,
      featureName: flag.name,
      parameters: { rollout: String(rollout), stickiness: 'default', groupId: flag.name },
      constraints: flag.constraint ? [{ ...flag.constraint, values: [...flag.constraint.values], inverted: false, caseInsensitive: false }] : [],
      variants: [],
      segments: [],
      sortOrder: 0,
      disabled: false,
    };
  }

  private variants(flag: FlagSetting): Record<string, unknown>[] {
    const names = flag.variants ?? [];
    const weight = Math.floor(1000 / names.length);
    return names.map((name, i) => ({
      name,
      weight: i === 0 ? 1000 - weight * (names.length - 1) : weight,
      weightType: 'variable',
      stickiness: 'default',
      payload: { type: 'json', value: JSON.stringify({ variant: name }) },
    }));
  }

  /**
   * created → sent to review → approval(s) → applied (or scheduled, then applied by the
   * scheduler). The applied changes and the change-request-applied event share one transaction
   * group, as Unleash writes them. Returns the time of the last event, or undefined if the CR
   * would not finish inside the window.
   */
  private changeRequest(project: ProjectSetting, flag: FlagSetting, requester: Person, at: number, changes: ChangeSpec[], how: { selfApproval?: boolean; scheduled?: boolean }): number | undefined {
    const selfApproval = how.selfApproval === true && this.plantedCr === undefined;
    const approvers = selfApproval ? [requester] : this.approversFor(project, requester);
    const times: number[] = [at, this.later(at, 1, 15)];
    for (let i = 0; i < approvers.length; i++) times.push(this.officeHours(this.later(times[times.length - 1], 15, 300)));
    const appliedAt = how.scheduled ? this.nextMorning(times[times.length - 1]) : this.officeHours(this.later(times[times.length - 1], 5, 600));
    if (!this.fits(appliedAt + MINUTE)) return undefined;

    // Discarded drafts elsewhere in the instance use up ids too, hence the occasional gap.
    const cr: ChangeRequestDraft = { createdAt: at, gap: this.chance(0.2) ? 2 : 1, payloads: [] };
    this.changeRequests.push(cr);
    const crData = (): Record<string, unknown> => {
      const payload = { changeRequestId: 0 };
      cr.payloads.push(payload);
      return payload;
    };
    const scope = { project: project.name, environment: 'production' };
    const created = this.emit(times[0], { ...scope, type: 'change-request-created', actor: actorOf(requester), data: crData() });
    this.emit(times[1], { ...scope, type: 'change-request-sent-to-review', actor: actorOf(requester), data: crData() });
    let approved: Draft | undefined;
    approvers.forEach((approver, i) => {
      const type = i === approvers.length - 1 ? 'change-request-approved' : 'change-request-approval-added';
      approved = this.emit(times[2 + i], { ...scope, type, actor: actorOf(approver), data: crData() });
    });

    let applier = actorOf(this.chance(0.7) ? requester : approvers[approvers.length - 1]);
    let appliedType = 'change-request-applied';
    if (how.scheduled) {
      const scheduledAt = this.later(times[times.length - 1], 2, 30);
      this.emit(scheduledAt, { ...scope, type: 'change-request-scheduled', actor: actorOf(requester), data: Object.assign(crData(), { scheduledDate: new Date(appliedAt).toISOString() }) });
      applier = actorOf(requester);
      appliedType = 'change-request-scheduled-application-success';
    }

    const group = this.ulid(appliedAt);
    let t = appliedAt;
    for (const change of changes) {
      this.emit(t, { ...scope, featureName: flag.name, tags: project.tags, type: change.type, actor: applier, data: change.data, preData: change.preData, group });
      t += this.int(3, 40);
    }
    const appliedEvent = this.emit(t, { ...scope, type: appliedType, actor: applier, data: crData(), group });

    if (selfApproval && approved) {
      this.plantedCr = cr;
      this.plant('selfCreated', created);
      this.plant('selfApproved', approved);
      this.plant('selfApplied', appliedEvent);
    }
    return t;
  }

  /** As many distinct approvers as the project requires, never the requester. */
  private approversFor(project: ProjectSetting, requester: Person): Person[] {
    const pool = project.approvers.filter((p) => p.id !== requester.id);
    const chosen: Person[] = [];
    while (chosen.length < project.requiredApprovals) {
      const candidate = this.pick(pool);
      if (!chosen.includes(candidate)) chosen.push(candidate);
    }
    return chosen;
  }

  private nextMorning(at: number): number {
    return at - (at % DAY) + DAY + 6 * HOUR + this.int(0, 5) * 1000;
  }

  private plant(key: PlantKey, draft: Draft): void {
    if (!this.planted.has(key)) this.planted.set(key, draft);
  }

  // --- ids and times

  /** Orders by time, makes times strictly increasing (one DB clock), and numbers from 18000. */
  private finish(): UnleashSample {
    this.numberChangeRequests();
    const ordered = [...this.drafts].sort((a, b) => a.at - b.at || a.seq - b.seq);
    const ids = new Map<Draft, number>();
    let last = -Infinity;
    const events = ordered.map((draft, i): UnleashEventRecord => {
      const at = Math.max(draft.at, last + 1);
      last = at;
      const id = 18_000 + i;
      ids.set(draft, id);
      const { groupType, groupId, ...rest } = draft.rec;
      const record: UnleashEventRecord = {
        id,
        type: rest.type,
        createdBy: rest.createdBy,
        createdByUserId: rest.createdByUserId,
        createdAt: new Date(at).toISOString(),
        featureName: rest.featureName,
        project: rest.project,
        environment: rest.environment,
        // Stories reuse payload objects; each record gets its own, as if freshly parsed.
        data: rest.data && structuredClone(rest.data),
        preData: rest.preData && structuredClone(rest.preData),
        tags: rest.tags,
        label: LABELS[rest.type]?.[0] ?? null,
        summary: summaryOf(draft.rec),
        ip: rest.ip,
      };
      if (groupId !== undefined) {
        record.groupType = groupType;
        record.groupId = groupId;
      }
      return record;
    });
    return { events, planted: this.describePlanted(ids) };
  }

  private numberChangeRequests(): void {
    let id = 610;
    for (const cr of [...this.changeRequests].sort((a, b) => a.createdAt - b.createdAt)) {
      id += cr.gap;
      cr.id = id;
      for (const payload of cr.payloads) payload.changeRequestId = id;
    }
  }

  private describePlanted(ids: Map<Draft, number>): UnleashSamplePlanted {
    const idOf = (key: PlantKey): number => {
      const draft = this.planted.get(key);
      const id = draft && ids.get(draft);
      if (id === undefined) throw new Error(`unleash sample: the window is too short to plant "${key}"`);
      return id;
    };
    const flagOf = (key: PlantKey): string => this.planted.get(key)?.rec.featureName ?? '';
    return {
      productionEnableWithoutChangeRequest: { eventId: idOf('directEnable'), flag: flagOf('directEnable') },
      selfApprovedChangeRequest: {
        changeRequestId: this.plantedCr?.id ?? 0,
        createdEventId: idOf('selfCreated'),
        approvedEventId: idOf('selfApproved'),
        appliedEventId: idOf('selfApplied'),
      },
      productionChangeByAdminToken: { eventId: idOf('adminToken'), flag: flagOf('adminToken') },
    };
  }
}

interface ChangeRequestDraft {
  createdAt: number;
  gap: number;
  /** Every event payload naming this CR, filled in once ids are known. */
  payloads: Record<string, unknown>[];
  id?: number;
}

interface ChangeSpec {
  type: string;
  data?: Record<string, unknown>;
  preData?: Record<string, unknown>;
}
