/**
 * zod's issues in the admin's words: "unknown key "maxContact" — did you mean "maxContacts"?" instead of
 * `Unrecognized key`, "QUEU is not a quick connect type; use QUEUE or PHONE_NUMBER" instead of
 * `Invalid discriminator value`. The schema is walked to the failing path so a key typo can be matched
 * against the keys that are allowed there.
 */
import type { z } from 'zod';
import type { ConfigIssue } from './schema.ts';
import { didYouMean } from './suggest.ts';

type AnySchema = z.core.$ZodType;
type Def = { type: string } & Record<string, unknown>;

const defOf = (s: AnySchema): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Unwrap optional/default/pipe/… down to the schema that holds the shape. */
function unwrap(s: AnySchema): AnySchema {
  let cur = s;
  for (let i = 0; i < 20; i++) {
    const def = defOf(cur);
    const inner = def['innerType'] ?? (def.type === 'pipe' ? def['in'] : undefined);
    if (!inner) return cur;
    cur = inner as AnySchema;
  }
  return cur;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/** A discriminated union → the branch the input's discriminator picks (other schemas unchanged). */
function branchFor(s: AnySchema, value: unknown): AnySchema {
  const def = defOf(s);
  const disc = def['discriminator'];
  if (def.type !== 'union' || typeof disc !== 'string' || value === null || typeof value !== 'object')
    return s;
  const want = (value as Record<string, unknown>)[disc];
  for (const option of def['options'] as AnySchema[]) {
    const o = unwrap(option);
    const field = (defOf(o)['shape'] as Record<string, AnySchema> | undefined)?.[disc];
    const values = field ? (defOf(unwrap(field))['values'] as unknown[] | undefined) : undefined;
    if (values?.includes(want)) return o;
  }
  return s;
}

/** The schema that validates the value at `path` (picking a discriminated-union branch from the input). */
export function schemaAt(
  root: AnySchema,
  input: unknown,
  path: readonly PropertyKey[],
): AnySchema | undefined {
  let s = unwrap(root);
  for (let i = 0; i < path.length; i++) {
    s = branchFor(s, valueAt(input, path.slice(0, i)));
    const def = defOf(s);
    let child: AnySchema | undefined;
    if (def.type === 'object') child = (def['shape'] as Record<string, AnySchema>)[String(path[i])];
    else if (def.type === 'array') child = def['element'] as AnySchema;
    else if (def.type === 'record') child = def['valueType'] as AnySchema;
    if (!child) return undefined;
    s = unwrap(child);
  }
  return branchFor(s, valueAt(input, path));
}

/** Keys an object schema at `path` allows (empty when it is not an object). */
function allowedKeys(root: AnySchema, input: unknown, path: readonly PropertyKey[]): string[] {
  const s = schemaAt(root, input, path);
  if (!s) return [];
  const def = defOf(s);
  if (def.type === 'object') return Object.keys(def['shape'] as object);
  if (def.type === 'record') {
    const values = defOf(unwrap(def['keyType'] as AnySchema))['entries'] as
      | Record<string, string>
      | undefined;
    return values ? Object.values(values) : [];
  }
  return [];
}

const quote = (v: unknown) => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v));
const orList = (values: readonly unknown[]) =>
  values.length <= 1
    ? values.map(String).join('')
    : `${values.slice(0, -1).map(String).join(', ')} or ${String(values.at(-1))}`;

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value lines)',
  record: 'a mapping (key: value lines)',
};
const typeWord = (t: unknown) => TYPE_WORDS[String(t)] ?? String(t);
function received(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'an empty value';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `text ${quote(v)}`;
  return `${typeof v} ${String(v)}`;
}

/** One zod issue → admin-readable issues (an unknown-keys issue becomes one per key, each at its key). */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown, root: AnySchema): ConfigIssue[] {
  const path = issue.path as (string | number)[];
  const value = valueAt(input, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeys(root, input, path);
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: `unknown key "${key}"${didYouMean(key, allowed)}${allowed.length ? ` (allowed here: ${allowed.join(', ')})` : ''}`,
      }));
    }
    case 'invalid_value': {
      const values = issue.values;
      if (values.length === 1) return [{ path, message: `must be ${quote(values[0])}` }];
      const suggestion = typeof value === 'string' ? didYouMean(value, values.map(String)) : '';
      return [{ path, message: `${quote(value)} is not allowed${suggestion} (use ${orList(values)})` }];
    }
    case 'invalid_union': {
      const note = (issue as { discriminator?: string; options?: unknown[] }).options;
      const disc = (issue as { discriminator?: string }).discriminator;
      if (disc && note) {
        const got = valueAt(input, path);
        const suggestion = typeof got === 'string' ? didYouMean(got, note.map(String)) : '';
        return [
          {
            path,
            message:
              got === undefined
                ? `"${disc}" is missing; use ${orList(note)}`
                : `${quote(got)} is not a known ${disc}${suggestion} (use ${orList(note)})`,
          },
        ];
      }
      return [{ path, message: 'does not match any of the accepted forms' }];
    }
    case 'invalid_type': {
      if (value === undefined)
        return [{ path, message: `required (${typeWord(issue.expected)}) but missing` }];
      return [{ path, message: `expected ${typeWord(issue.expected)}, got ${received(value)}` }];
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = String(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const inclusive = issue.inclusive !== false;
      if (issue.message && !/^Too (small|big)/.test(issue.message)) return [{ path, message: issue.message }];
      const what =
        issue.origin === 'array'
          ? `${small ? 'at least' : 'at most'} ${bound} ${bound === '1' ? 'entry' : 'entries'}`
          : issue.origin === 'string'
            ? `${small ? 'at least' : 'at most'} ${bound} characters`
            : `${small ? (inclusive ? 'at least' : 'more than') : inclusive ? 'at most' : 'less than'} ${bound}`;
      return [
        {
          path,
          message: `must be ${what}${value !== undefined && issue.origin !== 'array' ? `, got ${received(value)}` : ''}`,
        },
      ];
    }
    case 'invalid_format':
      if (issue.format === 'email') return [{ path, message: `${quote(value)} is not an e-mail address` }];
      return [{ path, message: issue.message }];
    default:
      return [{ path, message: issue.message }];
  }
}

export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  root: AnySchema,
): ConfigIssue[] {
  return issues.flatMap((i) => describeIssue(i, input, root));
}
