import { InvalidInputError } from '../common/errors';

export interface JsonSafetyOptions {
  /** Deepest allowed nesting of objects/arrays; the record itself is level 1. */
  maxDepth?: number;
  /** Longest allowed string value or object key, in UTF-16 code units. */
  maxStringLength?: number;
}

export const DEFAULT_MAX_JSON_DEPTH = 64;
export const DEFAULT_MAX_STRING_LENGTH = 1_000_000;

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;
const MAX_KEY_SHOWN = 64;

/**
 * Appends one key or array index to a path written like `raw.data.strategies[2].name`.
 * Keys that would read ambiguously after a dot are written as `["odd key"]`.
 */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (PLAIN_KEY.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}

// lib ES2023 does not declare it, but every Node we support (>= 20) has it.
type WellFormedString = string & { isWellFormed(): boolean };
function isWellFormed(s: string): boolean {
  return (s as WellFormedString).isWellFormed();
}

/** A container still to be walked; parents are linked so paths are only built for errors. */
interface Frame {
  value: object;
  depth: number;
  parent: Frame | undefined;
  key: string | number | undefined;
}

function pathOf(frame: Frame | undefined, key?: string | number): string {
  const keys: (string | number)[] = key === undefined ? [] : [key];
  for (let f = frame; f && f.key !== undefined; f = f.parent) keys.push(f.key);
  let path = '';
  for (let i = keys.length - 1; i >= 0; i--) path = childPath(path, keys[i]);
  return path;
}

/**
 * Rejects JSON that parsed but cannot be kept faithfully as evidence: hostile nesting, strings
 * that are not valid UTF-16 (they would not survive UTF-8 hashing), integers that already lost
 * precision in JSON.parse, non-finite numbers and over-long strings.
 *
 * Walks with an explicit stack and checks depth before descending, so hostile depth cannot
 * overflow the call stack. Errors name the record index and the path inside the record.
 */
export function assertSafeJson(value: unknown, index: number, opts: JsonSafetyOptions = {}): void {
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_JSON_DEPTH;
  const maxStringLength = opts.maxStringLength ?? DEFAULT_MAX_STRING_LENGTH;
  const fail = (path: string, message: string): never => {
    throw InvalidInputError.forRecord(index, path || undefined, message);
  };

  const stack: Frame[] = [];
  const visit = (child: unknown, parent: Frame | undefined, key: string | number | undefined): void => {
    switch (typeof child) {
      case 'string':
        if (child.length > maxStringLength) {
          fail(pathOf(parent, key), `string is ${child.length} characters long; the limit is ${maxStringLength}`);
        }
        if (!isWellFormed(child)) fail(pathOf(parent, key), 'string is not well-formed UTF-16 (it contains a lone surrogate)');
        return;
      case 'number':
        if (!Number.isFinite(child)) fail(pathOf(parent, key), `number is not finite (${child})`);
        if (Number.isInteger(child) && Math.abs(child) > Number.MAX_SAFE_INTEGER) {
          fail(
            pathOf(parent, key),
            `integer ${child} is beyond ±${Number.MAX_SAFE_INTEGER} and lost precision when the JSON was parsed; send it as a string`,
          );
        }
        return;
      case 'boolean':
        return;
      case 'object': {
        if (child === null) return;
        const depth = (parent?.depth ?? 0) + 1;
        if (depth > maxDepth) fail(pathOf(parent, key), `nesting is deeper than ${maxDepth} levels`);
        stack.push({ value: child, depth, parent, key });
        return;
      }
      default:
        fail(pathOf(parent, key), `a ${typeof child} is not a JSON value`);
    }
  };

  visit(value, undefined, undefined);
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    if (Array.isArray(frame.value)) {
      const items: unknown[] = frame.value;
      for (let i = 0; i < items.length; i++) visit(items[i], frame, i);
      continue;
    }
    const obj = frame.value as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      checkKey(key, frame, maxStringLength, fail);
      visit(obj[key], frame, key);
    }
  }
}

function checkKey(key: string, frame: Frame, maxStringLength: number, fail: (path: string, message: string) => never): void {
  if (key.length > maxStringLength) {
    // The key itself is the problem, so only a prefix of it goes into the path.
    const shown = `${key.slice(0, MAX_KEY_SHOWN)}…`;
    fail(childPath(pathOf(frame), shown), `key is ${key.length} characters long; the limit is ${maxStringLength}`);
  }
  if (!isWellFormed(key)) {
    fail(childPath(pathOf(frame), key), 'key is not well-formed UTF-16 (it contains a lone surrogate)');
  }
}
