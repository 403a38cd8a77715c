import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { S3FailureSource } from '#infra/cli/commands/ctr.ts';
import { DynamoCtrStore } from '#shared/adapters/dynamo/ctr-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import { bucketName, tableName } from '#shared/data/tables.ts';
import { replayCtrFailures } from '#shared/interactions/replay.ts';
import { type CtrDoc, inboundCtr, kinesisEvent, uuid } from '../../fixtures/ctr/factory.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';

/**
 * What Lambda writes to an S3 on-failure destination for a Kinesis batch (see shared/interactions/replay.ts
 * for the documentation link): the SQS/SNS metadata plus `payload`, the invocation event as a JSON string.
 * The event is built by the same fixture the handler tests invoke the Lambda with.
 */
function lambdaFailureObject(docs: (string | CtrDoc)[], condition = 'RetryAttemptsExhausted'): string {
  const event = kinesisEvent(docs);
  const seqs = event.Records.map((r) => r.kinesis.sequenceNumber);
  return JSON.stringify({
    requestContext: {
      requestId: 'c9b8fa9f-5a7f-4e6b-af9c-0c604cde93a5',
      functionArn: 'arn:aws:lambda:us-east-1:111122223333:function:ctr-processor',
      condition,
      approximateInvokeCount: 4,
    },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    version: '1.0',
    timestamp: '2026-11-20T16:00:06.021Z',
    KinesisBatchInfo: {
      shardId: 'shardId-000000000000',
      startSequenceNumber: seqs[0],
      endSequenceNumber: seqs.at(-1),
      approximateArrivalOfFirstRecord: '2026-11-20T16:00:04.835Z',
      approximateArrivalOfLastRecord: '2026-11-20T16:00:05.580Z',
      batchSize: seqs.length,
      streamArn: 'arn:aws:kinesis:us-east-1:111122223333:stream/ctr',
    },
    payload: JSON.stringify(event),
  });
}

const MAPPING = 'aws/lambda/0b1c2d3e-1111-4222-8333-444455556666/shardId-000000000000/2026/11/20';

