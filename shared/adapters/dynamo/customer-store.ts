/**
 * DynamoDB adapter for customers and callers (table `customers`, GSI gsi1), plus the caller lookup the
 * IVR makes on every call.
 *
 * Item layouts (table `customers`):
 * - customer:  pk `CUSTOMER#<customerId>`, sk `PROFILE`
 *     { customerId, firstName, lastName?, tier: VIP|standard, preferredLanguage, phoneNumbers: [E.164…], openCaseId? }
 * - number → customer (one per number; the IVR's lookup projection, so a call needs one read):
 *     pk `PHONE#<E.164>`, sk `PROFILE`
 *     { e164, customerId, firstName, tier, preferredLanguage, openCaseId?, gsi1pk `CUSTOMER#<customerId>`, gsi1sk `PHONE#<E.164>` }
 *   (gsi1 lists a customer's numbers: used to unlink numbers a customer no longer has, and by erasure).
 *   A number belongs to one customer: writing it for another customer moves it (last write wins).
 * - caller activity (known customers and unknown callers alike):
 *     pk `PHONE#<E.164>`, sk `ACTIVITY`
 *     { lastContactId, lastContactAt (ISO), previousContactAt (ISO or ''), lastAgent?, lastAgentAt? }
 *   `noteContact` (called by route, or by `lookupCaller` when given the contact) sets lastContact*;
 *   `recordAgentContact` (the CTR processor) sets lastAgent*.
 *
 * The caller lookup is one BatchGetItem: number profile + activity from `customers`, the internal DNC
 * entry from `dnc` (strongly consistent) — a single round trip while the caller waits (ivr-lookup).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../data/tables.ts';
import {
  type CallerActivity,
  type CallerDirectory,
  type CallerProfile,
  type CallerRecord,
  CUSTOMER_TIERS,
  type CustomerProfile,
  type CustomerStore,
} from '../../domain/customers.ts';
import { isE164 } from '../../domain/phone.ts';
import { DNC_CURRENT_SK, dncEntryFromItem, dncPk } from './internal-dnc-store.ts';

export const customerPk = (customerId: string) => `CUSTOMER#${customerId}`;
export const phonePk = (e164: string) => `PHONE#${e164}`;
export const PROFILE_SK = 'PROFILE';
export const ACTIVITY_SK = 'ACTIVITY';

/** A stored item that does not have the documented shape. */
export class MalformedItemError extends Error {
  override readonly name = 'MalformedItemError';
  constructor(
    readonly key: string,
    readonly problem: string,
  ) {
    super(`malformed item ${key.replace(/\+\d+/g, '+…')}: ${problem}`);
  }
}

export class InvalidCustomerError extends Error {
  override readonly name = 'InvalidCustomerError';
}

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);

function callerProfileFromItem(item: Record<string, unknown>): CallerProfile {
  const customerId = str(item['customerId']);
  const tier = item['tier'];
  if (!customerId) throw new MalformedItemError(String(item['pk']), 'customerId missing');
  if (typeof tier !== 'string' || !(CUSTOMER_TIERS as readonly string[]).includes(tier)) {
    throw new MalformedItemError(String(item['pk']), 'tier must be VIP or standard');
  }
  const openCaseId = str(item['openCaseId']);
  return {
    customerId,
    firstName: str(item['firstName']) ?? '',
    tier: tier as CallerProfile['tier'],
    preferredLanguage: str(item['preferredLanguage']) ?? '',
    ...(openCaseId ? { openCaseId } : {}),
  };
}

function activityFromItem(item: Record<string, unknown>): CallerActivity {
  const a: CallerActivity = {};
  for (const k of [
    'lastContactId',
    'lastContactAt',
    'previousContactAt',
    'lastAgent',
    'lastAgentAt',
  ] as const) {
    const v = str(item[k]);
    if (v) a[k] = v;
  }
  return a;
}

export interface CustomerTables {
  customers: string;
  dnc: string;
}

