/**
 * An agent's time, rebuilt from agent events so that it does not depend on the order (or the number of
 * times) the events arrive.
 *
 * Every event vouches for stretches of the agent's timeline, called segments: its CurrentAgentSnapshot says
 * "activity A since S, and it is now T" → [S, T) was A; a STATE_CHANGE/LOGIN/LOGOUT's PreviousAgentSnapshot
 * says the same of the previous activity up to the change. A HEART_BEAT's previous snapshot is not used
 * (Connect publishes heartbeats while nothing changed; AWS's own sample carries a contradictory previous
 * status). A segment vouches for at most {@link SEGMENT_COVER_MS} before its event: heartbeats come every
 * 120 s, so consecutive events overlap even if a few are lost, and one event never rewrites hours of history.
 *
 * Segments are stored clipped to quarter-hour intervals as strings in a DynamoDB string set (ADD is
 * idempotent and commutative: re-delivery and any arrival order give the same set). Where segments overlap,
 * the one whose activity started latest wins (it saw a later transition: a heartbeat saying "available since
 * 10:00" at 10:09 does not overwrite the contact the agent took at 10:01), then the later event, then a fixed
 * activity order — a pure function of the set, so the figures are too.
 */
import {
  AGENT_ACTIVITIES,
  type AgentActivity,
  type AgentEvent,
  activityOf,
  activityStartOf,
} from './events.ts';

/** Quarter hours: the finest report interval; coarser ones (hour, day, week) are sums of these. */
export const AGENT_INTERVAL_MS = 15 * 60_000;
/** How far back one event vouches for its activity (5 heartbeat periods). */
export const SEGMENT_COVER_MS = 10 * 60_000;

export interface Segment {
  /** When the activity started (priority: later origin wins an overlap). */
  origin: number;
  from: number;
  to: number;
  /** The event's timestamp (second tie-break). */
  event: number;
  activity: AgentActivity;
}

export function segmentsOf(event: AgentEvent): Segment[] {
  const at = Date.parse(event.EventTimestamp);
  const out: Segment[] = [];
  const vouch = (snapshot: AgentEvent['CurrentAgentSnapshot']) => {
    const origin = activityStartOf(snapshot, at);
    if (origin === undefined || origin >= at) return;
    out.push({
      origin,
      from: Math.max(origin, at - SEGMENT_COVER_MS),
      to: at,
      event: at,
      activity: activityOf(snapshot),
    });
  };
  vouch(event.CurrentAgentSnapshot);
  if (event.EventType !== 'HEART_BEAT' && event.PreviousAgentSnapshot) vouch(event.PreviousAgentSnapshot);
  return out;
}

export const intervalStartOf = (ms: number, size = AGENT_INTERVAL_MS) => Math.floor(ms / size) * size;

/** A segment cut at quarter-hour boundaries: [intervalStart, piece] pairs. */
export function clipToIntervals(s: Segment): Array<{ intervalStart: number; segment: Segment }> {
  const out: Array<{ intervalStart: number; segment: Segment }> = [];
  for (let start = intervalStartOf(s.from); start < s.to; start += AGENT_INTERVAL_MS) {
    const from = Math.max(s.from, start);
    const to = Math.min(s.to, start + AGENT_INTERVAL_MS);
    if (from < to) out.push({ intervalStart: start, segment: { ...s, from, to } });
  }
  return out;
}

export const encodeSegment = (s: Segment) => `${s.origin}|${s.from}|${s.to}|${s.event}|${s.activity}`;

export class InvalidSegmentError extends Error {
  override readonly name = 'InvalidSegmentError';
}

export function decodeSegment(text: string): Segment {
  const parts = text.split('|');
  const nums = parts.slice(0, 4).map(Number);
  const activity = parts[4] as AgentActivity;
  if (
    parts.length !== 5 ||
    nums.some((n) => !Number.isSafeInteger(n)) ||
    !AGENT_ACTIVITIES.includes(activity)
  )
    throw new InvalidSegmentError(
      `agent time segment "${text.slice(0, 80)}": expected origin|from|to|event|activity`,
    );
  const [origin, from, to, event] = nums as [number, number, number, number];
  return { origin, from, to, event, activity };
}

/** Seconds per activity, plus `online` (every activity but offline). */
export type AgentTime = Record<AgentActivity | 'online', number>;

export const emptyAgentTime = (): AgentTime => ({
  onContact: 0,
  incoming: 0,
  afterContactWork: 0,
  available: 0,
  nonProductive: 0,
  offline: 0,
  online: 0,
});

const ACTIVITY_RANK = new Map(AGENT_ACTIVITIES.map((a, i) => [a, i]));
function wins(a: Segment, b: Segment): boolean {
  if (a.origin !== b.origin) return a.origin > b.origin;
  if (a.event !== b.event) return a.event > b.event;
  return (ACTIVITY_RANK.get(a.activity) ?? 0) < (ACTIVITY_RANK.get(b.activity) ?? 0);
}

/** The agent's time over a set of segments (one agent): each instant counted once, for its winning activity. */
export function agentTimeOf(segments: Iterable<Segment>): AgentTime {
  const list = [...segments];
  const bounds = [...new Set(list.flatMap((s) => [s.from, s.to]))].sort((a, b) => a - b);
  const ms = emptyAgentTime();
  for (let i = 0; i + 1 < bounds.length; i++) {
    const from = bounds[i]!;
    const to = bounds[i + 1]!;
    let best: Segment | undefined;
    for (const s of list) if (s.from <= from && s.to >= to && (!best || wins(s, best))) best = s;
    if (best) ms[best.activity] += to - from;
  }
  const out = emptyAgentTime();
  for (const a of AGENT_ACTIVITIES) out[a] = ms[a] / 1000;
  out.online = AGENT_ACTIVITIES.filter((a) => a !== 'offline').reduce((sum, a) => sum + out[a], 0);
  return out;
}

export function addAgentTime(a: AgentTime, b: AgentTime): AgentTime {
  const out = emptyAgentTime();
  for (const k of Object.keys(out) as (keyof AgentTime)[]) out[k] = a[k] + b[k];
  return out;
}
