/**
 * The seven non-Connect handlers through the shared logging chain, each invoked with a realistic event
 * carrying a phone number (AWS's published S3 notifications from ../shared/corpus/aws-samples, Kinesis
 * records of a CTR and of AWS's sample agent event, an EventBridge schedule, a Step Functions payload, a
 * direct erasure request) on embedded DynamoDB/S3. Every log line must carry the invocation's correlation id
 * and no full number or name; where the handler logs the number-bearing value (an object key, the erasure
 * subject, a store fault quoting an item), its masked form must be there — so the check is not vacuous.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  ConnectClient,
  GetCurrentMetricDataCommand,
  StartOutboundVoiceContactCommand,
} from '@aws-sdk/client-connect';
import { GenerateMacCommand, KMSClient } from '@aws-sdk/client-kms';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, KinesisStreamEvent, S3Event } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCampaignStore } from '#shared/adapters/dynamo/campaign-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { S3RegistryStore } from '#shared/adapters/s3/registry-store.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import { importRegistryFile } from '#shared/compliance/registry.ts';
import { bucketName } from '#shared/data/tables.ts';
import { inboundCtr, kinesisRecord, uuid } from '../../fixtures/ctr/factory.ts';
import { bytes, outboundSettings } from '../../fixtures/outbound/factories.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';
import { captureOutput, lambdaContext } from '../../unit/inbound/fixtures.ts';

const CORPUS = resolve(import.meta.dirname, '../../../../shared/corpus/aws-samples');
const corpus = (f: string) => JSON.parse(readFileSync(resolve(CORPUS, f), 'utf8'));
// Realistic Kinesis sequence numbers (56 digits, as Kinesis assigns them).
const SEQ = [
  '49590338271490256608559692538361571095921575989136588898',
  '49590338271490256608559692540925702759324208523137515618',
];
const NUMBER = '+12065550100';
/** Every way the number could appear in full. */
const FULL_FORMS = ['2065550100', '(206) 555-0100', '206-555-0100', '206.555.0100', '555-0100'];
const MASKED = '+1206***0100';

const connect = mockClient(ConnectClient);

type Line = Record<string, unknown>;
const logLines = (output: string): Line[] =>
  output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Line)
    .filter((l) => 'level' in l);

/** The invariant of this file: lines were written, each with the correlation id, no full number or name. */
function expectRedactedAndCorrelated(
  output: string,
  correlationId: string,
  extra: { secrets?: string[]; masked?: string[] } = {},
): Line[] {
  const lines = logLines(output);
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines)
    expect({ message: line['message'], id: line['correlation_id'] }).toEqual({
      message: line['message'],
      id: correlationId,
    });
  for (const secret of [...FULL_FORMS, ...(extra.secrets ?? [])]) expect(output).not.toContain(secret);
  for (const m of extra.masked ?? []) expect(output).toContain(m);
  return lines;
}

/** AWS's published S3 notification (corpus) pointed at our bucket and an encoded key, as S3 sends it. */
function s3Event(file: string, bucket: string, key: string): S3Event {
  const event = corpus(file);
  event.Records[0].s3.bucket.name = bucket;
  event.Records[0].s3.object.key = encodeURIComponent(key).replace(/%2F/g, '/');
  return event as S3Event;
}

const kinesis = (...docs: (string | Record<string, unknown>)[]): KinesisStreamEvent => ({
  Records: docs.map((d, i) => kinesisRecord(d, SEQ[i]!)),
});

/** A DynamoDB fault whose error quotes the item (as ConditionalCheckFailed with ALL_OLD does): injected. */
const storeFault = () =>
  Object.assign(new Error(`write rejected for pk=cust#${NUMBER} firstName=Ayşe`), {
    name: 'InternalServerError',
    Item: { pk: { S: `cust#${NUMBER}` }, firstName: { S: 'Ayşe' }, lastName: { S: 'Yılmaz' } },
  });

type Handler<E> = (event: E, context?: Context) => Promise<unknown>;

