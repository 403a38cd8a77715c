/**
 * Fault injection: DynamoDB throttling, 5xx, SDK timeouts and hung calls, Connect metrics errors, broken
 * settings and malformed events. Every handler must still answer a valid flat STRING_MAP with its safe
 * default (never throw to Connect).
 */
import { ConnectClient, GetCurrentMetricDataCommand } from '@aws-sdk/client-connect';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type InboundFunctionName, inboundSettingsFor } from '#shared/middleware/inbound-settings.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';
import { contactFlowEvent, lambdaContext } from '../../unit/inbound/fixtures.ts';
import { demoConfig, demoQueueArns, QUIET } from '../../unit/inbound/settings.ts';

type Handler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<Record<string, string>>;

const cases: {
  fn: InboundFunctionName;
  statusKey: string;
  safe: string;
  parameters: Record<string, string>;
}[] = [
  { fn: 'ivr-lookup', statusKey: 'lookupStatus', safe: 'error', parameters: {} },
  {
    fn: 'transfer',
    statusKey: 'transferStatus',
    safe: 'error',
    parameters: { target: 'Billing', mode: 'warm' },
  },
  {
    fn: 'callback',
    statusKey: 'callbackStatus',
    safe: 'error',
    parameters: { callbackNumber: '2065550401', queue: 'Support' },
  },
  { fn: 'survey', statusKey: 'surveyStatus', safe: 'error', parameters: { csat: '5', nps: '10' } },
  { fn: 'opt-out', statusKey: 'optOutStatus', safe: 'error', parameters: {} },
];

const awsError = (name: string, status: number) =>
  Object.assign(new Error(`${name} injected`), {
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
  });

const faults: { name: string; arrange: (m: ReturnType<typeof mockClient>) => void }[] = [
  {
    name: 'throttling',
    arrange: (m) => m.onAnyCommand().rejects(awsError('ProvisionedThroughputExceededException', 400)),
  },
  { name: '5xx', arrange: (m) => m.onAnyCommand().rejects(awsError('InternalServerError', 500)) },
  { name: 'SDK timeout', arrange: (m) => m.onAnyCommand().rejects(awsError('TimeoutError', 0)) },
  {
    name: 'a call that never answers',
    arrange: (m) => m.onAnyCommand().callsFake(() => new Promise(() => undefined)),
  },
];

function expectFlatStrings(out: Record<string, string>) {
  expect(out).toBeTypeOf('object');
  for (const [k, v] of Object.entries(out)) {
    expect(k).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(typeof v).toBe('string');
  }
}

describe('inbound handlers under injected faults', () => {
  useEmbeddedAws();
  const handlers = new Map<string, Handler>();
  const dynamo = mockClient(DynamoDBDocumentClient);

  beforeAll(async () => {
    dynamo.restore();
    const config = demoConfig();
    // Every slice merged: each handler reads only its own part.
    const merged = Object.assign(
      {},
      ...cases.map((c) => inboundSettingsFor(config, c.fn)),
      inboundSettingsFor(config, 'route'),
    );
    process.env['SANTRAL_INBOUND'] = JSON.stringify(merged);
    process.env['QUEUE_ARNS'] = JSON.stringify(demoQueueArns());
    Object.assign(process.env, QUIET);
    for (const c of [...cases.map((x) => x.fn), 'route'] as const) {
      handlers.set(c, (await import(`../../../functions/${c}/handler.ts`)).handler as Handler);
    }
  });
  afterEach(() => {
    dynamo.restore();
  });

  for (const c of cases) {
    for (const fault of faults) {
      it(`${c.fn}: DynamoDB ${fault.name} → ${c.statusKey}=${c.safe}, a flat string map`, async () => {
        const mock = mockClient(DynamoDBDocumentClient);
        fault.arrange(mock as unknown as ReturnType<typeof mockClient>);
        const out = await handlers.get(c.fn)!(
          contactFlowEvent({ parameters: c.parameters }),
          lambdaContext(),
        );
        expectFlatStrings(out);
        expect(out[c.statusKey]).toBe(c.safe);
        mock.restore();
      });
    }

    it(`${c.fn}: a malformed event → a flat answer, never a throw`, async () => {
      const out = await handlers.get(c.fn)!({ Details: { ContactData: {} } }, lambdaContext());
      expectFlatStrings(out);
      expect(['error', 'invalid']).toContain(out[c.statusKey]);
    });
  }

  describe('route', () => {
    const connect = mockClient(ConnectClient);
    afterAll(() => connect.restore());

    for (const [name, error] of [
      ['throttling', awsError('ThrottlingException', 429)],
      ['5xx', awsError('InternalServiceException', 500)],
      ['access denied', awsError('AccessDeniedException', 403)],
    ] as const) {
      it(`Connect metrics ${name} → routes by rules alone (fallback)`, async () => {
        connect.reset();
        connect.on(GetCurrentMetricDataCommand).rejects(error);
        const out = await handlers.get('route')!(
          contactFlowEvent({ parameters: { intent: 'orders' } }),
          lambdaContext(),
        );
        expectFlatStrings(out);
        expect(out).toMatchObject({
          routeStatus: 'fallback',
          queueName: 'Orders',
          queueArn: demoQueueArns()['Orders'],
        });
      });
    }

    it('malformed metrics (negative, missing values) → still a valid route', async () => {
      connect.reset();
      connect.on(GetCurrentMetricDataCommand).resolves({
        MetricResults: [{ Collections: [{ Metric: { Name: 'AGENTS_STAFFED' }, Value: -3 }, { Metric: {} }] }],
      });
      const out = await handlers.get('route')!(
        contactFlowEvent({ parameters: { intent: 'orders' } }),
        lambdaContext(),
      );
      expectFlatStrings(out);
      expect(out).toMatchObject({ routeStatus: 'ok', queueName: 'Orders', offerCallback: 'true' });
    });

    it('broken settings → the safe default with the default queue', async () => {
      const saved = process.env['SANTRAL_INBOUND'];
      process.env['SANTRAL_INBOUND'] = '{not json';
      try {
        const out = await handlers.get('route')!(
          contactFlowEvent({ parameters: { intent: 'orders' } }),
          lambdaContext(),
        );
        expectFlatStrings(out);
        expect(out).toMatchObject({
          routeStatus: 'error',
          queueName: 'General',
          queueArn: demoQueueArns()['General'],
        });
      } finally {
        process.env['SANTRAL_INBOUND'] = saved;
      }
    });
  });
});
