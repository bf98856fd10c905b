import { EvidentError, InvalidInputError } from '../../common/errors';

/** Why a pull from a source platform failed; the CLI exits 1 and a scheduler retries the transient ones. */
export type ConnectorFailure = 'unreachable' | 'timeout' | 'unauthorized' | 'forbidden' | 'not-found' | 'server-error' | 'bad-response';

/** Failures that may heal by themselves: worth a retry with backoff. A refused token or a wrong URL never heals. */
export const TRANSIENT_FAILURES: readonly ConnectorFailure[] = ['unreachable', 'timeout', 'server-error'];

/**
 * The source platform could not be read: unreachable, refused the token, failed, or answered
 * something that is not what its API documents. The message says what to check; it never
 * contains the token.
 */
export class ConnectorError extends EvidentError {
  readonly code = 'connector-failed';
  constructor(
    message: string,
    readonly reason: ConnectorFailure,
    readonly status?: number,
  ) {
    super(message, { reason, ...(status !== undefined ? { status } : {}) });
  }

  get transient(): boolean {
    return TRANSIENT_FAILURES.includes(this.reason);
  }
}

/** One Unleash event as the event search API returns it (`eventSchema`); other fields are kept as received. */
export interface UnleashEventRecord {
  id: number;
  type: string;
  createdAt: string;
  createdBy?: string;
  createdByUserId?: number | null;
  project?: string | null;
  environment?: string | null;
  featureName?: string | null;
  [key: string]: unknown;
}

export interface UnleashEventPage {
  events: UnleashEventRecord[];
  /** Events matching the query in all pages (changes while paging if events arrive). */
  total: number;
  /** The server's clock (HTTP `Date`, second precision) when it answered; null when absent. */
  serverTime: Date | null;
}

export interface EventSearchQuery {
  /** First day (UTC, `YYYY-MM-DD`) of the creation-date range; whole days only. */
  from?: string;
  /** Last day (inclusive) of the creation-date range. */
  to?: string;
  offset: number;
  /** 1..1000 (Unleash caps it at 1000). */
  limit: number;
}

export interface UnleashClientOptions {
  /** The Unleash server root, e.g. `https://unleash.acme.example` (or with its base path). */
  url: string;
  /** An admin API token or a personal access token of an Admin, sent as-is in `Authorization`. */
  token: string;
  /** Per request; default 30 s. */
  timeoutMs?: number;
  /** For tests: another fetch. */
  fetch?: typeof fetch;
}

/** Largest page the event search API serves (`maxLimit: 1000` in Unleash's controller). */
export const UNLEASH_MAX_PAGE = 1000;

/**
 * A small typed client for the Unleash Admin API endpoints Evident pulls: event search,
 * users (user-admin), roles and project access. Unleash expects the token itself in the
 * `Authorization` header (no `Bearer ` prefix).
 */
export class UnleashClient {
  readonly baseUrl: string;
  /** The URL without credentials, query or fragment: safe for messages and the ledger. */
  readonly displayUrl: string;
  private readonly token: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(opts: UnleashClientOptions) {
    const url = parseUnleashUrl(opts.url);
    if (typeof opts.token !== 'string' || opts.token.trim() === '') {
      throw new InvalidInputError('an Unleash token is required (an admin API token or an Admin\'s personal access token)', [
        { field: 'token', message: 'missing' },
      ]);
    }
    if (/[\r\n]/.test(opts.token)) {
      throw new InvalidInputError('the Unleash token must be one line', [{ field: 'token', message: 'contains a line break' }]);
    }
    this.baseUrl = url.href.replace(/\/+$/, '');
    this.displayUrl = this.baseUrl;
    this.token = opts.token.trim();
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.fetchImpl = opts.fetch ?? fetch;
  }

  /** `GET /api/admin/search/events`: newest first (`created_at desc, id desc`). */
  async searchEvents(q: EventSearchQuery): Promise<UnleashEventPage> {
    const params = new URLSearchParams();
    // The API takes `IS:yyyy-MM-dd` (a bare date is refused with 400); `to` is inclusive.
    if (q.from !== undefined) params.set('from', `IS:${assertDay(q.from)}`);
    if (q.to !== undefined) params.set('to', `IS:${assertDay(q.to)}`);
    params.set('offset', String(q.offset));
    params.set('limit', String(Math.min(Math.max(1, q.limit), UNLEASH_MAX_PAGE)));
    const { body, serverTime } = await this.getJson(`/api/admin/search/events?${params}`);
    return { ...validateEventPage(body, this.displayUrl), serverTime };
  }

