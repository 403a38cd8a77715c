import { randomBytes } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { S3FailureSource } from '#infra/cli/commands/ctr.ts';
import { DynamoCtrStore } from '#shared/adapters/dynamo/ctr-store.ts';
import { DynamoErasureStore } from '#shared/adapters/dynamo/erasure-store.ts';
import { DynamoInternalDncStore } from '#shared/adapters/dynamo/internal-dnc-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { LocalSubjectHasher } from '#shared/adapters/kms/subject-hasher.ts';
import { S3CtrFailureStore } from '#shared/adapters/s3/ctr-failure-store.ts';
import { S3RecordingEraser } from '#shared/adapters/s3/recording-store.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import { bucketName, tableName } from '#shared/data/tables.ts';
import { type ErasureDeps, eraseByPhone } from '#shared/interactions/erasure.ts';
import { buildFailureObject, parseFailureObject, replayCtrFailures } from '#shared/interactions/replay.ts';
import { inboundCtr, uuid } from '../../fixtures/ctr/factory.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';

const PERSON = '+12065550152';
const BYSTANDER = '+12065550198';
const MAPPING = 'aws/lambda/0b1c2d3e-1111-4222-8333-444455556666/shardId-000000000000/2026/11/20';
const clock = { now: () => new Date('2026-11-21T12:00:00Z') };

const ctr = (n: number, customer: string, at = '2026-11-20T16:00:00Z') =>
  JSON.stringify(inboundCtr({ contactId: uuid(n), customer, at }));

