import { createHmac, timingSafeEqual } from 'node:crypto';

export type WebhookSource = 'unleash' | 'launchdarkly' | 'flagsmith';
export const WEBHOOK_SOURCES: WebhookSource[] = ['unleash', 'launchdarkly', 'flagsmith'];

export interface WebhookRequest {
  rawBody: Buffer;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed body (Flagsmith signs a re-serialization of it, not the bytes). */
  body: unknown;
}

/** Constant-time comparison of two strings of any length. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  // Compare against itself when lengths differ so timing does not reveal the length.
  return timingSafeEqual(x, x.length === y.length ? y : x) && x.length === y.length;
}

function header(req: WebhookRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function hmacHex(secret: string, data: Buffer | string): string {
  return createHmac('sha256', secret).update(data).digest('hex');
}

/**
 * Checks a webhook against the shared secret of its source instance:
 * Unleash sends the secret itself as a fixed Authorization header; LaunchDarkly signs the
 * body bytes (X-LD-Signature, HMAC-SHA256 hex); Flagsmith signs Python's
 * `json.dumps(payload, sort_keys=True)` (X-Flagsmith-Signature), so we accept either the
 * bytes or that re-serialization.
 */
export function webhookSignatureProblem(source: WebhookSource, secret: string, req: WebhookRequest): string | null {
  switch (source) {
    case 'unleash': {
      const auth = header(req, 'authorization');
      if (!auth) return 'missing Authorization header';
      return safeEqual(auth, secret) || safeEqual(auth.replace(/^Bearer /i, ''), secret) ? null : 'Authorization header does not match';
    }
    case 'launchdarkly': {
      const sig = header(req, 'x-ld-signature');
      if (!sig) return 'missing X-LD-Signature header';
      return safeEqual(sig.toLowerCase(), hmacHex(secret, req.rawBody)) ? null : 'X-LD-Signature does not match the body';
    }
    case 'flagsmith': {
      const sig = header(req, 'x-flagsmith-signature');
      if (!sig) return 'missing X-Flagsmith-Signature header';
      const ok = safeEqual(sig.toLowerCase(), hmacHex(secret, req.rawBody)) || safeEqual(sig.toLowerCase(), hmacHex(secret, pythonJsonDumps(req.body)));
      return ok ? null : 'X-Flagsmith-Signature does not match the body';
    }
  }
}

/** Python's `json.dumps(value, sort_keys=True)`: ", " and ": " separators, non-ASCII as \uXXXX. */
export function pythonJsonDumps(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : pythonFloat(value);
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  if (Array.isArray(value)) return '[' + value.map(pythonJsonDumps).join(', ') + ']';
  const obj = value as Record<string, unknown>;
  return '{' + Object.keys(obj).sort().map((k) => `${pythonJsonDumps(k)}: ${pythonJsonDumps(obj[k])}`).join(', ') + '}';
}

function pythonFloat(n: number): string {
  const s = String(n);
  return /[.e]/.test(s) ? s.replace(/e([+-])(\d)$/, 'e$10$2') : s + '.0';
}
