import { CheckException, CheckResult } from './check.types';
import { CheckInputs, inPeriod } from './check-inputs';

type CheckBody = (inputs: CheckInputs) => Omit<CheckResult, 'id' | 'title'>;

export const LOG_CHAIN_INTACT: CheckBody = (i) => {
  const v = i.verification;
  if (v.ok) return { status: 'pass', population: v.size, exceptions: [] };
  const bad = v.firstBad!;
  return {
    status: 'fail',
    population: v.size,
    exceptions: [{ seq: bad.seq, source: 'evident', id: `ledger:${bad.seq}`, reason: bad.reason, detail: bad.detail ?? '' }],
  };
};

export const LOG_CHECKPOINTED: CheckBody = (i) => {
  const allowedMs = 2 * i.policy.checkpointIntervalMinutes * 60_000;
  const cps = [...i.checkpoints].sort((a, b) => a.size - b.size);
  const exceptions: CheckException[] = [];
  let population = 0;
  let coveredUpTo = 0;
  for (const cp of cps) {
    const firstUncovered = coveredUpTo + 1;
    if (cp.size >= firstUncovered) {
      const recorded = i.entryTimes(firstUncovered);
      if (recorded && inPeriod(recorded, i.period)) {
        population++;
        const lag = Date.parse(cp.time) - Date.parse(recorded);
        if (lag > allowedMs) {
          exceptions.push({ seq: firstUncovered, source: 'evident', id: `ledger:${firstUncovered}`, reason: 'late-checkpoint', detail: `entry recorded ${recorded} was first checkpointed ${cp.time} (${Math.round(lag / 60_000)} min; limit ${allowedMs / 60_000})` });
        }
      }
    }
    coveredUpTo = Math.max(coveredUpTo, cp.size);
  }
  // Entries after the last checkpoint that have waited longer than allowed by the end of the period.
  if (coveredUpTo < i.ledgerSize) {
    const recorded = i.entryTimes(coveredUpTo + 1);
    if (recorded && inPeriod(recorded, i.period)) {
      population++;
      const deadline = Math.min(Date.parse(i.period.to), Date.now());
      if (deadline - Date.parse(recorded) > allowedMs) {
        exceptions.push({ seq: coveredUpTo + 1, source: 'evident', id: `ledger:${coveredUpTo + 1}`, reason: 'not-checkpointed', detail: `entries from seq ${coveredUpTo + 1} (recorded ${recorded}) are covered by no signed checkpoint` });
      }
    }
  }
  if (population === 0) return { status: 'not-applicable', population, exceptions, note: 'nothing was recorded in the period' };
  return { status: exceptions.length ? 'fail' : 'pass', population, exceptions };
};

export const LOG_COMPLETE: CheckBody = (i) => {
  const exceptions = i.idGaps.map((g) => ({
    seq: g.seq,
    source: g.source,
    id: `${g.instance}:${g.from}-${g.to}`,
    reason: 'id-gap',
    detail: `${g.source} ${g.instance}: event ids ${g.from}–${g.to} were never received`,
  }));
  const population = i.changes.filter((c) => inPeriod(c.time, i.period)).length;
  if (population === 0 && exceptions.length === 0) return { status: 'not-applicable', population, exceptions, note: 'no events in the period' };
  return { status: exceptions.length ? 'fail' : 'pass', population, exceptions };
};

export const LOG_RETAINED: CheckBody = (i) => {
  if (!i.verification.ok && i.verification.firstBad?.reason === 'truncated') {
    const bad = i.verification.firstBad;
    return { status: 'fail', population: i.ledgerSize, exceptions: [{ seq: bad.seq, source: 'evident', id: `ledger:${bad.seq}`, reason: 'truncated', detail: bad.detail ?? '' }] };
  }
  if (i.firstEntryAt === null) return { status: 'not-applicable', population: 0, exceptions: [], note: 'the ledger is empty' };
  const retentionStart = new Date(Date.parse(i.period.to) - i.policy.retentionDays * 86_400_000).toISOString();
  if (i.firstEntryAt > i.period.from) {
    return {
      status: 'insufficient-evidence',
      population: i.ledgerSize,
      exceptions: [],
      note: `the ledger starts at ${i.firstEntryAt}, after the period start; retention of ${i.policy.retentionDays} days (from ${retentionStart}) cannot be shown yet`,
    };
  }
  return { status: 'pass', population: i.ledgerSize, exceptions: [], note: `append-only ledger intact since ${i.firstEntryAt}` };
};
