/**
 * The flow engine: runs Amazon Connect Flow Language for a voice contact, action by action, offline.
 *
 * Transition semantics (connect.md › Flow Language): an action succeeds, fails with a specific error type,
 * or produces a value; with Conditions, they are tried in order and the first match wins, no match →
 * the `NoMatchingCondition` error branch; a specific error without its own branch → `NoMatchingError`;
 * success without conditions → `NextAction`. A missing branch disconnects the contact (as Connect does)
 * and is reported. Unsupported actions stop the run with `unsupported action <Type> at <flow> › <Id>`.
 *
 * Flows reach the engine with their `${Kind:name}` references already resolved to local pseudo-ARNs
 * (local-arns.ts), so a dynamic `QueueId` from a Lambda and a static one look alike, as in AWS.
 *
 * Event hooks: a contact that reaches a queue runs its CustomerQueue flow while it waits (simulated
 * time: hold until an agent is free), then the AgentWhisper / CustomerWhisper flows when the agent answers,
 * then — if the caller stays on the line — the CustomerRemaining ("disconnect") flow.
 */
import { randomUUID } from 'node:crypto';
import { checkHours } from '#shared/domain/hours.ts';
import { toE164 } from '#shared/domain/phone.ts';
import type { FlowAction, FlowFile } from '#shared/flows/model.ts';
import { invokeLikeConnect, type ResponseType } from './lambda-invoker.ts';
import { LOCAL_INSTANCE_ARN, localArn, parseLocalArn } from './local-arns.ts';
import {
  type CallEvent,
  type CallEventKind,
  type CallOutcome,
  type CallResult,
  type ConnectContactFlowEvent,
  HANG_UP,
  type LambdaCall,
  type PathStep,
  type QueueState,
  type SimWorld,
} from './types.ts';

export const DEFAULT_MAX_STEPS = 1000;
const DEFAULT_PRIORITY = 5;
const DEFAULT_INPUT_SECONDS = 5;

export interface CallSetup {
  /** The flow the call enters (file name in contact-flows/). */
  flow: string;
  from: string;
  to: string;
  contactId?: string;
  initiationMethod?: 'INBOUND' | 'OUTBOUND' | 'TRANSFER' | 'CALLBACK' | 'API' | 'QUEUE_TRANSFER';
  attributes?: Record<string, string>;
  /** A working queue already set (quick-connect transfer flows). */
  queue?: string;
  languageCode?: string;
  maxSteps?: number;
}

/** Thrown inside the engine to stop the run; reported in the result, never to the caller of runCall. */
export class SimulationStop extends Error {
  override name = 'SimulationStop';
}

export class UnsupportedActionError extends SimulationStop {
  override name = 'UnsupportedActionError';
  constructor(type: string, flow: string, action: string) {
    super(`unsupported action ${type} at ${flow} › ${action}`);
  }
}

export class StepLimitError extends SimulationStop {
  override name = 'StepLimitError';
  constructor(limit: number, flow: string, action: string) {
    super(`step limit of ${limit} actions reached at ${flow} › ${action} (a loop without an exit?)`);
  }
}

class CallerHungUp extends Error {
  override name = 'CallerHungUp';
}

/** What ends a flow's run. */
type FlowExit =
  | { kind: 'disconnect' }
  | { kind: 'end' }
  | { kind: 'queued' }
  | { kind: 'transferred' }
  | { kind: 'answered' }
  | { kind: 'module-return' };

/** What one action produced. */
type ActionResult =
  | { kind: 'success' }
  | { kind: 'value'; value: string }
  | { kind: 'error'; errorType: string; detail?: string }
  | { kind: 'exit'; exit: FlowExit }
  | { kind: 'goto'; flow: string };

type FlowRole = 'main' | 'queue' | 'whisper-agent' | 'whisper-customer' | 'remaining' | 'module';

interface FlowRun {
  flow: FlowFile;
  role: FlowRole;
  byId: Map<string, FlowAction>;
}

const actionIndex = new WeakMap<FlowFile, Map<string, FlowAction>>();
function indexOf(flow: FlowFile): Map<string, FlowAction> {
  let idx = actionIndex.get(flow);
  if (!idx) {
    idx = new Map(flow.content.Actions.map((a) => [a.Identifier, a]));
    actionIndex.set(flow, idx);
  }
  return idx;
}

/** The text a caller hears: SSML without its tags, entities decoded, whitespace collapsed. */
export function speakSsml(ssml: string): string {
  return ssml
    .replace(/<break[^>]*\/?>/gi, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Label of a condition branch, as used in the path and in coverage: "Equals 1". */
export const conditionLabel = (c: { Operator: string; Operands: string[] }) =>
  `${c.Operator} ${c.Operands.join(',')}`;

/** Does `value` satisfy a Flow Language condition? */
export function conditionMatches(operator: string, operands: readonly string[], value: string): boolean {
  const operand = operands[0] ?? '';
  const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));
  switch (operator) {
    case 'Equals':
      return operands.includes(value);
    case 'NumberLessThan':
      return num(value) < num(operand);
    case 'NumberLessOrEqualTo':
      return num(value) <= num(operand);
    case 'NumberGreaterThan':
      return num(value) > num(operand);
    case 'NumberGreaterOrEqualTo':
      return num(value) >= num(operand);
    case 'TextStartsWith':
      return value.startsWith(operand);
    case 'TextEndsWith':
      return value.endsWith(operand);
    case 'TextContains':
      return value.includes(operand);
    default:
      return false;
  }
}

