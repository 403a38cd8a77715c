/**
 * functions/supervisor-api, the deployed handler, on embedded DynamoDB/S3: API Gateway v2 events carrying the
 * JWT authorizer's claims in, JSON out; the ports built from the function's environment exactly as infra sets
 * it (table names, SANTRAL_SUPERVISOR_API, ERASURE_FUNCTION_NAME, CONNECT_INSTANCE_ID, QUEUE_ARNS). Only what
 * has no emulator is mocked: Connect's GetCurrentMetricData and the erasure function's invoke.
 */
import {
  ConnectClient,
  GetCurrentMetricDataCommand,
  type GetCurrentMetricDataCommandInput,
  ListQueuesCommand,
  ThrottlingException,
} from '@aws-sdk/client-connect';
import { InvokeCommand, type InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SUPERVISOR_API_ROUTES } from '#infra/constructs/supervisor-api.ts';
import { DynamoCampaignStore } from '#shared/adapters/dynamo/campaign-store.ts';
import { DynamoCtrStore } from '#shared/adapters/dynamo/ctr-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { loadStageConfig } from '#shared/config/load.ts';
import { localTableName, TABLE_KEYS, TABLES } from '#shared/data/tables.ts';
import { processCtr } from '#shared/interactions/processor.ts';
import {
  ERASURE_FUNCTION_ENV,
  SUPERVISOR_API_ENV,
  supervisorSettingsFor,
} from '#shared/operator/supervisor-settings.ts';
import { inboundCtr, uuid } from '../../fixtures/ctr/factory.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';
import { httpApiEvent } from '../../support/http-api-event.ts';

// biome-ignore lint/suspicious/noExplicitAny: the tests read the JSON answers field by field
type Json = any;

const INSTANCE = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const INSTANCE_ARN = `arn:aws:connect:us-east-1:111122223333:instance/${INSTANCE}`;
const ERASURE_FN = 'Santral-dev-InteractionsErasureFunction-AbC123';
const queueId = (i: number) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;

// API Gateway hands array claims flattened into one string (shared/agent-api/identity.ts).
const MARIA = { 'cognito:username': 'maria', name: 'Maria Garcia', 'cognito:groups': '[agent supervisor]' };
const JOHN = { 'cognito:username': 'john', name: 'John Carter', 'cognito:groups': '[agent]' };

const event = httpApiEvent;
const context = { functionName: 'supervisor-api', awsRequestId: 'ctx-1' } as Context;

