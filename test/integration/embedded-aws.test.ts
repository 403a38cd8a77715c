import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import { bucketName, tableName } from '#shared/data/tables.ts';
import { useEmbeddedAws } from '../support/embedded-aws.ts';

describe('embedded AWS (dynalite + s3rver) through the real SDK', () => {
  useEmbeddedAws();

  it('round-trips an item and queries a GSI on a table created from the shared definitions', async () => {
    const db = createDocumentClient();
    await db.send(
      new PutCommand({
        TableName: tableName('interactions'),
        Item: { pk: 'CONTACT#c1', sk: 'META', gsi1pk: 'INITIAL#c1', gsi1sk: '2026-01-01T00:00:00Z', n: 1 },
      }),
    );
    const got = await db.send(
      new GetCommand({ TableName: tableName('interactions'), Key: { pk: 'CONTACT#c1', sk: 'META' } }),
    );
    expect(got.Item?.['n']).toBe(1);
    const q = await db.send(
      new QueryCommand({
        TableName: tableName('interactions'),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': 'INITIAL#c1' },
      }),
    );
    expect(q.Items).toHaveLength(1);
  });

  it('stores S3 objects byte for byte (no aws-chunked framing)', async () => {
    const s3 = createS3Client();
    await s3.send(
      new PutObjectCommand({ Bucket: bucketName('imports'), Key: 'a/b.txt', Body: 'hello world' }),
    );
    const obj = await s3.send(new GetObjectCommand({ Bucket: bucketName('imports'), Key: 'a/b.txt' }));
    expect(await obj.Body?.transformToString()).toBe('hello world');
  });
});
