/**
 * RFC 8785 JSON Canonicalization Scheme (JCS).
 *
 * JCS is defined in terms of ECMAScript's JSON.stringify for primitives, so we
 * delegate number formatting and string escaping to the engine and only add
 * what JSON.stringify lacks: sorted keys, strict rejection of values it would
 * silently coerce (NaN -> null, undefined in arrays -> null) and of strings
 * that cannot round-trip through UTF-8.
 */

// Characters JSON escapes, plus any surrogate (which may be lone).
const NEEDS_CARE = /["\\\u0000-\u001F\uD800-\uDFFF]/;

// Lone high surrogate not followed by a low one, or lone low surrogate not
// preceded by a high one. No `u` flag: we want to match UTF-16 code units.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// String.prototype.isWellFormed is ES2024 (Node >= 20); our TS lib is ES2023.
const nativeIsWellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean }).isWellFormed;

const isWellFormed: (s: string) => boolean =
  typeof nativeIsWellFormed === 'function'
    ? (s) => nativeIsWellFormed.call(s)
    : (s) => !LONE_SURROGATE.test(s);

/** Canonical JSON text of `value` per RFC 8785. Throws TypeError for values JSON cannot represent exactly. */
export function canonicalize(value: unknown): string {
  return flatten(serialize(value, { ancestors: [], keys: [] }));
}

/**
 * The text is built by concatenation, which V8 keeps as a rope of many small strings until
 * something reads it whole. Callers hold thousands of these (a batch waiting for its append),
 * so flatten once here: one object per text instead of hundreds keeps the GC out of ingest.
 */
function flatten(s: string): string {
  // Number() reads the whole string, which makes V8 flatten it in place.
  void Number(s);
  return s;
}

/** Canonical JSON as UTF-8 bytes: the form that gets hashed and signed. */
export function canonicalizeToBuffer(value: unknown): Buffer {
  return Buffer.from(canonicalize(value), 'utf8');
}

/**
 * Walk state. `ancestors` detects cycles, which would otherwise surface as an
 * opaque stack overflow; `keys` is the path from the root, kept as a stack so
 * error messages can name the offending location without building path
 * strings on the hot path.
 */
interface Walk {
  ancestors: object[];
  keys: (string | number)[];
}

function serialize(value: unknown, walk: Walk): string {
  switch (typeof value) {
    case 'string':
      return quote(value, walk, 'string');
    case 'number':
      if (!Number.isFinite(value)) {
        throw jcsError(walk, `non-finite number ${String(value)} cannot be represented in JSON`);
      }
      // ES Number::toString is exactly the JCS number format (-0 becomes "0").
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return value === null ? 'null' : serializeObject(value, walk);
    case 'bigint':
      throw jcsError(walk, 'BigInt is not supported; convert it to a string or a safe integer first');
    default:
      throw jcsError(walk, `${typeof value} cannot be represented in JSON`);
  }
}

/** JSON string literal for a value or key, refusing text that is not valid Unicode. */
function quote(s: string, walk: Walk, what: 'string' | 'object key'): string {
  // Most strings need no escaping and contain no surrogates; skipping the
  // well-formedness check and JSON.stringify for them is a large win.
  if (!NEEDS_CARE.test(s)) return '"' + s + '"';
  if (!isWellFormed(s)) {
    throw jcsError(walk, `${what} contains a lone UTF-16 surrogate and is not valid Unicode`);
  }
  // JSON.stringify already escapes exactly the JCS set: \" \\ \b \f \n \r \t, other C0 controls as \u00xx.
  return JSON.stringify(s);
}

function serializeObject(obj: object, walk: Walk): string {
  const proto: unknown = Object.getPrototypeOf(obj);
  // Parsed JSON only ever holds plain objects and arrays; checking the
  // prototype first keeps the toJSON / boxed-primitive lookups off that path.
  if (proto === Array.prototype) return serializeContainer(obj, walk);
  if ((proto === Object.prototype || proto === null) && !('toJSON' in obj)) return serializeContainer(obj, walk);
  return serializeExotic(obj, walk);
}

/** Anything JSON.stringify treats specially: toJSON (e.g. Date), boxed primitives, class instances. */
function serializeExotic(obj: object, walk: Walk): string {
  const toJSON = (obj as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    const keys = walk.keys;
    const key = keys.length === 0 ? '' : String(keys[keys.length - 1]);
    const replaced: unknown = toJSON.call(obj, key);
    if (replaced === undefined) throw jcsError(walk, 'toJSON() returned undefined');
    // Canonicalize what toJSON returns, like JSON.stringify does.
    return serialize(replaced, walk);
  }
  if (obj instanceof Number) return serialize(Number(obj), walk);
  if (obj instanceof String) return serialize(String(obj), walk);
  if (obj instanceof Boolean) return obj.valueOf() ? 'true' : 'false';
  return serializeContainer(obj, walk);
}

function serializeContainer(obj: object, walk: Walk): string {
  if (walk.ancestors.includes(obj)) throw jcsError(walk, 'circular reference');
  walk.ancestors.push(obj);
  const text = Array.isArray(obj) ? serializeArray(obj, walk) : serializeMembers(obj as Record<string, unknown>, walk);
  walk.ancestors.pop();
  return text;
}

function serializeArray(arr: readonly unknown[], walk: Walk): string {
  const n = arr.length;
  if (n === 0) return '[]';
  let out = '[';
  for (let i = 0; i < n; i++) {
    walk.keys.push(i);
    const item = arr[i];
    // JSON.stringify would write null here and silently change the data; refuse instead.
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') {
      throw jcsError(walk, `${typeof item} in an array cannot be represented in JSON`);
    }
    if (i > 0) out += ',';
    out += serialize(item, walk);
    walk.keys.pop();
  }
  return out + ']';
}

function serializeMembers(obj: Record<string, unknown>, walk: Walk): string {
  const keys = sortKeys(Object.keys(obj));
  let out = '{';
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v = obj[k];
    // Same members JSON.stringify drops.
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    walk.keys.push(k);
    if (first) first = false;
    else out += ',';
    out += quote(k, walk, 'object key');
    out += ':';
    out += serialize(v, walk);
    walk.keys.pop();
  }
  return out + '}';
}

/**
 * JS `<` on strings compares UTF-16 code units, which is exactly the JCS order.
 * Insertion sort beats Array.prototype.sort for the handful of keys a typical
 * event object has; fall back to the builtin (same order) for wide objects.
 */
function sortKeys(keys: string[]): string[] {
  const n = keys.length;
  if (n > 16) return keys.sort();
  for (let i = 1; i < n; i++) {
    const k = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > k) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = k;
  }
  return keys;
}

function jcsError(walk: Walk, problem: string): TypeError {
  return new TypeError(`JCS: ${problem} (at ${formatPath(walk.keys)})`);
}

/** JavaScript-style path like `$.data.items[3]["weird key"]`. */
function formatPath(keys: readonly (string | number)[]): string {
  let path = '$';
  for (const k of keys) {
    if (typeof k === 'number') path += `[${k}]`;
    // Lone surrogates in keys are escaped by JSON.stringify, so the message stays printable.
    else path += /^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`;
  }
  return path;
}
