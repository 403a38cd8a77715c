/**
 * Amazon Connect agent events as the agent event stream publishes them to Kinesis
 * (https://docs.aws.amazon.com/connect/latest/adminguide/agent-event-stream-model.html): LOGIN, LOGOUT,
 * STATE_CHANGE and HEART_BEAT (every 120 s while nothing else happened, and "up to an hour after an agent has
 * logged off"). Each event carries the agent's CurrentAgentSnapshot (status, configuration, contacts) and,
 * usually, the PreviousAgentSnapshot.
 *
 * Parsing is permissive (`.loose()`, unknown EventType values kept): Connect adds fields and event types over
 * time. Only what the agent figures use is checked; instants must be strict ISO-8601 instants.
 *
 * From a snapshot we derive the agent's *activity* — one of a small set Connect's agent metrics are built
 * on (historical-metrics-definitions.html: Online time, Agent idle time, Agent on contact time, After contact
 * work time, Non-productive time):
 * - `onContact`        a contact in State CONNECTED or CONNECTED_ONHOLD (on a contact, hold included)
 * - `incoming`         a contact being offered (CONNECTING, or a callback INCOMING/PENDING) and none connected
 * - `afterContactWork` a contact in State ENDED ("the conversation has ended, and the agent has started doing
 *                      ACW for that contact", about-contact-states.html) and none connected or offered
 * - `available`        no contacts and a routable status (Type ROUTABLE, or Name "Available")
 * - `nonProductive`    no contacts and a custom status (break, lunch, training…)
 * - `offline`          status Type OFFLINE / Name "Offline", or no snapshot (logged out)
 */
import { z } from 'zod';
import { isInstant } from '../time/strict.ts';

const instant = z.string().refine(isInstant, 'expected an ISO-8601 instant with an offset');

const statusSchema = z
  .object({
    Name: z.string().nullish(),
    Type: z.string().nullish(),
    ARN: z.string().nullish(),
    StartTimestamp: instant.nullish(),
  })
  .loose();

const contactSchema = z
  .object({
    ContactId: z.string().nullish(),
    InitialContactId: z.string().nullish(),
    Channel: z.string().nullish(),
    InitiationMethod: z.string().nullish(),
    State: z.string().nullish(),
    StateStartTimestamp: instant.nullish(),
    ConnectedToAgentTimestamp: instant.nullish(),
    QueueTimestamp: instant.nullish(),
    Queue: z.object({ ARN: z.string().nullish(), Name: z.string().nullish() }).loose().nullish(),
  })
  .loose();

const snapshotSchema = z
  .object({
    AgentStatus: statusSchema.nullish(),
    Configuration: z
      .object({
        Username: z.string().nullish(),
        RoutingProfile: z.object({ Name: z.string().nullish() }).loose().nullish(),
      })
      .loose()
      .nullish(),
    Contacts: z.array(contactSchema).nullish(),
  })
  .loose();

/** Agent ARNs end in `/agent/<id>`; ids are UUIDs, 256 characters is a generous bound for a DynamoDB key. */
export const agentEventSchema = z
  .object({
    AgentARN: z.string().min(1).max(1024),
    EventId: z.string().min(1).max(256),
    EventType: z.string().min(1).max(64),
    EventTimestamp: instant,
    InstanceARN: z.string().nullish(),
    CurrentAgentSnapshot: snapshotSchema.nullish(),
    PreviousAgentSnapshot: snapshotSchema.nullish(),
  })
  .loose();

export type AgentEvent = z.infer<typeof agentEventSchema>;
export type AgentSnapshot = z.infer<typeof snapshotSchema>;

export type AgentActivity =
  | 'onContact'
  | 'incoming'
  | 'afterContactWork'
  | 'available'
  | 'nonProductive'
  | 'offline';
export const AGENT_ACTIVITIES: readonly AgentActivity[] = [
  'onContact',
  'incoming',
  'afterContactWork',
  'available',
  'nonProductive',
  'offline',
];

