/**
 * The local sandbox behind `npm start`: embedded DynamoDB (dynalite) and S3 (s3rver) on loopback with
 * their state under `.santral/` (git-ignored), the tables and buckets infra deploys (shared/data/tables.ts
 * via embedded.ts), and the documented demo data (demo-data.ts). State persists between commands, so an
 * opt-out in one `santral sim call` is visible to the next; `santral sandbox reset` starts over.
 *
 * Seeding goes through the real adapters (customer store, internal DNC store), never raw items, so the
 * sandbox holds exactly what the handlers would have written.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BatchWriteItemCommand, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DynamoCustomerStore } from '../adapters/dynamo/customer-store.ts';
import { DynamoInternalDncStore } from '../adapters/dynamo/internal-dnc-store.ts';
import { createDocumentClient, createDynamoClient } from '../adapters/dynamo-client.ts';
import { createS3Client } from '../adapters/s3-client.ts';
import { REPO_ROOT } from '../config/load.ts';
import { BUCKET_KEYS, localBucketName, TABLE_KEYS, tableName } from '../data/tables.ts';
import type { CustomerProfile, CustomerStore } from '../domain/customers.ts';
import type { CustomerSeed } from '../simulator/scenarios.ts';
import { DEMO_CUSTOMERS } from './demo-data.ts';
import { seedDemoHistory } from './demo-history.ts';
import { type EmbeddedAws, startEmbeddedAws } from './embedded.ts';
import {
  type AcquireOptions,
  acquireSandboxLock,
  LOCK_FILE,
  type LockHolder,
  readLiveHolder,
} from './sandbox-lock.ts';
import {
  checkStoreFiles,
  MARKER_BUCKET,
  readStoreMarker,
  SandboxDamagedError,
  writeStoreMarker,
} from './store-integrity.ts';

/**
 * `.santral/` in the repository. `SANTRAL_STATE_DIR` moves it (a scratch sandbox for tests or for trying
 * commands safely; the other CLI areas honour the same variable); `SANTRAL_SANDBOX_DIR` is an alias.
 */
export const SANDBOX_DIR =
  process.env['SANTRAL_STATE_DIR'] ?? process.env['SANTRAL_SANDBOX_DIR'] ?? join(REPO_ROOT, '.santral');
const SEED_MARKER = 'seeded.json';

export interface Sandbox {
  aws: EmbeddedAws;
  stateDir: string;
  /** True when this start seeded fresh demo data. */
  seededNow: boolean;
  close(): Promise<void>;
}

/** Writes a customer the way the inbound capability stores it. */
export type CustomerSeeder = (customer: CustomerSeed) => Promise<void>;

/** The customer seeder backed by the inbound capability's customer store (putCustomer, idempotent). */
export function createCustomerSeeder(
  store: CustomerStore = new DynamoCustomerStore(createDocumentClient()),
): CustomerSeeder {
  return async (c) => {
    const profile: CustomerProfile = {
      customerId: `demo-${c.phone.slice(-4)}`,
      phoneNumbers: [c.phone],
      firstName: c.firstName,
      ...(c.lastName ? { lastName: c.lastName } : {}),
      tier: c.tier,
      preferredLanguage: c.preferredLanguage,
      ...(c.openCaseId ? { openCaseId: c.openCaseId } : {}),
    };
    await store.putCustomer(profile);
  };
}

export interface SeedOptions {
  customers?: readonly CustomerSeed[];
  /** Numbers put on the internal DNC list (source admin). */
  dnc?: readonly string[];
  /** Also seed a month of demo contact history (default true). */
  history?: boolean;
}

/** Seed customers (default: the demo customers), DNC entries and demo history. Idempotent. */
export async function seedSandbox(
  options: SeedOptions = {},
): Promise<{ customers: number; history: number }> {
  const customers = options.customers ?? DEMO_CUSTOMERS;
  const seed = createCustomerSeeder();
  for (const c of customers) await seed(c);
  if (options.dnc && options.dnc.length > 0) {
    const dnc = new DynamoInternalDncStore(createDocumentClient(createDynamoClient()));
    for (const e164 of options.dnc)
      await dnc.add({ e164, source: 'admin', addedAt: new Date().toISOString(), addedBy: 'sandbox-seed' });
  }
  // A month of contact history (interactions capability) so KPIs and agent history have data.
  const history =
    (options.history ?? true) ? (await seedDemoHistory({ db: createDocumentClient() })).contacts : 0;
  return { customers: customers.length, history };
}

/** Delete every item of every table (tests and `sandbox reset` without restarting the emulators). */
export async function clearTables(client: DynamoDBClient = createDynamoClient()): Promise<void> {
  for (const key of TABLE_KEYS) {
    const table = tableName(key);
    let start: Record<string, never> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({ TableName: table, ProjectionExpression: 'pk, sk', ExclusiveStartKey: start }),
      );
      const items = page.Items ?? [];
      for (let i = 0; i < items.length; i += 25) {
        await client.send(
          new BatchWriteItemCommand({
            RequestItems: { [table]: items.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } })) },
          }),
        );
      }
      start = page.LastEvaluatedKey as Record<string, never> | undefined;
    } while (start);
  }
}

