/**
 * The flow validator: used by synth (infra/constructs/contact-flows.ts), by tests and by
 * `santral flows validate`. Every finding names the file and the block:
 *
 *   contact-flows/inbound-main.json › action main-menu (GetParticipantInput): no error branch for
 *   InputTimeLimitExceeded; add Transitions.Errors [{ "ErrorType": "InputTimeLimitExceeded", "NextAction": … }]
 *
 * Rules (ids in `FlowIssue.rule`) follow shared/reference/connect.md, "Validator rules real projects needed".
 * Pure: takes the flows and a context (names defined in config, functions and other flows); no I/O except
 * in `flowValidationContext`, which reads the config and the functions/ folder.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import { ACTIONS, EVENT_HOOK_FLOW_TYPES, KNOWN_ACTION_TYPES, TRANSFER_TO_FLOW_TYPES } from './catalog.ts';
import { hoursTextNames } from './hours-text.ts';
import {
  CONDITION_OPERATORS,
  FLOW_LANGUAGE_VERSION,
  type FlowAction,
  type FlowFile,
  type FlowType,
  type LoadedFlow,
  wrapperProblems,
} from './model.ts';
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
  | 'literal-id';

export interface FlowIssue {
  severity: Severity;
  rule: RuleId;
  file: string;
  /** The block's Identifier and Type, when the problem is in one block. */
  action?: string;
  actionType?: string;
  message: string;
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
    flows: Object.fromEntries(flows.map((f) => [f.name, f.type])),
    modules: [],
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const list = (names: readonly string[]) => (names.length ? names.join(', ') : '(none defined)');

/** Validate one flow given as text (reports invalid JSON as an issue instead of throwing). */
export function validateFlowText(text: string, file: string, ctx: FlowValidationContext): FlowIssue[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return [
      {
        severity: 'error',
        rule: 'json',
        file,
        message: `not valid JSON (${(err as Error).message}); fix the syntax or re-export the flow`,
      },
    ];
  }
  const expectedName = file
    .split(/[\\/]/)
    .pop()
    ?.replace(/\.json$/, '');
  return validateFlow(data, file, ctx, expectedName);
}

