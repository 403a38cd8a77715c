/**
 * The local sandbox behind `npm start`: embedded DynamoDB (dynalite) and S3 (s3rver) on loopback with
 * their state under `.santral/` (git-ignored), the tables and buckets infra deploys (shared/data/tables.ts
 * via embedded.ts), and the documented demo data (demo-data.ts). State persists between commands, so an
 * opt-out in one `santral sim call` is visible to the next; `santral sandbox reset` starts over.
 *
 * Seeding goes through the real adapters (customer store, internal DNC store), never raw items, so the
 * sandbox holds exactly what the handlers would have written.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BatchWriteItemCommand, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DynamoCustomerStore } from '../adapters/dynamo/customer-store.ts';
import { DynamoInternalDncStore } from '../adapters/dynamo/internal-dnc-store.ts';
import { createDocumentClient, createDynamoClient } from '../adapters/dynamo-client.ts';
import { REPO_ROOT } from '../config/load.ts';
import { TABLE_KEYS, tableName } from '../data/tables.ts';
import type { CustomerProfile, CustomerStore } from '../domain/customers.ts';
import type { CustomerSeed } from '../simulator/scenarios.ts';
import { DEMO_CUSTOMERS } from './demo-data.ts';
import { seedDemoHistory } from './demo-history.ts';
import { type EmbeddedAws, startEmbeddedAws } from './embedded.ts';

/**
 * `.santral/` in the repository. `SANTRAL_STATE_DIR` moves it (a scratch sandbox for tests or for trying
 * commands safely; the other CLI areas honour the same variable); `SANTRAL_SANDBOX_DIR` is an alias.
 */
export const SANDBOX_DIR =
  process.env['SANTRAL_STATE_DIR'] ?? process.env['SANTRAL_SANDBOX_DIR'] ?? join(REPO_ROOT, '.santral');
const SEED_MARKER = 'seeded.json';

export class SandboxError extends Error {
  override name = 'SandboxError';
}

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

/**
 * Start the sandbox: emulators with state in `stateDir`, tables and buckets, demo data on first start
 * (or after `fresh`). The caller closes it.
 */
export async function startSandbox(options: { stateDir?: string; fresh?: boolean } = {}): Promise<Sandbox> {
  const stateDir = options.stateDir ?? SANDBOX_DIR;
  if (options.fresh) rmSync(stateDir, { recursive: true, force: true });
  let aws: EmbeddedAws;
  try {
    aws = await startEmbeddedAws({ stateDir });
  } catch (err) {
    const msg = (err as Error).message;
    if (/lock/i.test(msg))
      throw new SandboxError(`the sandbox state in ${stateDir} is in use by another santral process`, {
        cause: err,
      });
    throw err;
  }
  const marker = join(stateDir, SEED_MARKER);
  let seededNow = false;
  if (!existsSync(marker)) {
    try {
      const seeded = await seedSandbox();
      writeFileSync(
        marker,
        `${JSON.stringify({ seededAt: new Date().toISOString(), ...seeded }, null, 2)}\n`,
      );
      seededNow = true;
    } catch (err) {
      await aws.close();
      throw err;
    }
  }
  return { aws, stateDir, seededNow, close: () => aws.close() };
}

/** What was seeded and when (from the marker), for `santral sandbox status`. */
export function sandboxStatus(stateDir = SANDBOX_DIR): { exists: boolean; seededAt?: string } {
  const marker = join(stateDir, SEED_MARKER);
  if (!existsSync(marker)) return { exists: existsSync(stateDir) };
  const data = JSON.parse(readFileSync(marker, 'utf8')) as { seededAt?: string };
  return { exists: true, ...(data.seededAt ? { seededAt: data.seededAt } : {}) };
}
