/**
 * Amazon Connect's STRING_MAP response: a flat object of string keys and string values, under 32 KB of
 * UTF-8 (reference: connect.md › Lambda contract). Handlers return plain objects; this turns them into
 * exactly that shape or throws, so a malformed response becomes the safe default instead of the flow's
 * error branch.
 */

export type FlatValue = string | number | boolean | null | undefined | Date;
export interface StringMapInput {
  [key: string]: FlatValue | readonly FlatValue[] | StringMapInput;
}
export type StringMap = Record<string, string>;

/** Connect's documented limit on the size of a Lambda response. */
export const MAX_STRING_MAP_BYTES = 32 * 1024;
/** Keys Connect accepts in `$.External.<key>` without quoting: letters, digits, dash, underscore. */
export const STRING_MAP_KEY = /^[A-Za-z0-9_-]{1,128}$/;

export class InvalidStringMapError extends Error {
  override readonly name = 'InvalidStringMapError';
}

// Control characters (except none) break TTS and the attribute store; strip them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/g;

function stringify(value: FlatValue): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new InvalidStringMapError('invalid Date in response');
    return value.toISOString();
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new InvalidStringMapError(`non-finite number in response: ${value}`);
  }
  return String(value).replace(CONTROL, ' ');
}

/**
 * Flatten `input` to Connect's STRING_MAP: nested objects become `parent_child` keys, arrays become
 * comma-joined strings, numbers and booleans their string form, null/undefined are left out.
 * Throws `InvalidStringMapError` for a key Connect cannot address or a response over 32 KB.
 */
export function toStringMap(input: StringMapInput): StringMap {
  // A Map, not an object literal: keys such as "toString" or "__proto__" must be plain keys.
  const out = new Map<string, string>();
  const visit = (obj: StringMapInput, prefix: string, depth: number) => {
    if (depth > 8) throw new InvalidStringMapError(`response nested deeper than 8 levels at "${prefix}"`);
    for (const [k, v] of Object.entries(obj)) {
      const key = prefix ? `${prefix}_${k}` : k;
      if (!STRING_MAP_KEY.test(key)) {
        throw new InvalidStringMapError(
          `response key "${key.slice(0, 40)}" must be 1–128 letters, digits, "-" or "_"`,
        );
      }
      if (Array.isArray(v)) {
        const parts = (v as readonly FlatValue[]).map(stringify).filter((s): s is string => s !== undefined);
        if (out.has(key))
          throw new InvalidStringMapError(`response key "${key}" appears twice after flattening`);
        out.set(key, parts.join(','));
      } else if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
        visit(v as StringMapInput, key, depth + 1);
      } else {
        const s = stringify(v as FlatValue);
        if (s !== undefined) {
          if (out.has(key))
            throw new InvalidStringMapError(`response key "${key}" appears twice after flattening`);
          out.set(key, s);
        }
      }
    }
  };
  visit(input, '', 0);
  const result: StringMap = Object.fromEntries(out);
  const bytes = Buffer.byteLength(JSON.stringify(result), 'utf8');
  if (bytes > MAX_STRING_MAP_BYTES) {
    throw new InvalidStringMapError(
      `response is ${bytes} bytes; Connect accepts at most ${MAX_STRING_MAP_BYTES}`,
    );
  }
  return result;
}
