import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { activityOf, isAgentEventShape, isAgentEventText, parseAgentEvent } from '#shared/agents/events.ts';
import {
  type AgentState,
  type AgentStore,
  processAgentEvents,
  type StateWriteOutcome,
} from '#shared/agents/processor.ts';
import {
  AGENT_INTERVAL_MS,
  type AgentTime,
  addAgentTime,
  agentTimeOf,
  decodeSegment,
  emptyAgentTime,
} from '#shared/agents/timeline.ts';
import {
  type AgentEventDoc,
  type AgentStep,
  agentEvents,
  typicalHalfHour,
} from '../../fixtures/agents/factory.ts';

const CORPUS = resolve(import.meta.dirname, '../../../../shared/corpus/aws-samples');
const heartbeat = () => JSON.parse(readFileSync(resolve(CORPUS, 'agent-event.heartbeat.json'), 'utf8'));

/** The agents table's semantics in memory: newest-wins state, string-set union per interval. */
class MemoryAgentStore implements AgentStore {
  readonly states = new Map<string, AgentState>();
  readonly intervals = new Map<string, Set<string>>();
  async putStateIfNewer(state: AgentState): Promise<StateWriteOutcome> {
    const old = this.states.get(state.agentId);
    if (old && old.eventVersion > state.eventVersion) return 'stale';
    this.states.set(state.agentId, state);
    return old?.eventVersion === state.eventVersion ? 'duplicate' : 'applied';
  }
  async addIntervalSegments(agentId: string, start: number, segments: string[]): Promise<void> {
    const key = `${agentId}|${new Date(start).toISOString()}`;
    const set = this.intervals.get(key) ?? new Set();
    for (const s of segments) set.add(s);
    this.intervals.set(key, set);
  }
  timeOf(agentId: string): AgentTime {
    let total = emptyAgentTime();
    for (const [k, segs] of this.intervals)
      if (k.startsWith(`${agentId}|`)) total = addAgentTime(total, agentTimeOf([...segs].map(decodeSegment)));
    return total;
  }
  snapshot() {
    return {
      states: Object.fromEntries([...this.states].sort()),
      intervals: Object.fromEntries([...this.intervals].sort().map(([k, v]) => [k, [...v].sort()])),
    };
  }
}

const T0 = Date.parse('2026-11-03T09:00:00Z');

describe('agent events: parsing', () => {
  it("parses AWS's sample HEART_BEAT and tells it apart from a contact record", () => {
    const doc = heartbeat();
    expect(isAgentEventShape(doc)).toBe(true);
    expect(isAgentEventText(JSON.stringify(doc))).toBe(true);
    const event = parseAgentEvent(doc);
    expect(event.EventType).toBe('HEART_BEAT');
    expect(activityOf(event.CurrentAgentSnapshot)).toBe('available');
    expect(isAgentEventShape({ ContactId: 'c', AgentARN: 'x', EventType: 'y' })).toBe(false);
    expect(isAgentEventText('{"ContactId":"c","InitiationMethod":"INBOUND"}')).toBe(false);
    expect(isAgentEventText('not json "AgentARN"')).toBe(false);
  });

  it('keeps an event type and fields Connect may add later', () => {
    const event = parseAgentEvent({ ...heartbeat(), EventType: 'SOMETHING_NEW', NewField: { a: 1 } });
    expect(event.EventType).toBe('SOMETHING_NEW');
  });

  it('rejects a lenient timestamp with the field named', () => {
    expect(() => parseAgentEvent({ ...heartbeat(), EventTimestamp: '7' })).toThrow(
      /EventTimestamp: expected an ISO-8601 instant/,
    );
  });

  it('derives the activity from the contact states first, then the status', () => {
    const snap = (status: { Name: string; Type?: string }, states: string[]) => ({
      AgentStatus: status,
      Contacts: states.map((State) => ({ State })),
    });
    expect(activityOf(snap({ Name: 'Available', Type: 'ROUTABLE' }, ['CONNECTED_ONHOLD', 'ENDED']))).toBe(
      'onContact',
    );
    expect(activityOf(snap({ Name: 'Available', Type: 'ROUTABLE' }, ['CONNECTING']))).toBe('incoming');
    expect(activityOf(snap({ Name: 'Available', Type: 'ROUTABLE' }, ['ENDED']))).toBe('afterContactWork');
    expect(activityOf(snap({ Name: 'Lunch', Type: 'CUSTOM' }, []))).toBe('nonProductive');
    expect(activityOf(snap({ Name: 'Offline', Type: 'OFFLINE' }, []))).toBe('offline');
    expect(activityOf(undefined)).toBe('offline');
  });
});

