/**
 * The live queue view's service (shared/operator/live-queues.ts) over fake ports, and the Connect adapter's
 * reading of GetCurrentMetricData (aws-sdk-client-mock): pages, null values, queues without a row.
 */
import {
  ConnectClient,
  GetCurrentMetricDataCommand,
  type GetCurrentMetricDataCommandInput,
  ListQueuesCommand,
} from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { ConnectLiveQueueMetrics } from '#shared/adapters/connect/live-queue-metrics.ts';
import type { AgentState } from '#shared/agents/processor.ts';
import { liveQueues, type QueueNowFigures, ZERO_FIGURES } from '#shared/operator/live-queues.ts';

const NOW = new Date('2026-11-03T15:00:00Z');
const config: Parameters<typeof liveQueues>[1] = {
  queues: ['Support', 'Billing', 'Outbound'],
  routingProfiles: [
    { name: 'Care', queues: ['Support', 'Billing'] },
    { name: 'Sales', queues: ['Outbound'] },
  ],
};

const state = (agentId: string, extra: Partial<AgentState>): AgentState => ({
  agentId,
  activity: 'available',
  since: '2026-11-03T14:58:00Z',
  eventId: `e-${agentId}`,
  eventType: 'STATE_CHANGE',
  eventAt: '2026-11-03T14:58:00Z',
  eventVersion: `1#e-${agentId}`,
  ...extra,
});

describe('liveQueues', () => {
  it('one row per configured queue (zeros when the source has none), agents by routing profile, offline left out', async () => {
    const figures: QueueNowFigures = {
      ...ZERO_FIGURES,
      contactsInQueue: 2,
      oldestContactAgeSeconds: 40,
      agentsStaffed: 1,
    };
    const r = await liveQueues(
      {
        queueNow: { source: 'sandbox', current: async () => new Map([['Support', figures]]) },
        agents: {
          currentStates: async () => [
            state('a1', { username: 'ann', routingProfile: 'Care', activity: 'available' }),
            state('a2', {
              username: 'bob',
              routingProfile: 'Care',
              activity: 'onContact',
              since: '2026-11-03T14:59:30Z',
            }),
            state('a3', { username: 'cem', routingProfile: 'Sales', activity: 'offline' }),
            state('a4', { routingProfile: 'Gone', activity: 'nonProductive', status: 'Lunch' }),
          ],
        },
      },
      config,
      NOW,
    );
    expect(r.queues.map((q) => [q.queue, q.contactsInQueue, q.agentsStaffed])).toEqual([
      ['Support', 2, 1],
      ['Billing', 0, 0],
      ['Outbound', 0, 0],
    ]);
    expect(r.queues[0]!.agents).toEqual([
      { agent: 'bob', activity: 'onContact', status: null, since: '2026-11-03T14:59:30Z', forSeconds: 30 },
      { agent: 'ann', activity: 'available', status: null, since: '2026-11-03T14:58:00Z', forSeconds: 120 },
    ]);
    expect(r.queues[2]!.agents).toEqual([]);
    // An agent whose routing profile serves no configured queue is shown apart, by id when nameless.
    expect(r.unassignedAgents).toMatchObject([{ agent: 'a4', activity: 'nonProductive', status: 'Lunch' }]);
    expect(r).toMatchObject({ asOf: NOW.toISOString(), source: 'sandbox' });
  });
});

describe('ConnectLiveQueueMetrics', () => {
  it('follows NextToken, reads null values as 0 (counts) / null (age), and asks for the queues by id', async () => {
    const client = new ConnectClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    mock.on(ListQueuesCommand).resolves({
      QueueSummaryList: [
        { Name: 'Support', Id: 'q-support' },
        { Name: 'Billing', Id: 'q-billing' },
      ],
    });
    const seen: GetCurrentMetricDataCommandInput[] = [];
    mock.on(GetCurrentMetricDataCommand).callsFake((input: GetCurrentMetricDataCommandInput) => {
      seen.push(input);
      const metric = (Name: string, Value: number | undefined) => ({
        Metric: { Name, Unit: 'COUNT' },
        Value,
      });
      return input.NextToken
        ? {
            MetricResults: [
              {
                Dimensions: { Queue: { Id: 'q-billing' } },
                Collections: [
                  metric('CONTACTS_IN_QUEUE', 0),
                  metric('OLDEST_CONTACT_AGE', undefined),
                  metric('AGENTS_AVAILABLE', 2),
                ],
              },
            ],
          }
        : {
            NextToken: 'next',
            MetricResults: [
              {
                Dimensions: { Queue: { Id: 'q-support' } },
                Collections: [
                  metric('CONTACTS_IN_QUEUE', 4),
                  metric('OLDEST_CONTACT_AGE', 61.4),
                  metric('AGENTS_ON_CONTACT', 3),
                  metric('AGENTS_AFTER_CONTACT_WORK', undefined),
                ],
              },
            ],
          };
    });
    const out = await new ConnectLiveQueueMetrics(client, 'inst-1').current(['Support', 'Billing']);
    expect(out.get('Support')).toEqual({
      ...ZERO_FIGURES,
      contactsInQueue: 4,
      oldestContactAgeSeconds: 61,
      agentsOnContact: 3,
    });
    expect(out.get('Billing')).toEqual({ ...ZERO_FIGURES, agentsAvailable: 2 });
    expect(seen.map((s) => [s.Filters?.Queues, s.NextToken])).toEqual([
      [['q-support', 'q-billing'], undefined],
      [['q-support', 'q-billing'], 'next'],
    ]);
  });
});
