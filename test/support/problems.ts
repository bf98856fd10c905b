import { InvalidInputError } from '../../src/common/errors';

/** The first problem of the InvalidInputError `fn` throws; fails the test if it throws nothing else. */
export function problemOf(fn: () => unknown): { index?: number; line?: number; field?: string; message: string } {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidInputError);
    return (err as InvalidInputError).problems[0];
  }
  throw new Error('expected an InvalidInputError');
}

/** A copy of a record without one key (for "missing field" cases). */
export function without(record: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...record };
  delete copy[key];
  return copy;
}
