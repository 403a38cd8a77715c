/**
 * Live queue metrics from Amazon Connect (GetCurrentMetricData) for routing decisions. The API allows
 * 5 requests per second, burst 8, not adjustable (reference: connect.md › quotas): the client makes a
 * single attempt so a throttled call fails fast and routing falls back to rules instead of waiting.
 */
import {
  type ConnectClient,
  GetCurrentMetricDataCommand,
  type GetCurrentMetricDataCommandOutput,
} from '@aws-sdk/client-connect';
import type { QueueMetrics, QueueMetricsSnapshot } from '../../domain/routing.ts';
import { withinBudget } from '../../middleware/budget.ts';

const QUEUE_ARN =
  /^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/([0-9a-f-]{36})\/queue\/([0-9a-f-]{36})$/;

export class QueueMetricsUnavailableError extends Error {
  override readonly name = 'QueueMetricsUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export class ConnectQueueMetrics implements QueueMetrics {
  /** `timeoutMs`: metrics get only part of the handler's budget — a slow API means routing by rules. */
  constructor(
    private readonly connect: ConnectClient,
    private readonly options: { timeoutMs?: number } = {},
  ) {}

  current(queueArn: string, signal?: AbortSignal): Promise<QueueMetricsSnapshot> {
    const timeoutMs = this.options.timeoutMs;
    if (timeoutMs === undefined) return this.fetch(queueArn, signal);
    return withinBudget(timeoutMs, (own) =>
      this.fetch(queueArn, signal ? AbortSignal.any([signal, own]) : own),
    );
  }

  private async fetch(queueArn: string, signal?: AbortSignal): Promise<QueueMetricsSnapshot> {
    const match = QUEUE_ARN.exec(queueArn);
    if (!match) throw new QueueMetricsUnavailableError('not a Connect queue ARN');
    const [, instanceId, queueId] = match as unknown as [string, string, string];
    let out: GetCurrentMetricDataCommandOutput;
    try {
      out = await this.connect.send(
        new GetCurrentMetricDataCommand({
          InstanceId: instanceId,
          Filters: { Queues: [queueId], Channels: ['VOICE'] },
          Groupings: ['QUEUE'],
          CurrentMetrics: [
            { Name: 'AGENTS_AVAILABLE', Unit: 'COUNT' },
            { Name: 'AGENTS_ONLINE', Unit: 'COUNT' },
            { Name: 'AGENTS_STAFFED', Unit: 'COUNT' },
            { Name: 'CONTACTS_IN_QUEUE', Unit: 'COUNT' },
            { Name: 'OLDEST_CONTACT_AGE', Unit: 'SECONDS' },
          ],
        }),
        signal ? { abortSignal: signal } : {},
      );
    } catch (error) {
      throw new QueueMetricsUnavailableError('GetCurrentMetricData failed', { cause: error });
    }
    const values = new Map<string, number>();
    for (const c of out.MetricResults?.[0]?.Collections ?? []) {
      if (c.Metric?.Name && typeof c.Value === 'number' && Number.isFinite(c.Value))
        values.set(c.Metric.Name, c.Value);
    }
    // No result row: nobody is logged in to this queue and nothing is waiting — all zeros, as Connect means it.
    const v = (name: string) => Math.max(0, values.get(name) ?? 0);
    return {
      agentsAvailable: v('AGENTS_AVAILABLE'),
      agentsOnline: v('AGENTS_ONLINE'),
      agentsStaffed: v('AGENTS_STAFFED'),
      contactsInQueue: v('CONTACTS_IN_QUEUE'),
      oldestContactAgeSeconds: v('OLDEST_CONTACT_AGE'),
    };
  }
}
