import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, validateSync } from 'class-validator';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../common/errors';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/** Every environment variable Evident reads, validated once at start-up. */
export class EnvVars {
  @IsString() @IsOptional() DATABASE_URL?: string;
  @IsString() @IsOptional() EVIDENT_DATA_DIR?: string;
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) @IsOptional() PORT?: number;
  @Transform(toInt) @IsInt() @Min(1024) @IsOptional() EVIDENT_MAX_BODY_BYTES?: number;
  @Transform(toInt) @IsInt() @Min(256) @IsOptional() EVIDENT_MAX_LINE_BYTES?: number;
  @Transform(toInt) @IsInt() @Min(0) @IsOptional() EVIDENT_CHECKPOINT_MINUTES?: number;
  @IsString() @IsOptional() EVIDENT_PRODUCTION_PATTERN?: string;
  @IsString() @IsOptional() EVIDENT_SIGNING_KEY?: string;
  @IsString() @IsOptional() EVIDENT_ANCHOR_DIR?: string;
  @IsIn(['error', 'warn', 'log', 'debug', 'verbose', 'silent']) @IsOptional() EVIDENT_LOG_LEVEL?: string;
  @IsString() @IsOptional() EVIDENT_WEBHOOK_SECRETS?: string;
  @IsString() @IsOptional() EVIDENT_POLICY?: string;
  @IsString() @IsOptional() EVIDENT_UNLEASH_CONNECTORS?: string;
  @IsString() @IsOptional() EVIDENT_SCIM_GROUP_MAP?: string;
  @Transform(toInt) @IsInt() @Min(0) @IsOptional() EVIDENT_CONNECTOR_MINUTES?: number;
  @IsString() @IsOptional() EVIDENT_CATALOG_DIRS?: string;
}

export type DatabaseConfig =
  | { type: 'sqlite'; path: string; url: string }
  | { type: 'postgres'; url: string };

export interface UnleashConnectorConfig {
  url: string;
  instance?: string;
  /** Never logged; may come from another env var via `tokenEnv`. */
  token: string;
}

export interface EvidentConfig {
  database: DatabaseConfig;
  dataDir: string;
  port: number;
  maxBodyBytes: number;
  maxLineBytes: number;
  /** 0 disables the scheduled checkpoint. */
  checkpointMinutes: number;
  productionPattern: RegExp;
  /** PKCS#8 PEM of the Ed25519 signing key, when given by env/secret rather than the key file. */
  signingKeyPem?: string;
  anchorDir?: string;
  logLevel: string;
  version: string;
  /** Webhook secret per `source:instance` (e.g. `launchdarkly:acme`); never logged. */
  webhookSecrets: Map<string, string>;
  /** Policy preset of controls/policy.yaml (default, fedramp-low|moderate|high, or a user's own). */
  policy: string;
  /** SCIM group display name → role and capabilities (EVIDENT_SCIM_GROUP_MAP, JSON). */
  scimGroupMap?: Record<string, unknown>;
  /** Unleash instances polled on a schedule by the HTTP process. */
  unleashConnectors: UnleashConnectorConfig[];
  /** Minutes between scheduled connector passes; 0 disables them. */
  connectorMinutes: number;
  /** Extra directories of user catalogs, mappings and policies (EVIDENT_CATALOG_DIRS, colon-separated). */
  catalogDirs: string[];
}

