/**
 * The sandbox's switchboard: which agents are signed in to the workspace, which contact each one has, and
 * the simulated calls that reach them. A call runs through the real flows and handlers (the simulator);
 * when it is queued and an agent of that queue is free, that agent is offered the contact (the workspace
 * pops the card), connected, put in after-contact work when the call ends and freed when they clear it.
 * Quick-connect transfers run the transfer flows with the contact's attributes (transferNote, … set by the
 * agent API) and deliver a new contact to the receiving agent, as Connect does (a new contact id, the
 * conversation's attributes carried over).
 *
 * Connect facts (who took which contact, the queue, the attributes) go into the sandbox's Connect
 * stand-in (`SandboxContactLedger`), which the agent API reads to authorise and to build the card.
 */
import { randomUUID } from 'node:crypto';
import { maskPhoneNumber } from '../domain/phone.ts';
import { type QueueNowFigures, ZERO_FIGURES } from '../operator/live-queues.ts';
import { agentQueueName, type SimAgentState } from '../simulator/agents.ts';
import { type SimulatorContext, simulateCall } from '../simulator/simulator.ts';
import { describeOutcome, formatEvent, ScriptedKeypad } from '../simulator/transcript.ts';
import type { CallResult, QueueState } from '../simulator/types.ts';

/** What the switchboard needs of the sandbox's Connect stand-in (shared/local/sandbox-contacts.ts). */
export interface SandboxContactLedger {
  recordContact(contact: {
    contactId: string;
    customerNumber?: string;
    queue?: string;
    channel?: string;
    initiatedAt?: string;
    attributes?: Record<string, string>;
  }): void;
  connectAgent(contactId: string, agent: string): void;
  transferContact(fromContactId: string, toContactId: string, options?: { queue?: string }): string;
  attributesOf(contactId: string): Record<string, string>;
}

export interface SwitchboardAgent {
  login: string;
  name: string;
  /** The queues of the agent's routing profile; a lower priority number is served first. */
  queues: readonly { queue: string; priority: number }[];
}

export interface SwitchboardQuickConnect {
  type: 'queue' | 'agent';
  /** The quick connect's name ("To Billing"). */
  name: string;
  /** QUEUE quick connects: the queue; USER quick connects: the receiving agent's login. */
  queue?: string;
  agent?: string;
  /** The transfer flow the quick connect runs. */
  flow: string;
}

export type AgentContactState = 'offered' | 'connected' | 'acw' | 'ended';

export interface AgentContactEvent {
  state: AgentContactState;
  contactId: string;
  queue?: string;
  attributes?: Record<string, string>;
}

export interface SandboxCall {
  contactId: string;
  /** Masked, as every transcript is. */
  from: string;
  queue: string | null;
  agent: string | null;
  state: 'connected' | 'acw' | 'ended' | 'not-answered';
  outcome: string;
  /** Earlier leg when this contact came from a quick-connect transfer. */
  previousContactId?: string;
  transcript: string[];
  /** What the receiving agent heard before the call connected (the whisper flow's prompts). */
  whisper: string[];
}

