import { InvalidInputError } from '../common/errors';
import { Period } from './check.types';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `--from 2026-07-01 --to 2026-09-30` means the whole of both days: a date-only `to` is
 * inclusive (the period ends at the start of the next day). Timestamps are taken as given.
 */
export function parsePeriod(from: string | undefined, to: string | undefined): Period {
  if (!from || !to) throw new InvalidInputError('a period needs both from and to (dates like 2026-07-01 or ISO-8601 times)');
  const start = parseTime(from, 'from', false);
  const end = parseTime(to, 'to', true);
  if (end <= start) throw new InvalidInputError(`the period is empty: to (${to}) is not after from (${from})`);
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
}

function parseTime(value: string, field: string, endOfDay: boolean): number {
  const ms = DATE_ONLY.test(value) ? Date.parse(`${value}T00:00:00.000Z`) + (endOfDay ? 86_400_000 : 0) : Date.parse(value);
  if (Number.isNaN(ms) || (!DATE_ONLY.test(value) && !/T.*(Z|[+-]\d\d:?\d\d)$/.test(value))) {
    throw new InvalidInputError(`${field} must be a date (2026-07-01) or an ISO-8601 time with a zone (got "${value}")`, [{ field, message: 'invalid date' }]);
  }
  return ms;
}
