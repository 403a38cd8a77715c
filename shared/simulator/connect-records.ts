/**
 * What Amazon Connect streams about a contact, built from a simulated call, so the sandbox's agents table and
 * interactions table fill the way they do in AWS (and `santral kpi report --by agent` has real figures):
 *
 * - **agent events** in the shape of Connect's agent event stream
 *   (https://docs.aws.amazon.com/connect/latest/adminguide/agent-event-stream-model.html, the sample in
 *   ../shared/corpus/aws-samples/agent-event.heartbeat.json): a STATE_CHANGE when the contact is offered to the
 *   agent (contact state CONNECTING), when they are connected (CONNECTED), when the conversation ends and
 *   after-contact work begins (ENDED), and when they leave ACW (the contact is cleared from the snapshot; the
 *   agent status stays Available throughout, as in Connect), with a HEART_BEAT every 120 s without another
 *   event. Each carries the previous and current snapshot; event ids derive from the contact id, so the same
 *   simulated contact re-emitted changes nothing (the processor is idempotent).
 * - the **contact record** (CTR, contact-record-data-model): initiation, queue (enqueue → dequeue), agent
 *   (talk, ACW), disconnect.
 *
 * The engine does not simulate the conversation itself: it lasts `talkSeconds` (default 180), and ACW the
 * agent's `afterContactWorkSeconds` (or 30 s when that is 0, "until the agent leaves it").
 */
import type { SimAgent } from './agents.ts';
import { agentOfQueueName } from './agents.ts';
import {
  LOCAL_ACCOUNT,
  LOCAL_INSTANCE_ARN,
  localAgentArn,
  localAgentQueueArn,
  localArn,
} from './local-arns.ts';
import type { CallResult } from './types.ts';

export const DEFAULT_TALK_SECONDS = 180;
export const DEFAULT_ACW_SECONDS = 30;
const HEARTBEAT_MS = 120_000;

export type ConnectDocument = Record<string, unknown>;

export interface SimulatedContact {
  contactId: string;
  from: string;
  /** The dialled number (simulated address). */
  to: string;
  startAt: Date;
  initiationMethod?: string;
  result: CallResult;
  /** The agent who answered (the world's agent for `result.agentLeg.agent`). */
  agent?: SimAgent;
  talkSeconds?: number;
}

/** Instants of the agent's part, in ms since the epoch. */
interface AgentTimes {
  enqueued: number;
  offered: number;
  connected: number;
  ended: number;
  acwEnd: number;
}

