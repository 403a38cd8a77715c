/**
 * Shapes of a simulated call: the world it runs in (injectable: clock, hours, queues and agents, keypad,
 * Lambda invoker) and what comes out (the JSON trace and the events the transcript is written from).
 */
import type { HoursConfig } from '#shared/config/schema.ts';
import type { FlowFile } from '#shared/flows/model.ts';
import type { SimAgent } from './agents.ts';

// ------------------------------------------------------------------------------------------------ result

export type OutcomeType = 'queued' | 'transferred' | 'callback' | 'disconnected';

export interface CallOutcome {
  type: OutcomeType;
  queue?: string;
  priority?: number;
  number?: string;
  /** Transferred to a flow the simulation could not run (a foreign flow's stand-in). */
  flow?: string;
  /** The configured agent (login) who answered the contact, when one did. */
  agent?: string;
  /** Only for abnormal ends: unsupported action, step limit, missing branch, caller hung up. */
  reason?: string;
}

export interface LambdaCall {
  name: string;
  params: Record<string, string>;
  result?: unknown;
  error?: string;
}

export interface PathStep {
  flow: string;
  action: string;
  type: string;
  /** "Success", a condition ("Equals 1"), an error type ("InputTimeLimitExceeded") or "End". */
  branch: string;
}

/** The JSON trace of one call (the format the issue fixes). */
export interface CallTrace {
  outcome: CallOutcome;
  prompts: string[];
  lambdas: LambdaCall[];
  attributes: Record<string, string>;
  path: PathStep[];
}

export type CallEventKind =
  | 'call'
  | 'prompt'
  | 'input'
  | 'lambda'
  | 'flow'
  | 'queue'
  | 'agent'
  | 'transfer'
  | 'callback'
  | 'setting'
  | 'disconnect'
  | 'stop';

/** One line of the transcript, at `seconds` after the call started. */
export interface CallEvent {
  seconds: number;
  kind: CallEventKind;
  text: string;
  /** Prompts: who hears it (whisper flows speak to the agent). */
  to?: 'caller' | 'agent';
  /** Prompts: language and text-to-speech voice, e.g. "tr-TR/Filiz". */
  voice?: string;
}

/**
 * A configured agent's part in a queued contact, in seconds after the call started: what the simulator
 * turns into Connect's agent events and the contact record (connect-records.ts).
 */
export interface AgentLeg {
  /** The agent's login. */
  agent: string;
  /** The queue the agent took the contact from (`agent/<login>` for their personal queue). */
  queue: string;
  enqueuedAt: number;
  /** Routed to the agent (Connect: contact state CONNECTING). */
  offeredAt: number;
  /** Agent and caller connected, after the whispers (CONNECTED). */
  connectedAt: number;
}

export interface CallResult {
  trace: CallTrace;
  /** Set when a configured agent answered. */
  agentLeg?: AgentLeg;
  events: CallEvent[];
  /** Set when the run stopped abnormally (unsupported action, step limit, dead end). */
  stopped?: string;
  steps: number;
}

// ------------------------------------------------------------------------------------------------- world

export interface QueueState {
  /** Agents logged in and working this queue. */
  staffed: number;
  /** Agents free to take a contact now. */
  available: number;
  /** Contacts already waiting. */
  inQueue?: number;
  /** Estimated wait; default: 10 s when an agent is available, 180 s per waiting-contact-free staffed agent… */
  expectedWaitSeconds?: number;
  atCapacity?: boolean;
  /** The queue's hours (config queues[].hours). */
  hours?: string;
}

export const HANG_UP = Symbol('hang-up');

export interface InputRequest {
  /** One digit that selects a branch, or stored input of up to `maxLength` digits. */
  mode: 'digit' | 'digits';
  maxLength: number;
  timeoutSeconds: number;
  /** The prompt just played (interactive mode shows it). */
  prompt: string;
  flow: string;
  action: string;
}

/** Who presses keys: a script (scenarios, `--press`) or a person at a terminal. */
export interface Keypad {
  /** The keys pressed for one input block; undefined = nothing before the time limit; HANG_UP = hangs up. */
  read(
    request: InputRequest,
  ): Promise<string | undefined | typeof HANG_UP> | string | undefined | typeof HANG_UP;
}

