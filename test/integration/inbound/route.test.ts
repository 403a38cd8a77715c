import {
  ConnectClient,
  type CurrentMetricName,
  GetCurrentMetricDataCommand,
  type GetCurrentMetricDataCommandOutput,
} from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DynamoCustomerStore } from '#shared/adapters/dynamo/customer-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';
import { contactFlowEvent, lambdaContext } from '../../unit/inbound/fixtures.ts';
import { demoQueueArns, handlerEnv } from '../../unit/inbound/settings.ts';

type Handler = typeof import('#functions/route/handler.ts')['handler'];

// Connect has no emulator: GetCurrentMetricData is mocked (common brief: aws-sdk-client-mock for Connect).
const connect = mockClient(ConnectClient);
const metricsResult = (
  values: Partial<Record<CurrentMetricName, number>>,
): Partial<GetCurrentMetricDataCommandOutput> => ({
  MetricResults: [
    {
      Dimensions: { Queue: { Id: 'q' } },
      Collections: Object.entries(values).map(([Name, Value]) => ({
        Metric: { Name: Name as CurrentMetricName, Unit: 'COUNT' as const },
        Value,
      })),
    },
  ],
});

describe('route handler', () => {
  useEmbeddedAws();
  let handler: Handler;
  const route = (parameters: Record<string, string>) =>
    handler(contactFlowEvent({ parameters }), lambdaContext());

  beforeAll(async () => {
    Object.assign(process.env, handlerEnv('route'));
    ({ handler } = await import('#functions/route/handler.ts'));
  });
  beforeEach(() => {
    connect.reset();
    // Monday 2026-11-23, 15:00 in New York: the demo queues' Main hours are open.
    vi.useFakeTimers({ now: new Date('2026-11-23T20:00:00.000Z'), toFake: ['Date'] });
  });
  afterAll(() => {
    vi.useRealTimers();
    connect.restore();
  });

  it('routes a VIP support call to Support with VIP priority and the queue ARN for the flow', async () => {
    connect
      .on(GetCurrentMetricDataCommand)
      .resolves(metricsResult({ AGENTS_AVAILABLE: 2, AGENTS_STAFFED: 3 }));
    const out = await route({
      intent: 'support',
      language: 'en-US',
      tier: 'VIP',
      repeatCaller: 'false',
      lastAgent: '',
    });
    expect(out).toMatchObject({
      routeStatus: 'ok',
      queueName: 'Support',
      queueArn: demoQueueArns()['Support'],
      priority: '1',
      offerCallback: 'false',
      reason: 'intent',
      expectedWaitSeconds: '0',
    });
  });

  it('asks Connect for the chosen queue only', async () => {
    connect
      .on(GetCurrentMetricDataCommand)
      .resolves(metricsResult({ AGENTS_STAFFED: 1, AGENTS_AVAILABLE: 1 }));
    await route({ intent: 'billing', language: 'tr-TR' });
    const input = connect.commandCalls(GetCurrentMetricDataCommand)[0]?.args[0].input;
    expect(input?.Filters?.Queues).toEqual([demoQueueArns()['Support TR']!.split('/').at(-1)]);
    expect(input?.InstanceId).toBe('aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
  });

  it('offers a callback when the queue is long', async () => {
    connect.on(GetCurrentMetricDataCommand).resolves(
      metricsResult({
        AGENTS_AVAILABLE: 0,
        AGENTS_STAFFED: 2,
        CONTACTS_IN_QUEUE: 6,
        OLDEST_CONTACT_AGE: 200,
      }),
    );
    expect(await route({ intent: 'orders' })).toMatchObject({
      offerCallback: 'true',
      reason: 'long-wait',
      queueName: 'Orders',
    });
  });

  it('offers a callback when nobody is staffed (no result rows)', async () => {
    connect.on(GetCurrentMetricDataCommand).resolves({ MetricResults: [] });
    expect(await route({ intent: 'orders' })).toMatchObject({
      offerCallback: 'true',
      reason: 'no-agents-staffed',
    });
  });

  it('routes by rules alone when Connect throttles the metrics call', async () => {
    connect.on(GetCurrentMetricDataCommand).rejects(
      Object.assign(new Error('Rate exceeded'), {
        name: 'ThrottlingException',
        $metadata: { httpStatusCode: 429 },
      }),
    );
    expect(await route({ intent: 'support', tier: 'VIP' })).toMatchObject({
      routeStatus: 'fallback',
      queueName: 'Support',
      priority: '1',
      expectedWaitSeconds: '-1',
    });
  });

  it('routes by rules alone when the metrics call hangs', async () => {
    connect.on(GetCurrentMetricDataCommand).callsFake(() => new Promise(() => undefined));
    expect(await route({ intent: 'billing' })).toMatchObject({
      routeStatus: 'fallback',
      queueName: 'Billing',
    });
  });

  it('sends an unknown intent to the default queue', async () => {
    connect
      .on(GetCurrentMetricDataCommand)
      .resolves(metricsResult({ AGENTS_AVAILABLE: 1, AGENTS_STAFFED: 1 }));
    expect(await route({ intent: '7' })).toMatchObject({
      routeStatus: 'ok',
      queueName: 'General',
      reason: 'unknown-intent',
    });
  });

  it('notes the contact on the caller activity, so the next lookup sees a repeat caller', async () => {
    connect
      .on(GetCurrentMetricDataCommand)
      .resolves(metricsResult({ AGENTS_AVAILABLE: 1, AGENTS_STAFFED: 1 }));
    await handler(
      contactFlowEvent({ contactId: 'r-1', address: '+12065550501', parameters: { intent: 'support' } }),
      lambdaContext(),
    );
    const record = await new DynamoCustomerStore(createDocumentClient()).lookupCaller('+12065550501');
    expect(record.activity).toMatchObject({
      lastContactId: 'r-1',
      lastContactAt: '2026-11-23T20:00:00.000Z',
    });
  });

  it('still routes when the contact cannot be noted (withheld caller id)', async () => {
    connect
      .on(GetCurrentMetricDataCommand)
      .resolves(metricsResult({ AGENTS_AVAILABLE: 1, AGENTS_STAFFED: 1 }));
    const out = await handler(
      contactFlowEvent({ address: 'anonymous', parameters: { intent: 'support' } }),
      lambdaContext(),
    );
    expect(out).toMatchObject({ routeStatus: 'ok', queueName: 'Support' });
  });
});
