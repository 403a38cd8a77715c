/** The outbound Lambda handlers wired as infra deploys them (env), on embedded AWS with Connect mocked. */
import {
  ConnectClient,
  GetCurrentMetricDataCommand,
  StartOutboundVoiceContactCommand,
} from '@aws-sdk/client-connect';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Context, S3Event } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoCampaignStore } from '#shared/adapters/dynamo/campaign-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { S3RegistryStore } from '#shared/adapters/s3/registry-store.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import { importRegistryFile } from '#shared/compliance/registry.ts';
import { bucketName } from '#shared/data/tables.ts';
import { bytes, outboundSettings } from '../../fixtures/outbound/factories.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';

const connect = mockClient(ConnectClient);

describe('outbound handlers', () => {
  useEmbeddedAws();
  let store: DynamoCampaignStore;

  beforeAll(async () => {
    process.env['OUTBOUND_SETTINGS'] = JSON.stringify(outboundSettings());
    process.env['CONNECT_INSTANCE_ID'] = 'inst-1';
    process.env['QUEUE_IDS'] = JSON.stringify({ Support: 'q-support' });
    process.env['CONTACT_FLOW_IDS'] = JSON.stringify({ 'outbound-whisper': 'flow-ow' });
    process.env['POWERTOOLS_LOG_LEVEL'] = 'SILENT';
    store = new DynamoCampaignStore(createDocumentClient());
    await importRegistryFile(new S3RegistryStore(createS3Client()), {
      source: 'federal',
      kind: 'full',
      versionDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
      fileName: 'f',
      chunks: bytes('2065550100\n'),
    });
    await store.putCampaign({
      name: 'h1',
      status: 'active',
      contactFlow: 'outbound-whisper',
      queue: 'Support',
      callerIds: ['+12065550900'],
      policy: { allowUnknownCountries: false },
      createdAt: new Date().toISOString(),
    });
  });

  it('campaign-ingest: an uploaded list under campaigns/<name>/ becomes the dial queue (twice = once)', async () => {
    const s3 = createS3Client();
    const key = 'campaigns/h1/list.csv';
    await s3.send(
      new PutObjectCommand({
        Bucket: bucketName('imports'),
        Key: key,
        Body: 'phone,name,email,language,notes\n+12065550100,Listed,l@example.com,en,\n+12065550161,Ann Lee,ann@example.com,en,"owes 30"\n+12065550162,Bob,,tr,\nbad,X,,,\n',
      }),
    );
    const { handler } = await import('#functions/campaign-ingest/handler.ts');
    const event = {
      Records: [{ s3: { bucket: { name: bucketName('imports') }, object: { key } } }],
    } as unknown as S3Event;
    const [first] = await handler(event);
    expect(first).toMatchObject({ campaign: 'h1', total: 4, rejected: { dnc: 1, invalid: 1 } });
    expect(first!.queued).toBe(first!.accepted + first!.rejected.outsideWindow);
    const [second] = await handler(event);
    expect(second!.queued).toBe(0);
    const counts = await store.countTargets('h1');
    expect(counts.pending).toBe(first!.queued);
    // Only the allowed columns (default: what the outbound flow reads) are stored with a target.
    expect(first!.attributes).toEqual({
      allowed: ['firstName', 'language'],
      sent: { firstName: 2, language: 2 },
      notSent: { email: 1, notes: 1 },
    });
    expect((await store.getTarget('h1', '+12065550161'))?.attributes).toEqual({
      firstName: 'Ann',
      language: 'en',
    });
  });

  it('campaign-dialer: one tick per active campaign with the Connect ids from the environment', async () => {
    connect.reset();
    connect.on(GetCurrentMetricDataCommand).resolves({ MetricResults: [{ Collections: [{ Value: 5 }] }] });
    connect.on(StartOutboundVoiceContactCommand).resolves({ ContactId: 'c-1' });
    const { handler } = await import('#functions/campaign-dialer/handler.ts');
    const results = await handler({}, { getRemainingTimeInMillis: () => 60_000 } as Context);
    const tick = results.find((r) => r.campaign === 'h1');
    expect(tick).toBeDefined();
    const calls = connect.commandCalls(StartOutboundVoiceContactCommand).map((c) => c.args[0].input);
    expect(calls.length).toBe(tick!.dialled);
    for (const c of calls)
      expect(c).toMatchObject({ InstanceId: 'inst-1', ContactFlowId: 'flow-ow', QueueId: 'q-support' });
    expect(calls.map((c) => c.DestinationPhoneNumber)).not.toContain('+12065550100');
  });
});
