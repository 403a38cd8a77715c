/**
 * Simulated agents: the config's `agents[]` as the simulator staffs them, each with a state (available,
 * busy on another contact, in after-contact work, offline) and a personal queue.
 *
 * Amazon Connect gives every user an agent queue, ARN `…/instance/<instance>/queue/agent/<user id>`, with no
 * name (`$.Queue.Name` is null there; agent-event-stream-model.html lists it in `InboundQueues` with
 * `"Name": null`). A USER quick connect sets the contact's working queue to it, and only that agent is
 * routed its contacts. Check staffing on it follows the agent's state (check-staffing.html: Available = the
 * agent is Available; Staffed = Available, on a contact or in ACW; Online = any status but Offline).
 *
 * In the simulator an agent queue is named `agent/<login>` (config queue names cannot contain `/`), so it
 * never collides with a configured queue.
 */
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import { localAgentId } from './local-arns.ts';
import type { QueueState } from './types.ts';

export const SIM_AGENT_STATES = ['available', 'busy', 'afterContactWork', 'offline'] as const;
export type SimAgentState = (typeof SIM_AGENT_STATES)[number];

export interface SimAgent {
  /** Connect user name (config `agents[].login`). */
  login: string;
  /** The Connect user id (a stable local UUID); the agent ARN ends `/agent/<agentId>`. */
  agentId: string;
  firstName: string;
  lastName: string;
  routingProfile: string;
  /** Queues the agent's routing profile serves, with its priority and delay for each (routing-profiles.html). */
  queues: ReadonlyMap<string, { priority: number; delaySeconds: number }>;
  /** Seconds of after-contact work Connect gives the agent (0 = until they leave it themselves). */
  afterContactWorkSeconds: number;
  state: SimAgentState;
}

export class UnknownSimAgentError extends Error {
  override readonly name = 'UnknownSimAgentError';
  constructor(
    readonly login: string,
    known: readonly string[],
  ) {
    super(`unknown agent "${login}"; configured agents: ${known.join(', ') || '(none)'}`);
  }
}

const AGENT_QUEUE = 'agent/';

/** The simulator's name for an agent's personal queue. */
export const agentQueueName = (login: string): string => `${AGENT_QUEUE}${login}`;

/** The agent login behind an agent-queue name; undefined for any other queue. */
export const agentOfQueueName = (queue: string | undefined): string | undefined =>
  queue?.startsWith(AGENT_QUEUE) ? queue.slice(AGENT_QUEUE.length) : undefined;

/**
 * The configured agents, every one logged in and Available unless `states` says otherwise. Unknown logins in
 * `states` are an error (a typo must not silently leave the agent available).
 */
export function simulatedAgents(
  config: Pick<ContactCenterConfig, 'agents' | 'routingProfiles'>,
  states: Readonly<Record<string, SimAgentState>> = {},
): Map<string, SimAgent> {
  const known = config.agents.map((a) => a.login);
  for (const login of Object.keys(states))
    if (!known.includes(login)) throw new UnknownSimAgentError(login, known);
  const profiles = new Map(
    config.routingProfiles.map((rp) => [
      rp.name,
      new Map(rp.queues.map((q) => [q.queue, { priority: q.priority, delaySeconds: q.delaySeconds }])),
    ]),
  );
  return new Map(
    config.agents.map((a) => [
      a.login,
      {
        login: a.login,
        agentId: localAgentId(a.login),
        firstName: a.firstName,
        lastName: a.lastName,
        routingProfile: a.routingProfile,
        queues: profiles.get(a.routingProfile) ?? new Map(),
        afterContactWorkSeconds: a.afterContactWorkSeconds,
        state: states[a.login] ?? 'available',
      },
    ]),
  );
}

/** Staffing of an agent queue: one agent, staffed unless offline, available only when Available. */
export function agentQueueState(agent: SimAgent): QueueState {
  return {
    staffed: agent.state === 'offline' ? 0 : 1,
    available: agent.state === 'available' ? 1 : 0,
  };
}

/**
 * Who answers a contact in `queue`: the agent of an agent queue (if not offline); else, among the configured
 * agents who are Available and whose routing profile serves the queue, the one whose profile offers it
 * soonest (smallest delay, then highest priority — a profile with "delay 30 s" only gets the contact after
 * it waited 30 s), then config order. Undefined when the queue's staffing comes only from numbers
 * (`--agents`, `simulator.agentsPerQueue`) with no such agent.
 */
export function answeringAgent(
  agents: ReadonlyMap<string, SimAgent> | undefined,
  queue: string | undefined,
): SimAgent | undefined {
  if (!agents || queue === undefined) return undefined;
  const own = agentOfQueueName(queue);
  if (own !== undefined) {
    const agent = agents.get(own);
    return agent && agent.state !== 'offline' ? agent : undefined;
  }
  let best: { agent: SimAgent; delay: number; priority: number } | undefined;
  for (const agent of agents.values()) {
    const routing = agent.queues.get(queue);
    if (agent.state !== 'available' || !routing) continue;
    const better =
      !best ||
      routing.delaySeconds < best.delay ||
      (routing.delaySeconds === best.delay && routing.priority < best.priority);
    if (better) best = { agent, delay: routing.delaySeconds, priority: routing.priority };
  }
  return best?.agent;
}