describe('supervisor-api Lambda (HTTP API v2 + JWT claims, embedded DynamoDB)', () => {
  useEmbeddedAws();
  const config = loadStageConfig('dev');
  const connect = mockClient(ConnectClient);
  const lambda = mockClient(LambdaClient);
  let handler: (
    e: APIGatewayProxyEventV2WithJWTAuthorizer,
    c: Context,
  ) => Promise<APIGatewayProxyStructuredResultV2>;
  const call = async (
    claims: Record<string, string>,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Json }> => {
    const r = await handler(event({ method, path, claims, body }), context);
    return { status: r.statusCode ?? 0, body: JSON.parse(r.body ?? 'null') };
  };
  const names = config.queues.map((q) => q.name);
  const metricRequests: GetCurrentMetricDataCommandInput[] = [];

  beforeAll(async () => {
    process.env['POWERTOOLS_DEV'] = 'true';
    // The environment infra gives the function (infra/constructs/supervisor-api.ts), with the embedded names.
    for (const k of TABLE_KEYS) process.env[TABLES[k].envVar] = localTableName(k);
    process.env[SUPERVISOR_API_ENV] = JSON.stringify(supervisorSettingsFor(config));
    process.env[ERASURE_FUNCTION_ENV] = ERASURE_FN;
    process.env['CONNECT_INSTANCE_ID'] = INSTANCE;
    process.env['QUEUE_ARNS'] = JSON.stringify(
      Object.fromEntries(names.map((n, i) => [n, `${INSTANCE_ARN}/queue/${queueId(i)}`])),
    );
    const doc = createDocumentClient();
    await new DynamoCampaignStore(doc).putCampaign({
      name: 'spring',
      status: 'active',
      contactFlow: 'outbound-whisper',
      queue: 'Support',
      callerIds: ['+12065550900'],
      policy: {},
      createdAt: '2026-11-04T12:00:00.000Z',
    });
    await processCtr(
      new DynamoCtrStore(doc, localTableName('interactions')),
      inboundCtr({ contactId: uuid(0x5501), queue: 'Support', at: '2026-11-04T15:10:00Z' }),
    );
    ({ handler } = (await import('#functions/supervisor-api/handler.ts')) as unknown as {
      handler: typeof handler;
    });
  });

  beforeEach(() => {
    connect.reset();
    lambda.reset();
    metricRequests.length = 0;
    connect.on(GetCurrentMetricDataCommand).callsFake((input: GetCurrentMetricDataCommandInput) => {
      metricRequests.push(input);
      return {
        MetricResults: [
          {
            Dimensions: { Queue: { Id: queueId(names.indexOf('Support')) } },
            Collections: [
              { Metric: { Name: 'CONTACTS_IN_QUEUE', Unit: 'COUNT' }, Value: 2 },
              { Metric: { Name: 'OLDEST_CONTACT_AGE', Unit: 'SECONDS' }, Value: 47 },
              { Metric: { Name: 'AGENTS_STAFFED', Unit: 'COUNT' }, Value: 3 },
              { Metric: { Name: 'AGENTS_AVAILABLE', Unit: 'COUNT' }, Value: 1 },
            ],
          },
        ],
      };
    });
  });

  it('a supervisor’s token: campaigns with their counts, KPIs by queue, the live view from Connect', async () => {
    const campaigns = await call(MARIA, 'GET', '/v1/supervisor/campaigns');
    expect(campaigns.status).toBe(200);
    expect(campaigns.body.campaigns).toMatchObject([
      { name: 'spring', status: 'active', queue: 'Support', callerIds: ['+1206***0900'] },
    ]);

    const kpis = await call(MARIA, 'POST', '/v1/supervisor/kpis', {
      from: '2026-11-04',
      to: '2026-11-05',
      by: 'queue',
    });
    expect(kpis.status).toBe(200);
    expect(kpis.body.timeZone).toBe('America/New_York');
    const handled = Object.fromEntries(
      kpis.body.rows.map((r: { label: string; kpis: { contactsHandled: number } }) => [
        r.label,
        r.kpis.contactsHandled,
      ]),
    );
    expect(Object.keys(handled)).toEqual(names);
    expect(handled['Support']).toBe(1);
    expect(handled['Billing']).toBe(0);

    const live = await call(MARIA, 'GET', '/v1/supervisor/live');
    expect(live.status).toBe(200);
    expect(live.body.source).toBe('connect');
    expect(live.body.queues.find((q: { queue: string }) => q.queue === 'Support')).toMatchObject({
      contactsInQueue: 2,
      oldestContactAgeSeconds: 47,
      agentsStaffed: 3,
      agentsAvailable: 1,
    });
    // The queue ids come from QUEUE_ARNS (known at synth): one request by id, and no ListQueues.
    expect(metricRequests).toHaveLength(1);
    expect(metricRequests[0]).toMatchObject({
      InstanceId: INSTANCE,
      Filters: { Queues: names.map((_, i) => queueId(i)), Channels: ['VOICE'] },
      Groupings: ['QUEUE'],
    });
    expect(connect.commandCalls(ListQueuesCommand)).toHaveLength(0);
  });

  it('an agent’s token gets 403 on every supervisor route, and the refusal is audited with the agent', async () => {
    const paths: Record<string, string> = { name: 'spring', phone: '+12065550100' };
    for (const r of SUPERVISOR_API_ROUTES) {
      const path = r.path.replace(/\{(\w+)\}/g, (_, p: string) => encodeURIComponent(paths[p]!));
      const res = await call(JOHN, r.method, path, r.method === 'POST' ? { reason: 'x' } : undefined);
      expect([r.method, r.path, res.status, res.body.error?.code]).toEqual([
        r.method,
        r.path,
        403,
        'forbidden',
      ]);
    }
    expect(connect.commandCalls(GetCurrentMetricDataCommand)).toHaveLength(0);
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
    const today = new Date().toISOString().slice(0, 10);
    const audits = await createDocumentClient().send(
      new QueryCommand({
        TableName: localTableName('interactions'),
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': `AGENTAUDIT#${today}` },
      }),
    );
    const johns = (audits.Items ?? []).filter((a) => a['actor'] === 'john');
    expect(johns.map((a) => a['outcome'])).toEqual(SUPERVISOR_API_ROUTES.map(() => 'refused:forbidden'));
  });

  it('Connect throttled or denying: 503 / 502 upstream_unavailable saying why, never the SDK’s message', async () => {
    connect
      .on(GetCurrentMetricDataCommand)
      .rejects(new ThrottlingException({ message: 'Rate exceeded for arn:aws:connect:…', $metadata: {} }));
    const throttled = await call(MARIA, 'GET', '/v1/supervisor/live');
    expect(throttled).toEqual({
      status: 503,
      body: {
        error: {
          code: 'upstream_unavailable',
          message:
            "Amazon Connect's current metrics (GetCurrentMetricData) could not be read: throttled (Connect allows GetCurrentMetricData 5 requests per second per account and Region); the view retries on its next refresh",
        },
      },
    });
    const denied = Object.assign(
      new Error('User: arn:aws:sts::111122223333:assumed-role/x is not authorized'),
      {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 403 },
      },
    );
    connect.on(GetCurrentMetricDataCommand).rejects(denied);
    const refused = await call(MARIA, 'GET', '/v1/supervisor/live');
    expect(refused.status).toBe(502);
    expect(refused.body.error.code).toBe('upstream_unavailable');
    expect(refused.body.error.message).toMatch(/could not be read: access denied \(the supervisor-api role/);
    expect(JSON.stringify(refused.body)).not.toMatch(/arn:aws|assumed-role/);
  });

  it('a fault that is not Connect’s stays a 500 without details', async () => {
    connect.on(GetCurrentMetricDataCommand).callsFake(() => {
      throw new TypeError('boom +12065550100');
    });
    const out = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const r = await call(MARIA, 'GET', '/v1/supervisor/live');
    out.mockRestore();
    expect(r).toEqual({ status: 500, body: { error: { code: 'internal', message: 'internal error' } } });
  });

  it('pause, DNC add and audited removal, erasure through the stage’s erasure function as the verified user', async () => {
    const paused = await call(MARIA, 'POST', '/v1/supervisor/campaigns/spring/control', {
      action: 'pause',
      reason: 'script review',
    });
    expect(paused).toMatchObject({ status: 200, body: { previous: 'active', status: 'paused' } });
    expect((await new DynamoCampaignStore(createDocumentClient()).getCampaign('spring'))?.status).toBe(
      'paused',
    );

    const added = await call(MARIA, 'POST', '/v1/supervisor/dnc', { phone: '+12065550177', reason: 'asked' });
    expect(added).toMatchObject({ status: 201, body: { outcome: 'added', entry: { addedBy: 'maria' } } });
    const removed = await call(
      MARIA,
      'POST',
      `/v1/supervisor/dnc/${encodeURIComponent('+12065550177')}/remove`,
      {
        reason: 'entered by mistake',
      },
    );
    expect(removed).toEqual({ status: 200, body: { outcome: 'removed' } });

    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      Payload: new TextEncoder().encode(
        JSON.stringify({ ok: true, report: { requestedBy: 'maria', dryRun: true, counts: { contacts: 0 } } }),
      ) as InvokeCommandOutput['Payload'],
    });
    const erased = await call(MARIA, 'POST', '/v1/supervisor/erasures', { phone: '+12065550178' });
    expect(erased).toMatchObject({ status: 200, body: { requestedBy: 'maria', dryRun: true } });
    const invoke = lambda.commandCalls(InvokeCommand)[0]!.args[0].input;
    expect(invoke.FunctionName).toBe(ERASURE_FN);
    expect(JSON.parse(new TextDecoder().decode(invoke.Payload as Uint8Array))).toEqual({
      phoneNumber: '+12065550178',
      requestedBy: 'maria',
      dryRun: true,
    });
  });

  it('an erasure the function fails, or does not answer in time, is a clear 502 / 503', async () => {
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: new TextEncoder().encode(
        JSON.stringify({ errorType: 'CampaignStoreError', errorMessage: 'failed for +12065550179' }),
      ) as InvokeCommandOutput['Payload'],
    });
    const failed = await call(MARIA, 'POST', '/v1/supervisor/erasures', { phone: '+12065550179' });
    expect(failed.status).toBe(502);
    expect(failed.body.error).toMatchObject({ code: 'upstream_unavailable' });
    expect(JSON.stringify(failed.body)).not.toContain('+12065550179');
    lambda.on(InvokeCommand).rejects(Object.assign(new Error('socket timed out'), { name: 'TimeoutError' }));
    const late = await call(MARIA, 'POST', '/v1/supervisor/erasures', {
      phone: '+12065550179',
      dryRun: false,
    });
    expect(late.status).toBe(503);
    expect(late.body.error.message).toMatch(/it may still be running: ask again/);
  });
});
