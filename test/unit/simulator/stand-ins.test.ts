import { ConnectClient, GetCurrentMetricDataCommand, ListQueuesCommand } from '@aws-sdk/client-connect';
import { describe, expect, it } from 'vitest';
import { currentMetricsFor, useConnectStandIn } from '#shared/simulator/connect-stand-in.ts';
import { responseProblem } from '#shared/simulator/lambda-invoker.ts';
import { LOCAL_INSTANCE_ID, localArn, localResourceId, parseLocalArn } from '#shared/simulator/local-arns.ts';
import { atSimulatedTime } from '#shared/simulator/simulated-clock.ts';
import type { QueueState } from '#shared/simulator/types.ts';

describe('local pseudo-ARNs', () => {
  it('are shaped like Connect ARNs (UUID ids) and map back to the name', () => {
    const arn = localArn('Queue', 'Support TR');
    expect(arn).toMatch(
      /^arn:aws:connect:us-east-1:\d{12}:instance\/[0-9a-f-]{36}\/queue\/[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(parseLocalArn(arn)).toEqual({ kind: 'Queue', name: 'Support TR' });
    expect(parseLocalArn(localResourceId('Queue', 'Support TR'))).toEqual({
      kind: 'Queue',
      name: 'Support TR',
    });
    expect(localResourceId('Queue', 'Support')).not.toBe(localResourceId('Flow', 'Support'));
    expect(parseLocalArn('arn:aws:connect:us-east-1:111122223333:instance/x/queue/y')).toBeUndefined();
  });
});

describe('Connect stand-in', () => {
  const world = new Map<string, QueueState>([
    ['Support', { staffed: 3, available: 1, inQueue: 2 }],
    ['Billing', { staffed: 0, available: 0 }],
  ]);

  it('reports the simulated queue as GetCurrentMetricData would, and omits idle queues', () => {
    const support = localResourceId('Queue', 'Support');
    localArn('Queue', 'Billing');
    const results = currentMetricsFor(
      {
        InstanceId: LOCAL_INSTANCE_ID,
        Filters: { Queues: [support, localResourceId('Queue', 'Billing')] },
        CurrentMetrics: [
          { Name: 'AGENTS_AVAILABLE', Unit: 'COUNT' },
          { Name: 'AGENTS_STAFFED', Unit: 'COUNT' },
          { Name: 'CONTACTS_IN_QUEUE', Unit: 'COUNT' },
        ],
      },
      world,
    );
    expect(results).toHaveLength(1);
    expect(results[0]?.Collections?.map((c) => [c.Metric?.Name, c.Value])).toEqual([
      ['AGENTS_AVAILABLE', 1],
      ['AGENTS_STAFFED', 3],
      ['CONTACTS_IN_QUEUE', 2],
    ]);
  });

  it('answers the SDK client in-process and refuses every other Connect call', async () => {
    useConnectStandIn(world);
    const connect = new ConnectClient({ region: 'us-east-1' });
    const out = await connect.send(
      new GetCurrentMetricDataCommand({
        InstanceId: LOCAL_INSTANCE_ID,
        Filters: { Queues: [localResourceId('Queue', 'Support')] },
        CurrentMetrics: [{ Name: 'AGENTS_ONLINE', Unit: 'COUNT' }],
      }),
    );
    expect(out.MetricResults?.[0]?.Collections?.[0]?.Value).toBe(3);
    await expect(connect.send(new ListQueuesCommand({ InstanceId: LOCAL_INSTANCE_ID }))).rejects.toThrow(
      /not available in the simulator/,
    );
  });
});

describe('simulated clock', () => {
  it('shows handlers the simulated time while they run, then restores the real clock', async () => {
    const at = new Date('2026-12-25T16:00:00Z');
    const seen = await atSimulatedTime(at, async () => {
      await new Promise((r) => setTimeout(r, 5));
      return {
        now: Date.now(),
        date: new Date().toISOString(),
        parsed: new Date('2020-01-01T00:00:00Z').getTime(),
      };
    });
    expect(seen.now - at.getTime()).toBeGreaterThanOrEqual(0);
    expect(seen.now - at.getTime()).toBeLessThan(5_000);
    expect(seen.date.startsWith('2026-12-25T16:00')).toBe(true);
    expect(seen.parsed).toBe(Date.UTC(2020, 0, 1));
    expect(Math.abs(Date.now() - performance.timeOrigin - performance.now())).toBeLessThan(5_000);
  });
});

describe("Connect's Lambda response rules", () => {
  it('accepts a flat string map and rejects nested, non-string and oversized answers', () => {
    expect(responseProblem({ a: 'b' }, 'STRING_MAP')).toBeUndefined();
    expect(responseProblem({ a: 1 }, 'STRING_MAP')).toBe('STRING_MAP value "a" is number, not a string');
    expect(responseProblem({ a: { b: 'c' } }, 'JSON')).toBeUndefined();
    expect(responseProblem({ a: 'x'.repeat(33_000) }, 'JSON')).toMatch(/Connect accepts under 32768/);
    expect(responseProblem('ok', 'JSON')).toBe('expected an object, got string');
  });
});