export class SwitchboardError extends Error {
  override name = 'SwitchboardError';
  constructor(
    readonly status: 400 | 403 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

export interface SwitchboardOptions {
  simulator: SimulatorContext;
  contacts: SandboxContactLedger;
  agents: readonly SwitchboardAgent[];
  quickConnects: readonly SwitchboardQuickConnect[];
  /** The simulated instant of each call (the CLI uses a weekday 11:00 so the demo is in hours). */
  callTime?: () => Date;
}

interface AgentSession {
  listeners: Set<(e: AgentContactEvent) => void>;
  contactId: string | null;
  idleSince: number;
}

export class Switchboard {
  private readonly sessions = new Map<string, AgentSession>();
  private readonly calls = new Map<string, SandboxCall>();
  private readonly order: string[] = [];
  private readonly agentsByLogin: Map<string, SwitchboardAgent>;
  private tick = 0;

  constructor(private readonly options: SwitchboardOptions) {
    this.agentsByLogin = new Map(options.agents.map((a) => [a.login, a]));
  }

  get agents(): readonly SwitchboardAgent[] {
    return this.options.agents;
  }

  /** Transfer targets as the API names them (queue name, agent login), labelled with the quick connect. */
  quickConnects(): { type: 'queue' | 'agent'; name: string; label: string }[] {
    return this.options.quickConnects.map((q) => ({ type: q.type, name: this.targetName(q), label: q.name }));
  }

  private targetName(q: SwitchboardQuickConnect): string {
    return (q.type === 'queue' ? q.queue : q.agent) ?? q.name;
  }

  /** An agent's workspace listens; the agent counts as signed in while at least one listener is open. */
  listen(login: string, listener: (e: AgentContactEvent) => void): () => void {
    if (!this.agentsByLogin.has(login)) throw new SwitchboardError(403, `${login} is not a configured agent`);
    let s = this.sessions.get(login);
    if (!s) {
      s = { listeners: new Set(), contactId: null, idleSince: Date.now() };
      this.sessions.set(login, s);
    }
    s.listeners.add(listener);
    // A reloaded workspace gets its current contact back.
    const current = s.contactId ? this.calls.get(s.contactId) : undefined;
    if (current && current.state !== 'ended') {
      listener(this.eventFor(current, 'offered'));
      if (current.state === 'acw') listener(this.eventFor(current, 'acw'));
      else listener(this.eventFor(current, 'connected'));
    }
    const session = s;
    return () => {
      session.listeners.delete(listener);
    };
  }

  list(): SandboxCall[] {
    return this.order.map((id) => this.calls.get(id)!).reverse();
  }

  get(contactId: string): SandboxCall | undefined {
    return this.calls.get(contactId);
  }

  /** A caller dials the main number and presses `digits`; returns the contact as it stands after routing. */
  async placeCall(request: { from: string; digits: string; to?: string }): Promise<SandboxCall> {
    const contactId = randomUUID();
    const result = await this.runFlow({
      contactId,
      from: request.from,
      digits: request.digits,
      ...(request.to ? { to: request.to } : {}),
    });
    return this.deliver(contactId, request.from, result);
  }

  /** The caller hangs up (or the agent ends the call in the CCP): the agent goes into after-contact work. */
  hangUp(contactId: string): SandboxCall {
    const call = this.require(contactId);
    if (call.state !== 'connected')
      throw new SwitchboardError(409, `contact ${contactId} is ${call.state}, not connected`);
    call.state = 'acw';
    if (call.agent) this.emit(call.agent, this.eventFor(call, 'acw'));
    return call;
  }

  /** The agent leaves after-contact work (Connect: clear the contact); only the contact's agent may. */
  clear(contactId: string, login: string): SandboxCall {
    const call = this.require(contactId);
    if (call.agent !== login) throw new SwitchboardError(403, `contact ${contactId} is not ${login}'s`);
    if (call.state === 'connected') call.state = 'acw';
    if (call.state !== 'acw')
      throw new SwitchboardError(409, `contact ${contactId} is ${call.state}, not in after-contact work`);
    call.state = 'ended';
    this.free(login, contactId);
    this.emit(login, this.eventFor(call, 'ended'));
    return call;
  }

  /**
   * The agent uses a quick connect: the transfer flow runs with the conversation's attributes; the
   * transferring agent goes into after-contact work; the new contact goes to the target's agent.
   */
  async quickConnect(
    contactId: string,
    login: string,
    target: { type: string; name: string },
  ): Promise<SandboxCall> {
    const call = this.require(contactId);
    if (call.agent !== login) throw new SwitchboardError(403, `contact ${contactId} is not ${login}'s`);
    if (call.state !== 'connected')
      throw new SwitchboardError(409, `contact ${contactId} is ${call.state}, not connected`);
    const qc = this.options.quickConnects.find(
      (q) => q.type === target.type && this.targetName(q) === target.name,
    );
    if (!qc) throw new SwitchboardError(400, `no quick connect "${target.name}" of type ${target.type}`);
    const receiving = qc.type === 'agent' ? this.agentsByLogin.get(qc.agent ?? '') : undefined;
    if (qc.type === 'agent' && !receiving)
      throw new SwitchboardError(400, `quick connect "${qc.name}": unknown agent ${qc.agent}`);
    // A USER quick connect puts the contact in the receiving agent's personal queue (`agent/<login>`, as
    // Connect's …/queue/agent/<user id>); transfer-to-agent checks they are available, else General.
    const queue = qc.type === 'queue' ? qc.queue : receiving ? agentQueueName(receiving.login) : undefined;
    const newId = randomUUID();
    this.options.contacts.transferContact(contactId, newId, queue ? { queue } : {});
    const attributes = this.options.contacts.attributesOf(contactId);
    call.state = 'acw';
    this.emit(login, this.eventFor(call, 'acw'));
    const raw = this.rawNumber.get(contactId) ?? '';
    const result = await this.runFlow({
      contactId: newId,
      from: raw,
      to: qc.flow,
      attributes,
      ...(receiving ? { agent: receiving.login } : queue ? { queue } : {}),
      exclude: login,
    });
    const next = this.deliver(newId, raw, result, undefined, contactId);
    return next;
  }

  private readonly rawNumber = new Map<string, string>();
  private running: Promise<unknown> = Promise.resolve();

  /**
   * Resolves when no simulated call is running. While the simulator runs a handler it shifts the global
   * Date to the call's simulated instant (simulated-clock.ts), so the web server lets API requests (token
   * expiry, saved-at times) wait for the simulation instead of reading a shifted clock.
   */
  async quiet(): Promise<void> {
    let current: Promise<unknown>;
    do {
      current = this.running;
      await current.catch(() => {});
    } while (current !== this.running);
  }

  private async runFlow(run: {
    contactId: string;
    from: string;
    digits?: string;
    to?: string;
    attributes?: Record<string, string>;
    queue?: string;
    /** A USER quick connect's receiving agent. */
    agent?: string;
    onlyAgent?: string;
    exclude?: string;
  }): Promise<CallResult & { flow: string }> {
    const agents: Record<string, QueueState> = {};
    for (const q of this.options.simulator.config.queues) {
      const free = this.freeAgentsFor(q.name, run.onlyAgent, run.exclude).length;
      const staffed = this.staffedFor(q.name, run.onlyAgent, run.exclude);
      agents[q.name] = { staffed, available: free };
    }
    // The simulated agents' states follow the workspaces: signed in and free → available, on a contact →
    // busy, in ACW → afterContactWork, not signed in → offline (the transferring agent is still on the call).
    const agentStates: Record<string, SimAgentState> = {};
    for (const a of this.options.agents) {
      const s = this.sessions.get(a.login);
      const call = s?.contactId ? this.calls.get(s.contactId) : undefined;
      agentStates[a.login] = !this.signedIn(a.login)
        ? 'offline'
        : a.login === run.exclude || call?.state === 'connected'
          ? 'busy'
          : call?.state === 'acw'
            ? 'afterContactWork'
            : run.onlyAgent && a.login !== run.onlyAgent
              ? 'busy'
              : 'available';
    }
    // One simulated call at a time (the simulator's clock is process-global).
    await this.quiet();
    const at = this.options.callTime?.() ?? new Date();
    const result = simulateCall(this.options.simulator, {
      from: run.from,
      ...(run.to ? { to: run.to } : {}),
      at: new Date(at.getTime() + this.tick++ * 60_000),
      agents,
      keypad: new ScriptedKeypad(run.digits ?? ''),
      callerStaysAfterAgent: false,
      contactId: run.contactId,
      ...(run.attributes ? { attributes: run.attributes } : {}),
      ...(run.queue ? { queue: run.queue } : {}),
      ...(run.agent ? { agent: run.agent } : {}),
      agentStates,
    });
    this.running = result;
    return result;
  }

  private deliver(
    contactId: string,
    from: string,
    result: CallResult & { flow: string },
    onlyAgent?: string,
    previousContactId?: string,
  ): SandboxCall {
    this.rawNumber.set(contactId, from);
    // The queue phase's answer event: "an agent in Support answers", or with the simulator's agents
    // (shared/simulator/agents.ts) "in Support, john (John) answers" (earlier "john (John) answers in Support").
    const answered = result.events.some((e) => e.kind === 'agent' && / answers(?: in .+)?$/.test(e.text));
    const queue = result.trace.outcome.type === 'queued' ? (result.trace.outcome.queue ?? null) : null;
    // The simulator's routing picked a configured agent (states from the workspaces); else Connect's rule here.
    const routed = result.trace.outcome.agent;
    const agent =
      routed !== undefined && answered && this.freeAgents().includes(routed)
        ? routed
        : answered && queue
          ? this.pickAgent(
              queue,
              onlyAgent,
              previousContactId ? (this.get(previousContactId)?.agent ?? undefined) : undefined,
            )
          : undefined;
    this.options.contacts.recordContact({
      contactId,
      customerNumber: from,
      ...(queue ? { queue } : {}),
      channel: 'VOICE',
      initiatedAt: new Date().toISOString(),
      attributes: result.trace.attributes,
    });
    const call: SandboxCall = {
      contactId,
      from: maskPhoneNumber(from),
      queue,
      agent: agent ?? null,
      state: agent ? 'connected' : 'not-answered',
      outcome: describeOutcome(result.trace.outcome),
      ...(previousContactId ? { previousContactId } : {}),
      transcript: result.events.map(formatEvent),
      whisper: result.events.filter((e) => e.kind === 'prompt' && e.to === 'agent').map((e) => e.text),
    };
    this.calls.set(contactId, call);
    this.order.push(contactId);
    if (agent) {
      this.options.contacts.connectAgent(contactId, agent);
      const s = this.sessions.get(agent)!;
      s.contactId = contactId;
      this.emit(agent, this.eventFor(call, 'offered'));
      this.emit(agent, this.eventFor(call, 'connected'));
    }
    return call;
  }

  private eventFor(call: SandboxCall, state: AgentContactState): AgentContactEvent {
    return {
      state,
      contactId: call.contactId,
      ...(call.queue ? { queue: call.queue } : {}),
      ...(state === 'offered' ? { attributes: this.options.contacts.attributesOf(call.contactId) } : {}),
    };
  }

  /**
   * The sandbox's `QueueNow` (shared/operator/live-queues.ts): per queue, the signed-in agents serving it
   * (staffed), free ones (available), on a connected contact, in after-contact work. The sandbox has no
   * waiting line — the queue phase offers a contact to a free agent at once or ends it unanswered — so
   * nothing is ever in queue here.
   */
  queueNow(queues: readonly string[]): Map<string, QueueNowFigures> {
    const out = new Map<string, QueueNowFigures>();
    for (const queue of queues) {
      const figures = { ...ZERO_FIGURES };
      for (const [login, s] of this.sessions) {
        if (!this.signedIn(login) || this.servesQueue(login, queue) === undefined) continue;
        figures.agentsStaffed++;
        const state = s.contactId ? this.calls.get(s.contactId)?.state : undefined;
        if (state === 'connected') figures.agentsOnContact++;
        else if (state === 'acw') figures.agentsAfterContactWork++;
        else figures.agentsAvailable++;
      }
      out.set(queue, figures);
    }
    return out;
  }

  /** Is this agent's workspace listening (signed in)? */
  isSignedIn(login: string): boolean {
    return this.signedIn(login);
  }

  private signedIn(login: string): boolean {
    return (this.sessions.get(login)?.listeners.size ?? 0) > 0;
  }

  private servesQueue(login: string, queue: string): number | undefined {
    return this.agentsByLogin.get(login)?.queues.find((q) => q.queue === queue)?.priority;
  }

  private staffedFor(queue: string, only?: string, exclude?: string): number {
    return [...this.sessions.keys()].filter(
      (l) =>
        this.signedIn(l) &&
        (!only || l === only) &&
        l !== exclude &&
        this.servesQueue(l, queue) !== undefined,
    ).length;
  }

  private freeAgents(): string[] {
    return [...this.sessions.entries()]
      .filter(([l, s]) => this.signedIn(l) && s.contactId === null)
      .map(([l]) => l);
  }

  private freeAgentsFor(queue: string, only?: string, exclude?: string): string[] {
    return [...this.sessions.entries()]
      .filter(
        ([l, s]) =>
          this.signedIn(l) &&
          s.contactId === null &&
          (!only || l === only) &&
          l !== exclude &&
          this.servesQueue(l, queue) !== undefined,
      )
      .map(([l]) => l);
  }

  /** Connect's routing, simplified: the free agent with this queue at the best priority, longest idle first. */
  private pickAgent(queue: string, only?: string, exclude?: string): string | undefined {
    const free = this.freeAgentsFor(queue, only, exclude);
    free.sort(
      (a, b) =>
        (this.servesQueue(a, queue) ?? 99) - (this.servesQueue(b, queue) ?? 99) ||
        this.sessions.get(a)!.idleSince - this.sessions.get(b)!.idleSince,
    );
    return free[0];
  }

  private free(login: string, contactId: string): void {
    const s = this.sessions.get(login);
    if (s && s.contactId === contactId) {
      s.contactId = null;
      s.idleSince = Date.now();
    }
  }

  private emit(login: string, event: AgentContactEvent): void {
    for (const l of this.sessions.get(login)?.listeners ?? []) l(event);
  }

  private require(contactId: string): SandboxCall {
    const c = this.calls.get(contactId);
    if (!c) throw new SwitchboardError(404, `no sandbox contact ${contactId}`);
    return c;
  }
}
