/**
 * Contact flows as code: the file format and its loading.
 *
 * A flow file `contact-flows/<name>.json` is a wrapper around an Amazon Connect Flow Language document:
 * `{ name, type, description, content: { Version, StartAction, Metadata, Actions, Settings? } }`.
 * Resources are referenced symbolically (`${Queue:Support}`), never by ARN — see references.ts.
 *
 * Loading is structural only (is it JSON, does it have the wrapper's fields); the rules that make a flow
 * deployable (transitions resolve, error branches, allowed actions…) live in validator.ts, so that a flow
 * with a wrong parameter still loads and the validator can point at the broken block.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { FLOWS_DIR } from '#shared/config/load.ts';

export { FLOWS_DIR };

/**
 * Flow types of CreateContactFlow (Connect API reference, ContactFlowType), plus `MODULE`: the wrapper's
 * mark for a flow module, which Connect keeps apart (CreateContactFlowModule,
 * AWS::Connect::ContactFlowModule) and which flows call with InvokeFlowModule.
 */
export const FLOW_TYPES = [
  'CONTACT_FLOW',
  'CUSTOMER_QUEUE',
  'CUSTOMER_HOLD',
  'CUSTOMER_WHISPER',
  'AGENT_HOLD',
  'AGENT_WHISPER',
  'OUTBOUND_WHISPER',
  'AGENT_TRANSFER',
  'QUEUE_TRANSFER',
  'CAMPAIGN',
  'MODULE',
] as const;
export type FlowType = (typeof FLOW_TYPES)[number];

/** The only Flow Language version. */
export const FLOW_LANGUAGE_VERSION = '2019-10-30';

export const CONDITION_OPERATORS = [
  'Equals',
  'NumberLessThan',
  'NumberLessOrEqualTo',
  'NumberGreaterThan',
  'NumberGreaterOrEqualTo',
  'TextStartsWith',
  'TextEndsWith',
  'TextContains',
] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

export interface FlowCondition {
  NextAction: string;
  Condition: { Operator: ConditionOperator | string; Operands: string[] };
}

export interface FlowErrorBranch {
  NextAction: string;
  ErrorType: string;
}

export interface FlowTransitions {
  NextAction?: string;
  Errors?: FlowErrorBranch[];
  Conditions?: FlowCondition[];
}

export interface FlowAction {
  /** ≤ 50 characters, none of `% : ( \ / ) = $ , ; [ ] { }`. */
  Identifier: string;
  Type: string;
  Parameters: Record<string, unknown>;
  Transitions: FlowTransitions;
}

export interface FlowContent {
  Version: string;
  StartAction: string;
  /** Designer layout: opaque, kept as-is on pull and deploy. */
  Metadata?: Record<string, unknown>;
  Actions: FlowAction[];
  /** Flow modules only: InputParameters, OutputParameters, Transitions. */
  Settings?: Record<string, unknown>;
}

/** The wrapper stored in contact-flows/<name>.json. */
export interface FlowFile {
  /** Equals the file name without `.json`; the name used by `${Flow:<name>}`. */
  name: string;
  type: FlowType;
  description: string;
  content: FlowContent;
}

/** A flow file as loaded from disk: the wrapper plus where it came from. */
export interface LoadedFlow extends FlowFile {
  /** Path relative to the current directory, as shown in messages. */
  file: string;
}

