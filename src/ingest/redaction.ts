import { childPath } from './json-safety';

/** What a secret's value is replaced with before the event is hashed into the ledger. */
export const REDACTED = '[REDACTED]';

export interface RedactionResult {
  /** The input itself when nothing was redacted; otherwise a copy sharing every untouched subtree. */
  value: unknown;
  /** Paths (basePath-prefixed, `a.b[2].c`) of the values replaced, in document order. */
  paths: string[];
}

/** Keys whose value is always a secret, lower-cased. */
const SECRET_KEYS = new Set(['secret', 'password', 'apikey', 'api_key', 'api-key', 'authorization', 'clientsecret', 'client_secret']);
const SHORTEST_SECRET_KEY = 5;
const LONGEST_SECRET_KEY = 13;

/**
 * Redaction recurses; assertSafeJson bounds real input far below this, so reaching it means a
 * caller skipped that check (or passed a cyclic object).
 */
const MAX_DEPTH = 1_000;

/** Unleash API tokens look like `project:environment.hex` (or `*:`/`[]:`); PATs like `user:hex`. */
function looksLikeUnleashToken(value: string): boolean {
  return value.startsWith('user:') || (value.includes(':') && value.includes('.'));
}

/** Nothing to hide: empty, or already masked by the source (Unleash writes "***") or by us. */
function alreadyHidden(value: unknown): boolean {
  return value === null || value === undefined || value === '' || value === REDACTED || (typeof value === 'string' && /^\*+$/.test(value));
}

function isSecret(key: string, value: unknown): boolean {
  if (key.length < SHORTEST_SECRET_KEY || key.length > LONGEST_SECRET_KEY) return false;
  const lower = key.toLowerCase();
  if (SECRET_KEYS.has(lower)) return !alreadyHidden(value);
  // `token` is a common, harmless word; only an actual token value is a secret.
  return lower === 'token' && typeof value === 'string' && looksLikeUnleashToken(value);
}

/** Whether redactSecrets hides `value` when found under `key` (the value itself; nested keys aside). */
export function isSecretEntry(key: string, value: unknown): boolean {
  return isSecret(key, value);
}

/** Parent links instead of strings: paths are only built for the rare key that is redacted. */
interface PathNode {
  parent: PathNode | undefined;
  key: string | number;
}

function render(basePath: string, node: PathNode | undefined, key: string | number): string {
  const keys: (string | number)[] = [key];
  for (let n = node; n; n = n.parent) keys.push(n.key);
  let path = basePath;
  for (let i = keys.length - 1; i >= 0; i--) path = childPath(path, keys[i]);
  return path;
}

/**
 * Replaces every secret-named value (at any depth) with "[REDACTED]" and reports where.
 * Never mutates the input; copies only the objects on the way to a redaction, so the common
 * case (no secret) allocates nothing but the empty path list.
 */
export function redactSecrets(value: unknown, basePath: string): RedactionResult {
  const paths: string[] = [];
  const redacted = redact(value, undefined, basePath, paths, 0);
  return { value: redacted, paths };
}

function redact(value: unknown, node: PathNode | undefined, basePath: string, paths: string[], depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_DEPTH) throw new Error(`redactSecrets: value nested deeper than ${MAX_DEPTH} levels; run assertSafeJson first`);

  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item !== 'object' || item === null) continue;
      const next = redact(item, { parent: node, key: i }, basePath, paths, depth + 1);
      if (next !== item) (copy ??= value.slice())[i] = next;
    }
    return copy ?? value;
  }

  const obj = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(obj)) {
    const item = obj[key];
    let next: unknown = item;
    if (isSecret(key, item)) {
      next = REDACTED;
      paths.push(render(basePath, node, key));
    } else if (typeof item === 'object' && item !== null) {
      next = redact(item, { parent: node, key }, basePath, paths, depth + 1);
    }
    if (next !== item) {
      copy ??= { ...obj };
      setOwn(copy, key, next);
    }
  }
  return copy ?? obj;
}

/** Plain assignment would turn a "__proto__" key from JSON.parse into a prototype change. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
