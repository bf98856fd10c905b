import * as fs from 'node:fs';
import * as path from 'node:path';
import { canonicalize, canonicalizeToBuffer } from '../../src/ledger/jcs';

const TESTDATA = path.resolve(__dirname, '../../../shared/testdata');
const JCS_DIR = path.join(TESTDATA, 'jcs');

// Fail the suite loudly: silently skipping would let a broken checkout pass CI.
if (!fs.existsSync(JCS_DIR)) {
  throw new Error(`JCS test vectors not found at ${JCS_DIR}; the shared/testdata checkout is required`);
}

const vectorNames = fs
  .readdirSync(path.join(JCS_DIR, 'input'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -'.json'.length))
  .sort();

/** outhex format (testdata README): space-separated two-digit hex over several lines; strip all whitespace. */
function decodeOuthex(text: string): Buffer {
  const hex = text.replace(/\s+/g, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new Error('outhex file is not whole hex bytes');
  return Buffer.from(hex, 'hex');
}

describe('canonicalize: cyberphone/json-canonicalization vectors', () => {
  it('finds the six upstream vectors', () => {
    expect(vectorNames).toEqual(['arrays', 'french', 'structures', 'unicode', 'values', 'weird']);
  });

  describe.each(vectorNames)('%s', (name) => {
    const input = fs.readFileSync(path.join(JCS_DIR, 'input', `${name}.json`), 'utf8');
    const expected = fs.readFileSync(path.join(JCS_DIR, 'output', `${name}.json`));
    const outhex = decodeOuthex(fs.readFileSync(path.join(JCS_DIR, 'outhex', `${name}.txt`), 'utf8'));

    it('matches output/ byte for byte', () => {
      const actual = canonicalizeToBuffer(JSON.parse(input));
      // Hex makes a byte-level diff readable when it fails.
      expect(actual.toString('hex')).toBe(expected.toString('hex'));
    });

    it('matches outhex/', () => {
      expect(outhex.toString('hex')).toBe(expected.toString('hex'));
      expect(canonicalizeToBuffer(JSON.parse(input)).equals(outhex)).toBe(true);
    });

    it('is idempotent', () => {
      const once = canonicalize(JSON.parse(input));
      expect(canonicalize(JSON.parse(once))).toBe(once);
    });
  });
});

describe('canonicalize: key order', () => {
  it('sorts by UTF-16 code units, not code points', () => {
    // U+20AC (0x20AC) precedes U+1F600 (0xD83D 0xDE00) in both orders.
    expect(canonicalize({ '\ud83d\ude00': 2, '\u20ac': 1 })).toBe('{"\u20ac":1,"\ud83d\ude00":2}');
    // These two disagree: by code point U+FB33 < U+1F602, by code unit 0xD83D < 0xFB33.
    expect(canonicalize({ '\ufb33': 1, '\ud83d\ude02': 2 })).toBe('{"\ud83d\ude02":2,"\ufb33":1}');
    expect(canonicalize({ '\uffff': 1, '\ud800\udc00': 2 })).toBe('{"\ud800\udc00":2,"\uffff":1}');
  });

  it('sorts integer-like keys as strings, not in JS property order', () => {
    expect(canonicalize({ b: 0, 10: 0, 2: 0, 1: 0, a: 0, '': 0 })).toBe('{"":0,"1":0,"10":0,"2":0,"a":0,"b":0}');
  });

  it('sorts wide objects (the builtin-sort path) the same way', () => {
    const keys = ['z', 'a', '\ud83d\ude02', '\ufb33', 'A', '10', '1', '', '\u00f6', '\u20ac', 'aa', 'a\u0000', 'b', 'B', '~', '\u007f', '\u0080', 'x y'];
    const obj: Record<string, number> = {};
    keys.forEach((k, i) => (obj[k] = i));
    const byCodeUnit = [...keys].sort(compareCodeUnits);
    const expected = '{' + byCodeUnit.map((k) => `${JSON.stringify(k)}:${obj[k]}`).join(',') + '}';
    expect(keys.length).toBeGreaterThan(16);
    expect(canonicalize(obj)).toBe(expected);
  });

  it('sorts nested objects inside arrays and keeps array order', () => {
    expect(canonicalize([{ b: 1, a: [3, 1, 2] }, { d: { y: 1, x: 2 } }])).toBe('[{"a":[3,1,2],"b":1},{"d":{"x":2,"y":1}}]');
  });
});

describe('canonicalize: primitives', () => {
  // IEEE-754 samples from RFC 8785 Appendix B (bit pattern -> expected text).
  const numberSamples: Array<[string, string]> = [
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ];

  it.each(numberSamples)('serializes IEEE-754 %s as %s', (bits, text) => {
    const n = Buffer.from(bits, 'hex').readDoubleBE(0);
    expect(canonicalize(n)).toBe(text);
    expect(canonicalize([n])).toBe(`[${text}]`);
  });

  it('escapes strings exactly like JSON.stringify', () => {
    expect(canonicalize('\u0000\u0008\u0009\u000a\u000b\u000c\u000d\u001f"\\/\u007f\u2028')).toBe(
      '"\\u0000\\b\\t\\n\\u000b\\f\\r\\u001f\\"\\\\/\u007f\u2028"',
    );
    expect(canonicalize('plain ascii and \u00e9\u20ac\ud83d\ude00')).toBe('"plain ascii and \u00e9\u20ac\ud83d\ude00"');
  });

  it('escapes keys the same way', () => {
    expect(canonicalize({ 'a"b': 1, 'c\nd': 2 })).toBe('{"a\\"b":1,"c\\nd":2}');
  });

  it('writes literals and empty containers', () => {
    expect(canonicalize(null)).toBe('null');
    expect(canonicalize(true)).toBe('true');
    expect(canonicalize(false)).toBe('false');
    expect(canonicalize({})).toBe('{}');
    expect(canonicalize([])).toBe('[]');
    expect(canonicalize('')).toBe('""');
  });

  it('drops object members whose value JSON.stringify drops', () => {
    expect(canonicalize({ a: undefined, b: () => 1, c: Symbol('s'), d: 1 })).toBe('{"d":1}');
    expect(canonicalize({ a: undefined })).toBe('{}');
  });

  it('honours toJSON and unwraps boxed primitives like JSON.stringify', () => {
    const at = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6));
    expect(canonicalize({ at })).toBe('{"at":"2024-01-02T03:04:05.006Z"}');
    expect(canonicalize({ v: { toJSON: () => ({ z: 1, a: 2 }) } })).toBe('{"v":{"a":2,"z":1}}');
    expect(canonicalize([new Number(1.5), new String('s'), new Boolean(false)])).toBe('[1.5,"s",false]');
  });

  it('produces UTF-8 bytes', () => {
    expect(canonicalizeToBuffer({ '\u20ac': '\ud83d\ude00' }).toString('hex')).toBe('7b22e282ac223a22f09f988022' + '7d');
  });
});

