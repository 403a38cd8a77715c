/**
 * The agent-event pipeline's domain step, shared by the Kinesis Lambda (functions/agent-event-processor),
 * the sandbox's `santral agent-events ingest` / `ctr ingest` and the benchmark.
 *
 * A batch of events becomes two kinds of writes, both safe to repeat and independent of arrival order:
 * - the agent's current state (status, activity, contact, since when): a conditional write, newest event
 *   wins (EventTimestamp, then EventId), so an older or re-delivered event never overwrites a newer one;
 * - the agent's time per quarter hour: the event's segments ADDed to a string set (shared/agents/timeline.ts).
 * Writes are grouped per agent and interval, so a batch costs one write per agent and touched interval.
 *
 * Outcomes are data: `applied` (the state is this event's, or its time was added below a newer state of the
 * same batch), `duplicate` (the stored state is this very event), `stale` (a newer state was stored),
 * `invalid` (never parsable: reason given). A store failure is a fault, reported per record as `failed` so
 * the Kinesis mapping retries exactly those records.
 */
import {
  type AgentActivity,
  type AgentEvent,
  activityOf,
  activityStartOf,
  agentIdOf,
  currentContactOf,
  InvalidAgentEventError,
  parseAgentEvent,
} from './events.ts';
import { clipToIntervals, encodeSegment, type Segment, segmentsOf } from './timeline.ts';

export interface AgentState {
  agentId: string;
  username?: string;
  routingProfile?: string;
  /** The agent status name (Available, Offline, a custom status). */
  status?: string;
  activity: AgentActivity;
  /** ISO instant the activity began (as far as the event tells). */
  since: string;
  contactId?: string;
  eventId: string;
  eventType: string;
  eventAt: string;
  /** `<epoch ms, 15 digits>#<EventId>`: sorts like (EventTimestamp, EventId); the write's condition. */
  eventVersion: string;
}

export type StateWriteOutcome = 'applied' | 'duplicate' | 'stale';

export interface AgentStore {
  putStateIfNewer(state: AgentState): Promise<StateWriteOutcome>;
  addIntervalSegments(
    agentId: string,
    intervalStart: number,
    segments: string[],
    username: string | undefined,
  ): Promise<void>;
}

export function agentStateOf(event: AgentEvent): AgentState {
  const at = Date.parse(event.EventTimestamp);
  const snap = event.CurrentAgentSnapshot;
  const since = activityStartOf(snap, at) ?? at;
  const state: AgentState = {
    agentId: agentIdOf(event),
    activity: activityOf(snap),
    since: new Date(since).toISOString(),
    eventId: event.EventId,
    eventType: event.EventType,
    eventAt: new Date(at).toISOString(),
    eventVersion: `${String(at).padStart(15, '0')}#${event.EventId}`,
  };
  const username = snap?.Configuration?.Username ?? event.PreviousAgentSnapshot?.Configuration?.Username;
  if (username) state.username = username;
  const profile = snap?.Configuration?.RoutingProfile?.Name;
  if (profile) state.routingProfile = profile;
  if (snap?.AgentStatus?.Name) state.status = snap.AgentStatus.Name;
  const contactId = currentContactOf(snap);
  if (contactId) state.contactId = contactId;
  return state;
}

export type AgentEventOutcome =
  | { outcome: StateWriteOutcome; agentId: string }
  | { outcome: 'invalid'; reason: string }
  | { outcome: 'failed'; agentId: string; error: Error };

export class AgentStoreWriteError extends Error {
  override readonly name = 'AgentStoreWriteError';
}

/** Parse a Kinesis payload / JSONL line (text) or an already decoded document. */
export function parseAgentEventInput(input: unknown): AgentEvent {
  if (typeof input !== 'string') return parseAgentEvent(input);
  let doc: unknown;
  try {
    doc = JSON.parse(input);
  } catch (err) {
    throw new InvalidAgentEventError('agent event is not JSON', ['(root): not JSON'], { cause: err });
  }
  return parseAgentEvent(doc);
}

/** Process a batch (in stream order); one outcome per input, same index. */
export async function processAgentEvents(
  store: AgentStore,
  inputs: readonly unknown[],
  options: { concurrency?: number } = {},
): Promise<AgentEventOutcome[]> {
  const outcomes: AgentEventOutcome[] = new Array(inputs.length);
  const versions: string[] = new Array(inputs.length);
  const newest = new Map<string, { state: AgentState; records: number[] }>();
  const intervals = new Map<
    string,
    { agentId: string; start: number; username?: string; segments: Set<string>; records: number[] }
  >();
  inputs.forEach((input, i) => {
    let event: AgentEvent;
    try {
      event = parseAgentEventInput(input);
    } catch (err) {
      if (!(err instanceof InvalidAgentEventError)) throw err;
      outcomes[i] = { outcome: 'invalid', reason: err.issues.join('; ') };
      return;
    }
    const state = agentStateOf(event);
    versions[i] = state.eventVersion;
    const group = newest.get(state.agentId) ?? { state, records: [] };
    if (state.eventVersion > group.state.eventVersion) group.state = state;
    group.records.push(i);
    newest.set(state.agentId, group);
    const pieces = segmentsOf(event).flatMap((s: Segment) => clipToIntervals(s));
    for (const { intervalStart, segment } of pieces) {
      const key = `${state.agentId}|${intervalStart}`;
      const iv = intervals.get(key) ?? {
        agentId: state.agentId,
        start: intervalStart,
        segments: new Set(),
        records: [],
      };
      if (state.username) iv.username = state.username;
      iv.segments.add(encodeSegment(segment));
      iv.records.push(i);
      intervals.set(key, iv);
    }
  });

  const failed = new Map<number, Error>();
  const stateOutcome = new Map<string, StateWriteOutcome>();
  const tasks: Array<() => Promise<void>> = [];
  for (const iv of intervals.values()) {
    tasks.push(async () => {
      try {
        await store.addIntervalSegments(iv.agentId, iv.start, [...iv.segments].sort(), iv.username);
      } catch (err) {
        for (const r of iv.records) failed.set(r, asError(err));
      }
    });
  }
  for (const [agentId, g] of newest) {
    tasks.push(async () => {
      try {
        stateOutcome.set(agentId, await store.putStateIfNewer(g.state));
      } catch (err) {
        for (const r of g.records) failed.set(r, asError(err));
      }
    });
  }
  await runLimited(tasks, options.concurrency ?? 8);

  for (const g of newest.values()) {
    for (const r of g.records) {
      const err = failed.get(r);
      if (err) outcomes[r] = { outcome: 'failed', agentId: g.state.agentId, error: err };
      else {
        const own = versions[r] === g.state.eventVersion;
        outcomes[r] = {
          outcome: own ? (stateOutcome.get(g.state.agentId) ?? 'applied') : 'applied',
          agentId: g.state.agentId,
        };
      }
    }
  }
  return outcomes;
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new AgentStoreWriteError(String(err));
}

async function runLimited(tasks: Array<() => Promise<void>>, limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}