export interface LambdaInvocation {
  functionName: string;
  event: ConnectContactFlowEvent;
  /** Real-time budget for this attempt (ms). */
  timeoutMs: number;
  attempt: number;
  /** The simulated instant of the call (handlers see it as the current time). */
  at?: Date;
}

/** Runs one attempt of a Lambda (the in-process invoker runs functions/<name>/handler.ts). */
export interface LambdaInvoker {
  invoke(invocation: LambdaInvocation): Promise<unknown>;
}

export interface ThirdPartyResult {
  /** What the transfer did: connected, or one of Connect's error types. */
  status: 'connected' | 'CallFailed' | 'ConnectionTimeLimitExceeded';
}

export interface SimWorld {
  /** The instant the call starts. */
  startAt: Date;
  flows: ReadonlyMap<string, FlowFile>;
  hours: ReadonlyMap<string, HoursConfig>;
  queues: ReadonlyMap<string, QueueState>;
  /**
   * The configured agents by login, with their simulated state: they answer contacts of the queues their
   * routing profile serves, and each has a personal queue (`agent/<login>`) only they serve.
   */
  agents?: ReadonlyMap<string, SimAgent>;
  /** Prompt name → what it says. */
  prompts: ReadonlyMap<string, string>;
  keypad: Keypad;
  lambdas: LambdaInvoker;
  /** Third-party transfers (default: every valid E.164 number connects). */
  thirdParty?(number: string): ThirdPartyResult;
  /** Lex bots: the intent the caller expresses at a ConnectParticipantWithLexBot block. */
  lexIntent?(request: { flow: string; action: string }): string | undefined;
  /** 1–100 for DistributeByPercentage (default: a deterministic sequence). */
  random?(): number;
  /** Does the caller stay on the line after the agent hangs up (runs the CustomerRemaining flow)? */
  callerStaysAfterAgent?: boolean;
  /** Longest simulated hold before the caller gives up (default 600 s). */
  maxHoldSeconds?: number;
  /** Called as each event happens (the interactive sandbox prints the transcript live). */
  onEvent?(event: CallEvent): void;
  /**
   * Outcomes of stand-in blocks (services with no offline emulator), by action type: a condition value,
   * "Success" or "error:<ErrorType>" — e.g. `{ CheckVoiceId: 'NotEnrolled', GetCustomerProfile:
   * 'error:NoneFoundError' }`. Unset types take the default their block documents (shared/flows/blocks).
   */
  standIns?: Readonly<Record<string, string>>;
  /**
   * Foreign flows: references the simulation cannot resolve (placeholders, other accounts' ARNs) become
   * named stand-ins (a queue with `standInQueue` staffing, a flow that ends the call as transferred, open
   * hours) instead of error branches.
   */
  standInReferences?: boolean;
  /** Staffing of stand-in queues (default: one agent, available). */
  standInQueue?: Partial<QueueState>;
}

// ------------------------------------------------------------------------------------- Connect's event

/** The event Amazon Connect sends a Lambda from InvokeLambdaFunction (Connect admin guide). */
export interface ConnectContactFlowEvent {
  Name: 'ContactFlowEvent';
  Details: {
    ContactData: {
      ContactId: string;
      InitialContactId: string;
      PreviousContactId: string;
      Channel: 'VOICE';
      InitiationMethod: string;
      InstanceARN: string;
      CustomerEndpoint: { Address: string; Type: 'TELEPHONE_NUMBER' } | null;
      SystemEndpoint: { Address: string; Type: 'TELEPHONE_NUMBER' } | null;
      Attributes: Record<string, string>;
      /** Name is null for an agent's personal queue, as in Connect. */
      Queue: { ARN: string; Name: string | null; OutboundCallerId?: null } | null;
      LanguageCode: string;
      MediaStreams: Record<string, unknown>;
      [key: string]: unknown;
    };
    Parameters: Record<string, string>;
  };
}
