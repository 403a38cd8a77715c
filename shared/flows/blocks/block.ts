/**
 * What one Flow Language action type is, in one place: its parameters (zod, exact names as console exports
 * write them), the flow types it may appear in, the branches it can take (conditions and error types, per
 * AWS's Flow Language reference, https://docs.aws.amazon.com/connect/latest/APIReference/flow-language-actions.html),
 * a short human label, and its simulator semantics (`run`). The validator (validator.ts) and the simulator's
 * interpreter (shared/simulator/engine.ts) both read these definitions through the registry (index.ts), so
 * the two can no longer drift: there is no second table.
 *
 * Blocks whose service cannot run offline (Voice ID, Cases, Customer Profiles, Q in Connect, views, tasks,
 * media streaming) run on stand-ins: `standIn` documents the branch they take by default, and a world can
 * configure another one (`SimWorld.standIns`, e.g. `{ CheckVoiceId: 'NotAuthenticated' }` or
 * `{ GetCustomerProfile: 'error:NoneFoundError' }`).
 */
import type { z } from 'zod';
import type {
  CallEventKind,
  CallOutcome,
  ConnectContactFlowEvent,
  LambdaCall,
  QueueState,
  SimWorld,
} from '../../simulator/types.ts';
import type { FlowAction, FlowFile, FlowType } from '../model.ts';

/** How an action continues when it succeeds. */
export type SuccessKind =
  /** Transitions.NextAction is required. */
  | 'next'
  /** Transitions.Conditions are the branches (NextAction, when given, is not used on success). */
  | 'conditions'
  /** Success hands the contact elsewhere (queue, other flow, third party); NextAction optional. */
  | 'handoff'
  /** Ends the flow: Transitions must be {}. */
  | 'terminal';

/** Where AWS files an action (the four chapters of the Flow Language reference). */
export type BlockCategory = 'participant' | 'contact' | 'flow-control' | 'interaction';

export interface BlockBranches {
  success: SuccessKind;
  /** The result values the action's conditions may test, when the set is fixed (Loop, CheckHoursOfOperation). */
  conditionOperands?: readonly string[];
  /** AWS requires a condition for every operand in `conditionOperands` and no other. */
  exactOperands?: boolean;
  /** ErrorTypes the action can take. */
  errors: readonly string[];
  /**
   * Santral's house rule: error branches our own flows must wire explicitly ("every block that can fail
   * has an error branch", ARCHITECTURE.md principle 3). In the connect profile a catch-all NoMatchingError
   * covers them ("NoMatchingError - if no other Error matches", Flow Language reference, every action page).
   */
  houseErrors: readonly string[];
}

/** A non-emulatable service: what the stand-in does by default, and the outcomes a world may choose. */
export interface StandIn {
  /** The AWS service the real block calls. */
  service: string;
  /** The result taken unless configured: a condition value, "Success", or "error:<ErrorType>". */
  default: string;
  /** Results a world may configure (documented conditions and errors). */
  outcomes: readonly string[];
}

// ------------------------------------------------------------------------------------------ the runtime

/** What ends a flow's run. */
export type FlowExit =
  | { kind: 'disconnect' }
  | { kind: 'end' }
  | { kind: 'queued' }
  | { kind: 'transferred' }
  | { kind: 'answered' }
  | { kind: 'module-return' };

/** What one action produced. */
export type ActionResult =
  | { kind: 'success' }
  | { kind: 'value'; value: string }
  | { kind: 'error'; errorType: string; detail?: string }
  | { kind: 'exit'; exit: FlowExit }
  | { kind: 'goto'; flow: string };

export type FlowRole = 'main' | 'queue' | 'whisper-agent' | 'whisper-customer' | 'remaining' | 'module';

export interface FlowRun {
  flow: FlowFile;
  role: FlowRole;
  byId: Map<string, FlowAction>;
}

/** The contact's data as the flow sees it (`$.Attributes`, `$.External`, working queue, …). */
export interface ContactData {
  readonly contactId: string;
  attributes: Record<string, string>;
  external: Record<string, unknown>;
  storedInput: string | undefined;
  flowAttributes: Record<string, string>;
  workingQueue: string | undefined;
  priority: number;
  language: string;
  voice: string | undefined;
  callbackNumber: string | undefined;
  readonly hooks: Record<string, string>;
  readonly loopCounters: Map<string, number>;
  lex: { intent?: string };
  tags: Record<string, string>;
  /** Results of stand-in services, readable as `$.Customer.*`, `$.Case.*`, `$.Views.*`, `$.VoiceId.*`. */
  readonly services: Record<string, Record<string, string>>;
}