export class InvalidAgentEventError extends Error {
  override readonly name = 'InvalidAgentEventError';
  constructor(
    message: string,
    readonly issues: string[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Does this JSON document look like an agent event rather than a contact record? Both can arrive on one
 * Kinesis stream (an instance configured to send AGENT_EVENTS to the CTR stream, or a mixed `ctr ingest`
 * file). An agent event has `AgentARN` and `EventType` and no `ContactId` at its root.
 */
export function isAgentEventShape(doc: unknown): boolean {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return false;
  const o = doc as Record<string, unknown>;
  return typeof o['AgentARN'] === 'string' && typeof o['EventType'] === 'string' && !('ContactId' in o);
}

export function parseAgentEvent(input: unknown): AgentEvent {
  const result = agentEventSchema.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new InvalidAgentEventError(`invalid agent event: ${issues.join('; ')}`, issues, {
      cause: result.error,
    });
  }
  return result.data;
}

/** The agent id: the last segment of the agent ARN (`…/instance/<instance>/agent/<id>`). */
export function agentIdOf(event: Pick<AgentEvent, 'AgentARN'>): string {
  const m = /\/agent\/([^/]+)$/.exec(event.AgentARN);
  return m ? m[1]! : event.AgentARN;
}

const CONNECTED = new Set(['CONNECTED', 'CONNECTED_ONHOLD']);
const OFFERED = new Set(['CONNECTING', 'INCOMING', 'PENDING']);

export function activityOf(snapshot: AgentSnapshot | null | undefined): AgentActivity {
  if (!snapshot) return 'offline';
  const states = (snapshot.Contacts ?? []).map((c) => c.State ?? '');
  if (states.some((s) => CONNECTED.has(s))) return 'onContact';
  if (states.some((s) => OFFERED.has(s))) return 'incoming';
  if (states.includes('ENDED')) return 'afterContactWork';
  const status = snapshot.AgentStatus;
  const type = status?.Type?.toUpperCase();
  if (!status || type === 'OFFLINE' || (!type && status.Name === 'Offline')) return 'offline';
  if (type === 'ROUTABLE' || (!type && status.Name === 'Available')) return 'available';
  return 'nonProductive';
}

/**
 * When the snapshot's activity began, as far as the snapshot tells: the latest of the status start and the
 * contacts' state starts, never after the event itself. Undefined when the snapshot has no timestamps.
 */
export function activityStartOf(
  snapshot: AgentSnapshot | null | undefined,
  eventMs: number,
): number | undefined {
  if (!snapshot) return undefined;
  const starts = [
    snapshot.AgentStatus?.StartTimestamp,
    ...(snapshot.Contacts ?? []).map((c) => c.StateStartTimestamp),
  ]
    .filter((t): t is string => typeof t === 'string')
    .map((t) => Date.parse(t));
  if (starts.length === 0) return undefined;
  return Math.min(Math.max(...starts), eventMs);
}

/** The contact the agent is on (connected first, then offered, then in ACW), for the current-state item. */
export function currentContactOf(snapshot: AgentSnapshot | null | undefined): string | undefined {
  const contacts = snapshot?.Contacts ?? [];
  for (const wanted of [CONNECTED, OFFERED, new Set(['ENDED'])]) {
    const c = contacts.find((x) => wanted.has(x.State ?? ''));
    if (c?.ContactId) return c.ContactId;
  }
  return undefined;
}

/** {@link isAgentEventShape} of a Kinesis payload / JSONL line (false when it is not JSON at all). */
export function isAgentEventText(text: string): boolean {
  // Cheap pre-check: a CTR line never carries AgentARN at its root, most lines are CTRs.
  if (!text.includes('"AgentARN"')) return false;
  try {
    return isAgentEventShape(JSON.parse(text));
  } catch {
    return false;
  }
}
