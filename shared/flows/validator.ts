/**
 * The flow validator: used by synth (infra/constructs/contact-flows.ts), by tests and by
 * `santral flows validate`. Every finding names the file and the block:
 *
 *   contact-flows/inbound-main.json › action main-menu (GetParticipantInput): no error branch for
 *   InputTimeLimitExceeded; add Transitions.Errors [{ "ErrorType": "InputTimeLimitExceeded", "NextAction": … }]
 *
 * What each action accepts (parameters, flow types, branches) comes from its block in the registry
 * (shared/flows/blocks/), the same module the simulator runs. Each rule names the AWS statement it enforces
 * (RULES below). Two profiles:
 *  - `santral` (default: cdk synth, npm test, `flows validate` on contact-flows/): Santral's house rules —
 *    every error branch wired explicitly, ResponseValidation on our Lambdas, `${Kind:name}` references, no
 *    literal ARNs — are errors.
 *  - `connect` (foreign flows, `flows validate --profile connect`): errors only for what Connect rejects or
 *    what certainly strands a caller (dangling transitions, dead ends, loops with no exit, unknown types or
 *    parameters, missing required branches); house rules are warnings.
 * Pure: takes the flows and a context (names defined in config, functions and other flows); no I/O except
 * in `flowValidationContext`, which reads the config and the functions/ folder.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import { awsPage } from './blocks/block.ts';
import { storesInput } from './blocks/GetParticipantInput.ts';
import { blockFor, KNOWN_ACTION_TYPES } from './blocks/index.ts';
import { TRANSFER_TO_FLOW_TYPES } from './blocks/TransferToFlow.ts';
import { EVENT_HOOK_FLOW_TYPES } from './blocks/UpdateContactEventHooks.ts';
import { hoursTextNames } from './hours-text.ts';
import {
  CONDITION_OPERATORS,
  FLOW_LANGUAGE_VERSION,
  type FlowAction,
  type FlowFile,
  type FlowType,
  jsonSyntaxProblem,
  type LoadedFlow,
  wrapperProblems,
} from './model.ts';
import { readModuleInterface } from './module-settings.ts';
import { type ReferenceKind, scanReferences } from './references.ts';

export type Severity = 'error' | 'warning';

export type RuleId =
  | 'json'
  | 'document'
  | 'action-type'
  | 'parameters'
  | 'identifier'
  | 'transition'
  | 'unreachable'
  | 'dead-end'
  | 'error-branch'
  | 'conditions'
  | 'lambda'
  | 'reference'
  | 'flow-type'
  | 'limits'
  | 'literal-id'
  | 'loop'
  | 'module-settings'
  /** Formatting and config cross-checks: shared/flows/formatting.ts, config-crosscheck.ts. */
  | 'format'
  | 'config';

export type Profile = 'santral' | 'connect';
export const PROFILES: readonly Profile[] = ['santral', 'connect'];

/**
 * `connect`: Connect rejects it, or it certainly strands a caller — an error in both profiles.
 * `house`: Santral's own rule — an error in the santral profile, a warning in the connect profile.
 * `advice`: a warning in both.
 */
export type RuleKind = 'connect' | 'house' | 'advice';

export interface RuleSpec {
  /** The statement the rule enforces, quoted or paraphrased from its source. */
  statement: string;
  source: string;
}

const FLA = awsPage('flow-language-actions');
const EXAMPLE = 'https://docs.aws.amazon.com/connect/latest/adminguide/flow-language-example.html';
const HOUSE = 'ARCHITECTURE.md (Santral house rules)';