/** The queue phase: staffing of each queue and how long this contact still holds. */
export interface QueueView {
  state(name: string | undefined): QueueState | undefined;
  expectedWait(q: QueueState | undefined): number | undefined;
  /** Will an agent in the working queue answer before the caller gives up? */
  willBeAnswered(): boolean;
  /** Seconds of hold left before the agent answers (queue flows). */
  holdLeft: number;
  /** The contact was put back in a queue from the queue flow. */
  requeued(): void;
}

/** What a block's `run` may use: the interpreter implements it (shared/simulator/engine.ts). */
export interface BlockRuntime {
  readonly world: SimWorld;
  readonly contact: ContactData;
  readonly queue: QueueView;
  readonly from: string;
  readonly to: string;
  /** A parameter value: a whole JSONPath is looked up, anything else is literal. */
  value(raw: unknown): string | undefined;
  /** What a prompt-carrying block says (Text, SSML, PromptId or Media). */
  promptText(params: Record<string, unknown>): string | undefined;
  say(text: string, role: FlowRole): void;
  event(kind: CallEventKind, text: string): void;
  /** Move the simulated clock (and the hold, in queue flows). */
  advance(seconds: number, role: FlowRole): void;
  now(): Date;
  outcome(): CallOutcome;
  setOutcome(outcome: CallOutcome): void;
  flowByRef(ref: string | undefined): FlowFile | undefined;
  /** A configured queue, or — for foreign flows — a stand-in queue named after the reference. */
  queueByRef(ref: string | undefined): string | undefined;
  /** Name for a reference the simulator cannot resolve (placeholders, other accounts' ARNs). */
  describeRef(ref: string): string;
  /** `$.Metrics.*` of the working queue. */
  metric(key: string): string | undefined;
  lambdaEvent(params: Record<string, string>): ConnectContactFlowEvent;
  recordLambda(call: LambdaCall): void;
  /** Run a module from its StartAction; returns how it ended (or a flow to continue in). */
  runModule(module: FlowFile): Promise<FlowExit | string>;
  /** The outcome configured for a stand-in block (or its documented default). */
  standInOutcome(type: string, fallback: string): string;
  /** 1–100 for DistributeByPercentage. */
  random(): number;
}

export interface BlockDefinition {
  type: string;
  /** Designer block name, for messages and diagrams. */
  label: string;
  category: BlockCategory;
  /** The AWS reference page this block follows. */
  docs: string;
  parameters: z.ZodType;
  flowTypes: readonly FlowType[];
  branches: BlockBranches;
  standIn?: StandIn;
  /** A short human label of one action (prompt text, target, compared value), for diagrams and reviews. */
  describe(params: Record<string, unknown>): string;
  run(rt: BlockRuntime, action: FlowAction, run: FlowRun): ActionResult | Promise<ActionResult>;
}

export const NME = 'NoMatchingError';
export const NMC = 'NoMatchingCondition';

const DOCS = 'https://docs.aws.amazon.com/connect/latest/APIReference/';
export const awsPage = (slug: string) => `${DOCS}${slug}.html`;

/** Fill the defaults: no house errors beyond what is listed, no conditions. */
export function defineBlock(
  def: Omit<BlockDefinition, 'branches' | 'describe'> & {
    branches: Partial<BlockBranches> & Pick<BlockBranches, 'success'>;
    describe?: BlockDefinition['describe'];
  },
): BlockDefinition {
  const errors = def.branches.errors ?? [NME];
  return {
    ...def,
    branches: {
      ...def.branches,
      errors,
      houseErrors: def.branches.houseErrors ?? errors.filter((e) => e === NME || e === NMC),
    },
    describe: def.describe ?? (() => def.label),
  };
}

/** Parse a stand-in outcome: "error:X" → an error result, "Success" → success, anything else → a value. */
export function standInResult(outcome: string): ActionResult {
  if (outcome.startsWith('error:')) return { kind: 'error', errorType: outcome.slice(6) };
  if (outcome === 'Success') return { kind: 'success' };
  return { kind: 'value', value: outcome };
}

/** The caller hangs up (gave up holding, or pressed hang-up on the keypad): ends the call, not an error. */
export class CallerHungUpError extends Error {
  override name = 'CallerHungUpError';
}

/** Stops the simulation (reported in the result, never to the caller of runCall). */
export class SimulationStop extends Error {
  override name = 'SimulationStop';
}
