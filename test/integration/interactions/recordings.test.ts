import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { S3Event } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoCtrStore } from '#shared/adapters/dynamo/ctr-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import { bucketName, tableName } from '#shared/data/tables.ts';
import { processCtr } from '#shared/interactions/processor.ts';
import { contactIdFromKey, decodeS3EventKey, recordingUrl } from '#shared/interactions/recordings.ts';
import { inboundCtr, recordingKey, uuid } from '../../fixtures/ctr/factory.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';

/** The S3 notification as S3 sends it: the key URL-encoded (`:` → %3A). */
const s3Event = (bucket: string, key: string): S3Event =>
  ({
    Records: [
      {
        eventName: 'ObjectCreated:Put',
        s3: {
          bucket: { name: bucket },
          object: { key: encodeURIComponent(key).replace(/%2F/g, '/'), size: 4 },
        },
      },
    ],
  }) as unknown as S3Event;

describe('recording indexer and signed access', () => {
  useEmbeddedAws();
  let store: DynamoCtrStore;
  let handler: (e: S3Event) => Promise<{ outcome: string; contactId?: string }[]>;
  const bucket = () => bucketName('recordings');
  beforeAll(async () => {
    store = new DynamoCtrStore(createDocumentClient(), tableName('interactions'));
    ({ handler } = await import('#functions/recording-indexer/handler.ts'));
  });

  it('decodes S3 event keys and finds the contact id in Connect file names', () => {
    const key = recordingKey(uuid(7));
    expect(decodeS3EventKey(encodeURIComponent(key))).toBe(key);
    expect(decodeS3EventKey('a+b%3Ac.wav')).toBe('a b:c.wav');
    expect(contactIdFromKey(key)).toBe(uuid(7));
    expect(contactIdFromKey('connect/x/CallRecordings/2026/11/02/recording-1.wav')).toBeUndefined();
  });

  it('CTR first, recording second: links by the CTR location and keeps the CTR fields', async () => {
    const key = recordingKey(uuid(1));
    await processCtr(store, inboundCtr({ contactId: uuid(1), recording: `${bucket()}/${key}` }));
    const [out] = await handler(s3Event(bucket(), key));
    expect(out).toMatchObject({ outcome: 'linked-by-ctr', contactId: uuid(1) });
    const rec = await store.get(uuid(1));
    expect(rec).toMatchObject({ recordingBucket: bucket(), recordingKey: key });
    expect(rec?.ctr?.contactId).toBe(uuid(1));
  });

  it('recording first: falls back to the file name, and the CTR arriving later keeps the link', async () => {
    const key = recordingKey(uuid(2));
    expect((await handler(s3Event(bucket(), key)))[0]).toMatchObject({
      outcome: 'linked-by-key',
      contactId: uuid(2),
    });
    await processCtr(store, inboundCtr({ contactId: uuid(2), recording: `${bucket()}/${key}` }));
    const rec = await store.get(uuid(2));
    expect(rec).toMatchObject({ recordingKey: key });
    expect(rec?.ctr?.handled).toBe(true);
  });

  it('recording first with a name that carries no contact id: linked when the CTR arrives', async () => {
    const key = 'connect/acme/CallRecordings/2026/11/02/rec_20261102T14:00_UTC.wav';
    expect((await handler(s3Event(bucket(), key)))[0]?.outcome).toBe('pending');
    const out = await processCtr(store, inboundCtr({ contactId: uuid(3), recording: `${bucket()}/${key}` }));
    expect(out.recordingsLinked).toBe(1);
    expect(await store.get(uuid(3))).toMatchObject({
      recordingKey: key,
      recordingKeys: [`${bucket()}/${key}`],
    });
  });

  it('a redacted copy is kept in recordingKeys without replacing the original', async () => {
    const key = recordingKey(uuid(1));
    const redacted = `connect/acme/Analysis/Voice/Redacted/2026/11/02/${uuid(1)}_call_recording_redacted_2026-11-02T14:00:00Z.wav`;
    await handler(s3Event(bucket(), redacted));
    const rec = await store.get(uuid(1));
    expect(rec?.recordingKey).toBe(key);
    expect(rec?.recordingKeys).toContain(`${bucket()}/${redacted}`);
  });

  it('gives a short-lived signed URL that works, and audits who asked', async () => {
    const s3 = createS3Client();
    const key = recordingKey(uuid(1));
    await s3.send(new PutObjectCommand({ Bucket: bucket(), Key: key, Body: 'RIFF' }));
    const clock = { now: () => new Date('2026-11-20T12:00:00Z') };
    const presign = (b: string, k: string, s: number) =>
      getSignedUrl(s3, new GetObjectCommand({ Bucket: b, Key: k }), { expiresIn: s });
    const out = await recordingUrl(
      { interactions: store, audit: store, presign, clock },
      uuid(1),
      'supervisor-1',
      120,
    );
    expect(out).toMatchObject({ found: true, expiresAt: '2026-11-20T12:02:00.000Z' });
    if (!out.found) return;
    expect(out.url).toContain('X-Amz-Expires=120');
    const audit = await createDocumentClient().send(
      new QueryCommand({
        TableName: tableName('interactions'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `RECACCESS#${uuid(1)}` },
      }),
    );
    expect(audit.Items?.[0]).toMatchObject({ requester: 'supervisor-1', location: `${bucket()}/${key}` });
    expect(await recordingUrl({ interactions: store, audit: store, presign, clock }, uuid(99), 'x')).toEqual({
      found: false,
    });
  });
});