/** Every rule and the AWS (or house) statement behind it. */
export const RULES: Readonly<Record<RuleId, RuleSpec>> = {
  json: {
    statement: 'The content of the flow is a JSON document (CreateContactFlow Content).',
    source: awsPage('API_CreateContactFlow'),
  },
  document: {
    statement: '"Currently the only supported version is 2019-10-30"; StartAction, Metadata, Actions.',
    source: EXAMPLE,
  },
  'action-type': { statement: '"This type must be one of a list of allowable Types."', source: FLA },
  parameters: {
    statement: '"Each Action has its own format of this Parameters object" (per-action reference pages).',
    source: FLA,
  },
  identifier: {
    statement:
      'Identifier: up to 50 characters, none of % : ( \\ / ) = $ , ; [ ] { }, not a reserved name such as __proto__.',
    source: FLA,
  },
  transition: {
    statement: '"The value of this field must match the Identifier of an Action in the Actions list."',
    source: EXAMPLE,
  },
  unreachable: { statement: 'A block no path reaches never runs (advice).', source: HOUSE },
  'dead-end': {
    statement:
      'An action continues through its Transitions; without a next action the contact is disconnected mid-flow.',
    source: FLA,
  },
  'error-branch': {
    statement:
      'Every block that can fail has an error branch (principle 3); Connect itself falls back to NoMatchingError ("if no other Error matches").',
    source: HOUSE,
  },
  conditions: {
    statement:
      'Conditions use the documented operators; blocks with fixed results need exactly their documented conditions (e.g. Loop: "there must be a Condition … for Equals ContinueLooping and for Equals DoneLooping, and no other").',
    source: awsPage('flow-control-actions-loop'),
  },
  lambda: {
    statement:
      'InvocationTimeLimitSeconds "must be greater than 0, no larger than 8, and an integer. Must be set statically."',
    source: awsPage('interactions-invokelambdafunction'),
  },
  reference: {
    statement: 'Flows name resources as ${Kind:name}, resolved at synth (principle 2).',
    source: HOUSE,
  },
  'flow-type': {
    statement:
      "Each action page's Restrictions list the flow types it is supported in; publishing rejects others.",
    source: FLA,
  },
  limits: {
    statement: 'At most 250 actions per flow and 256,000 characters of content (fixed quotas).',
    source: 'https://docs.aws.amazon.com/connect/latest/adminguide/amazon-connect-service-limits.html',
  },
  'literal-id': { statement: 'Flows never contain ARNs or account ids (principle 2).', source: HOUSE },
  loop: {
    statement:
      'A cycle no branch leaves keeps the caller in the flow forever: it certainly strands the caller.',
    source: FLA,
  },
  'module-settings': {
    statement:
      'A module can be defined "with custom input/output objects and branches" (Settings: InputParameters, OutputParameters, Transitions); the entry format is not published, so Santral checks its reading of it (shared/flows/module-settings.ts) as a house rule.',
    source: 'https://docs.aws.amazon.com/connect/latest/adminguide/contact-flow-modules.html',
  },
  format: {
    statement:
      'Flow files are formatted as `npm test` (biome check) requires, in the canonical form `flows pull` writes.',
    source: HOUSE,
  },
  config: {
    statement:
      'Config and flows agree: menu digits of routing intents, phone-number and quick-connect flow types (AssociatePhoneNumberContactFlow, CreateQuickConnect QueueConfig.ContactFlowId).',
    source: HOUSE,
  },
};

/** Identifier strings the reference forbids. */
const RESERVED_IDENTIFIERS = new Set([
  '__proto__',
  'constructor',
  '__defineGetter__',
  '__defineSetter__',
  'toString',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'valueOf',
]);

/** Flow types whose contact leaves on its own (an agent answers, the hold ends): their loops are the point. */
const WAITING_FLOW_TYPES: readonly FlowType[] = ['CUSTOMER_QUEUE', 'CUSTOMER_HOLD', 'AGENT_HOLD'];

export interface ValidateOptions {
  /** Default `santral`. */
  profile?: Profile;
}

export interface FlowIssue {
  severity: Severity;
  rule: RuleId;
  file: string;
  /** The block's Identifier and Type, when the problem is in one block. */
  action?: string;
  actionType?: string;
  message: string;
  /** Where the rule comes from: the AWS page (or Santral's house rules) it enforces. */
  source?: string;
}

/** Lambda names from the cross-team contract (functions/<name>/handler.ts), accepted while written. */
export const KNOWN_LAMBDAS = ['ivr-lookup', 'route', 'transfer', 'callback', 'survey', 'opt-out'] as const;

/** Names each kind of `${Kind:name}` may use. */
export interface FlowValidationContext {
  queues: readonly string[];
  hours: readonly string[];
  prompts: readonly string[];
  quickConnects: readonly string[];
  phoneNumbers: readonly string[];
  lambdas: readonly string[];
  /** Flow name → type (all flows of the repo, so `${Flow:x}` can be checked against x's type). */
  flows: Readonly<Record<string, FlowType>>;
  modules: readonly string[];
}