export class FlowFileError extends Error {
  override name = 'FlowFileError';
  constructor(
    readonly file: string,
    readonly problems: string[],
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${problems.join('; ')}`, options);
  }
}

const rel = (file: string) => relative(process.cwd(), file) || file;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Check the wrapper's shape (not the flow's rules). Returns the problems found; an empty list means the
 * value can be treated as a FlowFile (actions are objects with Identifier/Type, Parameters and Transitions
 * default to `{}` when missing so the validator can report them precisely).
 */
export function wrapperProblems(data: unknown, expectedName?: string): string[] {
  if (!isObject(data)) return ['expected a JSON object { name, type, description, content }'];
  const problems: string[] = [];
  if (typeof data['name'] !== 'string' || data['name'] === '')
    problems.push('"name" must be a non-empty string');
  else if (expectedName !== undefined && data['name'] !== expectedName)
    problems.push(`"name" is "${data['name']}" but the file is ${expectedName}.json; they must match`);
  if (!FLOW_TYPES.includes(data['type'] as FlowType))
    problems.push(`"type" must be one of ${FLOW_TYPES.join(', ')} (got ${JSON.stringify(data['type'])})`);
  if (typeof data['name'] === 'string' && data['name'].length > 127)
    problems.push('"name" must be at most 127 characters (Connect\'s limit for flow names)');
  if (typeof data['description'] !== 'string') problems.push('"description" must be a string');
  else if (data['description'].length > 500)
    problems.push('"description" must be at most 500 characters (Connect\'s limit for flow descriptions)');
  const content = data['content'];
  if (!isObject(content)) {
    problems.push('"content" must be a Flow Language document { Version, StartAction, Metadata, Actions }');
    return problems;
  }
  if (!Array.isArray(content['Actions'])) problems.push('"content.Actions" must be an array of actions');
  else
    content['Actions'].forEach((a, i) => {
      if (!isObject(a) || typeof a['Identifier'] !== 'string' || typeof a['Type'] !== 'string')
        problems.push(`content.Actions[${i}] must be an object with string "Identifier" and "Type"`);
    });
  return problems;
}

/**
 * Where JSON text first breaks the grammar (RFC 8259), as an offset; -1 when it parses. JSON.parse's own
 * messages (V8) often give no position and quote the text instead, so flow errors compute their own.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const expect = (ch: string) => {
    ws();
    if (text[i] !== ch) throw i;
    i++;
  };
  const string = () => {
    if (text[i] !== '"') throw i;
    for (i++; i < text.length; i++) {
      const c = text[i]!;
      if (c === '"') return void i++;
      if (c === '\\') {
        const esc = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;
        esc.lastIndex = i;
        if (!esc.test(text)) throw i;
        i = esc.lastIndex - 1;
      } else if (c < ' ') throw i;
    }
    throw i;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) return void i++;
      for (;;) {
        if (c === '{') {
          ws();
          string();
          expect(':');
        }
        value();
        ws();
        if (text[i] === ',') i++;
        else {
          expect(close);
          return;
        }
      }
    }
    if (c === '"') {
      string();
      return;
    }
    const token = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
    token.lastIndex = i;
    if (!token.test(text)) throw i;
    i = token.lastIndex;
  };
  try {
    value();
    ws();
    return i < text.length ? i : -1;
  } catch (at) {
    return at as number;
  }
}

/** "not valid JSON at line 3, column 1 (unexpected "}")" for text JSON.parse rejected. */
export function jsonSyntaxProblem(text: string): string {
  const at = jsonErrorOffset(text);
  if (at < 0) return 'not valid JSON';
  const before = text.slice(0, at).split('\n');
  const found = at >= text.length ? 'end of file' : JSON.stringify(text[at]);
  return `not valid JSON at line ${before.length}, column ${before[before.length - 1]!.length + 1} (unexpected ${found})`;
}

/** Parse the text of a flow file. Throws FlowFileError with the JSON position or the wrapper problems. */
export function parseFlowFile(text: string, file: string, expectedName?: string): LoadedFlow {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new FlowFileError(file, [jsonSyntaxProblem(text)], { cause: err });
  }
  const problems = wrapperProblems(data, expectedName);
  if (problems.length > 0) throw new FlowFileError(file, problems);
  const flow = data as FlowFile;
  for (const a of flow.content.Actions) {
    a.Parameters ??= {};
    a.Transitions ??= {};
  }
  return { ...flow, file };
}

/** Load one flow file; its `name` must equal the file name. */
export function loadFlowFile(path: string): LoadedFlow {
  const file = rel(path);
  if (!existsSync(path)) throw new FlowFileError(file, ['file not found']);
  return parseFlowFile(readFileSync(path, 'utf8'), file, basename(path).replace(/\.json$/, ''));
}

/** The flow files of a directory (not its subfolders, e.g. scenarios/), sorted by name. */
export function flowFilesIn(dir = FLOWS_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json') && !e.name.endsWith('.scenarios.json'))
    .map((e) => join(dir, e.name))
    .sort();
}

/** Load every flow in a directory (default: contact-flows/), sorted by name. */
export function loadAllFlows(dir = FLOWS_DIR): LoadedFlow[] {
  return flowFilesIn(dir).map(loadFlowFile);
}

/** Index flows by name. */
export function flowsByName<T extends FlowFile>(flows: readonly T[]): Map<string, T> {
  return new Map(flows.map((f) => [f.name, f]));
}

// ---------------------------------------------------------------------------------------------------------
// Canonical text: stable key order and the repo's formatter layout, so that pull → write is diff-friendly
// and a pulled flow is byte-identical to the file it was deployed from.

const WRAPPER_ORDER = ['name', 'type', 'description', 'content'];
const CONTENT_ORDER = ['Version', 'StartAction', 'Metadata', 'Actions', 'Settings'];
const ACTION_ORDER = ['Identifier', 'Type', 'Parameters', 'Transitions'];
const TRANSITIONS_ORDER = ['NextAction', 'Errors', 'Conditions'];
const BRANCH_ORDER = ['NextAction', 'ErrorType', 'Condition'];
const CONDITION_ORDER = ['Operator', 'Operands'];

function ordered(obj: Record<string, unknown>, order: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of order) if (k in obj) out[k] = obj[k];
  for (const k of Object.keys(obj).sort()) if (!(k in out)) out[k] = obj[k];
  return out;
}

/** Sort object keys alphabetically all the way down (Parameters, Metadata). */
function sortedDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedDeep);
  if (!isObject(v)) return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortedDeep(v[k])]),
  );
}

/** The flow with keys in canonical order (structure keys first in Flow Language order, others sorted). */
export function canonicalFlow(flow: FlowFile): FlowFile {
  const c = flow.content as unknown as Record<string, unknown>;
  const actions = flow.content.Actions.map((a) => {
    const t = (a.Transitions ?? {}) as Record<string, unknown>;
    const transitions = ordered(t, TRANSITIONS_ORDER);
    for (const key of ['Errors', 'Conditions']) {
      const list = transitions[key];
      if (Array.isArray(list))
        transitions[key] = list.map((b) => {
          const branch = ordered(b as Record<string, unknown>, BRANCH_ORDER);
          if (isObject(branch['Condition']))
            branch['Condition'] = ordered(branch['Condition'], CONDITION_ORDER);
          return branch;
        });
    }
    return ordered(
      {
        ...(a as unknown as Record<string, unknown>),
        Parameters: sortedDeep(a.Parameters ?? {}),
        Transitions: transitions,
      },
      ACTION_ORDER,
    );
  });
  const content = ordered(
    {
      ...c,
      ...(c['Metadata'] !== undefined ? { Metadata: sortedDeep(c['Metadata']) } : {}),
      ...(c['Settings'] !== undefined ? { Settings: sortedDeep(c['Settings']) } : {}),
      Actions: actions,
    },
    CONTENT_ORDER,
  );
  const wrapper = { name: flow.name, type: flow.type, description: flow.description, content };
  return ordered(wrapper, WRAPPER_ORDER) as unknown as FlowFile;
}

const LINE_WIDTH = 110; // biome.json formatter.lineWidth: files we write must pass `biome check` unchanged

/**
 * JSON text in the layout Biome's JSON formatter produces: 2-space indent, objects always expanded,
 * arrays of scalars on one line when they fit, a trailing newline.
 */
export function formatFlowJson(value: unknown): string {
  const render = (v: unknown, indent: string, prefixLen: number, suffixLen: number): string => {
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      if (v.every((x) => !isObject(x) && !Array.isArray(x))) {
        const inline = `[${v.map((x) => JSON.stringify(x)).join(', ')}]`;
        if (indent.length + prefixLen + inline.length + suffixLen <= LINE_WIDTH) return inline;
      }
      const inner = `${indent}  `;
      const items = v.map((x, i) => `${inner}${render(x, inner, 0, i < v.length - 1 ? 1 : 0)}`);
      return `[\n${items.join(',\n')}\n${indent}]`;
    }
    if (isObject(v)) {
      const keys = Object.keys(v).filter((k) => v[k] !== undefined);
      if (keys.length === 0) return '{}';
      const inner = `${indent}  `;
      const items = keys.map((k, i) => {
        const key = `${JSON.stringify(k)}: `;
        return `${inner}${key}${render(v[k], inner, key.length, i < keys.length - 1 ? 1 : 0)}`;
      });
      return `{\n${items.join(',\n')}\n${indent}}`;
    }
    return JSON.stringify(v);
  };
  return `${render(value, '', 0, 0)}\n`;
}

/** The canonical text of a flow file. */
export function formatFlowFile(flow: FlowFile): string {
  const { name, type, description, content } = flow;
  return formatFlowJson(canonicalFlow({ name, type, description, content }));
}
