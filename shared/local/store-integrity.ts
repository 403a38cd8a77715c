/**
 * Damage detection for the sandbox's persistent store (`dynamodb/` LevelDB files, `s3/` bucket folders).
 * A damaged store used to crash inside dynalite (a truncated `.ldb` file: a raw stack) or, worse, open
 * empty (a deleted `CURRENT` file: LevelDB creates a new database) — an opt-out or an evidence record
 * silently gone. Two checks, both before anything reads the data:
 *
 * 1. Files (`checkStoreFiles`, before dynalite starts): the LevelDB directory opens without creating
 *    anything (`createIfMissing: false`) and every key can be read — a missing CURRENT/MANIFEST, a missing
 *    or truncated table file fail here with LevelDB's own reason; every bucket folder is there.
 * 2. Marker (`readStoreMarker`, after): the sandbox's creation wrote one id into `seeded.json`, into a
 *    marker item (table `santral-sandbox`) and a marker object (bucket `santral-sandbox`); a store that no
 *    longer holds that id has been replaced or emptied.
 *
 * Either failure is a `SandboxDamagedError` saying to run `santral sandbox reset` — never an empty sandbox.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ResourceInUseException,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { SandboxInUseError } from './sandbox-lock.ts';

export const MARKER_TABLE = 'santral-sandbox';
export const MARKER_BUCKET = 'santral-sandbox';
const MARKER_KEY = { pk: { S: 'sandbox' }, sk: { S: 'marker' } };
const MARKER_OBJECT = 'marker.json';

export class SandboxDamagedError extends Error {
  override readonly name = 'SandboxDamagedError';
  constructor(
    readonly stateDir: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      `the sandbox state in ${stateDir} is damaged (${reason}); its data cannot be trusted. ` +
        'Run `santral sandbox reset` to start over with fresh demo data (it deletes this sandbox state)',
      options,
    );
  }
}

interface LevelDb {
  open(): Promise<void>;
  close(): Promise<void>;
  keys(): AsyncIterable<unknown>;
}

// dynalite's own LevelDB binding (the `level` package it depends on), so the check reads the files exactly
// as dynalite will.
const requireFromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
const { Level } = requireFromDynalite('level') as {
  Level: new (path: string, options: { createIfMissing: boolean; valueEncoding: string }) => LevelDb;
};

/** LevelDB's reason, with the state directory's path shortened away. */
function levelReason(stateDir: string, err: unknown): string {
  const e = err as Error & { cause?: Error };
  const text = (e.cause?.message ?? e.message).split('\n')[0] ?? 'unreadable';
  return text.replaceAll(`${stateDir}/`, '').replaceAll(join(stateDir, 'dynamodb'), 'dynamodb');
}

/** Check 1: the files, before dynalite or s3rver touch them. `buckets`: the folders that must exist. */
export async function checkStoreFiles(stateDir: string, buckets: readonly string[]): Promise<void> {
  const dynamoDir = join(stateDir, 'dynamodb');
  if (!existsSync(dynamoDir)) throw new SandboxDamagedError(stateDir, 'the dynamodb/ directory is missing');
  if (!existsSync(join(dynamoDir, 'CURRENT')))
    throw new SandboxDamagedError(
      stateDir,
      'dynamodb/CURRENT is missing (LevelDB would start an empty database)',
    );
  const db = new Level(dynamoDir, { createIfMissing: false, valueEncoding: 'json' });
  try {
    await db.open();
    for await (const _ of db.keys()) {
      // Reading every key reads every table file: a truncated or missing one fails here.
    }
  } catch (err) {
    const reason = levelReason(stateDir, err);
    // Another process has the database open without a santral.lock (an older santral).
    if (/\block\b/i.test(reason) && /unavailable|held|busy/i.test(reason))
      throw new SandboxInUseError(stateDir, undefined, 0, { cause: err });
    throw new SandboxDamagedError(stateDir, `LevelDB: ${reason}`, { cause: err });
  } finally {
    await db.close().catch(() => undefined);
  }
  const s3Dir = join(stateDir, 's3');
  if (!existsSync(s3Dir)) throw new SandboxDamagedError(stateDir, 'the s3/ directory is missing');
  for (const bucket of buckets)
    if (!existsSync(join(s3Dir, bucket)))
      throw new SandboxDamagedError(
        stateDir,
        `bucket folder ${relative(stateDir, join(s3Dir, bucket))}/ is missing`,
      );
}

/** Write the creation marker (id) into the store: a marker item and a marker object. */
export async function writeStoreMarker(dynamo: DynamoDBClient, s3: S3Client, storeId: string): Promise<void> {
  try {
    await dynamo.send(
      new CreateTableCommand({
        TableName: MARKER_TABLE,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    );
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  }
  // dynalite reports CREATING briefly; a write in that window fails with ResourceNotFoundException on a
  // loaded machine (as embedded.ts › createTable waits for the capability tables).
  for (let i = 0; ; i++) {
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: MARKER_TABLE }));
    if (Table?.TableStatus === 'ACTIVE') break;
    if (i >= 500) throw new Error(`table ${MARKER_TABLE} did not become ACTIVE on the embedded DynamoDB`);
    await new Promise((r) => setTimeout(r, 10));
  }
  await dynamo.send(
    new PutItemCommand({
      TableName: MARKER_TABLE,
      Item: { ...MARKER_KEY, storeId: { S: storeId }, createdAt: { S: new Date().toISOString() } },
    }),
  );
  try {
    await s3.send(new CreateBucketCommand({ Bucket: MARKER_BUCKET }));
  } catch (err) {
    const code = (err as { name?: string }).name;
    if (code !== 'BucketAlreadyOwnedByYou' && code !== 'BucketAlreadyExists') throw err;
  }
  await s3.send(
    new PutObjectCommand({ Bucket: MARKER_BUCKET, Key: MARKER_OBJECT, Body: JSON.stringify({ storeId }) }),
  );
}

/** Check 2: the marker id the store holds, per emulator (undefined where it is gone). */
export async function readStoreMarker(
  dynamo: DynamoDBClient,
  s3: S3Client,
): Promise<{ dynamo?: string; s3?: string }> {
  let fromDynamo: string | undefined;
  try {
    const { Item } = await dynamo.send(new GetItemCommand({ TableName: MARKER_TABLE, Key: MARKER_KEY }));
    fromDynamo = Item?.['storeId']?.S;
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException)) throw err;
  }
  let fromS3: string | undefined;
  try {
    const obj = await s3.send(new GetObjectCommand({ Bucket: MARKER_BUCKET, Key: MARKER_OBJECT }));
    fromS3 = (JSON.parse(await obj.Body!.transformToString()) as { storeId?: string }).storeId;
  } catch (err) {
    const code = (err as { name?: string }).name;
    if (code !== 'NoSuchKey' && code !== 'NoSuchBucket' && !(err instanceof SyntaxError)) throw err;
  }
  return { ...(fromDynamo ? { dynamo: fromDynamo } : {}), ...(fromS3 ? { s3: fromS3 } : {}) };
}
