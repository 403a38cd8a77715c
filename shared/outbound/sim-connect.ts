/**
 * Local stand-in for the Connect outbound APIs (`santral campaign run --sim`, tests): places the
 * simulated call through the outbound flow (outbound-whisper) with the flow simulator when one is given,
 * and decides the answer/AMD outcome from a configurable, seeded mix. Idempotent per ClientToken like
 * Connect (the same token returns the same contact). Faults can be injected (throttling, refusals).
 */
import { randomUUID } from 'node:crypto';
import type { AgentAvailability, CallStatus, OutboundCaller, StartCallInput } from './dialer.ts';
import type { AmdStatus } from './retry-policy.ts';

export type AmdMix = Partial<Record<AmdStatus, number>>;

export const DEFAULT_AMD_MIX: AmdMix = {
  HUMAN_ANSWERED: 0.5,
  VOICEMAIL_BEEP: 0.2,
  AMD_UNANSWERED: 0.2,
  SIT_TONE_BUSY: 0.07,
  SIT_TONE_INVALID_NUMBER: 0.03,
};

export interface SimulatedCall {
  input: StartCallInput;
  contactId: string;
  amdStatus: AmdStatus;
  /** What the agent heard in the whisper flow (when a flow simulator is wired). */
  whisper?: string[];
  flowOutcome?: string;
}

/** Runs the outbound flow for an answered call (wired to the flow simulator by the CLI). */
export type FlowRunner = (call: {
  flow: string;
  from: string;
  to: string;
  contactId: string;
  attributes: Record<string, string>;
}) => Promise<{ prompts: string[]; outcome: string }>;

export class SimulatedConnect implements OutboundCaller, AgentAvailability {
  readonly calls: SimulatedCall[] = [];
  private readonly byToken = new Map<string, SimulatedCall>();
  /** Faults to throw on the next calls, by error name (TooManyRequestsException, …). */
  readonly faults: string[] = [];

  constructor(
    private readonly options: {
      amdMix?: AmdMix;
      random?: () => number;
      agents?: number;
      runFlow?: FlowRunner;
    } = {},
  ) {}

  /** Simulated calls end within the tick that placed them. */
  async callStatus(contactId: string): Promise<CallStatus | undefined> {
    const call = this.calls.find((c) => c.contactId === contactId);
    if (!call) return undefined;
    return { ended: true, amdStatus: call.amdStatus, connectedToAgent: call.amdStatus === 'HUMAN_ANSWERED' };
  }

  async available(): Promise<number> {
    return this.options.agents ?? 2;
  }

  async startCall(input: StartCallInput): Promise<{ contactId: string }> {
    const fault = this.faults.shift();
    if (fault) {
      const err = new Error(`simulated ${fault}`);
      err.name = fault;
      throw err;
    }
    const existing = this.byToken.get(input.clientToken);
    if (existing) return { contactId: existing.contactId };
    const contactId = randomUUID();
    const amdStatus = pick(this.options.amdMix ?? DEFAULT_AMD_MIX, this.options.random ?? Math.random);
    const call: SimulatedCall = { input, contactId, amdStatus };
    if (amdStatus === 'HUMAN_ANSWERED' && this.options.runFlow) {
      const r = await this.options.runFlow({
        flow: input.contactFlow,
        from: input.source,
        to: input.destination,
        contactId,
        attributes: input.attributes,
      });
      call.whisper = r.prompts;
      call.flowOutcome = r.outcome;
    }
    this.calls.push(call);
    this.byToken.set(input.clientToken, call);
    return { contactId };
  }
}

function pick(mix: AmdMix, random: () => number): AmdStatus {
  const entries = Object.entries(mix) as [AmdStatus, number][];
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [k, w] of entries) {
    r -= w;
    if (r < 0) return k;
  }
  return entries[entries.length - 1]?.[0] ?? 'HUMAN_ANSWERED';
}