describe('canonicalize: rejects what JSON cannot represent exactly', () => {
  const rejects: Array<[string, unknown, RegExp]> = [
    ['NaN', NaN, /non-finite number NaN/],
    ['Infinity', Infinity, /non-finite number Infinity/],
    ['-Infinity nested', { a: [1, -Infinity] }, /non-finite number -Infinity .*\(at \$\.a\[1\]\)/],
    ['BigInt', 1n, /BigInt/],
    ['nested BigInt', { n: 10n }, /BigInt.*\$\.n/],
    ['top-level undefined', undefined, /undefined cannot be represented/],
    ['top-level function', () => 1, /function cannot be represented/],
    ['top-level symbol', Symbol('x'), /symbol cannot be represented/],
    ['undefined in array', [1, undefined], /undefined in an array.*\$\[1\]/],
    ['function in array', [() => 1], /function in an array/],
    ['symbol in array', [Symbol('x')], /symbol in an array/],
    ['array hole', [1, , 3], /undefined in an array/],
    ['toJSON returning undefined', { a: { toJSON: () => undefined } }, /toJSON\(\) returned undefined/],
  ];

  it.each(rejects)('%s', (_label, value, message) => {
    expect(() => canonicalize(value)).toThrow(TypeError);
    expect(() => canonicalize(value)).toThrow(message);
  });

  it('rejects circular structures', () => {
    const a: Record<string, unknown> = { x: 1 };
    a.self = { back: a };
    expect(() => canonicalize(a)).toThrow(/circular reference \(at \$\.self\.back\)/);
  });

  it('accepts the same object twice when it is not a cycle', () => {
    const shared = { k: 1 };
    expect(canonicalize({ a: shared, b: [shared, shared] })).toBe('{"a":{"k":1},"b":[{"k":1},{"k":1}]}');
  });

  describe.each([
    ['native String.prototype.isWellFormed', false],
    ['regex fallback', true],
  ])('lone surrogates (%s)', (_label, withoutNative) => {
    const jcs = withoutNative ? loadWithoutIsWellFormed() : { canonicalize };

    it.each([
      ['lone high', 'a\ud800b'],
      ['lone high at end', 'ab\udbff'],
      ['lone low', 'a\udc00b'],
      ['lone low at start', '\udfffab'],
      ['reversed pair', '\ude00\ud83d'],
      ['high high low', '\ud83d\ud83d\ude00'],
    ])('rejects a %s surrogate in values and keys', (_kind, bad) => {
      expect(() => jcs.canonicalize(bad)).toThrow(/string contains a lone UTF-16 surrogate/);
      expect(() => jcs.canonicalize({ ok: [bad] })).toThrow(/\(at \$\.ok\[0\]\)/);
      expect(() => jcs.canonicalize({ [bad]: 1 })).toThrow(/object key contains a lone UTF-16 surrogate/);
      expect(() => jcs.canonicalize({ [bad]: 1 })).toThrow(TypeError);
    });

    it('accepts proper surrogate pairs', () => {
      expect(jcs.canonicalize({ '\ud83d\ude00': '\ud800\udc00\udbff\udfff' })).toBe('{"\ud83d\ude00":"\ud800\udc00\udbff\udfff"}');
    });
  });
});

function compareCodeUnits(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** A fresh copy of the module loaded while String.prototype.isWellFormed is absent, as on older engines. */
function loadWithoutIsWellFormed(): { canonicalize: typeof canonicalize } {
  const proto = String.prototype as { isWellFormed?: unknown };
  const saved = Object.getOwnPropertyDescriptor(String.prototype, 'isWellFormed');
  let mod: { canonicalize: typeof canonicalize } | undefined;
  delete proto.isWellFormed;
  try {
    jest.isolateModules(() => {
      mod = require('../../src/ledger/jcs') as typeof mod;
    });
  } finally {
    if (saved) Object.defineProperty(String.prototype, 'isWellFormed', saved);
  }
  if (!mod) throw new Error('failed to load jcs module');
  return mod;
}