export function parseDatabaseUrl(url: string): DatabaseConfig {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return { type: 'postgres', url };
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (!path) throw new ConfigError('DATABASE_URL sqlite: needs a file path, e.g. sqlite:./data/evident.sqlite');
    return { type: 'sqlite', path: path === ':memory:' ? path : resolve(path), url };
  }
  throw new ConfigError(`DATABASE_URL must start with sqlite: or postgres:// (got "${url.split(':')[0]}:…")`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): EvidentConfig {
  const vars = plainToInstance(EnvVars, { ...env });
  const errors = validateSync(vars, { whitelist: false });
  if (errors.length > 0) {
    const list = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`).join('; ');
    throw new ConfigError(`Invalid environment: ${list}`);
  }
  let productionPattern: RegExp;
  try {
    productionPattern = new RegExp(vars.EVIDENT_PRODUCTION_PATTERN ?? '^prod', 'i');
  } catch {
    throw new ConfigError('EVIDENT_PRODUCTION_PATTERN is not a valid regular expression');
  }
  const dataDir = resolve(vars.EVIDENT_DATA_DIR ?? './data');
  return {
    database: parseDatabaseUrl(vars.DATABASE_URL ?? 'sqlite:./data/evident.sqlite'),
    dataDir,
    port: vars.PORT ?? 3000,
    maxBodyBytes: vars.EVIDENT_MAX_BODY_BYTES ?? 10 * 1024 * 1024,
    maxLineBytes: vars.EVIDENT_MAX_LINE_BYTES ?? 1024 * 1024,
    checkpointMinutes: vars.EVIDENT_CHECKPOINT_MINUTES ?? 15,
    productionPattern,
    signingKeyPem: vars.EVIDENT_SIGNING_KEY,
    anchorDir: vars.EVIDENT_ANCHOR_DIR ? resolve(vars.EVIDENT_ANCHOR_DIR) : undefined,
    logLevel: vars.EVIDENT_LOG_LEVEL ?? 'log',
    version: readVersion(),
    webhookSecrets: parseWebhookSecrets(vars.EVIDENT_WEBHOOK_SECRETS),
    policy: vars.EVIDENT_POLICY ?? 'default',
    unleashConnectors: parseConnectors(vars.EVIDENT_UNLEASH_CONNECTORS, env),
    scimGroupMap: parseJsonObject(vars.EVIDENT_SCIM_GROUP_MAP, 'EVIDENT_SCIM_GROUP_MAP', '{"flag-approvers-prod": {"role": "Approver", "capabilities": ["change.approve"], "environment": "production"}}'),
    connectorMinutes: vars.EVIDENT_CONNECTOR_MINUTES ?? 5,
    catalogDirs: (vars.EVIDENT_CATALOG_DIRS ?? '').split(':').filter(Boolean).map((d) => resolve(d)),
  };
}

/**
 * EVIDENT_UNLEASH_CONNECTORS: a JSON array `[{"url": "https://unleash.acme.example", "instance": "…",
 * "tokenEnv": "UNLEASH_ADMIN_TOKEN"}]`; `token` inline is accepted but `tokenEnv` keeps it out of the JSON.
 */
function parseConnectors(text: string | undefined, env: NodeJS.ProcessEnv): UnleashConnectorConfig[] {
  if (!text) return [];
  const usage = 'EVIDENT_UNLEASH_CONNECTORS must be a JSON array like [{"url": "https://unleash.acme.example", "tokenEnv": "UNLEASH_TOKEN"}]';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError(usage);
  }
  if (!Array.isArray(parsed)) throw new ConfigError(usage);
  return parsed.map((c: { url?: unknown; instance?: unknown; token?: unknown; tokenEnv?: unknown }, i) => {
    if (typeof c?.url !== 'string' || !/^https?:\/\//.test(c.url)) throw new ConfigError(`EVIDENT_UNLEASH_CONNECTORS[${i}].url must be an http(s) URL`);
    const token = typeof c.tokenEnv === 'string' ? env[c.tokenEnv] : c.token;
    if (typeof token !== 'string' || token.length === 0) {
      throw new ConfigError(`EVIDENT_UNLEASH_CONNECTORS[${i}] needs a token: set "tokenEnv" to the name of a variable holding it`);
    }
    return { url: c.url, token, ...(typeof c.instance === 'string' ? { instance: c.instance } : {}) };
  });
}

function parseJsonObject(text: string | undefined, name: string, example: string): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the message below
  }
  throw new ConfigError(`${name} must be a JSON object like ${example}`);
}

/** EVIDENT_WEBHOOK_SECRETS: a JSON object `{"<source>:<instance>": "<secret>"}`. */
function parseWebhookSecrets(text: string | undefined): Map<string, string> {
  if (!text) return new Map();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError('EVIDENT_WEBHOOK_SECRETS must be a JSON object like {"launchdarkly:acme": "<secret>"}');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError('EVIDENT_WEBHOOK_SECRETS must be a JSON object like {"launchdarkly:acme": "<secret>"}');
  }
  const secrets = new Map<string, string>();
  for (const [key, value] of Object.entries(parsed)) {
    if (!/^[a-z]+:[\w.:\-/]+$/.test(key) || typeof value !== 'string' || value.length < 16) {
      throw new ConfigError(`EVIDENT_WEBHOOK_SECRETS: "${key}" must be "<source>:<instance>" with a secret of at least 16 characters`);
    }
    secrets.set(key, value);
  }
  return secrets;
}

/** Walks up from this file to the package root; works from src/ (tests) and dist/src/ (build). */
function readVersion(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'evident' && pkg.version) return pkg.version;
    }
    dir = dirname(dir);
  }
  return '0.0.0';
}
