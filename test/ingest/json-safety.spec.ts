import { InvalidInputError } from '../../src/common/errors';
import { assertSafeJson, childPath } from '../../src/ingest/json-safety';

function problemOf(fn: () => void): { index?: number; field?: string; message: string } {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidInputError);
    const problems = (err as InvalidInputError).problems;
    expect(problems).toHaveLength(1);
    return problems[0];
  }
  throw new Error('expected assertSafeJson to throw');
}

describe('assertSafeJson', () => {
  it('accepts ordinary JSON, including the safe-integer and depth limits themselves', () => {
    const record = JSON.parse(
      '{"id": 90417, "big": 9007199254740991, "neg": -9007199254740991, "ratio": 0.125, "ok": true, "none": null,' +
        '"data": {"strategies": [{"name": "flexibleRollout", "parameters": {"rollout": "50"}}]}, "emoji": "🚀 naïve"}',
    );
    expect(() => assertSafeJson(record, 0)).not.toThrow();
    expect(() => assertSafeJson('plain', 0)).not.toThrow();
    expect(() => assertSafeJson(JSON.parse('['.repeat(64) + ']'.repeat(64)), 0)).not.toThrow();
  });

  it('rejects nesting deeper than maxDepth, naming where it went too deep', () => {
    const p = problemOf(() => assertSafeJson(JSON.parse('{"a": {"b": [[{"c": 1}]]}}'), 4, { maxDepth: 3 }));
    expect(p).toMatchObject({ index: 4, field: 'a.b[0]' });
    expect(p.message).toMatch(/deeper than 3/);
  });

  it('survives hostile depth without overflowing the stack', () => {
    const n = 200_000;
    const deep = JSON.parse('['.repeat(n) + ']'.repeat(n));
    const p = problemOf(() => assertSafeJson(deep, 0));
    expect(p.message).toMatch(/deeper than 64/);
    expect(p.field).toBe('[0]'.repeat(64));
  });

  it('rejects lone surrogates in values, with the path in the record', () => {
    const record = JSON.parse('{"raw": {"data": {"strategies": [{}, {}, {"name": "bad \\ud800 name"}]}}}');
    const p = problemOf(() => assertSafeJson(record, 7));
    expect(p).toMatchObject({ index: 7, field: 'raw.data.strategies[2].name' });
    expect(p.message).toMatch(/well-formed UTF-16/);
  });

  it('rejects lone surrogates in keys', () => {
    const p = problemOf(() => assertSafeJson(JSON.parse('{"data": {"k\\udc00": 1}}'), 0));
    expect(p.field).toBe('data["k\\udc00"]');
    expect(p.message).toMatch(/key is not well-formed/);
  });

  it('rejects integers that lost precision in JSON.parse and suggests sending strings', () => {
    const p = problemOf(() => assertSafeJson(JSON.parse('{"data": {"accountId": 9007199254740993}}'), 2));
    expect(p).toMatchObject({ index: 2, field: 'data.accountId' });
    expect(p.message).toMatch(/lost precision/);
    expect(p.message).toMatch(/as a string/);
    expect(problemOf(() => assertSafeJson(JSON.parse('[-12345678901234567890]'), 0)).field).toBe('[0]');
  });

  it('rejects non-finite numbers (1e400 parses to Infinity)', () => {
    const p = problemOf(() => assertSafeJson(JSON.parse('{"n": 1e400}'), 0));
    expect(p).toMatchObject({ field: 'n' });
    expect(p.message).toMatch(/not finite/);
    expect(problemOf(() => assertSafeJson({ n: NaN }, 0)).message).toMatch(/not finite/);
  });

  it('rejects over-long strings and keys', () => {
    expect(problemOf(() => assertSafeJson({ data: { note: 'x'.repeat(11) } }, 0, { maxStringLength: 10 }))).toMatchObject({
      field: 'data.note',
    });
    const longKey = problemOf(() => assertSafeJson({ ['k'.repeat(100)]: 1 }, 0, { maxStringLength: 80 }));
    expect(longKey.message).toMatch(/key is 100 characters long/);
    expect(longKey.field!.length).toBeLessThan(90);
  });

  it('names the record itself when the problem is at the root', () => {
    const p = problemOf(() => assertSafeJson('x'.repeat(20), 3, { maxStringLength: 5 }));
    expect(p.index).toBe(3);
    expect(p.field).toBeUndefined();
  });

  it('rejects values JSON cannot carry', () => {
    expect(problemOf(() => assertSafeJson({ a: [1, undefined] }, 0))).toMatchObject({ field: 'a[1]' });
    expect(problemOf(() => assertSafeJson({ f: () => 1 }, 0)).message).toMatch(/function is not a JSON value/);
  });

  it('does not modify its input', () => {
    const record = JSON.parse('{"data": {"a": [1, 2, {"b": "c"}]}}');
    const copy = structuredClone(record);
    assertSafeJson(record, 0);
    expect(record).toEqual(copy);
  });
});

describe('childPath', () => {
  it('writes dotted keys, indexes in brackets, and quotes keys that would be ambiguous', () => {
    expect(childPath('', 'raw')).toBe('raw');
    expect(childPath('raw', 'data')).toBe('raw.data');
    expect(childPath('raw.data.strategies', 2)).toBe('raw.data.strategies[2]');
    expect(childPath('headers', 'x-api-key')).toBe('headers.x-api-key');
    expect(childPath('data', 'two words')).toBe('data["two words"]');
    expect(childPath('data', 'a.b')).toBe('data["a.b"]');
  });
});