/** Validate one flow (a parsed wrapper object). */
export function validateFlow(
  data: unknown,
  file: string,
  ctx: FlowValidationContext,
  expectedName?: string,
): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const wrapper = wrapperProblems(data, expectedName);
  if (wrapper.length > 0) {
    // Without a usable wrapper the rules below cannot run; report what is wrong with it.
    if (!isObject(data) || !isObject(data['content']) || !Array.isArray(data['content']['Actions']))
      return wrapper.map((message) => ({ severity: 'error', rule: 'document', file, message }));
    for (const message of wrapper) issues.push({ severity: 'error', rule: 'document', file, message });
  }
  const flow = data as FlowFile;
  const content = flow.content;
  const actions = content.Actions.filter(
    (a): a is FlowAction => isObject(a) && typeof a.Identifier === 'string' && typeof a.Type === 'string',
  );
  const add = (
    rule: RuleId,
    message: string,
    action?: Pick<FlowAction, 'Identifier' | 'Type'>,
    severity: Severity = 'error',
  ) =>
    issues.push({
      severity,
      rule,
      file,
      ...(action ? { action: action.Identifier, actionType: action.Type } : {}),
      message,
    });

  // --- document schema -----------------------------------------------------------------------------------
  if (content.Version !== FLOW_LANGUAGE_VERSION)
    add('document', `Version must be "${FLOW_LANGUAGE_VERSION}" (got ${JSON.stringify(content.Version)})`);
  if (content.Metadata !== undefined && !isObject(content.Metadata))
    add('document', 'Metadata must be an object (designer layout); use {} when there is none');
  for (const key of Object.keys(content))
    if (!['Version', 'StartAction', 'Metadata', 'Actions', 'Settings'].includes(key))
      add(
        'document',
        `unknown top-level key "${key}" in content; allowed: Version, StartAction, Metadata, Actions`,
      );

  // --- identifiers ---------------------------------------------------------------------------------------
  const ids = new Map<string, FlowAction>();
  for (const a of actions) {
    if (!IDENTIFIER.test(a.Identifier))
      add(
        'identifier',
        'Identifier must be 1–50 characters without % : ( \\ / ) = $ , ; [ ] { }; rename it (and every NextAction pointing at it)',
        a,
      );
    if (ids.has(a.Identifier))
      add('identifier', 'Identifier is used by more than one action; give each block its own', a);
    ids.set(a.Identifier, a);
  }

  // --- per-action: type, parameters, transitions ---------------------------------------------------------
  for (const a of actions) {
    const spec = ACTIONS[a.Type];
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

    if (!spec) {
      add(
        'action-type',
        `unknown action type "${a.Type}"; known types: ${KNOWN_ACTION_TYPES.join(', ')} (check the spelling or add it to shared/flows/catalog.ts)`,
        a,
      );
      continue;
    }

    // Parameter names and values.
    const parsed = spec.parameters.safeParse(params);
    if (!parsed.success)
      for (const issue of parsed.error.issues) {
        const path = issue.path.length ? `Parameters.${issue.path.join('.')}` : 'Parameters';
        const message =
          issue.code === 'unrecognized_keys'
            ? `unknown parameter ${issue.keys.map((k) => `"${k}"`).join(', ')} for ${spec.block}; parameter names are exact (see shared/flows/catalog.ts)`
            : issue.message;
        add('parameters', `${path}: ${message}`, a);
      }

    // Allowed in this flow type.
    if (flow.type && !spec.flowTypes.includes(flow.type))
      add(
        'flow-type',
        `${spec.block} is not allowed in a ${flow.type} flow; allowed in: ${list(spec.flowTypes)}. Move it to a flow of an allowed type`,
        a,
      );

    // Success path.
    const storesInput =
      a.Type === 'GetParticipantInput' && ['True', 'true', true].includes(params['StoreInput'] as string);
    const success = storesInput ? 'next' : spec.success;
    if (success === 'terminal') {
      if (t.NextAction || errors.length || conditions.length)
        add('transition', `${spec.block} ends the flow; its Transitions must be {}`, a, 'warning');
    } else if (success === 'next' && !t.NextAction) {
      add(
        'dead-end',
        `no Transitions.NextAction: the contact has nowhere to go when ${spec.block} succeeds; point it at the next block or a DisconnectParticipant`,
        a,
      );
    } else if (success === 'conditions' && conditions.length === 0 && !(storesInput && t.NextAction)) {
      add(
        'dead-end',
        `no Transitions.Conditions: ${spec.block} continues only through its conditions; add the branches`,
        a,
      );
    }
    if (conditions.length > 0 && success !== 'conditions')
      add('conditions', `${spec.block} has no condition branches; use NextAction and Errors instead`, a);

    // Error branches: the ones this action can take, and the ones it must handle.
    const handled = new Set<string>();
    for (const e of errors) {
      if (!spec.errors.includes(e?.ErrorType))
        add(
          'error-branch',
          `${spec.block} never takes ErrorType "${e?.ErrorType}"; its error types are: ${list(spec.errors)}`,
          a,
        );
      if (handled.has(e?.ErrorType)) add('error-branch', `ErrorType "${e?.ErrorType}" is handled twice`, a);
      handled.add(e?.ErrorType);
    }
    const required = spec.requiredErrors.filter((e) => !(storesInput && e === 'NoMatchingCondition'));
    for (const e of required)
      if (!handled.has(e))
        add(
          'error-branch',
          `no error branch for ${e}; add Transitions.Errors [{ "NextAction": "<block>", "ErrorType": "${e}" }] leading to a queue or a polite message`,
          a,
        );

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
    if (spec.conditionOperands) {
      const seen = conditions.map((c) => c?.Condition?.Operands?.[0]);
      const expected = spec.conditionOperands;
      const exact =
        a.Type !== 'CheckHoursOfOperation' ||
        (seen.length === expected.length && expected.every((o) => seen.includes(o)));
      const unknown = seen.filter((o) => !expected.includes(o as string));
      if (!exact || unknown.length > 0)
        add(
          'conditions',
          `${spec.block} must branch on ${a.Type === 'CheckHoursOfOperation' ? 'exactly' : 'only'} ${expected.map((o) => `Equals "${o}"`).join(' and ')} (found ${seen.map((o) => JSON.stringify(o)).join(', ') || 'none'})`,
          a,
        );
    }
    if (a.Type === 'GetParticipantInput' && !storesInput)
      for (const [i, c] of conditions.entries()) {
        const o = c?.Condition?.Operands?.[0];
        if (typeof o === 'string' && !/^[0-9*#]+$/.test(o))
          add('conditions', `Conditions[${i}]: keypad input "${o}" is not digits, * or #`, a);
      }

    // Lambda: static timeout ≤ 8 s, response validation.
    if (a.Type === 'InvokeLambdaFunction') {
      const limit = params['InvocationTimeLimitSeconds'];
      const seconds = typeof limit === 'number' ? limit : /^\d+$/.test(String(limit)) ? Number(limit) : NaN;
      if (typeof limit === 'string' && limit.startsWith('$'))
        add('lambda', 'InvocationTimeLimitSeconds must be static (a number of seconds, not a $.path)', a);
      else if (!(seconds >= 1 && seconds <= MAX_LAMBDA_SECONDS))
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
        );
    }
  }

  // --- start, reachability ------------------------------------------------------------------------------
  if (typeof content.StartAction !== 'string' || !ids.has(content.StartAction))
    add(
      'transition',
      `StartAction ${JSON.stringify(content.StartAction)} is not an action in this flow; set it to the first block's Identifier`,
    );
  else {
    const reached = new Set<string>();
    const queue = [content.StartAction];
    while (queue.length) {
      const id = queue.pop()!;
      if (reached.has(id) || !ids.has(id)) continue;
      reached.add(id);
      const t = ids.get(id)!.Transitions ?? {};
      if (typeof t.NextAction === 'string') queue.push(t.NextAction);
      for (const b of [...(t.Errors ?? []), ...(t.Conditions ?? [])])
        if (b?.NextAction) queue.push(b.NextAction);
    }
    for (const a of actions)
      if (!reached.has(a.Identifier))
        add(
          'unreachable',
          'no path from StartAction reaches this block; connect it or delete it',
          a,
          'warning',
        );
  }

  // --- references ---------------------------------------------------------------------------------------
  const byId = (id?: string) => (id ? ids.get(id) : undefined);
  const { references, malformed } = scanReferences(content);
  for (const m of malformed) add('reference', `${m.placeholder} at ${m.path}: ${m.problem}`, byId(m.action));
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
    Module: 'flow modules',
    HoursText: 'hours in infra/config × languages (<hours>:en-US|tr-TR)',
  };
  for (const r of references) {
    if (!known[r.kind].includes(r.name)) {
      add(
        'reference',
        `${r.placeholder} at ${r.path}: no ${r.kind.toLowerCase()} named "${r.name}" in ${where[r.kind]}; defined: ${list(known[r.kind])}`,
        byId(r.action),
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
  const scan = (value: unknown, path: string, action?: FlowAction) => {
    if (typeof value === 'string') {
      const hint = `replace it with a \${Kind:name} reference (santral flows pull does this for you)`;
      if (/arn:aws[a-z-]*:/.test(value)) add('literal-id', `literal ARN at ${path}; ${hint}`, action);
      else if (/(?<![+\d])\d{12}(?!\d)/.test(value))
        add('literal-id', `literal AWS account id at ${path}; ${hint}`, action);
      else if (
        path.includes('.Parameters') &&
        !actionIds.has(value) &&
        /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i.test(value)
      )
        add('literal-id', `literal resource or instance id at ${path}; ${hint}`, action);
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
export function validateFlows(flows: readonly LoadedFlow[], ctx: FlowValidationContext): FlowIssue[] {
  const all: FlowValidationContext = {
    ...ctx,
    flows: { ...ctx.flows, ...Object.fromEntries(flows.map((f) => [f.name, f.type])) },
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