/** Limits of CreateContactFlow: 250 actions per flow, 256,000 characters of content (both fixed). */
export const MAX_ACTIONS = 250;
export const MAX_CONTENT_CHARS = 256_000;
/** Longest ARN a reference can become (connect resource ARNs are ~130 chars; Lambda up to ~140). */
const RESOLVED_REFERENCE_CHARS = 160;
/** Identifier: ≤ 50 characters, none of % : ( \ / ) = $ , ; [ ] { } */
const IDENTIFIER = /^[^%:(\\/)=$,;[\]{}]{1,50}$/;
/** Lambda invocation limit (seconds): Connect's maximum is 8. */
const MAX_LAMBDA_SECONDS = 8;

export function formatIssue(i: FlowIssue): string {
  const where =
    i.action !== undefined ? ` › action ${i.action}${i.actionType ? ` (${i.actionType})` : ''}` : '';
  return `${i.file}${where}: ${i.message}`;
}

export const hasErrors = (issues: readonly FlowIssue[]) => issues.some((i) => i.severity === 'error');

/** The context from a loaded config, the functions/ folder and the flows' names and types. */
export function flowValidationContext(
  config: ContactCenterConfig,
  flows: readonly Pick<FlowFile, 'name' | 'type'>[],
  functionsDir?: string,
): FlowValidationContext {
  const functions = new Set<string>(KNOWN_LAMBDAS);
  if (functionsDir && existsSync(functionsDir))
    for (const e of readdirSync(functionsDir, { withFileTypes: true }))
      if (e.isDirectory() && existsSync(join(functionsDir, e.name, 'handler.ts'))) functions.add(e.name);
  return {
    queues: config.queues.map((q) => q.name),
    hours: config.hours.map((h) => h.name),
    prompts: config.prompts.map((p) => p.name),
    quickConnects: config.quickConnects.map((q) => q.name),
    phoneNumbers: config.phoneNumbers.map((p) => p.name),
    lambdas: [...functions].sort(),
    flows: Object.fromEntries(flows.filter((f) => f.type !== 'MODULE').map((f) => [f.name, f.type])),
    modules: flows.filter((f) => f.type === 'MODULE').map((f) => f.name),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const list = (names: readonly string[]) => (names.length ? names.join(', ') : '(none defined)');

/** Validate one flow given as text (reports invalid JSON as an issue instead of throwing). */
export function validateFlowText(
  text: string,
  file: string,
  ctx: FlowValidationContext,
  options: ValidateOptions = {},
): FlowIssue[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return [
      {
        severity: 'error',
        rule: 'json',
        file,
        message: `${jsonSyntaxProblem(text)}; fix the syntax or re-export the flow`,
        source: RULES.json.source,
      },
    ];
  }
  const expectedName = file
    .split(/[\\/]/)
    .pop()
    ?.replace(/\.json$/, '');
  return validateFlow(data, file, ctx, expectedName, options);
}

/** A bare Flow Language document (what DescribeContactFlow's Content holds), not Santral's wrapper. */
export const isBareFlowContent = (data: unknown): data is Record<string, unknown> =>
  isObject(data) && Array.isArray(data['Actions']) && 'Version' in data && !('content' in data);

/** Graph of a flow's transitions: id → targets. */
function successors(a: FlowAction): string[] {
  const t = isObject(a.Transitions) ? a.Transitions : {};
  const out: string[] = [];
  if (typeof t.NextAction === 'string') out.push(t.NextAction);
  for (const b of [
    ...(Array.isArray(t.Errors) ? t.Errors : []),
    ...(Array.isArray(t.Conditions) ? t.Conditions : []),
  ])
    if (typeof b?.NextAction === 'string') out.push(b.NextAction);
  return out;
}

/** Strongly connected components (Tarjan), for the "loop with no exit" rule. */
function components(ids: readonly string[], next: (id: string) => string[]): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of next(v)) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      out.push(scc);
    }
  };
  for (const v of ids) if (!idx.has(v)) visit(v);
  return out;
}

