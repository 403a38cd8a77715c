/**
 * Embedded, real-protocol emulators on loopback: dynalite (DynamoDB) and s3rver (S3). Used by the
 * sandbox (`npm start`, state under .santral/), the integration tests (in-memory, a fresh port each) and
 * the benchmarks. Clients reach them through the SDK's standard endpoint variables, exactly as handlers
 * reach AWS.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { createDynamoClient } from '../adapters/dynamo-client.ts';
import { createS3Client } from '../adapters/s3-client.ts';
import {
  BUCKET_KEYS,
  BUCKETS,
  localBucketName,
  localTableName,
  TABLE_KEYS,
  TABLES,
  type TableKey,
} from '../data/tables.ts';

export interface EmbeddedDynamo {
  endpoint: string;
  close(): Promise<void>;
}

/** Start dynalite on 127.0.0.1 (random port). `path` persists state in LevelDB; omit for in-memory. */
export async function startEmbeddedDynamo(
  options: { path?: string; port?: number } = {},
): Promise<EmbeddedDynamo> {
  if (options.path) mkdirSync(options.path, { recursive: true });
  const server: Server = dynalite({
    ...(options.path ? { path: options.path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // dynalite keeps LevelDB open; closing the server is enough to release the port.
        (server as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

export interface EmbeddedS3 {
  endpoint: string;
  directory: string;
  close(): Promise<void>;
}

/** Start s3rver on 127.0.0.1 (random port) with its data in `directory` (a temp dir when omitted). */
export async function startEmbeddedS3(
  options: { directory?: string; port?: number } = {},
): Promise<EmbeddedS3> {
  const directory = options.directory ?? mkdtempSync(join(tmpdir(), 'santral-s3-'));
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({ address: '127.0.0.1', port: options.port ?? 0, silent: true, directory });
  const { port } = (await server.run()) as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, directory, close: () => server.close() };
}

/**
 * Local credentials and region. s3rver accepts only its own well-known key pair (S3RVER/S3RVER), dynalite
 * accepts anything; they are set unconditionally so real AWS credentials are never sent to the emulators.
 */
export function useLocalAwsEnvironment(dynamoEndpoint?: string, s3Endpoint?: string): void {
  process.env['AWS_REGION'] ??= 'us-east-1';
  process.env['AWS_ACCESS_KEY_ID'] = 'S3RVER';
  process.env['AWS_SECRET_ACCESS_KEY'] = 'S3RVER';
  delete process.env['AWS_SESSION_TOKEN'];
  delete process.env['AWS_PROFILE'];
  if (dynamoEndpoint) process.env['AWS_ENDPOINT_URL_DYNAMODB'] = dynamoEndpoint;
  if (s3Endpoint) process.env['AWS_ENDPOINT_URL_S3'] = s3Endpoint;
}

/** The CreateTable input for a table definition (the same keys and GSIs infra deploys). */
export function createTableInput(key: TableKey, name = localTableName(key)): CreateTableCommandInput {
  const def = TABLES[key];
  const attrs = [
    { AttributeName: 'pk', AttributeType: 'S' as const },
    { AttributeName: 'sk', AttributeType: 'S' as const },
    ...def.gsis.flatMap((g) => [
      { AttributeName: `${g}pk`, AttributeType: 'S' as const },
      { AttributeName: `${g}sk`, AttributeType: 'S' as const },
    ]),
  ];
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attrs,
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    ...(def.gsis.length > 0
      ? {
          GlobalSecondaryIndexes: def.gsis.map((g) => ({
            IndexName: g,
            KeySchema: [
              { AttributeName: `${g}pk`, KeyType: 'HASH' as const },
              { AttributeName: `${g}sk`, KeyType: 'RANGE' as const },
            ],
            Projection: { ProjectionType: 'ALL' as const },
          })),
        }
      : {}),
  };
}

/**
 * Create one table from its definition and wait until it is ACTIVE (dynalite reports CREATING briefly; a
 * request in that window fails with ResourceNotFoundException on a loaded machine). Existing tables are kept.
 */
export async function createTable(
  client: DynamoDBClient,
  key: TableKey,
  name = localTableName(key),
): Promise<void> {
  try {
    await client.send(new CreateTableCommand(createTableInput(key, name)));
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  }
  for (let i = 0; i < 200; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`table ${name} did not become ACTIVE on the embedded DynamoDB`);
}

/** Create every table (idempotent: existing tables are kept) and set the functions' table variables. */
export async function createTables(
  client: DynamoDBClient = createDynamoClient(),
  prefix = 'santral-',
): Promise<void> {
  for (const key of TABLE_KEYS) {
    const name = localTableName(key, prefix);
    await createTable(client, key, name);
    process.env[TABLES[key].envVar] = name;
  }
}

/** Create every bucket (idempotent) and set the functions' bucket variables. */
export async function createBuckets(client: S3Client = createS3Client(), prefix = 'santral-'): Promise<void> {
  for (const key of BUCKET_KEYS) {
    const name = localBucketName(key, prefix);
    try {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    } catch (err) {
      const code = (err as { name?: string }).name;
      if (code !== 'BucketAlreadyOwnedByYou' && code !== 'BucketAlreadyExists') throw err;
    }
    process.env[BUCKETS[key].envVar] = name;
  }
}

export interface EmbeddedAws {
  dynamo: EmbeddedDynamo;
  s3: EmbeddedS3;
  close(): Promise<void>;
}

/**
 * Start both emulators, point the SDK at them, create tables and buckets. With `stateDir`, state persists
 * there (the sandbox's .santral/); without it, everything is temporary (tests, benchmarks).
 */
export async function startEmbeddedAws(
  options: { stateDir?: string; tablePrefix?: string } = {},
): Promise<EmbeddedAws> {
  const dynamo = await startEmbeddedDynamo(
    options.stateDir ? { path: join(options.stateDir, 'dynamodb') } : {},
  );
  const s3 = await startEmbeddedS3(options.stateDir ? { directory: join(options.stateDir, 's3') } : {});
  useLocalAwsEnvironment(dynamo.endpoint, s3.endpoint);
  await createTables(createDynamoClient({ endpoint: dynamo.endpoint }), options.tablePrefix);
  await createBuckets(createS3Client({ endpoint: s3.endpoint }));
  return {
    dynamo,
    s3,
    close: async () => {
      await Promise.all([dynamo.close(), s3.close()]);
    },
  };
}
