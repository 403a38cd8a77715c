/**
 * Amazon Connect has no emulator, so inside the simulator the Connect API the handlers call is answered
 * from the simulated world (ARCHITECTURE.md principle 1: mock only what has no emulator, with
 * aws-sdk-client-mock). GetCurrentMetricData reports the world's queues (staffed/available agents,
 * contacts waiting), so the route Lambda's callback offer and wait estimate react to `--agents`.
 * Any other Connect call fails, as it would without access: handlers must fall back to their defaults.
 */
import {
  ConnectClient,
  type CurrentMetricResult,
  GetCurrentMetricDataCommand,
  type GetCurrentMetricDataCommandInput,
} from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import { localArn, parseLocalArn } from './local-arns.ts';
import type { QueueState } from './types.ts';

export class ConnectUnavailableError extends Error {
  override name = 'ConnectUnavailableError';
}

let queues: ReadonlyMap<string, QueueState> = new Map();
let installed = false;

/** Current metrics for the queues in a GetCurrentMetricData request, from the world. */
export function currentMetricsFor(
  input: GetCurrentMetricDataCommandInput,
  world: ReadonlyMap<string, QueueState>,
): CurrentMetricResult[] {
  const results: CurrentMetricResult[] = [];
  for (const id of input.Filters?.Queues ?? []) {
    const ref = parseLocalArn(id);
    const q = ref?.kind === 'Queue' ? world.get(ref.name) : undefined;
    if (!ref || !q || (q.staffed === 0 && (q.inQueue ?? 0) === 0)) continue; // Connect omits idle queues
    const value: Record<string, number> = {
      AGENTS_AVAILABLE: q.available,
      AGENTS_ONLINE: q.staffed,
      AGENTS_STAFFED: q.staffed,
      CONTACTS_IN_QUEUE: q.inQueue ?? 0,
      OLDEST_CONTACT_AGE: 0,
    };
    results.push({
      Dimensions: { Queue: { Id: id, Arn: localArn('Queue', ref.name) } },
      Collections: (input.CurrentMetrics ?? []).map((m) => ({
        Metric: m,
        Value: m.Name ? (value[m.Name] ?? 0) : 0,
      })),
    });
  }
  return results;
}

/** Answer Connect calls in this process from `world` (installed once; later calls swap the world). */
export function useConnectStandIn(world: ReadonlyMap<string, QueueState>): void {
  queues = world;
  if (installed) return;
  installed = true;
  const connect = mockClient(ConnectClient);
  connect
    .onAnyCommand()
    .rejects(new ConnectUnavailableError('Amazon Connect is not available in the simulator'));
  connect.on(GetCurrentMetricDataCommand).callsFake((input: GetCurrentMetricDataCommandInput) => ({
    MetricResults: currentMetricsFor(input, queues),
  }));
}