describe('erasure reaches failed CTR batches in the ctr-failures bucket (s3rver + dynalite)', () => {
  useEmbeddedAws();
  let s3: ReturnType<typeof createS3Client>;
  let bucket: string;
  let deps: ErasureDeps;
  let ctrStore: DynamoCtrStore;
  const keys = {
    mixed: `${MAPPING}/2026-11-20T16.00.06-mixed`,
    onlyPerson: `replayed/${MAPPING}/2026-11-20T15.00.00-only-person`,
    bystander: `${MAPPING}/2026-11-20T16.10.00-bystander`,
    notAFailure: `${MAPPING}/2026-11-20T16.20.00-not-a-failure`,
    unreadable: `${MAPPING}/2026-11-20T16.30.00-unreadable-record`,
  };
  const bodies: Record<string, string> = {};

  const get = async (key: string) =>
    (await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body?.transformToString()) ??
    '';
  const listed = async () =>
    ((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key!).sort();
  /** Every CTR text in the bucket, decoded (numbers are inside base64, so the raw objects never show them). */
  const decodedTexts = async () => {
    const out: string[] = [];
    for (const key of await listed()) {
      try {
        out.push(...parseFailureObject(await get(key)).records.map((r) => r.text));
      } catch {
        out.push(await get(key));
      }
    }
    return out.join('\n');
  };

  beforeAll(async () => {
    s3 = createS3Client();
    bucket = bucketName('ctr-failures');
    const doc = createDocumentClient();
    ctrStore = new DynamoCtrStore(doc, tableName('interactions'));
    deps = {
      store: new DynamoErasureStore(doc, {
        customers: tableName('customers'),
        interactions: tableName('interactions'),
      }),
      interactions: ctrStore,
      recordings: new S3RecordingEraser(s3),
      dnc: new DynamoInternalDncStore(doc, tableName('dnc')),
      clock,
      queues: ['Support'],
      ctrFailures: new S3CtrFailureStore(s3, bucket),
      hasher: new LocalSubjectHasher(randomBytes(32)),
    };
    // A CTR whose number is written the way a caller's number sometimes arrives (not E.164 as such).
    const localFormat = JSON.stringify({
      ...inboundCtr({ contactId: uuid(0x8103), customer: PERSON }),
      CustomerEndpoint: { Address: '+1 (206) 555-0152', Type: 'TELEPHONE_NUMBER' },
    });
    bodies[keys.mixed] = buildFailureObject([ctr(0x8101, PERSON), ctr(0x8102, BYSTANDER)]);
    bodies[keys.onlyPerson] = buildFailureObject([ctr(0x8104, PERSON), localFormat]);
    bodies[keys.bystander] = buildFailureObject([ctr(0x8105, BYSTANDER)]);
    bodies[keys.notAFailure] = JSON.stringify({ hello: 'not an on-failure object' });
    bodies[keys.unreadable] = buildFailureObject(['this is not JSON', ctr(0x8106, BYSTANDER)]);
    for (const [key, body] of Object.entries(bodies))
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  });

  it('dry run counts the person’s records and objects and changes nothing', async () => {
    const report = await eraseByPhone(deps, PERSON, { requestedBy: 'dpo', dryRun: true });
    expect(report.counts).toMatchObject({
      ctrFailureRecords: 3,
      ctrFailureObjects: 2,
      ctrFailureUnreadable: 1,
    });
    expect(report.uncheckedCtrFailures).toEqual([keys.notAFailure, keys.unreadable]);
    expect(await listed()).toEqual(Object.keys(bodies).sort());
    for (const [key, body] of Object.entries(bodies)) expect(await get(key)).toBe(body);
    expect(await decodedTexts()).toContain(PERSON);
  });

  it('rewrites a mixed object without the person, deletes an object that was only theirs, keeps the rest', async () => {
    const report = await eraseByPhone(deps, PERSON, { requestedBy: 'dpo', dryRun: false });
    expect(report.counts).toMatchObject({
      ctrFailureRecords: 3,
      ctrFailureObjects: 2,
      ctrFailureUnreadable: 1,
    });
    expect(await listed()).toEqual([keys.bystander, keys.mixed, keys.notAFailure, keys.unreadable].sort());
    // Same key, same shape: only the bystander's record is left, with its sequence number.
    const mixed = parseFailureObject(await get(keys.mixed));
    const before = parseFailureObject(bodies[keys.mixed]!);
    expect(mixed.records).toEqual([before.records[1]]);
    expect(mixed).toMatchObject({ condition: 'RetryAttemptsExhausted', batch: { batchSize: 1 } });
    for (const key of [keys.bystander, keys.notAFailure, keys.unreadable])
      expect(await get(key)).toBe(bodies[key]);
    const texts = await decodedTexts();
    expect(texts).not.toContain('5550152');
    expect(texts).not.toContain(uuid(0x8101));
    expect(texts).toContain(BYSTANDER);
    // The erasure record carries the counts (and no number).
    const records = (
      await createDocumentClient().send(new ScanCommand({ TableName: tableName('interactions') }))
    ).Items?.filter((i) => String(i['pk']) === `ERASURE#${report.erasureId}`);
    expect(records?.[0]?.['counts']).toMatchObject({ ctrFailureRecords: 3, ctrFailureObjects: 2 });
    expect(JSON.stringify(records)).not.toContain('5550152');
  });

  it('the rewritten object still replays: the bystander’s CTR reaches the table, the person’s does not', async () => {
    const summary = await replayCtrFailures(new S3FailureSource(s3, bucket, keys.mixed), ctrStore);
    expect(summary).toMatchObject({ objects: 1, replayed: 1, applied: 1, failed: 0 });
    expect((await ctrStore.get(uuid(0x8102)))?.ctr?.customerNumber).toBe(BYSTANDER);
    expect(await ctrStore.get(uuid(0x8101))).toBeUndefined();
    expect(await listed()).toContain(`replayed/${keys.mixed}`);
  });

  it('re-run is a no-op', async () => {
    const state = new Map<string, string>();
    for (const key of await listed()) state.set(key, await get(key));
    const report = await eraseByPhone(deps, PERSON, { requestedBy: 'dpo', dryRun: false });
    expect(report.counts).toMatchObject({ ctrFailureRecords: 0, ctrFailureObjects: 0 });
    expect(await listed()).toEqual([...state.keys()]);
    for (const [key, body] of state) expect(await get(key)).toBe(body);
  });
});