describe('agent events: state and time', () => {
  it('keeps the current state and the time per activity of a typical half hour', async () => {
    const store = new MemoryAgentStore();
    const events = typicalHalfHour('a1', T0);
    const outcomes = await processAgentEvents(store, events);
    expect(outcomes.every((o) => o.outcome === 'applied')).toBe(true);
    expect(store.states.get('a1')).toMatchObject({
      username: 'u-a1',
      status: 'Available',
      activity: 'available',
      since: '2026-11-03T09:25:00.000Z',
      eventType: 'HEART_BEAT',
      eventAt: '2026-11-03T09:29:00.000Z',
    });
    // 09:00–09:02 available, ringing 10 s, on the call (hold included) to 09:07, ACW to 09:08, available to
    // 09:20, break to 09:25, available to the last heartbeat at 09:29.
    expect(store.timeOf('a1')).toEqual({
      available: 120 + 720 + 240,
      incoming: 10,
      onContact: 290,
      afterContactWork: 60,
      nonProductive: 300,
      offline: 0,
      online: 29 * 60,
    });
    expect([...store.intervals.keys()]).toEqual([
      'a1|2026-11-03T09:00:00.000Z',
      'a1|2026-11-03T09:15:00.000Z',
    ]);
  });

  it('the state shows the contact and when the call began while the agent is on it', async () => {
    const store = new MemoryAgentStore();
    await processAgentEvents(
      store,
      typicalHalfHour('a2', T0).filter((e) => Date.parse(String(e['EventTimestamp'])) <= T0 + 4.5 * 60_000),
    );
    expect(store.states.get('a2')).toMatchObject({
      activity: 'onContact',
      contactId: 'c-a2-1',
      since: '2026-11-03T09:04:00.000Z',
    });
  });

  it('reports a never-parsable record as invalid with its reason and applies the rest', async () => {
    const store = new MemoryAgentStore();
    const out = await processAgentEvents(store, ['{', JSON.stringify(heartbeat()), { AgentARN: 'x' }]);
    expect(out[0]).toEqual({ outcome: 'invalid', reason: '(root): not JSON' });
    expect(out[1]).toMatchObject({ outcome: 'applied', agentId: 'agent-ARN' });
    expect(out[2]).toMatchObject({ outcome: 'invalid', reason: expect.stringContaining('EventId') });
  });

  it('reports the records of a failed write as failed (and only those)', async () => {
    const store = new MemoryAgentStore();
    const failing: AgentStore = {
      putStateIfNewer: (s) =>
        s.agentId === 'bad' ? Promise.reject(new Error('throttled')) : store.putStateIfNewer(s),
      addIntervalSegments: (a, i, s) => store.addIntervalSegments(a, i, s),
    };
    const out = await processAgentEvents(failing, [
      ...typicalHalfHour('bad', T0).slice(0, 3),
      ...typicalHalfHour('ok', T0).slice(0, 3),
    ]);
    expect(out.map((o) => o.outcome)).toEqual([
      'failed',
      'failed',
      'failed',
      'applied',
      'applied',
      'applied',
    ]);
  });
});

