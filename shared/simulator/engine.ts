/**
 * The flow interpreter: runs Amazon Connect Flow Language for a voice contact, action by action, offline.
 * It only dispatches: what each action does lives in its block (shared/flows/blocks/<Type>.ts, the same
 * module the validator reads); the contact's data is ContactState, the queue phase QueuePhase, and what
 * the call leaves behind TraceRecorder.
 *
 * Transition semantics (Flow Language reference): an action succeeds, fails with a specific error type,
 * or produces a value; with Conditions, they are tried in order and the first match wins, no match →
 * the `NoMatchingCondition` error branch; a specific error without its own branch → `NoMatchingError`;
 * success without conditions → `NextAction`. A missing branch disconnects the contact (as Connect does)
 * and is reported. A type outside the Flow Language stops the run with `unsupported action <Type> at …`;
 * every documented type has a block (services that cannot run offline have stand-ins).
 *
 * Flows reach the engine with their `${Kind:name}` references already resolved to local pseudo-ARNs
 * (local-arns.ts), so a dynamic `QueueId` from a Lambda and a static one look alike, as in AWS.
 *
 * Event hooks: a contact that reaches a queue runs its CustomerQueue flow while it waits (simulated
 * time: hold until an agent is free), then the AgentWhisper / CustomerWhisper flows when the agent answers,
 * then — if the caller stays on the line — the CustomerRemaining ("disconnect") flow.
 */
import { randomUUID } from 'node:crypto';
import {
  type ActionResult,
  type BlockRuntime,
  CallerHungUpError,
  type FlowExit,
  type FlowRole,
  type FlowRun,
  SimulationStop,
} from '#shared/flows/blocks/block.ts';
import { formatMap } from '#shared/flows/blocks/InvokeLambdaFunction.ts';
import { blockFor } from '#shared/flows/blocks/index.ts';
import type { FlowAction, FlowFile } from '#shared/flows/model.ts';
import { agentOfQueueName, agentQueueName, answeringAgent } from './agents.ts';
import { ContactState } from './contact-state.ts';
import {
  LOCAL_INSTANCE_ARN,
  localAgentQueueArn,
  localArn,
  parseLocalAgentArn,
  parseLocalArn,
} from './local-arns.ts';
import { QueuePhase } from './queue-phase.ts';
import { TraceRecorder } from './trace-recorder.ts';
import type {
  AgentLeg,
  CallEventKind,
  CallOutcome,
  CallResult,
  ConnectContactFlowEvent,
  LambdaCall,
  SimWorld,
} from './types.ts';

export { formatMap, SimulationStop };

export const DEFAULT_MAX_STEPS = 1000;

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

const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

/** Rough speaking time of a prompt (≈ 2.5 words a second), to move the simulated clock. */
const speakingSeconds = (text: string) => Math.max(1, Math.round(text.split(/\s+/).length / 2.5));