  /** `GET /api/admin/user-admin`: `{users, rootRoles}` (needs the ADMIN permission). */
  async users(): Promise<Record<string, unknown>> {
    const { body } = await this.getJson('/api/admin/user-admin');
    if (!isObject(body) || !Array.isArray(body.users)) throw this.badResponse('/api/admin/user-admin', 'expected {"users": [...]}');
    return body;
  }

  /** `GET /api/admin/roles` (Enterprise): null where the server does not have it (404 on open source). */
  async roles(): Promise<Record<string, unknown> | null> {
    const res = await this.getJson('/api/admin/roles', { allowNotFound: true });
    if (res === null) return null;
    if (!isObject(res.body) || !Array.isArray(res.body.roles)) throw this.badResponse('/api/admin/roles', 'expected {"roles": [...]}');
    return res.body;
  }

  /** `GET /api/admin/roles/{id}` (Enterprise): the role with its permissions; null where unavailable. */
  async role(id: number | string): Promise<Record<string, unknown> | null> {
    return this.optionalObject(`/api/admin/roles/${encodeURIComponent(String(id))}`);
  }

  /** `GET /api/admin/groups` (Enterprise): `{groups}`; null where unavailable. */
  async groups(): Promise<Record<string, unknown> | null> {
    return this.optionalObject('/api/admin/groups');
  }

  /** `GET /api/admin/service-account` (Enterprise): `{serviceAccounts}`; null where unavailable. */
  async serviceAccounts(): Promise<Record<string, unknown> | null> {
    return this.optionalObject('/api/admin/service-account');
  }

  /** `GET /api/admin/projects`: the projects the token can see (`{projects: [{id, …}]}`). */
  async projects(): Promise<{ id: string }[]> {
    const { body } = await this.getJson('/api/admin/projects');
    if (!isObject(body) || !Array.isArray(body.projects)) throw this.badResponse('/api/admin/projects', 'expected {"projects": [...]}');
    return body.projects.filter((p): p is { id: string } => isObject(p) && typeof p.id === 'string');
  }

  /** `GET /api/admin/projects/{id}/access` (Enterprise): null where the server does not have it. */
  projectAccess(projectId: string): Promise<Record<string, unknown> | null> {
    return this.optionalObject(`/api/admin/projects/${encodeURIComponent(projectId)}/access`);
  }

  /** An endpoint the open-source edition lacks (404): null there. */
  private async optionalObject(path: string): Promise<Record<string, unknown> | null> {
    const res = await this.getJson(path, { allowNotFound: true });
    if (res === null) return null;
    if (!isObject(res.body)) throw this.badResponse(path, 'expected an object');
    return res.body;
  }

  private async getJson(path: string): Promise<{ body: unknown; serverTime: Date | null }>;
  private async getJson(path: string, opts: { allowNotFound: true }): Promise<{ body: unknown; serverTime: Date | null } | null>;
  private async getJson(path: string, opts: { allowNotFound?: boolean } = {}): Promise<{ body: unknown; serverTime: Date | null } | null> {
    const endpoint = path.split('?')[0];
    let res: Response;
    try {
      res = await this.fetchImpl(this.baseUrl + path, {
        method: 'GET',
        headers: { authorization: this.token, accept: 'application/json' },
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw this.transportError(err, endpoint);
    }
    if (res.status === 404 && opts.allowNotFound) {
      await res.body?.cancel().catch(() => undefined);
      return null;
    }
    if (!res.ok) throw await this.statusError(res, endpoint);
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw this.transportError(err, endpoint);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw this.badResponse(endpoint, `the answer is not JSON (${describeContentType(res)}): is ${this.displayUrl} the Unleash server root, not its UI or a proxy's login page?`);
    }
    const date = res.headers.get('date');
    const serverTime = date && !Number.isNaN(Date.parse(date)) ? new Date(date) : null;
    return { body, serverTime };
  }

  private transportError(err: unknown, endpoint: string): ConnectorError {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
      return new ConnectorError(
        `Unleash at ${this.displayUrl} did not answer GET ${endpoint} within ${Math.round(this.timeoutMs / 1000)} s: check that the server is up and not overloaded, and the network path to it`,
        'timeout',
      );
    }
    const code = e?.cause?.code ?? '';
    const detail = [code, e?.cause?.message && e.cause.message !== code ? e.cause.message : ''].filter(Boolean).join(' ') || e?.message || String(err);
    const hint =
      code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'check the host name in --url'
        : code === 'ECONNREFUSED'
          ? 'check --url (host and port) and that Unleash is running there'
          : /redirect/i.test(detail)
            ? 'Unleash answered with a redirect: put the final URL in --url (Evident does not follow redirects, so the token only goes where you point it)'
            : /certificate|SSL|TLS/i.test(detail)
            ? 'check the server\'s TLS certificate (or use the right scheme in --url)'
            : 'check --url and that Unleash is reachable from this machine';
    return new ConnectorError(`cannot reach Unleash at ${this.displayUrl} (${redactToken(detail, this.token)}): ${hint}`, 'unreachable');
  }