/** A random working day of one agent as steps: calls (ring, talk with optional hold, ACW), breaks, idle gaps. */
const dayArb = fc
  .array(
    fc.oneof(
      fc.record({
        kind: fc.constant('call' as const),
        gap: fc.integer({ min: 1, max: 900 }),
        ring: fc.integer({ min: 1, max: 30 }),
        talk: fc.integer({ min: 5, max: 1200 }),
        hold: fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }),
        acw: fc.integer({ min: 0, max: 300 }),
      }),
      fc.record({
        kind: fc.constant('break' as const),
        gap: fc.integer({ min: 1, max: 900 }),
        length: fc.integer({ min: 60, max: 1800 }),
      }),
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map((items) => {
    const steps: AgentStep[] = [{ at: T0, status: 'Available' }];
    const truth = emptyAgentTime();
    let t = T0;
    let n = 0;
    for (const it of items) {
      t += it.gap * 1000;
      truth.available += it.gap;
      if (it.kind === 'break') {
        steps.push({ at: t, status: 'Break' }, { at: t + it.length * 1000, status: 'Available' });
        truth.nonProductive += it.length;
        t += it.length * 1000;
      } else {
        const c = `c${++n}`;
        steps.push(
          { at: t, contact: c, state: 'CONNECTING' },
          { at: t + it.ring * 1000, contact: c, state: 'CONNECTED' },
        );
        truth.incoming += it.ring;
        t += it.ring * 1000;
        if (it.hold) {
          const half = Math.floor(it.talk / 2);
          steps.push(
            { at: t + half * 1000, contact: c, state: 'CONNECTED_ONHOLD' },
            { at: t + (half + it.hold) * 1000, contact: c, state: 'CONNECTED' },
          );
          t += it.hold * 1000;
          truth.onContact += it.hold;
        }
        t += it.talk * 1000;
        truth.onContact += it.talk;
        steps.push({ at: t, contact: c, state: 'ENDED' });
        if (it.acw > 0) {
          t += it.acw * 1000;
          truth.afterContactWork += it.acw;
        }
        steps.push({ at: t, contact: c, state: 'CLEARED' });
      }
    }
    const end = t + 60_000;
    truth.available += 60;
    steps.push({ at: end, status: 'Offline' });
    truth.online =
      truth.available + truth.incoming + truth.onContact + truth.afterContactWork + truth.nonProductive;
    return { steps, end, truth };
  });

describe('agent events: properties', () => {
  it('time per activity equals what the agent did (events in order, heartbeats every 120 s)', async () => {
    await fc.assert(
      fc.asyncProperty(dayArb, async ({ steps, end, truth }) => {
        const store = new MemoryAgentStore();
        await processAgentEvents(store, agentEvents('p', steps, end));
        expect(store.timeOf('p')).toEqual(truth);
      }),
      { numRuns: 60 },
    );
  });

  it('any order, any re-delivery and any batching of the events give the same state and interval items', async () => {
    await fc.assert(
      fc.asyncProperty(
        dayArb,
        dayArb,
        fc.array(fc.nat(), { minLength: 1, maxLength: 400 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 20 }),
        async (a, b, picks, sizes) => {
          const events = [...agentEvents('x', a.steps, a.end), ...agentEvents('y', b.steps, b.end)];
          const inOrder = new MemoryAgentStore();
          await processAgentEvents(inOrder, events);
          // Shuffled (picks drive a Fisher–Yates), with duplicates, delivered in batches of varying sizes.
          const delivered: AgentEventDoc[] = [...events];
          for (let i = delivered.length - 1; i > 0; i--) {
            const j = (picks[i % picks.length] ?? 0) % (i + 1);
            [delivered[i], delivered[j]] = [delivered[j]!, delivered[i]!];
          }
          for (const p of picks.slice(0, 30)) delivered.push(events[p % events.length]!);
          const shuffled = new MemoryAgentStore();
          let at = 0;
          for (let k = 0; at < delivered.length; k++) {
            const size = sizes[k % sizes.length]!;
            await processAgentEvents(shuffled, delivered.slice(at, at + size));
            at += size;
          }
          expect(shuffled.snapshot()).toEqual(inOrder.snapshot());
          expect(shuffled.timeOf('x')).toEqual(a.truth);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('interval items never hold time outside their quarter hour', async () => {
    await fc.assert(
      fc.asyncProperty(dayArb, async ({ steps, end }) => {
        const store = new MemoryAgentStore();
        await processAgentEvents(store, agentEvents('q', steps, end));
        for (const [key, segs] of store.intervals) {
          const start = Date.parse(key.split('|')[1]!);
          for (const s of [...segs].map(decodeSegment)) {
            expect(s.from).toBeGreaterThanOrEqual(start);
            expect(s.to).toBeLessThanOrEqual(start + AGENT_INTERVAL_MS);
          }
        }
      }),
      { numRuns: 30 },
    );
  });
});