/** `seeded.json`: when the sandbox was created and the id of its store marker (store-integrity.ts). */
interface SeedRecord {
  seededAt?: string;
  /** Absent in sandboxes created before the marker existed: adopted (marked) on their next start. */
  storeId?: string;
  [key: string]: unknown;
}

function readSeedRecord(stateDir: string): SeedRecord | undefined {
  const path = join(stateDir, SEED_MARKER);
  if (!existsSync(path)) return undefined;
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('not an object');
    return data as SeedRecord;
  } catch (err) {
    throw new SandboxDamagedError(stateDir, `${SEED_MARKER} is unreadable`, { cause: err });
  }
}

const writeSeedRecord = (stateDir: string, record: SeedRecord) =>
  writeFileSync(join(stateDir, SEED_MARKER), `${JSON.stringify(record, null, 2)}\n`);

export interface StartSandboxOptions {
  stateDir?: string;
  /** Throw the state away first (`santral sandbox reset`), under the lock. */
  fresh?: boolean;
  /** What a fresh sandbox is seeded with (default: the demo customers and a month of history). */
  seed?: SeedOptions;
  /** Waiting for another santral process that holds the state (sandbox-lock.ts). */
  lock?: AcquireOptions;
}

/**
 * Start the sandbox: take the state's lock (waiting briefly for another santral process, then naming it),
 * check an existing store for damage, start the emulators with state in `stateDir`, tables and buckets,
 * demo data and the store marker on first start (or after `fresh`). The caller closes it.
 */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<Sandbox> {
  const stateDir = options.stateDir ?? SANDBOX_DIR;
  const lock = await acquireSandboxLock(stateDir, {
    onWait: (message) => process.stderr.write(`${message}\n`),
    ...options.lock,
  });
  let aws: EmbeddedAws | undefined;
  try {
    if (options.fresh)
      for (const entry of readdirSync(stateDir))
        if (!entry.startsWith(LOCK_FILE)) rmSync(join(stateDir, entry), { recursive: true, force: true });
    const seeded = readSeedRecord(stateDir);
    const buckets = BUCKET_KEYS.map((k) => localBucketName(k));
    // Before the emulators touch the files: dynalite would crash on a broken table file, and LevelDB
    // would create an empty database where CURRENT is gone.
    if (seeded) await checkStoreFiles(stateDir, seeded.storeId ? [...buckets, MARKER_BUCKET] : buckets);
    aws = await startEmbeddedAws({ stateDir });
    const dynamo = createDynamoClient({ endpoint: aws.dynamo.endpoint });
    const s3 = createS3Client({ endpoint: aws.s3.endpoint });
    let seededNow = false;
    if (!seeded) {
      const counts = await seedSandbox(options.seed);
      const storeId = randomUUID();
      await writeStoreMarker(dynamo, s3, storeId);
      writeSeedRecord(stateDir, { seededAt: new Date().toISOString(), ...counts, storeId });
      seededNow = true;
    } else if (!seeded.storeId) {
      const storeId = randomUUID();
      await writeStoreMarker(dynamo, s3, storeId);
      writeSeedRecord(stateDir, { ...seeded, storeId });
    } else {
      const marker = await readStoreMarker(dynamo, s3);
      if (marker.dynamo !== seeded.storeId)
        throw new SandboxDamagedError(
          stateDir,
          `the DynamoDB store no longer holds the marker written when the sandbox was created (${marker.dynamo ? 'another store' : 'it is gone'}): its data was lost or replaced`,
        );
      if (marker.s3 !== seeded.storeId)
        throw new SandboxDamagedError(
          stateDir,
          `the S3 store no longer holds the marker written when the sandbox was created (${marker.s3 ? 'another store' : 'it is gone'}): its objects were lost or replaced`,
        );
    }
    const running = aws;
    return {
      aws: running,
      stateDir,
      seededNow,
      close: async () => {
        try {
          await running.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (err) {
    await aws?.close().catch(() => undefined);
    lock.release();
    throw err;
  }
}

/** What was seeded and when (from seeded.json), and who holds the state now, for `santral sandbox status`. */
export function sandboxStatus(stateDir = SANDBOX_DIR): {
  exists: boolean;
  seededAt?: string;
  heldBy?: LockHolder;
} {
  const lock = readLiveHolder(stateDir);
  const heldBy = lock ? { heldBy: lock } : {};
  const marker = join(stateDir, SEED_MARKER);
  if (!existsSync(marker)) return { exists: existsSync(stateDir), ...heldBy };
  const data = JSON.parse(readFileSync(marker, 'utf8')) as { seededAt?: string };
  return { exists: true, ...(data.seededAt ? { seededAt: data.seededAt } : {}), ...heldBy };
}