const truthy = (v: unknown) => v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

/** Rough speaking time of a prompt (≈ 2.5 words a second), to move the simulated clock. */
const speakingSeconds = (text: string) => Math.max(1, Math.round(text.split(/\s+/).length / 2.5));

const JSON_PATH = /\$\.[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*/g;

/** One call through the flows. Create a new one per call. */
export class CallSimulation {
  private readonly contactId: string;
  private attributes: Record<string, string>;
  private external: Record<string, unknown> = {};
  private storedInput: string | undefined;
  private flowAttributes: Record<string, string> = {};
  private workingQueue: string | undefined;
  private priority = DEFAULT_PRIORITY;
  private language: string;
  private voice: string | undefined;
  private callbackNumber: string | undefined;
  private readonly hooks: Record<string, string> = {};
  private readonly loopCounters = new Map<string, number>();
  private lex: { intent?: string } = {};
  private elapsed = 0;
  private steps = 0;
  private readonly maxSteps: number;
  private randomSeq = 0;
  private outcome: CallOutcome = { type: 'disconnected' };
  private readonly prompts: string[] = [];
  private readonly lambdas: LambdaCall[] = [];
  private readonly path: PathStep[] = [];
  private readonly events: CallEvent[] = [];
  private stopped: string | undefined;

  constructor(
    private readonly world: SimWorld,
    private readonly setup: CallSetup,
  ) {
    this.contactId = setup.contactId ?? randomUUID();
    this.attributes = { ...(setup.attributes ?? {}) };
    this.workingQueue = setup.queue;
    this.language = setup.languageCode ?? 'en-US';
    this.maxSteps = setup.maxSteps ?? DEFAULT_MAX_STEPS;
  }

  async run(): Promise<CallResult> {
    const start = this.flowByName(this.setup.flow);
    this.event('call', `call from ${this.setup.from} to ${this.setup.to} enters ${this.setup.flow}`);
    try {
      if (!start) throw new SimulationStop(`unknown flow "${this.setup.flow}"`);
      await this.runContact(start);
    } catch (err) {
      if (err instanceof CallerHungUp) {
        this.event('disconnect', 'caller hangs up');
        if (this.outcome.type === 'disconnected')
          this.outcome = { type: 'disconnected', reason: 'caller hung up' };
      } else if (err instanceof SimulationStop) {
        this.stopped = err.message;
        this.event('stop', err.message);
        this.outcome = { type: 'disconnected', reason: err.message };
      } else throw err;
    }
    return {
      trace: {
        outcome: this.outcome,
        prompts: this.prompts,
        lambdas: this.lambdas,
        attributes: { ...this.attributes },
        path: this.path,
      },
      events: this.events,
      ...(this.stopped ? { stopped: this.stopped } : {}),
      steps: this.steps,
    };
  }

  // ---------------------------------------------------------------------------------------- contact life

  /** The main flow, then the queue phase and whatever follows it. */
  private async runContact(start: FlowFile): Promise<void> {
    let exit = await this.runFlowChain(start, 'main');
    if (exit.kind !== 'queued') {
      if (exit.kind === 'end' || exit.kind === 'module-return')
        this.event('disconnect', 'flow ended: call disconnected');
      return;
    }
    // Queued: wait (the CustomerQueue flow runs), agent answers, whispers, conversation, remaining flow.
    for (;;) {
      exit = await this.waitInQueue();
      if (exit.kind !== 'queued') return; // callback, transfer, disconnect from the queue flow
      if (this.queuedAgain) {
        this.queuedAgain = false;
        continue;
      }
      break;
    }
    if (!this.answered) return;
    const agentWhisper = this.hookFlow('AgentWhisper');
    if (agentWhisper) await this.runFlowChain(agentWhisper, 'whisper-agent');
    else this.event('agent', `(default agent whisper: ${this.workingQueue ?? 'queue'})`);
    const customerWhisper = this.hookFlow('CustomerWhisper');
    if (customerWhisper) await this.runFlowChain(customerWhisper, 'whisper-customer');
    this.event('agent', 'agent and caller are connected');
    const remaining = this.hookFlow('CustomerRemaining');
    if (remaining && (this.world.callerStaysAfterAgent ?? true)) {
      this.event('agent', 'agent leaves the call; the caller stays on the line');
      const before = this.outcome;
      await this.runFlowChain(remaining, 'remaining');
      this.outcome = before.type === 'queued' ? before : this.outcome;
    } else this.event('disconnect', 'call ends');
  }

  private answered = false;
  private queuedAgain = false;
  private holdLeft = 0;

  private queueState(name: string | undefined): QueueState | undefined {
    return name === undefined ? undefined : this.world.queues.get(name);
  }

  private expectedWait(q: QueueState | undefined): number | undefined {
    if (!q || q.staffed <= 0) return undefined;
    if (q.expectedWaitSeconds !== undefined) return q.expectedWaitSeconds;
    return q.available > 0 ? 10 : 180 * (1 + (q.inQueue ?? 0));
  }

  /** Hold in the working queue until an agent answers, running the CustomerQueue flow meanwhile. */
  private async waitInQueue(): Promise<FlowExit> {
    const queue = this.workingQueue;
    const q = this.queueState(queue);
    const wait = this.expectedWait(q);
    const maxHold = this.world.maxHoldSeconds ?? 600;
    this.holdLeft = wait === undefined ? maxHold : Math.min(wait, maxHold);
    const willAnswer = wait !== undefined && wait <= maxHold;
    this.event(
      'queue',
      `waiting in ${queue} (${q?.staffed ?? 0} staffed, ${q?.available ?? 0} available, expected wait ${wait === undefined ? 'unknown: no agent staffed' : `${wait} s`})`,
    );
    const queueFlow = this.hookFlow('CustomerQueue');
    if (queueFlow) {
      const exit = await this.runFlowChain(queueFlow, 'queue');
      if (exit.kind !== 'answered' && exit.kind !== 'end' && exit.kind !== 'module-return') return exit;
      if (this.queuedAgain) return { kind: 'queued' };
    }
    this.elapsed += Math.max(0, this.holdLeft);
    this.holdLeft = 0;
    if (willAnswer) {
      this.answered = true;
      this.event('agent', `an agent in ${queue} answers`);
    } else {
      this.event('disconnect', `no agent answered within ${maxHold} s; the caller hangs up`);
    }
    return { kind: 'queued' };
  }

  /** Runs a flow; a TransferToFlow continues in the target flow (the contact leaves the first one). */
  private async runFlowChain(first: FlowFile, role: FlowRole): Promise<FlowExit> {
    let flow = first;
    for (;;) {
      const result = await this.runFlow({ flow, role, byId: indexOf(flow) });
      if (typeof result === 'string') {
        const next = this.flowByName(result);
        if (!next) throw new SimulationStop(`TransferToFlow: unknown flow "${result}"`);
        this.flowAttributes = {};
        this.event('flow', `transfer to flow ${result}`);
        flow = next;
        continue;
      }
      return result;
    }
  }

  /** Runs one flow from its StartAction. Returns the exit, or a flow name to continue in. */
  private async runFlow(run: FlowRun): Promise<FlowExit | string> {
    let id: string | undefined = run.flow.content.StartAction;
    while (id !== undefined) {
      const action = run.byId.get(id);
      if (!action) throw new SimulationStop(`no action "${id}" in ${run.flow.name}`);
      if (++this.steps > this.maxSteps) throw new StepLimitError(this.maxSteps, run.flow.name, id);
      const result = await this.execute(action, run);
      if (result.kind === 'exit') {
        this.step(run, action, 'End');
        return result.exit;
      }
      if (result.kind === 'goto') {
        this.step(run, action, 'Success');
        return result.flow;
      }
      const { next, branch } = this.transition(action, result);
      this.step(run, action, branch);
      if (next === undefined) {
        if (run.role === 'module') return { kind: 'module-return' };
        const why = `no ${branch} branch at ${run.flow.name} › ${action.Identifier}: Connect disconnects the contact`;
        this.event('disconnect', why);
        if (this.outcome.type === 'disconnected') this.outcome = { type: 'disconnected', reason: why };
        return { kind: 'disconnect' };
      }
      id = next;
    }
    return { kind: 'end' };
  }

  private step(run: FlowRun, action: FlowAction, branch: string): void {
    this.path.push({ flow: run.flow.name, action: action.Identifier, type: action.Type, branch });
  }

  /** Pick the next action (see the file comment for the order of rules). */
  private transition(action: FlowAction, result: ActionResult): { next: string | undefined; branch: string } {
    const t = action.Transitions ?? {};
    const onError = (errorType: string) => {
      const specific = t.Errors?.find((e) => e.ErrorType === errorType);
      if (specific) return { next: specific.NextAction, branch: errorType };
      const fallback = t.Errors?.find((e) => e.ErrorType === 'NoMatchingError');
      return { next: fallback?.NextAction, branch: fallback ? 'NoMatchingError' : errorType };
    };
    if (result.kind === 'error') return onError(result.errorType);
    if (result.kind === 'value' && t.Conditions && t.Conditions.length > 0) {
      for (const c of t.Conditions) {
        if (conditionMatches(c.Condition.Operator, c.Condition.Operands ?? [], result.value))
          return { next: c.NextAction, branch: conditionLabel(c.Condition) };
      }
      return onError('NoMatchingCondition');
    }
    return { next: t.NextAction, branch: 'Success' };
  }

  // --------------------------------------------------------------------------------------------- values

  /** Resolve a JSONPath like `$.External.tier` against the contact. Unknown paths read as undefined. */
  readPath(path: string): string | undefined {
    const parts = path.slice(2).split('.');
    const [root, ...rest] = parts;
    const key = rest.join('.');
    switch (root) {
      case 'External':
        return str(this.external[key]);
      case 'Attributes':
        return this.attributes[key];
      case 'FlowAttributes':
        return this.flowAttributes[key];
      case 'StoredCustomerInput':
        return this.storedInput;
      case 'ContactId':
      case 'InitialContactId':
        return this.contactId;
      case 'Channel':
        return 'VOICE';
      case 'LanguageCode':
        return this.language;
      case 'CustomerEndpoint':
        return key === 'Address' ? this.setup.from : key === 'Type' ? 'TELEPHONE_NUMBER' : undefined;
      case 'SystemEndpoint':
        return key === 'Address' ? this.setup.to : key === 'Type' ? 'TELEPHONE_NUMBER' : undefined;
      case 'CustomerCallbackNumber':
      case 'CustomerCallBackPhoneNumber':
        return this.callbackNumber;
      case 'Queue':
        if (!this.workingQueue) return undefined;
        return key === 'Name'
          ? this.workingQueue
          : key === 'ARN'
            ? localArn('Queue', this.workingQueue)
            : undefined;
      case 'Metrics':
        return this.metric(key);
      case 'Lex':
        return key === 'IntentName' ? this.lex.intent : undefined;
      default:
        return undefined;
    }
  }

  /** `$.Metrics.*` of the working queue (Connect's "Get queue metrics" names). */
  private metric(key: string): string | undefined {
    const q = this.queueState(this.workingQueue);
    if (!q) return undefined;
    const wait = this.expectedWait(q);
    // Once this contact is queued, it counts itself ("3 callers in line, including you").
    const self = this.outcome.type === 'queued' && this.outcome.queue === this.workingQueue ? 1 : 0;
    const values: Record<string, number | undefined> = {
      'Queue.Size': (q.inQueue ?? 0) + self,
      'Queue.OldestContactAge': 0,
      'Queue.EstimatedWaitTime': wait,
      'Agents.Online.Count': q.staffed,
      'Agents.Staffed.Count': q.staffed,
      'Agents.Available.Count': q.available,
      'Agents.Busy.Count': Math.max(0, q.staffed - q.available),
      'Agents.AfterContactWork.Count': 0,
      'Agents.NonProductive.Count': 0,
      'Agents.Missed.Count': 0,
    };
    const v = values[key];
    return v === undefined ? undefined : String(v);
  }

  /** A parameter value: a whole JSONPath is looked up, anything else is literal. */
  private value(raw: unknown): string | undefined {
    const s = str(raw);
    if (s === undefined) return undefined;
    if (s.startsWith('$.') && /^\$\.[A-Za-z_][\w.-]*$/.test(s)) return this.readPath(s);
    return s;
  }

  /** Prompt text with `$.Attributes.x`-style references spoken as their values. */
  private interpolate(text: string): string {
    return text.replace(JSON_PATH, (p) => this.readPath(p) ?? '');
  }

  /** What a prompt-carrying block says (Text, SSML, PromptId or Media). */
  private promptText(params: Record<string, unknown>): string | undefined {
    if (typeof params['Text'] === 'string') return this.interpolate(this.value(params['Text']) ?? '');
    if (typeof params['SSML'] === 'string')
      return speakSsml(this.interpolate(this.value(params['SSML']) ?? ''));
    if (typeof params['PromptId'] === 'string') {
      const id = this.value(params['PromptId']) ?? '';
      const name = parseLocalArn(id)?.name ?? id;
      return this.world.prompts.get(name) ?? `(prompt ${name})`;
    }
    const media = params['Media'] as { Uri?: string } | undefined;
    if (media?.Uri) return `(audio ${media.Uri})`;
    return undefined;
  }

  private say(text: string, role: FlowRole): void {
    const toAgent = role === 'whisper-agent';
    this.prompts.push(toAgent ? `[agent] ${text}` : text);
    this.push({
      seconds: this.elapsed,
      kind: 'prompt',
      text,
      to: toAgent ? 'agent' : 'caller',
      voice: `${this.language}${this.voice ? `/${this.voice}` : ''}`,
    });
    this.elapsed += speakingSeconds(text);
    if (role === 'queue') this.holdLeft -= speakingSeconds(text);
  }

  private event(kind: CallEventKind, text: string, to?: 'caller' | 'agent'): void {
    this.push({ seconds: this.elapsed, kind, text, ...(to ? { to } : {}) });
  }

  private push(e: CallEvent): void {
    this.events.push(e);
    this.world.onEvent?.(e);
  }

  private now(): Date {
    return new Date(this.world.startAt.getTime() + this.elapsed * 1000);
  }

  private flowByName(name: string): FlowFile | undefined {
    return this.world.flows.get(name);
  }

  /** A flow named by a local ARN (or a bare flow name). */
  private flowByRef(ref: string | undefined): FlowFile | undefined {
    if (!ref) return undefined;
    const parsed = parseLocalArn(ref);
    return this.flowByName(
      parsed && (parsed.kind === 'Flow' || parsed.kind === 'Module') ? parsed.name : ref,
    );
  }

  private hookFlow(hook: string): FlowFile | undefined {
    return this.flowByRef(this.hooks[hook]);
  }

  /** A queue named by a local ARN (static `${Queue:X}` or dynamic from a Lambda) or by name. */
  private queueByRef(ref: string | undefined): string | undefined {
    if (!ref) return undefined;
    const parsed = parseLocalArn(ref);
    const name = parsed ? (parsed.kind === 'Queue' ? parsed.name : undefined) : ref;
    return name !== undefined && this.world.queues.has(name) ? name : undefined;
  }

  // -------------------------------------------------------------------------------------------- actions

  private async execute(action: FlowAction, run: FlowRun): Promise<ActionResult> {
    const p = action.Parameters ?? {};
    switch (action.Type) {
      case 'MessageParticipant': {
        const text = this.promptText(p);
        if (text === undefined) return { kind: 'error', errorType: 'NoMatchingError', detail: 'no prompt' };
        this.say(text, run.role);
        return { kind: 'success' };
      }
      case 'MessageParticipantIteratively':
        return this.messageIteratively(p, run);
      case 'GetParticipantInput':
        return this.getInput(action, run);
      case 'ConnectParticipantWithLexBot': {
        const text = this.promptText(p);
        if (text) this.say(text, run.role);
        const intent = this.world.lexIntent?.({ flow: run.flow.name, action: action.Identifier });
        if (intent === undefined)
          return { kind: 'error', errorType: 'NoMatchingError', detail: 'no Lex intent' };
        this.lex = { intent };
        this.event('input', `caller says something meaning "${intent}"`);
        return { kind: 'value', value: intent };
      }
      case 'InvokeLambdaFunction':
        return this.invokeLambda(p);
      case 'UpdateContactAttributes': {
        const attrs = (p['Attributes'] ?? {}) as Record<string, unknown>;
        for (const [k, v] of Object.entries(attrs)) {
          const value = this.value(v);
          if (value === undefined) delete this.attributes[k];
          else this.attributes[k] = value;
        }
        return { kind: 'success' };
      }
      case 'UpdateFlowAttributes': {
        const attrs = (p['FlowAttributes'] ?? {}) as Record<string, { Value?: unknown }>;
        for (const [k, v] of Object.entries(attrs)) {
          const value = this.value(v?.Value);
          if (value === undefined) delete this.flowAttributes[k];
          else this.flowAttributes[k] = value;
        }
        return { kind: 'success' };
      }
      case 'Compare':
        return { kind: 'value', value: this.value(p['ComparisonValue']) ?? '' };
      case 'CheckHoursOfOperation':
        return this.checkHours(p);
      case 'CheckMetricData':
        return this.checkMetric(p);
      case 'GetMetricData':
      case 'GetQueueMetrics':
        return this.queueByRef(
          this.value(p['QueueId']) ?? (this.workingQueue ? localArn('Queue', this.workingQueue) : undefined),
        )
          ? { kind: 'success' }
          : { kind: 'error', errorType: 'NoMatchingError', detail: 'no queue' };
      case 'UpdateContactTargetQueue': {
        const ref = this.value(p['QueueId']);
        const queue = this.queueByRef(ref);
        if (!queue) return { kind: 'error', errorType: 'NoMatchingError', detail: `unknown queue ${ref}` };
        this.workingQueue = queue;
        this.event('setting', `working queue: ${queue}`);
        return { kind: 'success' };
      }
      case 'UpdateContactRoutingBehavior': {
        const priority = Number(this.value(p['QueuePriority']));
        if (Number.isInteger(priority) && priority >= 1) {
          this.priority = priority;
          this.event('setting', `queue priority: ${priority}`);
        }
        return { kind: 'success' };
      }
      case 'TransferContactToQueue':
        return this.transferToQueue(run);
      case 'DequeueContactAndTransferToQueue': {
        const queue = this.queueByRef(this.value(p['QueueId']));
        if (!queue) return { kind: 'error', errorType: 'NoMatchingError', detail: 'unknown queue' };
        if (this.queueState(queue)?.atCapacity) return { kind: 'error', errorType: 'QueueAtCapacity' };
        this.workingQueue = queue;
        this.outcome = { type: 'queued', queue, priority: this.priority };
        this.event('queue', `moved to queue ${queue}`);
        this.queuedAgain = true;
        return { kind: 'exit', exit: { kind: 'queued' } };
      }
      case 'UpdateContactCallbackNumber': {
        const raw = this.value(p['CallbackNumber']) ?? '';
        const e164 = toE164(raw, 'US');
        if (!e164) return { kind: 'error', errorType: 'InvalidCallbackNumber' };
        this.callbackNumber = e164;
        return { kind: 'success' };
      }
      case 'CreateCallbackContact': {
        const queue = this.queueByRef(this.value(p['QueueId'])) ?? this.workingQueue;
        const number = this.callbackNumber ?? this.setup.from;
        if (!queue)
          return { kind: 'error', errorType: 'NoMatchingError', detail: 'no queue for the callback' };
        this.outcome = { type: 'callback', queue, number };
        this.event('callback', `callback to ${number} created in ${queue}`);
        return { kind: 'success' };
      }
      case 'UpdateContactEventHooks': {
        const hooks = (p['EventHooks'] ?? {}) as Record<string, unknown>;
        for (const [hook, ref] of Object.entries(hooks)) {
          const v = this.value(ref);
          if (v === undefined) continue;
          if (!this.flowByRef(v) && hook !== 'DefaultAgentUI' && hook !== 'DisconnectAgentUI')
            return { kind: 'error', errorType: 'NoMatchingError', detail: `unknown flow for ${hook}` };
          this.hooks[hook] = v;
          this.event('setting', `${hook} flow: ${this.flowByRef(v)?.name ?? v}`);
        }
        return { kind: 'success' };
      }
      case 'UpdateContactData': {
        const lang = this.value(p['LanguageCode']);
        if (lang) {
          this.language = lang;
          this.event('setting', `language: ${lang}`);
        }
        return { kind: 'success' };
      }
      case 'UpdateContactTextToSpeechVoice': {
        const voice = this.value(p['TextToSpeechVoice']);
        if (voice) {
          this.voice = voice;
          this.event('setting', `voice: ${voice}`);
        }
        return { kind: 'success' };
      }
      case 'UpdateContactRecordingBehavior':
      case 'UpdateContactRecordingAndAnalyticsBehavior':
        this.event('setting', 'recording behaviour updated');
        return { kind: 'success' };
      case 'UpdateFlowLoggingBehavior':
      case 'UpdateContactMediaStreamingBehavior':
      case 'TagContact':
        return { kind: 'success' };
      case 'TransferParticipantToThirdParty':
        return this.transferToThirdParty(p);
      case 'TransferToFlow': {
        const target = this.flowByRef(this.value(p['ContactFlowId']));
        if (!target) return { kind: 'error', errorType: 'NoMatchingError', detail: 'unknown flow' };
        return { kind: 'goto', flow: target.name };
      }
      case 'InvokeFlowModule': {
        const module = this.flowByRef(this.value(p['FlowModuleId']));
        if (!module) return { kind: 'error', errorType: 'NoMatchingError', detail: 'unknown module' };
        this.event('flow', `module ${module.name}`);
        const exit = await this.runFlow({ flow: module, role: 'module', byId: indexOf(module) });
        if (typeof exit === 'string') return { kind: 'goto', flow: exit };
        if (exit.kind !== 'module-return' && exit.kind !== 'end') return { kind: 'exit', exit };
        return { kind: 'success' };
      }
      case 'EndFlowModuleExecution':
        return { kind: 'exit', exit: { kind: 'module-return' } };
      case 'DistributeByPercentage':
        return { kind: 'value', value: String(this.random()) };
      case 'Loop':
        return this.loop(action, run);
      case 'Wait': {
        const seconds = Number(this.value(p['TimeoutSeconds']) ?? '0');
        if (Number.isFinite(seconds) && seconds > 0) {
          this.elapsed += seconds;
          if (run.role === 'queue') this.holdLeft -= seconds;
        }
        if (run.role === 'queue' && this.holdLeft <= 0 && this.willBeAnswered())
          return { kind: 'exit', exit: { kind: 'answered' } };
        return { kind: 'value', value: 'WaitCompleted' };
      }
      case 'DisconnectParticipant':
        this.event('disconnect', 'flow disconnects the call');
        return { kind: 'exit', exit: { kind: 'disconnect' } };
      case 'EndFlowExecution':
        return { kind: 'exit', exit: run.role === 'main' ? { kind: 'disconnect' } : { kind: 'end' } };
      default:
        throw new UnsupportedActionError(action.Type, run.flow.name, action.Identifier);
    }
  }

  private willBeAnswered(): boolean {
    const wait = this.expectedWait(this.queueState(this.workingQueue));
    return wait !== undefined && wait <= (this.world.maxHoldSeconds ?? 600);
  }

  private random(): number {
    if (this.world.random) return this.world.random();
    // Deterministic spread over 1–100 so repeated runs take the same branches.
    this.randomSeq = (this.randomSeq * 37 + 41) % 100;
    return this.randomSeq + 1;
  }

  private messageIteratively(p: Record<string, unknown>, run: FlowRun): ActionResult {
    const messages = (p['Messages'] ?? []) as Record<string, unknown>[];
    const interrupt = Number(this.value(p['InterruptFrequencySeconds']) ?? '0');
    for (const m of messages) {
      const text = this.promptText(m);
      if (text) this.say(text, run.role);
    }
    if (run.role === 'queue') {
      if (this.holdLeft <= 0 && this.willBeAnswered()) return { kind: 'exit', exit: { kind: 'answered' } };
      if (interrupt > 0) {
        // An agent who becomes free before the next interruption answers then.
        if (this.willBeAnswered() && this.holdLeft <= interrupt)
          return { kind: 'exit', exit: { kind: 'answered' } };
        this.elapsed += interrupt;
        this.holdLeft -= interrupt;
        if (this.holdLeft <= 0) throw new CallerHungUp();
        return { kind: 'value', value: 'MessagesInterrupted' };
      }
      // Without interrupts the messages loop until an agent answers.
      if (this.willBeAnswered()) return { kind: 'exit', exit: { kind: 'answered' } };
      throw new CallerHungUp();
    }
    return interrupt > 0 ? { kind: 'value', value: 'MessagesInterrupted' } : { kind: 'success' };
  }

  private async getInput(action: FlowAction, run: FlowRun): Promise<ActionResult> {
    const p = action.Parameters ?? {};
    const prompt = this.promptText(p) ?? '';
    if (prompt) this.say(prompt, run.role);
    const store = truthy(this.value(p['StoreInput']));
    const validation = (p['InputValidation'] ?? {}) as {
      PhoneNumberValidation?: { NumberFormat?: string; CountryCode?: string };
      CustomValidation?: { MaximumLength?: unknown };
    };
    const timeoutSeconds =
      Number(this.value(p['InputTimeLimitSeconds']) ?? DEFAULT_INPUT_SECONDS) || DEFAULT_INPUT_SECONDS;
    const maxLength = store
      ? Number(this.value(validation.CustomValidation?.MaximumLength) ?? '') ||
        (validation.PhoneNumberValidation ? 20 : 20)
      : 1;
    const keys = await this.world.keypad.read({
      mode: store ? 'digits' : 'digit',
      maxLength,
      timeoutSeconds,
      prompt,
      flow: run.flow.name,
      action: action.Identifier,
    });
    if (keys === HANG_UP) throw new CallerHungUp();
    if (keys === undefined || keys === '') {
      this.elapsed += timeoutSeconds;
      this.event('input', `no input within ${timeoutSeconds} s`);
      return { kind: 'error', errorType: 'InputTimeLimitExceeded' };
    }
    this.elapsed += 1;
    this.event('input', `caller presses ${keys}`);
    if (!store) return { kind: 'value', value: keys };
    let stored = keys;
    if (validation.PhoneNumberValidation) {
      const format = validation.PhoneNumberValidation.NumberFormat ?? 'Local';
      const country = (validation.PhoneNumberValidation.CountryCode ?? 'US') as Parameters<typeof toE164>[1];
      const e164 = format === 'E164' ? toE164(`+${keys}`) : toE164(keys, country);
      if (!e164) return { kind: 'error', errorType: 'InvalidPhoneNumber' };
      stored = e164;
    }
    this.storedInput = stored;
    return { kind: 'success' };
  }

  private async invokeLambda(p: Record<string, unknown>): Promise<ActionResult> {
    const arn = this.value(p['LambdaFunctionARN']) ?? '';
    const parsed = parseLocalArn(arn);
    const name = parsed?.kind === 'Lambda' ? parsed.name : arn;
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries((p['LambdaInvocationAttributes'] ?? {}) as Record<string, unknown>))
      params[k] = this.value(v) ?? '';
    const timeoutSeconds = Math.min(
      8,
      Math.max(1, Number(this.value(p['InvocationTimeLimitSeconds']) ?? '3') || 3),
    );
    const validation = p['ResponseValidation'] as { ResponseType?: string } | undefined;
    const responseType: ResponseType = validation?.ResponseType === 'JSON' ? 'JSON' : 'STRING_MAP';
    const asynchronous = this.value(p['InvocationType']) === 'ASYNCHRONOUS';
    const outcome = await invokeLikeConnect(this.world.lambdas, name, this.lambdaEvent(params), {
      timeoutSeconds,
      responseType,
      at: this.now(),
    });
    if (outcome.ok) {
      this.external = asynchronous ? {} : outcome.result;
      this.lambdas.push({ name, params, result: outcome.result });
      this.event('lambda', `${name}(${formatMap(params)}) → ${formatMap(outcome.result)}`);
      return { kind: 'success' };
    }
    // $.External holds the last Lambda's result only; a failed call leaves nothing to read.
    this.external = {};
    this.lambdas.push({ name, params, error: outcome.error });
    this.event(
      'lambda',
      `${name}(${formatMap(params)}) failed after ${outcome.attempts} attempt(s): ${outcome.error}`,
    );
    return { kind: 'error', errorType: 'NoMatchingError', detail: outcome.error };
  }

  private lambdaEvent(params: Record<string, string>): ConnectContactFlowEvent {
    const queue = this.workingQueue;
    return {
      Name: 'ContactFlowEvent',
      Details: {
        ContactData: {
          ContactId: this.contactId,
          InitialContactId: this.contactId,
          PreviousContactId: this.contactId,
          Channel: 'VOICE',
          InitiationMethod: this.setup.initiationMethod ?? 'INBOUND',
          InstanceARN: LOCAL_INSTANCE_ARN,
          CustomerEndpoint: { Address: this.setup.from, Type: 'TELEPHONE_NUMBER' },
          SystemEndpoint: { Address: this.setup.to, Type: 'TELEPHONE_NUMBER' },
          Attributes: { ...this.attributes },
          Queue: queue ? { ARN: localArn('Queue', queue), Name: queue, OutboundCallerId: null } : null,
          LanguageCode: this.language,
          MediaStreams: {},
        },
        Parameters: params,
      },
    };
  }

  private checkHours(p: Record<string, unknown>): ActionResult {
    const ref = this.value(p['HoursOfOperationId']);
    let hoursName: string | undefined;
    if (ref) hoursName = parseLocalArn(ref)?.name ?? ref;
    else hoursName = this.queueState(this.workingQueue)?.hours;
    const hours = hoursName ? this.world.hours.get(hoursName) : undefined;
    if (!hours) return { kind: 'error', errorType: 'NoMatchingError', detail: `unknown hours ${hoursName}` };
    const decision = checkHours(hours, this.now());
    const l = decision.local;
    const hhmm = `${String(Math.floor(l.minutes / 60)).padStart(2, '0')}:${String(l.minutes % 60).padStart(2, '0')}`;
    this.event(
      'setting',
      `hours ${hours.name}: ${decision.open ? 'open' : 'closed'} at ${l.weekday.toLowerCase()} ${l.date} ${hhmm} ${hours.timeZone}${decision.holiday ? ` (${decision.holiday})` : ''}`,
    );
    return { kind: 'value', value: decision.open ? 'True' : 'False' };
  }

  private checkMetric(p: Record<string, unknown>): ActionResult {
    const ref = this.value(p['QueueId']);
    const queue = ref ? this.queueByRef(ref) : this.workingQueue;
    if (!queue) return { kind: 'error', errorType: 'NoMatchingError', detail: 'no queue' };
    const saved = this.workingQueue;
    this.workingQueue = queue;
    const type = this.value(p['MetricType']) ?? '';
    const key: Record<string, string> = {
      NumberOfAgentsAvailable: 'Agents.Available.Count',
      NumberOfAgentsStaffed: 'Agents.Staffed.Count',
      NumberOfAgentsOnline: 'Agents.Online.Count',
      NumberOfContactsInQueue: 'Queue.Size',
      OldestContactInQueueAgeSeconds: 'Queue.OldestContactAge',
      EstimatedWaitTime: 'Queue.EstimatedWaitTime',
    };
    const value = key[type] ? this.metric(key[type]) : undefined;
    this.workingQueue = saved;
    if (value === undefined) return { kind: 'error', errorType: 'NoMatchingError', detail: `metric ${type}` };
    return { kind: 'value', value };
  }

  private transferToQueue(run: FlowRun): ActionResult {
    const queue = this.workingQueue;
    if (!queue) return { kind: 'error', errorType: 'NoMatchingError', detail: 'no working queue set' };
    if (this.queueState(queue)?.atCapacity) return { kind: 'error', errorType: 'QueueAtCapacity' };
    this.outcome = { type: 'queued', queue, priority: this.priority };
    this.event('queue', `queued to ${queue} at priority ${this.priority}`);
    if (run.role === 'queue') this.queuedAgain = true;
    return { kind: 'exit', exit: { kind: 'queued' } };
  }

  private transferToThirdParty(p: Record<string, unknown>): ActionResult {
    const raw = this.value(p['ThirdPartyPhoneNumber']) ?? '';
    const number = toE164(raw);
    const status = number ? (this.world.thirdParty?.(number).status ?? 'connected') : 'CallFailed';
    if (status !== 'connected' || !number) {
      this.event('transfer', `transfer to ${raw || '(no number)'} failed: ${status}`);
      return { kind: 'error', errorType: status };
    }
    this.outcome = { type: 'transferred', number };
    this.event('transfer', `transferred to ${number}`);
    if (truthy(this.value(p['ContinueFlowExecution']))) return { kind: 'success' };
    return { kind: 'exit', exit: { kind: 'transferred' } };
  }

  private loop(action: FlowAction, run: FlowRun): ActionResult {
    const count = Number(this.value(action.Parameters?.['LoopCount']) ?? '0');
    const key = `${run.flow.name}›${action.Identifier}`;
    const done = this.loopCounters.get(key) ?? 0;
    if (done < count) {
      this.loopCounters.set(key, done + 1);
      return { kind: 'value', value: 'ContinueLooping' };
    }
    this.loopCounters.delete(key);
    return { kind: 'value', value: 'DoneLooping' };
  }
}

export function formatMap(m: Record<string, unknown>): string {
  return Object.entries(m)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

/** Run one call. */
export function runCall(world: SimWorld, setup: CallSetup): Promise<CallResult> {
  return new CallSimulation(world, setup).run();
}