describe('non-Connect handlers log through the shared chain: redacted, correlated', () => {
  useEmbeddedAws();
  const saved = { ...process.env };
  const kmsKey = randomBytes(32);
  const kms = mockClient(KMSClient);
  const h: Record<string, Handler<never>> = {};

  beforeAll(async () => {
    Object.assign(process.env, {
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      OUTBOUND_SETTINGS: JSON.stringify(outboundSettings()),
      CONNECT_INSTANCE_ID: 'inst-1',
      QUEUE_IDS: JSON.stringify({ Support: 'q-support' }),
      CONTACT_FLOW_IDS: JSON.stringify({ 'outbound-whisper': 'flow-ow' }),
      ERASURE_HMAC_KEY_ID: 'arn:aws:kms:us-east-1:111122223333:key/hmac',
    });
    kms.on(GenerateMacCommand).callsFake((input: { Message: Uint8Array }) => ({
      Mac: createHmac('sha256', kmsKey).update(input.Message).digest(),
    }));
    connect.on(GetCurrentMetricDataCommand).resolves({ MetricResults: [{ Collections: [{ Value: 5 }] }] });
    connect.on(StartOutboundVoiceContactCommand).resolves({ ContactId: 'c-1' });
    await importRegistryFile(new S3RegistryStore(createS3Client()), {
      source: 'federal',
      kind: 'full',
      versionDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
      fileName: 'f',
      chunks: bytes('2065550199\n'),
    });
    await new DynamoCampaignStore(createDocumentClient()).putCampaign({
      name: 'spring',
      status: 'active',
      contactFlow: 'outbound-whisper',
      queue: 'Support',
      callerIds: ['+12065550900'],
      policy: { allowUnknownCountries: false },
      createdAt: new Date().toISOString(),
    });
    for (const fn of [
      'campaign-ingest',
      'recording-indexer',
      'ctr-processor',
      'agent-event-processor',
      'campaign-dialer',
      'erasure',
      'dnc-import',
    ])
      h[fn] = ((await import(`../../../functions/${fn}/handler.ts`)) as { handler: Handler<never> }).handler;
  });
  afterAll(() => {
    process.env = saved;
    connect.restore();
    kms.restore();
  });
  const run = <E>(fn: string, event: E, context: Context = lambdaContext(60_000)) =>
    captureOutput(() => (h[fn] as Handler<E>)(event, context));

  it('campaign-ingest (S3): a list under an unknown campaign, named by a number; a list of numbers and names', async () => {
    const s3 = createS3Client();
    await s3.send(
      new PutObjectCommand({
        Bucket: bucketName('imports'),
        Key: 'campaigns/spring/list.csv',
        Body: `phone,name\n${NUMBER},Ayşe Yılmaz\n(206) 555-0161,Cem Kaya\n`,
      }),
    );
    const unknown = s3Event(
      's3-event.object-created-put.json',
      bucketName('imports'),
      `campaigns/autumn/${NUMBER}.csv`,
    );
    const known = s3Event(
      's3-event.object-created-put.json',
      bucketName('imports'),
      'campaigns/spring/list.csv',
    );
    const event = { Records: [...unknown.Records, ...known.Records] } as S3Event;
    const { result, output } = await run('campaign-ingest', event);
    expect(result).toMatchObject([{ campaign: 'spring', total: 2 }]);
    const lines = expectRedactedAndCorrelated(output, 's3:C3D13FE58DE4C810', {
      secrets: ['Ayşe', 'Cem Kaya', '555-0161'],
      masked: [MASKED],
    });
    expect(lines.map((l) => l['message'])).toEqual([
      'list for an unknown campaign ignored',
      'campaign list ingested',
    ]);
    expect(lines[0]).toMatchObject({ cold_start: true, service: 'santral-campaign-ingest' });
  });

  it('recording-indexer (S3): a recording whose file name carries the caller’s number', async () => {
    const key = `connect/acme/CallRecordings/2026/11/02/${NUMBER}_20261102T14:00_UTC.wav`;
    const { result, output } = await run(
      'recording-indexer',
      s3Event('s3-event.lambda-devguide-sample.json', bucketName('recordings'), key),
    );
    expect(result).toMatchObject([{ outcome: 'pending' }]);
    const [line] = expectRedactedAndCorrelated(output, 's3:AF2D7AB6002E898D', {
      masked: [`${MASKED}_20261102T14:00_UTC.wav`],
    });
    expect(line).toMatchObject({ message: 'recording indexed', outcome: 'pending' });
  });

  it('ctr-processor (Kinesis): a CTR of the caller with a name attribute, and a CTR that can never parse', async () => {
    const ctr = inboundCtr({
      contactId: uuid(9001),
      customer: NUMBER,
      attributes: { customerName: 'Ayşe Yılmaz' },
    });
    const broken = {
      ...inboundCtr({ contactId: uuid(9002), customer: NUMBER }),
      InitiationTimestamp: 'yesterday',
    };
    const { result, output } = await run('ctr-processor', kinesis(ctr, broken));
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: SEQ[1] }] });
    const lines = expectRedactedAndCorrelated(output, `kinesis:${SEQ[0]}..${SEQ[1]}`, {
      secrets: ['Ayşe', 'Yılmaz'],
    });
    expect(lines.map((l) => l['message'])).toEqual(['ctr processed', 'ctr not stored']);
    expect(lines[1]).toMatchObject({ sequenceNumber: SEQ[1], error: { name: 'InvalidCtrError' } });
  });

  it('ctr-processor (Kinesis): a store fault quoting the item is logged masked, numbers and names', async () => {
    const doc = mockClient(DynamoDBDocumentClient);
    doc.onAnyCommand().rejects(storeFault());
    try {
      const ctr = inboundCtr({ contactId: uuid(9003), customer: NUMBER });
      let thrown: unknown;
      // Every record failed: Powertools fails the whole batch (FullBatchFailureError), so it is retried.
      const { output } = await captureOutput(() =>
        (h['ctr-processor'] as Handler<KinesisStreamEvent>)(kinesis(ctr), lambdaContext(60_000)).catch(
          (e) => {
            thrown = e;
          },
        ),
      );
      expect((thrown as Error).name).toBe('FullBatchFailureError');
      const lines = expectRedactedAndCorrelated(output, `kinesis:${SEQ[0]}`, {
        secrets: ['Ayşe', 'Yılmaz'],
        masked: [`cust#${MASKED}`, 'firstName=A***', '"S":"Y***"'],
      });
      expect(lines.map((l) => l['message'])).toEqual(['ctr not stored', 'invocation failed']);
    } finally {
      doc.restore();
    }
  });

  it('agent-event-processor (Kinesis): AWS’s sample agent event, and a store fault quoting the item', async () => {
    const heartbeat = readFileSync(resolve(CORPUS, 'agent-event.heartbeat.json'), 'utf8');
    const ok = await run('agent-event-processor', kinesis(heartbeat));
    expect(ok.result).toEqual({ batchItemFailures: [] });
    // The sample's agent name never reaches a log line (the handler logs only failures).
    expect(ok.output).not.toContain('AgentEventStreamTest');
    const doc = mockClient(DynamoDBDocumentClient);
    doc.onAnyCommand().rejects(storeFault());
    try {
      const { result, output } = await run('agent-event-processor', kinesis(heartbeat, heartbeat));
      expect(result).toEqual({ batchItemFailures: SEQ.map((s) => ({ itemIdentifier: s })) });
      const lines = expectRedactedAndCorrelated(output, `kinesis:${SEQ[0]}..${SEQ[1]}`, {
        secrets: ['Ayşe', 'Yılmaz', 'AgentEventStreamTest'],
        masked: [`cust#${MASKED}`],
      });
      expect(lines.map((l) => l['sequenceNumber'])).toEqual(SEQ);
    } finally {
      doc.restore();
    }
  });

  it('campaign-dialer (EventBridge schedule): a tick dialling the caller, then a fault quoting the number', async () => {
    // The "Scheduled Event" example of the EventBridge user guide.
    const scheduled = {
      version: '0',
      id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '123456789012',
      time: '2015-10-08T16:53:06Z',
      region: 'us-east-1',
      resources: ['arn:aws:events:us-east-1:123456789012:rule/my-scheduled-rule'],
      detail: {},
    };
    const { output } = await run('campaign-dialer', scheduled);
    const lines = expectRedactedAndCorrelated(output, scheduled.id);
    expect(lines.some((l) => l['message'] === 'dialer tick' && l['campaign'] === 'spring')).toBe(true);
    const doc = mockClient(DynamoDBDocumentClient);
    doc.onAnyCommand().rejects(storeFault());
    try {
      let thrown: unknown;
      const failed = await captureOutput(() =>
        (h['campaign-dialer'] as Handler<typeof scheduled>)(scheduled, lambdaContext(60_000)).catch((e) => {
          thrown = e;
        }),
      );
      const [line] = expectRedactedAndCorrelated(failed.output, scheduled.id, {
        secrets: ['Ayşe', 'Yılmaz'],
        masked: [`cust#${MASKED}`],
      });
      expect(line).toMatchObject({ level: 'ERROR', message: 'invocation failed' });
      // The runtime logs the rethrown error itself: it is masked too.
      const cause = (thrown as Error).cause as Error;
      expect(cause.message).toBe(`write rejected for pk=cust#${MASKED} firstName=A***`);
      expect(cause.stack).not.toContain(NUMBER);
    } finally {
      doc.restore();
    }
  });

  it('erasure (direct invoke): the request names the number; the Lambda request id correlates', async () => {
    const context = lambdaContext(60_000);
    const { result, output } = await run(
      'erasure',
      { phoneNumber: '(206) 555-0100', requestedBy: 'dpo@example.com', dryRun: true },
      context,
    );
    expect(result).toMatchObject({ ok: true });
    const [line] = expectRedactedAndCorrelated(output, context.awsRequestId, { masked: [MASKED] });
    expect(line).toMatchObject({ message: 'erasure done', subject: MASKED });
  });

  it('dnc-import (Step Functions): a registry file of numbers, a malformed one, the commit — each with its execution', async () => {
    const execution = 'arn:aws:states:us-east-1:111122223333:execution:RegistryImport:9f1c2d3e';
    const s3 = createS3Client();
    const put = (Key: string, Body: string) =>
      s3.send(new PutObjectCommand({ Bucket: bucketName('imports'), Key, Body }));
    await put('registry-downloads/206.txt', '2065550100\n2065550101\n2065550102\n');
    await put('registry-files/broken.txt', '2065550100\n(206) 555-0101 Ayşe\n');
    const versionDate = new Date().toISOString().slice(0, 10);
    const file = (action: string, key: string) => ({
      action,
      bucket: bucketName('imports'),
      key,
      source: 'federal',
      versionDate,
      execution,
    });
    const staged = await run('dnc-import', file('stage', 'registry-downloads/206.txt'));
    const [line] = expectRedactedAndCorrelated(staged.output, execution, {
      secrets: ['2065550101', '2065550102'],
    });
    expect(line).toMatchObject({ message: 'registry file processed', status: 'staged' });
    // A rejected file's errors go back to the state machine, never into the log.
    const rejected = await run('dnc-import', file('import', 'registry-files/broken.txt'));
    expect(rejected.result).toMatchObject({ status: 'rejected' });
    expectRedactedAndCorrelated(rejected.output, execution, { secrets: ['555-0101', 'Ayşe'] });
    const commit = await run('dnc-import', {
      action: 'commit',
      source: 'federal',
      staged: [staged.result],
      execution,
    });
    expect(commit.result).toMatchObject({ status: 'committed' });
    expectRedactedAndCorrelated(commit.output, execution);
  });
});
