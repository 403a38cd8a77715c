/**
 * DynamoDB adapter for customers and callers (table `customers`, GSI gsi1), plus the caller lookup the
 * IVR makes on every call.
 *
 * Item layouts (table `customers`):
 * - customer:  pk `CUSTOMER#<customerId>`, sk `PROFILE`
 *     { customerId, firstName, lastName?, tier: VIP|standard, preferredLanguage, phoneNumbers: [E.164…], openCaseId? }
 * - caller (one per number, known customers and unknown callers alike): pk `PHONE#<E.164>`, sk `CALLER`
 *     profile projection, set by putCustomer (absent for unknown callers):
 *       { e164, customerId, firstName, tier, preferredLanguage, openCaseId?, gsi1pk `CUSTOMER#<customerId>`, gsi1sk `PHONE#<E.164>` }
 *     activity:
 *       { lastContactId, lastContactAt (ISO), previousContactAt (ISO or ''), lastAgent?, lastAgentAt?, lastAgentContactId? }
 *   Each writer sets only its own attributes with UpdateItem, so profile and activity never clobber each
 *   other: `putCustomer` the projection, `noteContact` (route) lastContact*, `recordAgentContact` (the CTR
 *   processor) lastAgent*. gsi1 lists a customer's numbers (to unlink numbers a customer no longer has).
 *   A number belongs to one customer: writing it for another customer moves it (last write wins).
 *
 * The caller lookup is one BatchGetItem of two keys: the caller item from `customers` and the internal
 * DNC entry from `dnc` (strongly consistent) — a single round trip while the caller waits (ivr-lookup).
 */
import {
  type AttributeValue,
  BatchGetItemCommand,
  type BatchGetItemCommandInput,
  type BatchGetItemCommandOutput,
  ConditionalCheckFailedException,
} from '@aws-sdk/client-dynamodb';
import {
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
export const CALLER_SK = 'CALLER';
/** The attributes of the caller item that belong to the customer profile (removed when a number is unlinked). */
const PROJECTION = [
  'customerId',
  'firstName',
  'tier',
  'preferredLanguage',
  'openCaseId',
  'gsi1pk',
  'gsi1sk',
] as const;

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

/** Plain value of an attribute: strings, numbers, booleans, lists, maps and string sets (what these items hold). */
function plainValue(v: AttributeValue): unknown {
  if (v.S !== undefined) return v.S;
  if (v.N !== undefined) return Number(v.N);
  if (v.BOOL !== undefined) return v.BOOL;
  if (v.NULL) return null;
  if (v.L) return v.L.map(plainValue);
  if (v.M) return plainItem(v.M);
  if (v.SS) return new Set(v.SS);
  return undefined;
}
const plainItem = (item: Record<string, AttributeValue>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(item).map(([k, v]) => [k, plainValue(v)]));

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** The profile on a caller item, or undefined for an unknown caller (activity only). */
function callerProfileFromItem(item: Record<string, unknown>): CallerProfile | undefined {
  if (item['customerId'] === undefined) return undefined;
  const customerId = str(item['customerId']);
  const tier = item['tier'];
  if (!customerId) throw new MalformedItemError(String(item['pk']), 'customerId must be a non-empty string');
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
    const caller = items.find((i) => i['pk'] === phonePk(e164) && i['sk'] === CALLER_SK);
    const dnc = items.find((i) => i['pk'] === dncPk(e164) && i['sk'] === DNC_CURRENT_SK);
    const profile = caller ? callerProfileFromItem(caller) : undefined;
    if (profile) record.profile = profile;
    if (caller?.['lastContactAt'] || caller?.['lastAgent']) record.activity = activityFromItem(caller);
    if (dnc) record.dnc = dncEntryFromItem(dnc);
    return record;
  }

  /**
   * The hot path of every call: a low-level BatchGetItem (no document marshalling layer — measurably
   * cheaper per call, see test/bench/suites/ivr.ts) with the few attribute types these items hold.
   */
  private async readCaller(e164: string, signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    let request: BatchGetItemCommandInput['RequestItems'] = {
      [this.tables.customers]: { Keys: [{ pk: { S: phonePk(e164) }, sk: { S: CALLER_SK } }] },
      [this.tables.dnc]: {
        Keys: [{ pk: { S: dncPk(e164) }, sk: { S: DNC_CURRENT_SK } }],
        ConsistentRead: true,
      },
    };
    const items: Record<string, unknown>[] = [];
    // BatchGetItem may leave keys unprocessed under throttling: retry those once, then give up (fault).
    for (let attempt = 0; attempt < 2; attempt++) {
      const out: BatchGetItemCommandOutput = await this.db.send(
        new BatchGetItemCommand({ RequestItems: request }),
        signal ? { abortSignal: signal } : {},
      );
      for (const table of Object.values(out.Responses ?? {})) items.push(...table.map(plainItem));
      const unprocessed = out.UnprocessedKeys ?? {};
      if (Object.keys(unprocessed).length === 0) return items;
      request = unprocessed;
    }
    throw new Error('caller lookup: DynamoDB left keys unprocessed twice');
  }

  /** Record this contact on the number's activity; a retry of the same contact changes nothing. */
  async noteContact(e164: string, contact: { contactId: string; at: Date }, signal?: AbortSignal) {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tables.customers,
          Key: { pk: phonePk(e164), sk: CALLER_SK },
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
      numbers.map((e164) => {
        const values: Record<string, unknown> = {
          ':e164': e164,
          ':id': projection.customerId,
          ':first': projection.firstName,
          ':tier': projection.tier,
          ':lang': projection.preferredLanguage,
          ':g1pk': customerPk(profile.customerId),
          ':g1sk': phonePk(e164),
        };
        const sets = [
          'e164 = :e164',
          'customerId = :id',
          'firstName = :first',
          'tier = :tier',
          'preferredLanguage = :lang',
          'gsi1pk = :g1pk',
          'gsi1sk = :g1sk',
        ];
        if (projection.openCaseId) {
          sets.push('openCaseId = :case');
          values[':case'] = projection.openCaseId;
        }
        return this.db.send(
          new UpdateCommand({
            TableName: this.tables.customers,
            Key: { pk: phonePk(e164), sk: CALLER_SK },
            UpdateExpression: `SET ${sets.join(', ')}${projection.openCaseId ? '' : ' REMOVE openCaseId'}`,
            ExpressionAttributeValues: values,
          }),
        );
      }),
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
        // Remove the profile projection only: the number's contact activity stays with the number.
        await this.db.send(
          new UpdateCommand({
            TableName: this.tables.customers,
            Key: { pk: item['pk'], sk: CALLER_SK },
            UpdateExpression: `REMOVE ${PROJECTION.join(', ')}`,
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
          Key: { pk: phonePk(e164), sk: CALLER_SK },
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