  private async statusError(res: Response, endpoint: string): Promise<ConnectorError> {
    const said = redactToken(await serverMessage(res), this.token);
    const tail = said ? ` Unleash said: "${said}"` : '';
    const where = `Unleash at ${this.displayUrl}`;
    if (res.status === 401) {
      return new ConnectorError(
        `${where} refused the token (401 Unauthorized) on GET ${endpoint}: check --token — it must be a valid, unexpired admin API token or an Admin's personal access token, given as-is (no "Bearer " prefix).${tail}`,
        'unauthorized',
        401,
      );
    }
    if (res.status === 403) {
      return new ConnectorError(
        `${where} accepted the token but refused GET ${endpoint} (403 Forbidden): the token lacks permission — use an admin API token or a personal access token of a user with the root Admin role.${tail}`,
        'forbidden',
        403,
      );
    }
    if (res.status === 404) {
      return new ConnectorError(
        `${where} has no ${endpoint} (404 Not Found): check that --url is the Unleash server root (including its base path, if any) and that Unleash is 4.14 or newer.${tail}`,
        'not-found',
        404,
      );
    }
    if (res.status >= 500) {
      return new ConnectorError(
        `${where} failed on GET ${endpoint} (${res.status} ${res.statusText}): check the Unleash server's health and logs; nothing was recorded and the next pass starts from the same place.${tail}`,
        'server-error',
        res.status,
      );
    }
    return new ConnectorError(`${where} answered GET ${endpoint} with ${res.status} ${res.statusText}.${tail}`, 'bad-response', res.status);
  }

  private badResponse(endpoint: string, why: string): ConnectorError {
    return new ConnectorError(`Unleash at ${this.displayUrl} answered GET ${endpoint} unexpectedly: ${why}`, 'bad-response');
  }
}

/** An http(s) URL without credentials, query or fragment (Evident records it; it must not hold secrets). */
export function parseUnleashUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidInputError(`--url must be the Unleash server URL, e.g. https://unleash.acme.example (got "${raw}")`, [
      { field: 'url', message: 'not a URL' },
    ]);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidInputError(`--url must be an http:// or https:// URL (got ${url.protocol})`, [{ field: 'url', message: 'unsupported scheme' }]);
  }
  if (url.username || url.password) {
    throw new InvalidInputError('--url must not contain credentials; pass the token with --token', [{ field: 'url', message: 'contains credentials' }]);
  }
  url.search = '';
  url.hash = '';
  return url;
}

function validateEventPage(body: unknown, where: string): { events: UnleashEventRecord[]; total: number } {
  const bad = (why: string) => new ConnectorError(`Unleash at ${where} answered the event search unexpectedly: ${why}`, 'bad-response');
  if (!isObject(body) || !Array.isArray(body.events)) throw bad('expected {"events": [...], "total": n}');
  const total = typeof body.total === 'number' && Number.isSafeInteger(body.total) ? body.total : body.events.length;
  body.events.forEach((e, i) => {
    if (!isObject(e)) throw bad(`event ${i} is not an object`);
    if (typeof e.id !== 'number' || !Number.isSafeInteger(e.id) || e.id < 1) throw bad(`event ${i} has no integer id ≥ 1 (got ${JSON.stringify(e.id)})`);
    if (typeof e.createdAt !== 'string' || Number.isNaN(Date.parse(e.createdAt))) throw bad(`event ${e.id} has no createdAt time`);
    if (typeof e.type !== 'string') throw bad(`event ${e.id} has no type`);
  });
  return { events: body.events as UnleashEventRecord[], total };
}

async function serverMessage(res: Response): Promise<string> {
  try {
    const text = (await res.text()).slice(0, 4000);
    try {
      const json = JSON.parse(text) as { message?: unknown };
      if (typeof json.message === 'string') return json.message.slice(0, 300);
    } catch {
      // not JSON: say nothing rather than echo an HTML page
    }
  } catch {
    // body unreadable
  }
  return '';
}

function describeContentType(res: Response): string {
  return res.headers.get('content-type')?.split(';')[0] || 'no content type';
}

function redactToken(text: string, token: string): string {
  return token.length >= 4 ? text.split(token).join('[token]') : text;
}

function assertDay(day: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`not a YYYY-MM-DD day: ${day}`);
  return day;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