/** Validate one flow (a parsed wrapper object, or bare Flow Language content). */
export function validateFlow(
  input: unknown,
  file: string,
  ctx: FlowValidationContext,
  expectedName?: string,
  options: ValidateOptions = {},
): FlowIssue[] {
  const profile = options.profile ?? 'santral';
  const issues: FlowIssue[] = [];
  const severityOf = (kind: RuleKind): Severity =>
    kind === 'connect' || (kind === 'house' && profile === 'santral') ? 'error' : 'warning';
  const add = (
    rule: RuleId,
    message: string,
    action?: Pick<FlowAction, 'Identifier' | 'Type'>,
    kind: RuleKind = 'connect',
  ) =>
    issues.push({
      severity: severityOf(kind),
      rule,
      file,
      ...(action ? { action: action.Identifier, actionType: action.Type } : {}),
      message,
      source: RULES[rule].source,
    });

  // Foreign files may hold bare Flow Language content (a Content string's document): wrap it, type unknown.
  const bare = isBareFlowContent(input);
  const data: unknown = bare
    ? { name: expectedName ?? file, type: undefined, description: '', content: input }
    : input;
  if (!bare) {
    const wrapper = wrapperProblems(data, expectedName);
    if (wrapper.length > 0) {
      // Without a usable wrapper the rules below cannot run; report what is wrong with it.
      if (!isObject(data) || !isObject(data['content']) || !Array.isArray(data['content']['Actions']))
        return wrapper.map((message) => ({
          severity: 'error',
          rule: 'document',
          file,
          message,
          source: RULES.document.source,
        }));
      for (const message of wrapper) add('document', message);
    }
  } else if (!Array.isArray((input as Record<string, unknown>)['Actions'])) return issues;
  const flow = data as FlowFile;
  const flowType: FlowType | undefined = bare ? undefined : flow.type;
  const content = flow.content;
  const actions = content.Actions.filter(
    (a): a is FlowAction => isObject(a) && typeof a.Identifier === 'string' && typeof a.Type === 'string',
  );
  if (bare && actions.length !== content.Actions.length)
    add('document', 'every entry of Actions must be an object with string "Identifier" and "Type"');

  // --- document schema -----------------------------------------------------------------------------------
  if (content.Version !== FLOW_LANGUAGE_VERSION)
    add('document', `Version must be "${FLOW_LANGUAGE_VERSION}" (got ${JSON.stringify(content.Version)})`);
  if (content.Metadata !== undefined && !isObject(content.Metadata))
    add('document', 'Metadata must be an object (designer layout); use {} when there is none');
  for (const key of Object.keys(content))
    if (!['Version', 'StartAction', 'Metadata', 'Actions', 'Settings'].includes(key))
      add(
        'document',
        `unknown top-level key "${key}" in content; allowed: Version, StartAction, Metadata, Actions, Settings (flow modules)`,
      );

  // --- a module's interface (Settings) ---------------------------------------------------------------------
  if (flowType === 'MODULE' || (bare && content.Settings !== undefined)) {
    const { iface, problems } = readModuleInterface(content.Settings);
    for (const p of problems) add('module-settings', `${p.path}: ${p.message}`, undefined, 'house');
    // An output travels as the contact attribute of its name: a module that never sets it returns nothing.
    const setsAttribute = (name: string) =>
      content.Actions.some(
        (a) =>
          isObject(a) &&
          a.Type === 'UpdateContactAttributes' &&
          isObject(a.Parameters?.['Attributes']) &&
          name in (a.Parameters['Attributes'] as Record<string, unknown>),
      );
    for (const o of iface.outputs)
      if (!setsAttribute(o.name))
        add(
          'module-settings',
          `output "${o.name}" is declared in Settings.OutputParameters but no block of the module sets the contact attribute ${o.name}; set it (UpdateContactAttributes) before the Return block, or drop the output`,
          undefined,
          'house',
        );
  } else if (content.Settings !== undefined && flowType !== undefined)
    add(
      'module-settings',
      'Settings (inputs, outputs, results) belong to flow modules; this flow is not of type MODULE — remove them',
      undefined,
      'house',
    );

  // --- identifiers ---------------------------------------------------------------------------------------
  const ids = new Map<string, FlowAction>();
  for (const a of actions) {
    if (!IDENTIFIER.test(a.Identifier) || RESERVED_IDENTIFIERS.has(a.Identifier))
      add(
        'identifier',
        'Identifier must be 1–50 characters without % : ( \\ / ) = $ , ; [ ] { } (and not a reserved name such as __proto__); rename it (and every NextAction pointing at it)',
        a,
      );
    if (ids.has(a.Identifier))
      add('identifier', 'Identifier is used by more than one action; give each block its own', a);
    ids.set(a.Identifier, a);
  }

  // --- per-action: type, parameters, transitions ---------------------------------------------------------
  for (const a of actions) {
    const block = blockFor(a.Type);
    const params = isObject(a.Parameters) ? a.Parameters : {};
    const t = isObject(a.Transitions) ? a.Transitions : {};
    if (!isObject(a.Parameters ?? {})) add('parameters', 'Parameters must be an object', a);
    if (!isObject(a.Transitions ?? {})) add('transition', 'Transitions must be an object', a);
    const errors = Array.isArray(t.Errors) ? t.Errors : [];
    const conditions = Array.isArray(t.Conditions) ? t.Conditions : [];

    // Every target resolves.
    const targets: [string, unknown][] = [
      ['NextAction', t.NextAction],
      ...errors.map((e, i) => [`Errors[${i}] (${e?.ErrorType})`, e?.NextAction] as [string, unknown]),
      ...conditions.map((c, i) => [`Conditions[${i}]`, c?.NextAction] as [string, unknown]),
    ];
    for (const [where, target] of targets) {
      if (target === undefined && where === 'NextAction') continue;
      if (typeof target !== 'string' || !ids.has(target))
        add(
          'transition',
          `${where} points at ${JSON.stringify(target)}, which is not an action in this flow; use one of the Identifiers or add the missing block`,
          a,
        );
    }

    if (!block) {
      add(
        'action-type',
        `unknown action type "${a.Type}"; known types: ${KNOWN_ACTION_TYPES.join(', ')} (check the spelling or add a block in shared/flows/blocks/)`,
        a,
      );
      continue;
    }

    // Parameter names and values.
    const parsed = block.parameters.safeParse(params);
    if (!parsed.success)
      for (const issue of parsed.error.issues) {
        const path = issue.path.length ? `Parameters.${issue.path.join('.')}` : 'Parameters';
        const message =
          issue.code === 'unrecognized_keys'
            ? `unknown parameter ${issue.keys.map((k) => `"${k}"`).join(', ')} for ${block.label}; parameter names are exact (see ${block.docs})`
            : issue.message;
        add('parameters', `${path}: ${message}`, a);
      }

    // Allowed in this flow type.
    if (flowType && !block.flowTypes.includes(flowType))
      add(
        'flow-type',
        `${block.label} is not allowed in a ${flowType} flow; allowed in: ${list(block.flowTypes)}. Move it to a flow of an allowed type`,
        a,
      );

    // Success path. Stored input and Loop prompts without interrupts have no conditions (see their blocks).
    const stored = a.Type === 'GetParticipantInput' && storesInput(params);
    const endlessLoopPrompt =
      a.Type === 'MessageParticipantIteratively' && params['InterruptFrequencySeconds'] === undefined;
    const success = stored ? 'next' : endlessLoopPrompt ? 'handoff' : block.branches.success;
    if (success === 'terminal') {
      if (t.NextAction || errors.length || conditions.length)
        add('transition', `${block.label} ends the flow; its Transitions must be {}`, a, 'advice');
    } else if (success === 'next' && !t.NextAction) {
      add(
        'dead-end',
        `no Transitions.NextAction: the contact has nowhere to go when ${block.label} succeeds; point it at the next block or a DisconnectParticipant`,
        a,
      );
    } else if (success === 'conditions' && conditions.length === 0 && !t.NextAction) {
      add(
        'dead-end',
        `no Transitions.Conditions: ${block.label} continues only through its conditions; add the branches`,
        a,
      );
    } else if (success === 'conditions' && conditions.length === 0 && profile === 'santral')
      add(
        'dead-end',
        `no Transitions.Conditions: ${block.label} continues only through its conditions; add the branches`,
        a,
        'house',
      );
    if (conditions.length > 0 && success !== 'conditions')
      add(
        'conditions',
        `${block.label} has no condition branches; use NextAction and Errors instead`,
        a,
        stored || endlessLoopPrompt ? 'house' : 'connect',
      );

    // Error branches: the ones this action can take, and the ones it must handle.
    const handled = new Set<string>();
    for (const e of errors) {
      if (!block.branches.errors.includes(e?.ErrorType))
        add(
          'error-branch',
          `${block.label} never takes ErrorType "${e?.ErrorType}"; its error types are: ${list(block.branches.errors)}`,
          a,
          'house',
        );
      if (handled.has(e?.ErrorType)) add('error-branch', `ErrorType "${e?.ErrorType}" is handled twice`, a);
      handled.add(e?.ErrorType);
    }
    const required = block.branches.houseErrors.filter(
      (e) => !(stored && (e === 'NoMatchingCondition' || e === 'InputTimeLimitExceeded')),
    );
    for (const e of required)
      if (!handled.has(e)) {
        // The catch-all covers the specific errors: "NoMatchingError - if no other Error matches".
        const covered = handled.has('NoMatchingError');
        if (profile === 'connect' && covered) continue;
        add(
          'error-branch',
          `no error branch for ${e}; add Transitions.Errors [{ "NextAction": "<block>", "ErrorType": "${e}" }] leading to a queue or a polite message${covered ? '' : ' (without it Connect disconnects the caller)'}`,
          a,
          'house',
        );
      }

    // Conditions.
    for (const [i, c] of conditions.entries()) {
      const op = c?.Condition?.Operator;
      const operands = c?.Condition?.Operands;
      if (!CONDITION_OPERATORS.includes(op as (typeof CONDITION_OPERATORS)[number]))
        add(
          'conditions',
          `Conditions[${i}]: unknown operator "${op}"; use ${CONDITION_OPERATORS.join(', ')}`,
          a,
        );
      if (!Array.isArray(operands) || operands.length !== 1 || typeof operands[0] !== 'string')
        add('conditions', `Conditions[${i}]: Operands must be one string, e.g. ["1"]`, a);
    }
    const expected = block.branches.conditionOperands;
    if (expected && conditions.length > 0) {
      const seen = conditions.map((c) => c?.Condition?.Operands?.[0]);
      const exact = block.branches.exactOperands;
      const complete = !exact || (seen.length === expected.length && expected.every((o) => seen.includes(o)));
      const unknown = seen.filter((o) => !expected.includes(o as string));
      if (!complete || unknown.length > 0)
        add(
          'conditions',
          `${block.label} must branch on ${exact ? 'exactly' : 'only'} ${expected.map((o) => `Equals "${o}"`).join(exact ? ' and ' : ', ')} (found ${seen.map((o) => JSON.stringify(o)).join(', ') || 'none'})`,
          a,
        );
    }
    if (a.Type === 'GetParticipantInput' && !stored)
      for (const [i, c] of conditions.entries()) {
        const o = c?.Condition?.Operands?.[0];
        if (typeof o === 'string' && !/^[0-9*#]+$/.test(o))
          add('conditions', `Conditions[${i}]: keypad input "${o}" is not digits, * or #`, a);
      }

    // Lambda: static timeout ≤ 8 s (Connect), response validation (house: our handlers return a flat map).
    if (a.Type === 'InvokeLambdaFunction') {
      const limit = params['InvocationTimeLimitSeconds'];
      const seconds = typeof limit === 'number' ? limit : /^\d+$/.test(String(limit)) ? Number(limit) : NaN;
      if (typeof limit === 'string' && limit.startsWith('$'))
        add('lambda', 'InvocationTimeLimitSeconds must be static (a number of seconds, not a $.path)', a);
      else if (limit !== undefined && !(seconds >= 1 && seconds <= MAX_LAMBDA_SECONDS))
        add(
          'lambda',
          `InvocationTimeLimitSeconds must be 1–${MAX_LAMBDA_SECONDS} (Connect's limit; got ${JSON.stringify(limit)})`,
          a,
        );
      if (params['InvocationType'] !== 'ASYNCHRONOUS' && !isObject(params['ResponseValidation']))
        add(
          'lambda',
          'ResponseValidation is missing; add { "ResponseType": "STRING_MAP" } (our handlers return a flat string map)',
          a,
          'house',
        );
    }
  }

  // --- start, reachability ------------------------------------------------------------------------------
  const reached = new Set<string>();
  if (typeof content.StartAction !== 'string' || !ids.has(content.StartAction))
    add(
      'transition',
      `StartAction ${JSON.stringify(content.StartAction)} is not an action in this flow; set it to the first block's Identifier`,
    );
  else {
    const queue = [content.StartAction];
    while (queue.length) {
      const id = queue.pop()!;
      if (reached.has(id) || !ids.has(id)) continue;
      reached.add(id);
      queue.push(...successors(ids.get(id)!));
    }
    for (const a of actions)
      if (!reached.has(a.Identifier))
        add(
          'unreachable',
          'no path from StartAction reaches this block; connect it or delete it',
          a,
          'advice',
        );
  }

  // --- loops with no way out ----------------------------------------------------------------------------
  // A cycle whose blocks all lead back into it, none of which ends or hands off the contact, and none of
  // which can fall through an unwired branch (Connect disconnects then), keeps the caller forever.
  if (!flowType || !WAITING_FLOW_TYPES.includes(flowType)) {
    const next = (id: string) => successors(ids.get(id)!).filter((n) => ids.has(n));
    for (const scc of components([...reached], next)) {
      const members = new Set(scc);
      const cyclic = scc.length > 1 || next(scc[0]!).includes(scc[0]!);
      if (!cyclic) continue;
      const exits = scc.some((id) => {
        const a = ids.get(id)!;
        const block = blockFor(a.Type);
        if (!block || block.branches.success === 'terminal' || block.branches.success === 'handoff')
          return true;
        if (next(id).some((n) => !members.has(n))) return true;
        const t = isObject(a.Transitions) ? a.Transitions : {};
        const wired = new Set((Array.isArray(t.Errors) ? t.Errors : []).map((e) => e?.ErrorType));
        // An error with no branch (not even NoMatchingError) disconnects: a way out, if a poor one.
        return !wired.has('NoMatchingError') && block.branches.errors.some((e) => !wired.has(e));
      });
      if (!exits) {
        const first = ids.get(scc.find((id) => id === content.StartAction) ?? [...scc].sort()[0]!)!;
        add(
          'loop',
          `${scc.length === 1 ? 'this block leads only back to itself' : `the cycle ${[...scc].sort().join(' → ')} has no way out`}: every branch returns into it and none ends, transfers or queues the contact, so the caller is stuck; add an exit (a Loop block's DoneLooping, a transfer or a disconnect)`,
          first,
        );
      }
    }
  }

  // --- references ---------------------------------------------------------------------------------------
  const byId = (id?: string) => (id ? ids.get(id) : undefined);
  const { references, malformed } = scanReferences(content);
  for (const m of malformed)
    add('reference', `${m.placeholder} at ${m.path}: ${m.problem}`, byId(m.action), 'house');
  const known: Record<ReferenceKind, readonly string[]> = {
    Queue: ctx.queues,
    Hours: ctx.hours,
    Prompt: ctx.prompts,
    QuickConnect: ctx.quickConnects,
    PhoneNumber: ctx.phoneNumbers,
    Lambda: ctx.lambdas,
    Flow: Object.keys(ctx.flows),
    Module: ctx.modules,
    HoursText: hoursTextNames(ctx.hours),
  };
  const where: Record<ReferenceKind, string> = {
    Queue: 'queues in infra/config',
    Hours: 'hours in infra/config',
    Prompt: 'prompts in infra/config',
    QuickConnect: 'quickConnects in infra/config',
    PhoneNumber: 'phoneNumbers in infra/config',
    Lambda: 'functions/<name>/handler.ts',
    Flow: 'contact-flows/',
    Module: 'flow modules (contact-flows/ files of type MODULE)',
    HoursText: 'hours in infra/config × languages (<hours>:en-US|tr-TR)',
  };
  for (const r of references) {
    if (!known[r.kind].includes(r.name)) {
      add(
        'reference',
        `${r.placeholder} at ${r.path}: no ${r.kind.toLowerCase()} named "${r.name}" in ${where[r.kind]}; defined: ${list(known[r.kind])}`,
        byId(r.action),
        'house',
      );
      continue;
    }
    if (r.kind === 'Flow') {
      const targetType = ctx.flows[r.name]!;
      const hook = /\.EventHooks\.(\w+)$/.exec(r.path)?.[1];
      const allowed = hook
        ? EVENT_HOOK_FLOW_TYPES[hook]
        : r.path.endsWith('.ContactFlowId')
          ? TRANSFER_TO_FLOW_TYPES
          : undefined;
      if (allowed && !allowed.includes(targetType))
        add(
          'reference',
          `${r.placeholder} is a ${targetType} flow, but ${hook ? `event hook ${hook}` : 'Transfer to flow'} needs ${list(allowed)}`,
          byId(r.action),
        );
    }
  }

  // --- literal ARNs / account ids / resource ids --------------------------------------------------------
  const actionIds = new Set(ids.keys());
  const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
  const scan = (value: unknown, path: string, action?: FlowAction) => {
    if (typeof value === 'string') {
      const hint = `replace it with a \${Kind:name} reference (santral flows pull does this for you)`;
      if (/arn:aws[a-z-]*:/.test(value))
        add('literal-id', `literal ARN at ${path}; ${hint}`, action, 'house');
      // A designer UUID may end in 12 digits (…-4d5b-a1e2-000000000123): that is not an account id.
      else if (/(?<![+\d])\d{12}(?!\d)/.test(value.replace(UUID, '')))
        add('literal-id', `literal AWS account id at ${path}; ${hint}`, action, 'house');
      else if (
        path.includes('.Parameters') &&
        !actionIds.has(value) &&
        /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i.test(value)
      )
        add('literal-id', `literal resource or instance id at ${path}; ${hint}`, action, 'house');
      return;
    }
    if (Array.isArray(value)) for (const [i, v] of value.entries()) scan(v, `${path}[${i}]`, action);
    else if (isObject(value)) for (const [k, v] of Object.entries(value)) scan(v, `${path}.${k}`, action);
  };
  scan(content.Metadata, 'Metadata');
  scan(content.Settings, 'Settings');
  for (const [i, a] of actions.entries()) scan(a.Parameters, `Actions[${i}].Parameters`, a);

  // --- limits -------------------------------------------------------------------------------------------
  if (content.Actions.length > MAX_ACTIONS)
    add(
      'limits',
      `${content.Actions.length} actions; Connect allows at most ${MAX_ACTIONS} per flow. Split it with TransferToFlow or a module`,
    );
  const resolvedChars =
    JSON.stringify(content).length +
    references.reduce((n, r) => n + Math.max(0, RESOLVED_REFERENCE_CHARS - r.placeholder.length), 0);
  if (resolvedChars > MAX_CONTENT_CHARS)
    add(
      'limits',
      `content is about ${resolvedChars} characters once references are resolved; Connect allows ${MAX_CONTENT_CHARS}. Split the flow or trim Metadata`,
    );

  return issues;
}

/** Validate a set of flows (names and types of the set are added to the context's flows). */
export function validateFlows(
  flows: readonly LoadedFlow[],
  ctx: FlowValidationContext,
  options: ValidateOptions = {},
): FlowIssue[] {
  const all: FlowValidationContext = {
    ...ctx,
    flows: {
      ...ctx.flows,
      ...Object.fromEntries(flows.filter((f) => f.type !== 'MODULE').map((f) => [f.name, f.type])),
    },
    modules: [...new Set([...ctx.modules, ...flows.filter((f) => f.type === 'MODULE').map((f) => f.name)])],
  };
  return flows.flatMap((f) => {
    const { file, ...wrapper } = f;
    return validateFlow(
      wrapper,
      file,
      all,
      file
        .split(/[\\/]/)
        .pop()
        ?.replace(/\.json$/, ''),
      options,
    );
  });
}

export class FlowValidationError extends Error {
  override name = 'FlowValidationError';
  constructor(readonly issues: readonly FlowIssue[]) {
    const errors = issues.filter((i) => i.severity === 'error');
    super(
      `${errors.length} contact flow error${errors.length === 1 ? '' : 's'}:\n${errors.map((i) => `  ${formatIssue(i)}`).join('\n')}`,
    );
  }
}