function agentTimes(c: SimulatedContact): AgentTimes | undefined {
  const leg = c.result.agentLeg;
  if (!leg || !c.agent) return undefined;
  const t0 = c.startAt.getTime();
  const connected = t0 + leg.connectedAt * 1000;
  const ended = connected + (c.talkSeconds ?? DEFAULT_TALK_SECONDS) * 1000;
  const acw = c.agent.afterContactWorkSeconds > 0 ? c.agent.afterContactWorkSeconds : DEFAULT_ACW_SECONDS;
  return {
    enqueued: t0 + leg.enqueuedAt * 1000,
    offered: t0 + leg.offeredAt * 1000,
    connected,
    ended,
    acwEnd: ended + acw * 1000,
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Queue as Connect names it in snapshots and records: an agent's personal queue has no name. */
function queueRef(queue: string): { ARN: string; Name: string | null } {
  const agent = agentOfQueueName(queue);
  return agent !== undefined
    ? { ARN: localAgentQueueArn(agent), Name: null }
    : { ARN: localArn('Queue', queue), Name: queue };
}

/** The agent events of a simulated contact's agent, in time order (empty when no configured agent answered). */
export function simulatedAgentEvents(c: SimulatedContact): ConnectDocument[] {
  const times = agentTimes(c);
  const leg = c.result.agentLeg;
  const agent = c.agent;
  if (!times || !leg || !agent) return [];
  const arn = localAgentArn(agent.login);
  const available = {
    Name: 'Available',
    Type: 'ROUTABLE',
    ARN: `${LOCAL_INSTANCE_ARN}/agent-state/available`,
    StartTimestamp: iso(c.startAt.getTime()),
  };
  const configuration = {
    Username: agent.login,
    FirstName: agent.firstName,
    LastName: agent.lastName,
    AgentHierarchyGroups: null,
    RoutingProfile: {
      Name: agent.routingProfile,
      ARN: `${LOCAL_INSTANCE_ARN}/routing-profile/${agent.routingProfile.toLowerCase().replace(/\W+/g, '-')}`,
      InboundQueues: [
        { ...queueRef(`agent/${agent.login}`), Channels: ['VOICE'] },
        ...[...agent.queues.keys()].map((q) => ({ ...queueRef(q), Channels: ['VOICE'] })),
      ],
    },
  };
  const contact = (state: string, since: number) => ({
    ContactId: c.contactId,
    InitialContactId: c.contactId,
    Channel: 'VOICE',
    InitiationMethod: c.initiationMethod ?? 'INBOUND',
    State: state,
    StateStartTimestamp: iso(since),
    QueueTimestamp: iso(times.enqueued),
    ...(state === 'CONNECTING' ? {} : { ConnectedToAgentTimestamp: iso(times.connected) }),
    Queue: queueRef(leg.queue),
  });
  const snapshot = (contacts: unknown[]) => ({
    AgentStatus: available,
    Configuration: configuration,
    Contacts: contacts,
  });
  const steps: Array<{ at: number; snap: ReturnType<typeof snapshot> }> = [
    { at: times.offered, snap: snapshot([contact('CONNECTING', times.offered)]) },
    { at: times.connected, snap: snapshot([contact('CONNECTED', times.connected)]) },
    { at: times.ended, snap: snapshot([contact('ENDED', times.ended)]) },
    { at: times.acwEnd, snap: snapshot([]) },
  ];
  const out: ConnectDocument[] = [];
  let n = 0;
  let previous = snapshot([]);
  let last = times.offered;
  const emit = (type: string, at: number, current: typeof previous, prev?: typeof previous) =>
    out.push({
      AWSAccountId: LOCAL_ACCOUNT,
      AgentARN: arn,
      EventId: `${c.contactId}-agent-${String(++n).padStart(3, '0')}`,
      EventTimestamp: iso(at),
      EventType: type,
      InstanceARN: LOCAL_INSTANCE_ARN,
      CurrentAgentSnapshot: current,
      ...(prev ? { PreviousAgentSnapshot: prev } : {}),
      Version: '2017-10-01',
    });
  for (const step of steps) {
    for (let t = last + HEARTBEAT_MS; t < step.at; t += HEARTBEAT_MS) {
      emit('HEART_BEAT', t, previous);
      last = t;
    }
    emit('STATE_CHANGE', step.at, step.snap, previous);
    previous = step.snap;
    last = step.at;
  }
  return out;
}

/** The contact record (CTR) of a simulated call, as Connect streams it when the contact is done. */
export function simulatedContactRecord(c: SimulatedContact): ConnectDocument {
  const t0 = c.startAt.getTime();
  const { trace, events } = c.result;
  const callEnd = t0 + Math.max(0, ...events.map((e) => e.seconds)) * 1000;
  const times = agentTimes(c);
  const leg = c.result.agentLeg;
  const queued = trace.outcome.type === 'queued' && trace.outcome.queue !== undefined;
  const queueName = leg?.queue ?? (queued ? trace.outcome.queue : undefined);
  const enqueued = times?.enqueued ?? callEnd;
  const dequeued = times?.offered ?? callEnd;
  const disconnect = times?.ended ?? callEnd;
  // Unanswered and queued: the caller gave up (abandoned). A flow that ended the call: the flow disconnected.
  const reason = times
    ? 'CUSTOMER_DISCONNECT'
    : queued || trace.outcome.reason === 'caller hung up'
      ? 'CUSTOMER_DISCONNECT'
      : trace.outcome.type === 'transferred'
        ? 'THIRD_PARTY_DISCONNECT'
        : 'CONTACT_FLOW_DISCONNECT';
  return {
    AWSAccountId: LOCAL_ACCOUNT,
    InstanceARN: LOCAL_INSTANCE_ARN,
    ContactId: c.contactId,
    InitialContactId: null,
    PreviousContactId: null,
    NextContactId: null,
    Channel: 'VOICE',
    InitiationMethod: c.initiationMethod ?? 'INBOUND',
    InitiationTimestamp: iso(t0),
    ConnectedToSystemTimestamp: iso(t0),
    DisconnectTimestamp: iso(disconnect),
    DisconnectReason: reason,
    LastUpdateTimestamp: iso(times?.acwEnd ?? disconnect),
    CustomerEndpoint: { Address: c.from, Type: 'TELEPHONE_NUMBER' },
    SystemEndpoint: { Address: c.to, Type: 'TELEPHONE_NUMBER' },
    Attributes: { ...trace.attributes },
    Queue: queueName
      ? {
          ...queueRef(queueName),
          EnqueueTimestamp: iso(enqueued),
          DequeueTimestamp: iso(dequeued),
          Duration: Math.round((dequeued - enqueued) / 1000),
        }
      : null,
    Agent:
      times && c.agent
        ? {
            ARN: localAgentArn(c.agent.login),
            Username: c.agent.login,
            RoutingProfile: { Name: c.agent.routingProfile },
            ConnectedToAgentTimestamp: iso(times.connected),
            AgentInteractionDuration: Math.round((times.ended - times.connected) / 1000),
            CustomerHoldDuration: 0,
            NumberOfHolds: 0,
            LongestHoldDuration: 0,
            AfterContactWorkStartTimestamp: iso(times.ended),
            AfterContactWorkEndTimestamp: iso(times.acwEnd),
            AfterContactWorkDuration: Math.round((times.acwEnd - times.ended) / 1000),
          }
        : null,
    Recording: null,
    Recordings: null,
  };
}
