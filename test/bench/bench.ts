/**
 * `npm run bench`: Evident's throughput beside the raw limit of the same work, in one run.
 * Each phase runs in its own process so its peak RSS is its own.
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { phases, PhaseResult } from './bench-phases';

interface Pair {
  name: string;
  ours: string;
  raw: string;
  target: number;
  unit: string;
  rssLimitMb?: number;
  /** An absolute time limit for the evident side, where the issue names one. */
  maxSeconds?: number;
}

const PAIRS: Pair[] = [
  { name: 'ingest: 100,000 Unleash events, HTTP NDJSON → SQLite', ours: 'ingest-http', raw: 'ingest-raw', target: 0.5, unit: 'events/s' },
  ...['unleash', 'launchdarkly', 'flagsmith'].map((source) => ({
    name: `adapter mapping: ${source} records (validate, map, redact) vs JSON.parse`,
    ours: `map-${source}`,
    raw: `parse-${source}`,
    target: 0.3,
    unit: 'records/s',
  })),
  { name: 'checks: all SOC 2 checks for a quarter of 100,000 production changes, 2,000 principals (target < 10 s)', ours: 'checks', raw: 'checks-raw', target: 0, unit: 'changes/s', maxSeconds: 10 },
  { name: 'dashboard: SOC 2 controls page for that quarter (target < 1 s)', ours: 'dashboard', raw: 'checks-raw', target: 0, unit: 'pages/s', maxSeconds: 1 },
  { name: 'verify: 1,000,000 ledger entries (SQLite)', ours: 'verify', raw: 'verify-raw', target: 0.7, unit: 'entries/s', rssLimitMb: 300 },
];

function runPhase(phase: string): PhaseResult {
  const out = execFileSync(process.execPath, ['--expose-gc', __filename, phase], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!) as PhaseResult;
}

function main(): void {
  const phase = process.argv[2];
  if (phase) {
    phases[phase]().then(
      (r) => process.stdout.write(JSON.stringify(r) + '\n'),
      (err: Error) => {
        process.stderr.write(`${err.stack ?? err.message}\n`);
        process.exit(1);
      },
    );
    return;
  }
  const only = process.env.BENCH_ONLY?.split(',');
  const lines: string[] = [];
  let failed = 0;
  for (const pair of PAIRS.filter((p) => !only || only.some((o) => p.ours.startsWith(o)))) {
    if (pair.ours === 'verify') runPhase('build-ledger');
    if (pair.ours === 'checks' && !process.env.BENCH_KEEP) rmSync(join(process.cwd(), '.bench', 'checks'), { recursive: true, force: true });
    const raw = runPhase(pair.raw);
    const ours = runPhase(pair.ours);
    const ratio = ours.rate / raw.rate;
    const rssOk = pair.rssLimitMb === undefined || ours.maxRssMb < pair.rssLimitMb;
    const timeOk = pair.maxSeconds === undefined || ours.seconds < pair.maxSeconds;
    const ok = ratio >= pair.target && rssOk && timeOk;
    if (!ok) failed++;
    lines.push(
      `${pair.name}`,
      `  evident   ${fmt(ours.rate)} ${pair.unit}  (${ours.records} in ${ours.seconds.toFixed(2)} s, peak RSS ${ours.maxRssMb.toFixed(0)} MB)${ours.detail ? `; ${ours.detail}` : ''}`,
      `  raw limit ${fmt(raw.rate)} ${pair.unit}  (${raw.detail})`,
      `  ratio     ${ratio.toFixed(pair.target === 0 ? 4 : 2)}${pair.target ? ` (target ≥ ${pair.target})` : ''}${pair.rssLimitMb ? `; peak RSS target < ${pair.rssLimitMb} MB` : ''}${pair.maxSeconds ? `; time target < ${pair.maxSeconds} s` : ''}  ${ok ? 'OK' : 'BELOW TARGET'}`,
      '',
    );
  }
  process.stdout.write(['', 'Evident benchmark (2-core machine figures vary ±25%)', '', ...lines].join('\n'));
  process.stdout.write(failed ? `${failed} target(s) missed\n` : 'all targets met\n');
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US').padStart(10);
}

main();
