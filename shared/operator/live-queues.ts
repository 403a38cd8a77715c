/**
 * The supervisor's live view of the queues: per configured queue, contacts waiting, the oldest contact's age,
 * and the agents available / on a contact / in after-contact work, with the agents themselves (who, doing
 * what, since when) from the agents table the agent-event processor keeps (shared/agents/processor.ts).
 *
 * Two ports, either stage:
 * - `QueueNow`: the queue figures now. Deployed: Amazon Connect GetCurrentMetricData
 *   (shared/adapters/connect/live-queue-metrics.ts). Sandbox: the switchboard's agents and contacts
 *   (shared/local/switchboard.ts `queueNow`).
 * - `AgentStates`: the agents' current state items (shared/adapters/dynamo/agent-store.ts `currentStates`).
 * An agent counts for a queue when their routing profile (settings.routingProfiles, from config) serves it, as Connect
 * counts an agent for every queue of their routing profile.
 */
import type { AgentActivity } from '#shared/agents/events.ts';
import type { AgentState } from '#shared/agents/processor.ts';
import type { SupervisorSettings } from './supervisor-settings.ts';

/** One queue's current figures (Connect's real-time metric names in brackets). */
export interface QueueNowFigures {
  /** [CONTACTS_IN_QUEUE] */
  contactsInQueue: number;
  /** [OLDEST_CONTACT_AGE] seconds; null when nothing waits. */
  oldestContactAgeSeconds: number | null;
  /** [AGENTS_STAFFED] */
  agentsStaffed: number;
  /** [AGENTS_AVAILABLE] */
  agentsAvailable: number;
  /** [AGENTS_ON_CONTACT] */
  agentsOnContact: number;
  /** [AGENTS_AFTER_CONTACT_WORK] */
  agentsAfterContactWork: number;
}

export interface QueueNow {
  /** Where the figures come from (shown to the supervisor). */
  readonly source: 'connect' | 'sandbox';
  /** Figures for these queues (by name); a queue missing from the answer has nobody and nothing (zeros). */
  current(queues: readonly string[]): Promise<Map<string, QueueNowFigures>>;
}

export interface AgentStates {
  /** Every agent's current state (the agents table's STATE items). */
  currentStates(): Promise<AgentState[]>;
}

export interface LiveAgent {
  agent: string;
  activity: AgentActivity;
  status: string | null;
  /** ISO instant the activity began. */
  since: string;
  /** Seconds in this activity at `asOf`. */
  forSeconds: number;
}

export interface LiveQueueRow extends QueueNowFigures {
  queue: string;
  /** Agents of this queue's routing profiles, from the agents table (offline ones left out). */
  agents: LiveAgent[];
}

export interface LiveQueuesResult {
  asOf: string;
  source: QueueNow['source'];
  queues: LiveQueueRow[];
  /** Agents whose routing profile serves no configured queue (or is unknown): shown, not counted. */
  unassignedAgents: LiveAgent[];
}

export const ZERO_FIGURES: QueueNowFigures = {
  contactsInQueue: 0,
  oldestContactAgeSeconds: null,
  agentsStaffed: 0,
  agentsAvailable: 0,
  agentsOnContact: 0,
  agentsAfterContactWork: 0,
};

const ACTIVITY_ORDER: Record<AgentActivity, number> = {
  onContact: 0,
  incoming: 1,
  afterContactWork: 2,
  available: 3,
  nonProductive: 4,
  offline: 5,
};

export async function liveQueues(
  ports: { queueNow: QueueNow; agents: AgentStates },
  settings: Pick<SupervisorSettings, 'queues' | 'routingProfiles'>,
  now: Date,
): Promise<LiveQueuesResult> {
  const names = settings.queues;
  const [figures, states] = await Promise.all([ports.queueNow.current(names), ports.agents.currentStates()]);
  const queuesOfProfile = new Map(settings.routingProfiles.map((rp) => [rp.name, rp.queues]));
  const byQueue = new Map<string, LiveAgent[]>(names.map((n) => [n, []]));
  const unassigned: LiveAgent[] = [];
  for (const s of states) {
    if (s.activity === 'offline') continue;
    const since = Date.parse(s.since);
    const agent: LiveAgent = {
      agent: s.username ?? s.agentId,
      activity: s.activity,
      status: s.status ?? null,
      since: s.since,
      forSeconds: Number.isNaN(since) ? 0 : Math.max(0, Math.round((now.getTime() - since) / 1000)),
    };
    const queues = (s.routingProfile ? queuesOfProfile.get(s.routingProfile) : undefined)?.filter((q) =>
      byQueue.has(q),
    );
    if (!queues || queues.length === 0) unassigned.push(agent);
    else for (const q of queues) byQueue.get(q)!.push(agent);
  }
  const order = (a: LiveAgent, b: LiveAgent) =>
    ACTIVITY_ORDER[a.activity] - ACTIVITY_ORDER[b.activity] || a.agent.localeCompare(b.agent);
  return {
    asOf: now.toISOString(),
    source: ports.queueNow.source,
    queues: names.map((queue) => ({
      queue,
      ...(figures.get(queue) ?? ZERO_FIGURES),
      agents: byQueue.get(queue)!.sort(order),
    })),
    unassignedAgents: unassigned.sort(order),
  };
}