describe('ctr replay: failure objects in S3 (s3rver) → interactions table (dynalite)', () => {
  useEmbeddedAws();
  let s3: ReturnType<typeof createS3Client>;
  let store: DynamoCtrStore;
  let bucket: string;
  beforeAll(() => {
    s3 = createS3Client();
    store = new DynamoCtrStore(createDocumentClient(), tableName('interactions'));
    bucket = bucketName('ctr-failures');
  });
  const put = (key: string, body: string) =>
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  const keys = async (prefix = '') =>
    ((await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? [])
      .map((o) => o.Key!)
      .sort();
  const source = (prefix = 'aws/lambda/') => new S3FailureSource(s3, bucket, prefix);

  it('re-applies records that failed on a fault once it is fixed, moves the object, and a re-run does nothing', async () => {
    const key = `${MAPPING}/2026-11-20T16.00.06-fault`;
    await put(
      key,
      lambdaFailureObject([
        inboundCtr({ contactId: uuid(0x7001), at: '2026-11-20T16:00:00Z' }),
        inboundCtr({ contactId: uuid(0x7002), at: '2026-11-20T16:01:00Z' }),
      ]),
    );

    // Still broken (the table the processor writes to does not exist): the object stays, each record reported.
    const broken = new DynamoCtrStore(createDocumentClient(), 'santral-no-such-table');
    const first = await replayCtrFailures(source(), broken);
    expect(first).toMatchObject({ objects: 1, replayed: 0, failing: 1, failed: 2 });
    expect(first.reports[0]).toMatchObject({
      object: `s3://${bucket}/${key}`,
      outcome: 'failing',
      condition: 'RetryAttemptsExhausted',
      shardId: 'shardId-000000000000',
    });
    expect(first.reports[0]?.failures.map((f) => f.contactId)).toEqual([uuid(0x7001), uuid(0x7002)]);
    expect(first.reports[0]?.failures[0]?.error).toMatch(/ResourceNotFound/);
    expect(await keys()).toContain(key);

    // Fixed: both contacts land, the object moves under replayed/ with its content intact.
    const second = await replayCtrFailures(source(), store);
    expect(second).toMatchObject({ objects: 1, replayed: 1, failing: 0, applied: 2, failed: 0 });
    expect(second.reports[0]?.movedTo).toBe(`s3://${bucket}/replayed/${key}`);
    expect((await store.get(uuid(0x7001)))?.ctr?.contactId).toBe(uuid(0x7001));
    expect((await store.get(uuid(0x7002)))?.ctr?.contactId).toBe(uuid(0x7002));
    expect(await keys('aws/')).not.toContain(key);
    const moved = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `replayed/${key}` }));
    expect(JSON.parse((await moved.Body?.transformToString()) ?? '{}').payload).toContain('kinesis');

    // Re-run: nothing left to do, even when listing the whole bucket (replayed/ is skipped).
    expect(await replayCtrFailures(source(''), store)).toMatchObject({ objects: 0, applied: 0 });
  });

  it('reports a poison record with its ContactId and error, keeps its object, and still applies its good neighbour', async () => {
    const poison = { ...inboundCtr({ contactId: uuid(0x7101) }), InitiationTimestamp: 'yesterday' };
    const key = `${MAPPING}/2026-11-20T16.10.00-poison`;
    await put(key, lambdaFailureObject([poison, inboundCtr({ contactId: uuid(0x7102) })]));

    const out = await replayCtrFailures(source(), store);
    const report = out.reports.find((r) => r.object.endsWith(key));
    expect(report).toMatchObject({ outcome: 'failing', records: 2, applied: 1, failed: 1 });
    expect(report?.failures).toEqual([
      {
        sequenceNumber: '49000000',
        contactId: uuid(0x7101),
        error: expect.stringMatching(/^InvalidCtrError: .*InitiationTimestamp/),
      },
    ]);
    // The report names fields, never the caller's number.
    expect(JSON.stringify(report)).not.toMatch(/\+1206555/);
    expect(await store.get(uuid(0x7101))).toBeUndefined();
    expect((await store.get(uuid(0x7102)))?.ctr).toBeDefined();
    expect(await keys()).toContain(key);

    // The good record again (and again) is a duplicate: harmless.
    const again = await replayCtrFailures(source(), store);
    expect(again.reports.find((r) => r.object.endsWith(key))).toMatchObject({ duplicate: 1, failed: 1 });
  });

  it('--acknowledge-invalid: never-parsable records are acknowledged, the rest applied, the object moved aside with its reason', async () => {
    const poison = { ...inboundCtr({ contactId: uuid(0x7151) }), InitiationTimestamp: '7' };
    const heartbeat = JSON.parse(
      readFileSync(
        resolve(import.meta.dirname, '../../../../shared/corpus/aws-samples/agent-event.heartbeat.json'),
        'utf8',
      ),
    );
    const key = `${MAPPING}/2026-11-20T16.20.00-ack`;
    await put(
      key,
      lambdaFailureObject([poison, '{not json', heartbeat, inboundCtr({ contactId: uuid(0x7152) })]),
    );
    // Without the option it stays failing (agent events skipped, not failures).
    const before = (await replayCtrFailures(source(), store)).reports.find((r) => r.object.endsWith(key));
    expect(before).toMatchObject({ outcome: 'failing', failed: 2, skipped: 1, applied: 1 });

    const out = await replayCtrFailures(source(), store, {
      acknowledgeInvalid: true,
      clock: { now: () => new Date('2026-11-21T08:00:00Z') },
    });
    const report = out.reports.find((r) => r.object.endsWith(key));
    expect(report).toMatchObject({ outcome: 'acknowledged', failed: 0, skipped: 1, duplicate: 1 });
    expect(report?.movedTo).toBe(`s3://${bucket}/acknowledged/${key}`);
    expect(await keys('aws/')).not.toContain(key);
    const reason = JSON.parse(
      (await (
        await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `acknowledged/${key}.reason.json` }))
      ).Body?.transformToString()) ?? '{}',
    );
    expect(reason).toMatchObject({
      acknowledgedAt: '2026-11-21T08:00:00.000Z',
      object: `s3://${bucket}/${key}`,
      reason: expect.stringContaining('--acknowledge-invalid'),
      records: [
        {
          sequenceNumber: '49000000',
          contactId: uuid(0x7151),
          error: expect.stringMatching(/InitiationTimestamp: expected an ISO-8601 instant/),
        },
        { sequenceNumber: '49000001', error: 'InvalidCtrError: (root): not JSON' },
      ],
    });
    // Acknowledged objects are not listed again, not even from the bucket root.
    expect((await replayCtrFailures(source(''), store)).reports.map((r) => r.object)).not.toContain(
      `s3://${bucket}/acknowledged/${key}`,
    );
  });

  it('--acknowledge-invalid never acknowledges a fault (the table unreachable)', async () => {
    const key = `${MAPPING}/2026-11-20T16.30.00-fault-ack`;
    await put(key, lambdaFailureObject([inboundCtr({ contactId: uuid(0x7161) })]));
    const broken = new DynamoCtrStore(createDocumentClient(), 'santral-no-such-table');
    const out = await replayCtrFailures(source(), broken, { acknowledgeInvalid: true });
    expect(out.reports.find((r) => r.object.endsWith(key))).toMatchObject({
      outcome: 'failing',
      failed: 1,
      acknowledgedRecords: [],
    });
    expect(await keys()).toContain(key);
    await replayCtrFailures(source(), store);
  });

  it('keeps the newer stored version when a replayed record is an older copy (stale), and counts it replayed', async () => {
    const id = uuid(0x7201);
    const newer = inboundCtr({ contactId: id, at: '2026-11-20T17:00:00Z', lastUpdateOffset: 600, talk: 500 });
    const older = inboundCtr({ contactId: id, at: '2026-11-20T17:00:00Z', lastUpdateOffset: 60, talk: 100 });
    const applied = await replayCtrFailures(
      {
        list: async () => [{ id: 'newer', read: async () => lambdaFailureObject([newer]) }],
        markReplayed: async (o) => `moved:${o.id}`,
        markAcknowledged: async (o) => `acknowledged:${o.id}`,
      },
      store,
    );
    expect(applied).toMatchObject({ applied: 1, replayed: 1 });
    const lastUpdate = (await store.get(id))?.lastUpdate;

    const key = `${MAPPING}/2026-11-20T17.20.00-stale`;
    await put(key, lambdaFailureObject([older]));
    const out = await replayCtrFailures(source(), store);
    expect(out.reports.find((r) => r.object.endsWith(key))).toMatchObject({
      outcome: 'replayed',
      stale: 1,
      applied: 0,
    });
    expect((await store.get(id))?.lastUpdate).toBe(lastUpdate);
  });

  it('dry run validates without writing or moving; pointer-only and foreign objects are unreadable', async () => {
    const key = `${MAPPING}/2026-11-20T18.00.00-dry`;
    const pointer = `${MAPPING}/2026-11-20T18.00.01-pointer`;
    await put(key, lambdaFailureObject([inboundCtr({ contactId: uuid(0x7301) })]));
    const pointerDoc = JSON.parse(lambdaFailureObject([inboundCtr({})])) as Record<string, unknown>;
    delete pointerDoc['payload'];
    await put(pointer, JSON.stringify(pointerDoc));

    const dry = await replayCtrFailures(source(), store, { dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect(dry.reports.find((r) => r.object.endsWith(key))).toMatchObject({
      outcome: 'replayed',
      applied: 1,
    });
    expect(dry.reports.find((r) => r.object.endsWith(key))?.movedTo).toBeUndefined();
    expect(dry.reports.find((r) => r.object.endsWith(pointer))).toMatchObject({
      outcome: 'unreadable',
      failures: [{ error: expect.stringMatching(/pointer record/) }],
    });
    expect(await store.get(uuid(0x7301))).toBeUndefined();
    expect(await keys()).toEqual(expect.arrayContaining([key, pointer]));
  });
});
