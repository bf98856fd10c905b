/** Deterministic synthetic inputs for the benchmarks (no Math.random: every run measures the same bytes). */

const TYPES = ['feature-environment-enabled', 'feature-environment-disabled', 'feature-strategy-update', 'feature-updated', 'feature-strategy-add'];
const ENVS = ['development', 'staging', 'production'];
const PROJECTS = ['core-banking', 'payments', 'growth'];

/** `n` Unleash event-search records as NDJSON lines (~500–700 bytes each). */
export function unleashNdjsonLines(n: number, firstId = 100_000): string[] {
  const t0 = Date.UTC(2026, 6, 1);
  const lines: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const type = TYPES[i % TYPES.length];
    const strategy = type.startsWith('feature-strategy')
      ? {
          id: `3f5c${(i % 997).toString(16).padStart(4, '0')}-8d2e-4b1a-9c7d-5e6f70819a2b`,
          name: 'flexibleRollout',
          constraints: [{ contextName: 'region', operator: 'IN', values: ['eu-west-1', 'eu-central-1'], inverted: false, caseInsensitive: false }],
          parameters: { rollout: String((i * 7) % 101), stickiness: 'default', groupId: `flag-${i % 500}` },
          segments: [],
        }
      : null;
    lines[i] = JSON.stringify({
      id: firstId + i,
      type,
      createdBy: `user${i % 40}@acme.example`,
      createdByUserId: 100 + (i % 40),
      createdAt: new Date(t0 + i * 7_000).toISOString(),
      data: strategy ?? (type === 'feature-updated' ? { name: `flag-${i % 500}`, description: 'Rolls out the new ledger posting path', type: 'release', project: PROJECTS[i % 3], stale: false } : null),
      preData: null,
      tags: [{ type: 'simple', value: 'team-ledger' }],
      featureName: `flag-${i % 500}`,
      project: PROJECTS[i % 3],
      environment: type === 'feature-updated' ? null : ENVS[i % 3],
      label: 'Flag updated',
      summary: `**user${i % 40}@acme.example** changed **flag-${i % 500}**`,
    });
  }
  return lines;
}

/** The canonical data of a generic event of about 600 bytes, for building large ledgers fast. */
export function genericEventJcs(i: number): string {
  const t = new Date(Date.UTC(2026, 0, 1) + i * 30_000).toISOString();
  return (
    `{"actor":{"email":"user${i % 50}@acme.example","id":"u${i % 50}","kind":"user","name":"User ${i % 50}"},` +
    `"after":{"enabled":${i % 2 === 0}},"before":{"enabled":${i % 2 !== 0}},"environment":"${ENVS[i % 3]}",` +
    `"flag":"flag-${i % 10_000}","id":"${i}","instance":"bench","project":"${PROJECTS[i % 3]}",` +
    `"raw":{"createdAt":"${t}","createdBy":"user${i % 50}@acme.example","id":${i},"type":"feature-environment-enabled"},` +
    `"source":"evident","time":"${t}","type":"flag.${i % 2 === 0 ? 'enabled' : 'disabled'}"}`
  );
}

/** `n` LaunchDarkly audit-log entries (listing shape) as one JSON document. */
export function launchDarklyDocument(n: number): string {
  const items = Array.from({ length: n }, (_, i) => ({
    _links: { self: { href: `/api/v2/auditlog/6863b2fb9d1e4a${String(i).padStart(10, '0')}`, type: 'application/json' } },
    _id: `6863b2fb9d1e4a${String(i).padStart(10, '0')}`,
    _accountId: '5e8f1a2b3c4d5e6f7a8b9c0d',
    date: 1751364091207 + i * 1000,
    accesses: [{ action: i % 2 ? 'updateOn' : 'updateRules', resource: `proj/cards:env/${ENVS[i % 3]}:flag/flag-${i % 500}` }],
    kind: 'flag',
    name: `Flag ${i % 500}`,
    description: '- Turned on the flag',
    member: { _links: {}, _id: `6421c0ffee0ddba11ad5e7${String(i % 40).padStart(2, '0')}`, email: `user${i % 40}@acme.example`, firstName: 'Ines', lastName: 'Moreau' },
    titleVerb: 'turned on the flag',
    target: { _links: {}, name: `Flag ${i % 500}`, resources: [`proj/cards:env/${ENVS[i % 3]}:flag/flag-${i % 500}`] },
  }));
  return JSON.stringify({ items, totalCount: n });
}

/** `n` Flagsmith audit-log records (list shape) as one JSON document. */
export function flagsmithDocument(n: number): string {
  const results = Array.from({ length: n }, (_, i) => ({
    id: 770000 + i,
    created_date: new Date(Date.UTC(2026, 6, 1) + i * 5000).toISOString(),
    log: `Flag state / Remote Config value updated for feature: flag_${i % 500}`,
    author: { id: 200 + (i % 40), email: `user${i % 40}@acme.example`, first_name: 'Amara', last_name: 'Okafor' },
    environment: { id: 61, name: ENVS[i % 3], api_key: 'Vx3kQ9pLm2TzR7wNc4Hd8s', project: 23 },
    project: { id: 23, name: 'Route Planner' },
    related_object_id: 118830 + (i % 500),
    related_object_type: 'FEATURE_STATE',
    is_system_event: false,
    change_details: [{ field: 'enabled', old: i % 2 === 0, new: i % 2 !== 0 }],
    change_type: 'UPDATE',
  }));
  return JSON.stringify({ count: n, next: null, previous: null, results });
}