export class DynamoCustomerStore implements CustomerStore, CallerDirectory {
  private readonly tables: CustomerTables;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    tables: Partial<CustomerTables> = {},
  ) {
    this.tables = {
      customers: tables.customers ?? tableName('customers'),
      dnc: tables.dnc ?? tableName('dnc'),
    };
  }

  async lookupCaller(
    e164: string,
    contact?: { contactId: string; at: Date },
    signal?: AbortSignal,
  ): Promise<CallerRecord> {
    const [items] = await Promise.all([
      this.readCaller(e164, signal),
      contact ? this.noteContact(e164, contact, signal) : undefined,
    ]);
    const record: CallerRecord = {};
    const profile = items.find((i) => i['pk'] === phonePk(e164) && i['sk'] === PROFILE_SK);
    const activity = items.find((i) => i['pk'] === phonePk(e164) && i['sk'] === ACTIVITY_SK);
    const dnc = items.find((i) => i['pk'] === dncPk(e164) && i['sk'] === DNC_CURRENT_SK);
    if (profile) record.profile = callerProfileFromItem(profile);
    if (activity) record.activity = activityFromItem(activity);
    if (dnc) record.dnc = dncEntryFromItem(dnc);
    return record;
  }

  private async readCaller(e164: string, signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    let request: NonNullable<ConstructorParameters<typeof BatchGetCommand>[0]['RequestItems']> = {
      [this.tables.customers]: {
        Keys: [
          { pk: phonePk(e164), sk: PROFILE_SK },
          { pk: phonePk(e164), sk: ACTIVITY_SK },
        ],
      },
      [this.tables.dnc]: { Keys: [{ pk: dncPk(e164), sk: DNC_CURRENT_SK }], ConsistentRead: true },
    };
    const items: Record<string, unknown>[] = [];
    // BatchGetItem may leave keys unprocessed under throttling: retry those once, then give up (fault).
    for (let attempt = 0; attempt < 2; attempt++) {
      const out: BatchGetCommandOutput = await this.db.send(
        new BatchGetCommand({ RequestItems: request }),
        signal ? { abortSignal: signal } : {},
      );
      for (const table of Object.values(out.Responses ?? {})) items.push(...table);
      const unprocessed = out.UnprocessedKeys ?? {};
      if (Object.keys(unprocessed).length === 0) return items;
      request = unprocessed as typeof request;
    }
    throw new Error('caller lookup: DynamoDB left keys unprocessed twice');
  }

  /** Record this contact on the number's activity; a retry of the same contact changes nothing. */
  async noteContact(e164: string, contact: { contactId: string; at: Date }, signal?: AbortSignal) {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tables.customers,
          Key: { pk: phonePk(e164), sk: ACTIVITY_SK },
          UpdateExpression:
            'SET previousContactAt = if_not_exists(lastContactAt, :none), lastContactAt = :at, lastContactId = :cid',
          ConditionExpression: 'attribute_not_exists(lastContactId) OR lastContactId <> :cid',
          ExpressionAttributeValues: {
            ':at': contact.at.toISOString(),
            ':cid': contact.contactId,
            ':none': '',
          },
        }),
        signal ? { abortSignal: signal } : {},
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async putCustomer(profile: CustomerProfile): Promise<void> {
    if (!profile.customerId) throw new InvalidCustomerError('customerId must not be empty');
    if (!(CUSTOMER_TIERS as readonly string[]).includes(profile.tier)) {
      throw new InvalidCustomerError(`tier must be one of ${CUSTOMER_TIERS.join(', ')}`);
    }
    const bad = profile.phoneNumbers.findIndex((n) => !isE164(n));
    if (bad >= 0) throw new InvalidCustomerError(`phoneNumbers[${bad}] must be E.164, e.g. +12065550100`);
    const numbers = [...new Set(profile.phoneNumbers)];
    await this.db.send(
      new PutCommand({
        TableName: this.tables.customers,
        Item: { pk: customerPk(profile.customerId), sk: PROFILE_SK, ...profile, phoneNumbers: numbers },
      }),
    );
    const projection: CallerProfile = {
      customerId: profile.customerId,
      firstName: profile.firstName,
      tier: profile.tier,
      preferredLanguage: profile.preferredLanguage,
      ...(profile.openCaseId ? { openCaseId: profile.openCaseId } : {}),
    };
    await Promise.all(
      numbers.map((e164) =>
        this.db.send(
          new PutCommand({
            TableName: this.tables.customers,
            Item: {
              pk: phonePk(e164),
              sk: PROFILE_SK,
              e164,
              ...projection,
              gsi1pk: customerPk(profile.customerId),
              gsi1sk: phonePk(e164),
            },
          }),
        ),
      ),
    );
    // Unlink numbers this customer no longer has (only if they still point at this customer).
    const linked = await this.db.send(
      new QueryCommand({
        TableName: this.tables.customers,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :c',
        ExpressionAttributeValues: { ':c': customerPk(profile.customerId) },
      }),
    );
    const stale = (linked.Items ?? []).filter(
      (i) => typeof i['e164'] === 'string' && !numbers.includes(i['e164']),
    );
    for (const item of stale) {
      try {
        await this.db.send(
          new DeleteCommand({
            TableName: this.tables.customers,
            Key: { pk: item['pk'], sk: PROFILE_SK },
            ConditionExpression: 'customerId = :id',
            ExpressionAttributeValues: { ':id': profile.customerId },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
  }

  async getCustomer(customerId: string): Promise<CustomerProfile | undefined> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tables.customers,
        Key: { pk: customerPk(customerId), sk: PROFILE_SK },
      }),
    );
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, ...rest } = out.Item;
    return rest as CustomerProfile;
  }

  async recordAgentContact(
    e164: string,
    contact: { contactId: string; agent: string; at: Date },
  ): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tables.customers,
          Key: { pk: phonePk(e164), sk: ACTIVITY_SK },
          UpdateExpression: 'SET lastAgent = :agent, lastAgentAt = :at, lastAgentContactId = :cid',
          ConditionExpression: 'attribute_not_exists(lastAgentAt) OR lastAgentAt < :at',
          ExpressionAttributeValues: {
            ':agent': contact.agent,
            ':at': contact.at.toISOString(),
            ':cid': contact.contactId,
          },
        }),
      );
    } catch (error) {
      // Newer news is already stored: nothing to do.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