const JSON_PATH = /\$\.[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*/g;

/** A short, stable name for a reference the simulation cannot resolve. */
function referenceName(ref: string): string {
  const arn = /^arn:aws[a-z-]*:[a-z0-9-]+:[^:]*:[^:]*:(.+)$/.exec(ref);
  if (arn) {
    const tail = arn[1]!.split('/');
    return `${tail.length > 2 ? tail[tail.length - 2] : (tail[0] ?? 'resource')}/${(tail[tail.length - 1] ?? '').slice(0, 8)}`;
  }
  return ref.length > 48 ? `${ref.slice(0, 47)}…` : ref || '(empty)';
}

/** One call through the flows. Create a new one per call. */
export class CallSimulation implements BlockRuntime {
  readonly contact: ContactState;
  readonly queue: QueuePhase;
  private readonly trace: TraceRecorder;
  readonly from: string;
  readonly to: string;
  private steps = 0;
  private readonly maxSteps: number;
  private randomSeq = 0;
  private currentOutcome: CallOutcome = { type: 'disconnected' };
  private stopped: string | undefined;
  private enqueuedAt = 0;
  private agentLeg: AgentLeg | undefined;

  constructor(
    readonly world: SimWorld,
    private readonly setup: CallSetup,
  ) {
    this.from = setup.from;
    this.to = setup.to;
    this.trace = new TraceRecorder(world.onEvent);
    this.queue = new QueuePhase(world, () => this.contact.workingQueue);
    this.contact = new ContactState(
      setup.contactId ?? randomUUID(),
      { from: setup.from, to: setup.to },
      {
        ...(setup.attributes ? { attributes: setup.attributes } : {}),
        ...(setup.queue ? { queue: setup.queue } : {}),
        ...(setup.languageCode ? { language: setup.languageCode } : {}),
      },
      (key) => this.metric(key),
    );
    this.maxSteps = setup.maxSteps ?? DEFAULT_MAX_STEPS;
  }

  async run(): Promise<CallResult> {
    const start = this.flowByName(this.setup.flow);
    this.event('call', `call from ${this.setup.from} to ${this.setup.to} enters ${this.setup.flow}`);
    try {
      if (!start) throw new SimulationStop(`unknown flow "${this.setup.flow}"`);
      await this.runContact(start);
    } catch (err) {
      if (err instanceof CallerHungUpError) {
        this.event('disconnect', 'caller hangs up');
        if (this.currentOutcome.type === 'disconnected')
          this.currentOutcome = { type: 'disconnected', reason: 'caller hung up' };
      } else if (err instanceof SimulationStop) {
        this.stopped = err.message;
        this.event('stop', err.message);
        this.currentOutcome = { type: 'disconnected', reason: err.message };
      } else throw err;
    }
    return {
      trace: {
        outcome: this.currentOutcome,
        prompts: this.trace.prompts,
        lambdas: this.trace.lambdas,
        attributes: { ...this.contact.attributes },
        path: this.trace.path,
      },
      events: this.trace.events,
      ...(this.agentLeg ? { agentLeg: this.agentLeg } : {}),
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
      if (this.queue.queuedAgain) {
        this.queue.queuedAgain = false;
        continue;
      }
      break;
    }
    if (!this.queue.answered) return;
    const agentWhisper = this.hookFlow('AgentWhisper');
    if (agentWhisper) await this.runFlowChain(agentWhisper, 'whisper-agent');
    else this.event('agent', `(default agent whisper: ${this.contact.workingQueue ?? 'queue'})`);
    const customerWhisper = this.hookFlow('CustomerWhisper');
    if (customerWhisper) await this.runFlowChain(customerWhisper, 'whisper-customer');
    this.event('agent', 'agent and caller are connected');
    if (this.agentLeg) this.agentLeg.connectedAt = this.trace.elapsed;
    const remaining = this.hookFlow('CustomerRemaining');
    if (remaining && (this.world.callerStaysAfterAgent ?? true)) {
      this.event('agent', 'agent leaves the call; the caller stays on the line');
      const before = this.currentOutcome;
      await this.runFlowChain(remaining, 'remaining');
      this.currentOutcome = before.type === 'queued' ? before : this.currentOutcome;
    } else this.event('disconnect', 'call ends');
  }

  /** Hold in the working queue until an agent answers, running the CustomerQueue flow meanwhile. */
  private async waitInQueue(): Promise<FlowExit> {
    const queue = this.contact.workingQueue;
    const q = this.queue.state(queue);
    const wait = this.queue.expectedWait(q);
    const maxHold = this.queue.maxHoldSeconds;
    this.enqueuedAt = this.trace.elapsed;
    this.queue.holdLeft = wait === undefined ? maxHold : Math.min(wait, maxHold);
    const willAnswer = wait !== undefined && wait <= maxHold;
    this.event(
      'queue',
      `waiting in ${queue} (${q?.staffed ?? 0} staffed, ${q?.available ?? 0} available, expected wait ${wait === undefined ? 'unknown: no agent staffed' : `${wait} s`})`,
    );
    const queueFlow = this.hookFlow('CustomerQueue');
    if (queueFlow) {
      const exit = await this.runFlowChain(queueFlow, 'queue');
      if (exit.kind !== 'answered' && exit.kind !== 'end' && exit.kind !== 'module-return') return exit;
      if (this.queue.queuedAgain) return { kind: 'queued' };
    }
    this.trace.elapsed += Math.max(0, this.queue.holdLeft);
    this.queue.holdLeft = 0;
    if (willAnswer) {
      this.queue.answered = true;
      const agent = answeringAgent(this.world.agents, queue);
      if (agent && queue !== undefined) {
        this.currentOutcome = { ...this.currentOutcome, agent: agent.login };
        const at = this.trace.elapsed;
        this.agentLeg = {
          agent: agent.login,
          queue,
          enqueuedAt: this.enqueuedAt,
          offeredAt: at,
          connectedAt: at,
        };
      }
      // "… answers" ends the line: the sandbox's switchboard reads it.
      this.event(
        'agent',
        agent ? `in ${queue}, ${agent.login} (${agent.firstName}) answers` : `an agent in ${queue} answers`,
      );
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
        this.contact.flowAttributes = {};
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
      const block = blockFor(action.Type);
      if (!block) throw new UnsupportedActionError(action.Type, run.flow.name, action.Identifier);
      const result = await block.run(this, action, run);
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
        if (this.currentOutcome.type === 'disconnected')
          this.currentOutcome = { type: 'disconnected', reason: why };
        return { kind: 'disconnect' };
      }
      id = next;
    }
    return { kind: 'end' };
  }

  private step(run: FlowRun, action: FlowAction, branch: string): void {
    this.trace.step({ flow: run.flow.name, action: action.Identifier, type: action.Type, branch });
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

  // ------------------------------------------------------------------------------ the blocks' runtime

  /** Resolve a JSONPath like `$.External.tier` against the contact. Unknown paths read as undefined. */
  readPath(path: string): string | undefined {
    return this.contact.readPath(path);
  }

  /** `$.Metrics.*` of the working queue (Connect's "Get queue metrics" names). */
  metric(key: string): string | undefined {
    const q = this.queue.state(this.contact.workingQueue);
    if (!q) return undefined;
    const wait = this.queue.expectedWait(q);
    // Once this contact is queued, it counts itself ("3 callers in line, including you").
    const self =
      this.currentOutcome.type === 'queued' && this.currentOutcome.queue === this.contact.workingQueue
        ? 1
        : 0;
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

  value(raw: unknown): string | undefined {
    const s = str(raw);
    if (s === undefined) return undefined;
    if (s.startsWith('$.') && /^\$\.[A-Za-z_][\w.-]*$/.test(s)) return this.readPath(s);
    return s;
  }

  /** Prompt text with `$.Attributes.x`-style references spoken as their values. */
  private interpolate(text: string): string {
    return text.replace(JSON_PATH, (p) => this.readPath(p) ?? '');
  }

  promptText(params: Record<string, unknown>): string | undefined {
    if (typeof params['Text'] === 'string') return this.interpolate(this.value(params['Text']) ?? '');
    if (typeof params['SSML'] === 'string')
      return speakSsml(this.interpolate(this.value(params['SSML']) ?? ''));
    if (typeof params['PromptId'] === 'string') {
      const id = this.value(params['PromptId']) ?? '';
      const name = parseLocalArn(id)?.name ?? id;
      return (
        this.world.prompts.get(name) ??
        `(prompt ${this.world.standInReferences ? referenceName(name) : name})`
      );
    }
    const media = params['Media'] as { Uri?: string } | undefined;
    if (media?.Uri) return `(audio ${media.Uri})`;
    return undefined;
  }

  say(text: string, role: FlowRole): void {
    const toAgent = role === 'whisper-agent';
    this.trace.prompts.push(toAgent ? `[agent] ${text}` : text);
    this.trace.push({
      seconds: this.trace.elapsed,
      kind: 'prompt',
      text,
      to: toAgent ? 'agent' : 'caller',
      voice: `${this.contact.language}${this.contact.voice ? `/${this.contact.voice}` : ''}`,
    });
    this.advance(speakingSeconds(text), role);
  }

  advance(seconds: number, role: FlowRole): void {
    this.trace.elapsed += seconds;
    if (role === 'queue') this.queue.holdLeft -= seconds;
  }

  event(kind: CallEventKind, text: string): void {
    this.trace.event(kind, text);
  }

  now(): Date {
    return new Date(this.world.startAt.getTime() + this.trace.elapsed * 1000);
  }

  outcome(): CallOutcome {
    return this.currentOutcome;
  }

  setOutcome(outcome: CallOutcome): void {
    this.currentOutcome = outcome;
  }

  private flowByName(name: string): FlowFile | undefined {
    return this.world.flows.get(name);
  }

  /** A flow named by a local ARN (or a bare flow name). */
  flowByRef(ref: string | undefined): FlowFile | undefined {
    if (!ref) return undefined;
    const parsed = parseLocalArn(ref);
    return this.flowByName(
      parsed && (parsed.kind === 'Flow' || parsed.kind === 'Module') ? parsed.name : ref,
    );
  }

  private hookFlow(hook: string): FlowFile | undefined {
    return this.flowByRef(this.contact.hooks[hook]);
  }

  /** A queue named by a local ARN (static `${Queue:X}` or dynamic from a Lambda) or by name. */
  queueByRef(ref: string | undefined): string | undefined {
    if (!ref) return undefined;
    // An agent (Set working queue › By agent) or their personal queue (a USER quick connect's $.Queue.ARN).
    const agent = parseLocalAgentArn(ref);
    if (agent !== undefined && this.world.agents?.has(agent)) return agentQueueName(agent);
    const parsed = parseLocalArn(ref);
    const name = parsed ? (parsed.kind === 'Queue' ? parsed.name : undefined) : ref;
    if (name !== undefined && this.queue.has(name)) return name;
    if (!this.world.standInReferences) return undefined;
    const standIn = `stand-in queue ${referenceName(ref)}`;
    if (!this.queue.has(standIn)) this.event('setting', `${standIn}: ${ref} is not a queue here`);
    this.queue.addStandIn(standIn);
    return standIn;
  }

  describeRef(ref: string): string {
    return referenceName(ref);
  }

  lambdaEvent(params: Record<string, string>): ConnectContactFlowEvent {
    const queue = this.contact.workingQueue;
    return {
      Name: 'ContactFlowEvent',
      Details: {
        ContactData: {
          ContactId: this.contact.contactId,
          InitialContactId: this.contact.contactId,
          PreviousContactId: this.contact.contactId,
          Channel: 'VOICE',
          InitiationMethod: this.setup.initiationMethod ?? 'INBOUND',
          InstanceARN: LOCAL_INSTANCE_ARN,
          CustomerEndpoint: { Address: this.setup.from, Type: 'TELEPHONE_NUMBER' },
          SystemEndpoint: { Address: this.setup.to, Type: 'TELEPHONE_NUMBER' },
          Attributes: { ...this.contact.attributes },
          Queue: queue ? this.queueData(queue) : null,
          LanguageCode: this.contact.language,
          MediaStreams: {},
        },
        Parameters: params,
      },
    };
  }

  /** `Queue` of the Lambda event: an agent's personal queue has an ARN and a null Name, as in Connect. */
  private queueData(queue: string): { ARN: string; Name: string | null; OutboundCallerId: null } {
    const agent = agentOfQueueName(queue);
    return agent !== undefined
      ? { ARN: localAgentQueueArn(agent), Name: null, OutboundCallerId: null }
      : { ARN: localArn('Queue', queue), Name: queue, OutboundCallerId: null };
  }

  recordLambda(call: LambdaCall): void {
    this.trace.lambdas.push(call);
  }

  /**
   * A module runs in the contact (attributes it sets stay) with its own flow attributes, as Connect scopes
   * them per flow; the caller's flow attributes are back when it returns.
   */
  async runModule(module: FlowFile): Promise<FlowExit | string> {
    const saved = this.contact.flowAttributes;
    this.contact.flowAttributes = {};
    try {
      return await this.runFlow({ flow: module, role: 'module', byId: indexOf(module) });
    } finally {
      this.contact.flowAttributes = saved;
    }
  }

  standInOutcome(type: string, fallback: string): string {
    return this.world.standIns?.[type] ?? fallback;
  }

  random(): number {
    if (this.world.random) return this.world.random();
    // Deterministic spread over 1–100 so repeated runs take the same branches.
    this.randomSeq = (this.randomSeq * 37 + 41) % 100;
    return this.randomSeq + 1;
  }
}

/** Run one call. */
export function runCall(world: SimWorld, setup: CallSetup): Promise<CallResult> {
  return new CallSimulation(world, setup).run();
}
