/**
 * DynamoDB side of erasure (shared/interactions/erasure.ts).
 *
 * - customers table: its layout belongs to the inbound area's customer store; to stay correct whatever that
 *   layout is, the person's items are found by a (paginated) scan for items holding the number in any
 *   attribute, then every item sharing those items' customer id. Erasure is rare; a scan is acceptable.
 * - interactions table: contact items are Query pk `CONTACT#<id>` (META, NOTE#, TRANSFER#, AUDIT#), the
 *   transfer idempotency keys pk `TRANSFERKEY#<transferId>` sk `KEY`, the access audit pk `RECACCESS#<id>`,
 *   callbacks pk `CALLBACK#<E.164>#<queue>` (PENDING and REQUEST#<ContactId>).
 * - erasure record: pk `ERASURE#<erasureId>` sk `RECORD` { at, requestedBy, subjectHash (HMAC), counts, kept, … }.
 * - anonymised contact: pk `CONTACT#erased-<HMAC>` sk `META` { ctr (anonymised), lastUpdate, ctrVersion,
 *   surveyCsat, surveyNps, disposition, anonymisedAt, retainUntil (the original's TTL) } with gsi1 (conversation) and gsi3 (day) keys as the CTR
 *   store writes them, and no gsi2 (there is no number any more).
 * - campaigns table (layout: shared/adapters/dynamo/campaign-store.ts, read here, not changed): the campaigns
 *   are listed (gsi1 `CAMPAIGNS`); per campaign the target pk `CAMPAIGN#<name>` sk `TARGET#<E.164>` (its due /
 *   in-flight index keys live on the item, so deleting it removes the dial-queue entry) and the attempt
 *   ledger pk `ATTEMPT#<name>#<E.164>`; cap counters pk `CAP#number#<E.164>` are only counted (kept).
 * - dnc table: consent-mirror items pk `CONSENT#<E.164>` sk `IYS#<channel>` are read and (ONAY) deleted;
 *   `DNC#` items are never touched here (deleteConsentItems refuses any other key; IAM allows deletes only
 *   on `CONSENT#` leading keys).
 * - evidence table: only counted (gsi1 `NUMBER#<E.164>`, Select COUNT); never written.
 */
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../data/tables.ts';
import type { AnonymisedContact } from '../../interactions/anonymise.ts';
import { ctrVersion } from '../../interactions/ctr.ts';
import type {
  CampaignMatch,
  ConsentMatch,
  ErasureRecord,
  ErasureStore,
  ItemKey,
  ProfileMatch,
} from '../../interactions/erasure.ts';

const E164_IN_TEXT = /\+[1-9]\d{6,14}/g;

export class ErasureStoreError extends Error {
  override name = 'ErasureStoreError';
}

export interface ErasureTables {
  customers: string;
  interactions: string;
  /** Default: tableName('campaigns') (the environment variable, else the local name); likewise dnc, evidence. */
  campaigns?: string;
  dnc?: string;
  evidence?: string;
}

export class DynamoErasureStore implements ErasureStore {
  private readonly tables: Required<ErasureTables>;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    tables: ErasureTables,
  ) {
    this.tables = {
      campaigns: tableName('campaigns'),
      dnc: tableName('dnc'),
      evidence: tableName('evidence'),
      ...tables,
    };
  }

  async findProfile(e164: string): Promise<ProfileMatch> {
    const items = await this.scanAll(this.tables.customers);
    // The number as a whole value or a key segment ("+1206…", "PHONE#+1206…"), never as a prefix of another.
    const pattern = new RegExp(`["#]${e164.replace('+', '\\+')}["#]`);
    const holds = (item: Record<string, unknown>) => pattern.test(JSON.stringify(item, setReplacer));
    const direct = items.filter(holds);
    const ids = new Set(direct.map((i) => i['customerId']).filter((v): v is string => typeof v === 'string'));
    const mine = items.filter(
      (i) => holds(i) || (typeof i['customerId'] === 'string' && ids.has(i['customerId'])),
    );
    const numbers = new Set<string>();
    for (const i of mine)
      for (const m of JSON.stringify(i, setReplacer).matchAll(E164_IN_TEXT)) numbers.add(m[0]);
    return { keys: mine.map((i) => ({ pk: String(i['pk']), sk: String(i['sk']) })), numbers: [...numbers] };
  }

  async deleteProfileItems(keys: ItemKey[]): Promise<void> {
    await this.deleteAll(this.tables.customers, keys);
  }

  async contactItemKeys(contactId: string): Promise<ItemKey[]> {
    const keys = [
      ...(await this.queryKeys(`CONTACT#${contactId}`)),
      ...(await this.queryKeys(`RECACCESS#${contactId}`)),
    ];
    // The inbound transfer adapter's idempotency key item (pk TRANSFERKEY#<transferId>, sk KEY) names the
    // contact too; its transfer id is the last segment of the transfer item's sort key.
    for (const k of [...keys]) {
      if (k.sk.startsWith('TRANSFER#'))
        keys.push({ pk: `TRANSFERKEY#${k.sk.slice(k.sk.lastIndexOf('#') + 1)}`, sk: 'KEY' });
    }
    return keys;
  }

  async callbackKeys(e164: string, queues: readonly string[]): Promise<ItemKey[]> {
    const out: ItemKey[] = [];
    for (const q of queues) out.push(...(await this.queryKeys(`CALLBACK#${e164}#${q}`)));
    return out;
  }

  async putAnonymisedContacts(contacts: readonly AnonymisedContact[]): Promise<void> {
    for (const c of contacts) {
      const v = ctrVersion(c.ctr);
      const sk = `${c.ctr.initiationTimestamp}#${c.contactId}`;
      await this.doc.send(
        new PutCommand({
          TableName: this.tables.interactions,
          Item: {
            pk: `CONTACT#${c.contactId}`,
            sk: 'META',
            ctr: c.ctr,
            lastUpdate: v.lastUpdate,
            ctrVersion: v.version,
            gsi1pk: `INITIAL#${c.ctr.initialContactId}`,
            gsi1sk: sk,
            gsi3pk: `DAY#${c.ctr.initiationTimestamp.slice(0, 10)}`,
            gsi3sk: sk,
            anonymised: true,
            ...(c.surveyCsat !== undefined ? { surveyCsat: c.surveyCsat } : {}),
            ...(c.surveyNps !== undefined ? { surveyNps: c.surveyNps } : {}),
            ...(c.disposition !== undefined ? { disposition: c.disposition } : {}),
            // The table's TTL attribute: the anonymised copy expires when the original would have.
            ...(c.retainUntil !== undefined ? { retainUntil: c.retainUntil } : {}),
          },
        }),
      );
    }
  }

  async deleteInteractionItems(keys: ItemKey[]): Promise<void> {
    await this.deleteAll(this.tables.interactions, keys);
  }

  async campaignItems(e164: string): Promise<CampaignMatch> {
    const campaigns = await this.queryAll(this.tables.campaigns, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': 'CAMPAIGNS' },
      ProjectionExpression: 'pk',
    });
    const match: CampaignMatch = { targets: [], targetsInFlight: 0, attempts: [], capCounters: 0 };
    for (const c of campaigns) {
      const pk = String(c['pk']);
      const name = pk.slice('CAMPAIGN#'.length);
      const targets = await this.queryAll(this.tables.campaigns, {
        KeyConditionExpression: 'pk = :p AND sk = :s',
        ExpressionAttributeValues: { ':p': pk, ':s': `TARGET#${e164}` },
        ProjectionExpression: 'pk, sk, #st',
        ExpressionAttributeNames: { '#st': 'state' },
        ConsistentRead: true,
      });
      for (const t of targets) {
        match.targets.push(keyOf(t));
        if (t['state'] === 'dialing') match.targetsInFlight++;
      }
      match.attempts.push(...(await this.keys(this.tables.campaigns, `ATTEMPT#${name}#${e164}`)));
    }
    match.capCounters = (await this.keys(this.tables.campaigns, `CAP#number#${e164}`)).length;
    return match;
  }

  async deleteCampaignItems(keys: ItemKey[]): Promise<void> {
    await this.deleteAll(this.tables.campaigns, keys);
  }

  async consents(e164: string): Promise<ConsentMatch[]> {
    const items = await this.queryAll(this.tables.dnc, {
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': `CONSENT#${e164}` },
      ProjectionExpression: 'pk, sk, #st',
      ExpressionAttributeNames: { '#st': 'status' },
      ConsistentRead: true,
    });
    return items.map((i) => ({ key: keyOf(i), status: String(i['status'] ?? '') }));
  }

  async deleteConsentItems(keys: ItemKey[]): Promise<void> {
    const wrong = keys.find((k) => !/^CONSENT#\+\d+$/.test(k.pk));
    if (wrong)
      throw new ErasureStoreError(`refusing to delete a non-consent item of the dnc table (${wrong.sk})`);
    await this.deleteAll(this.tables.dnc, keys);
  }

  async evidenceCount(e164: string): Promise<number> {
    let count = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tables.evidence,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :p',
          ExpressionAttributeValues: { ':p': `NUMBER#${e164}` },
          Select: 'COUNT',
          ExclusiveStartKey: start,
        }),
      );
      count += out.Count ?? 0;
      start = out.LastEvaluatedKey;
    } while (start);
    return count;
  }

  async putErasureRecord(record: ErasureRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tables.interactions,
        Item: { pk: `ERASURE#${record.erasureId}`, sk: 'RECORD', ...record },
      }),
    );
  }

  private async keys(table: string, pk: string): Promise<ItemKey[]> {
    return (
      await this.queryAll(table, {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ProjectionExpression: 'pk, sk',
      })
    ).map(keyOf);
  }

  private async queryAll(
    table: string,
    input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
  ): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({ ...input, TableName: table, ExclusiveStartKey: start }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  private async queryKeys(pk: string): Promise<ItemKey[]> {
    const keys: ItemKey[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tables.interactions,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ProjectionExpression: 'pk, sk',
          ExclusiveStartKey: start,
        }),
      );
      for (const i of out.Items ?? []) keys.push({ pk: String(i['pk']), sk: String(i['sk']) });
      start = out.LastEvaluatedKey;
    } while (start);
    return keys;
  }

  private async scanAll(table: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  private async deleteAll(table: string, keys: ItemKey[]): Promise<void> {
    const unique = [...new Map(keys.map((k) => [`${k.pk}\u0000${k.sk}`, k])).values()];
    for (let i = 0; i < unique.length; i += 25) {
      let requests = unique.slice(i, i + 25).map((k) => ({ DeleteRequest: { Key: { pk: k.pk, sk: k.sk } } }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 8) throw new Error(`erasure: ${requests.length} deletes still unprocessed in ${table}`);
        const out = await this.doc.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
        requests = (out.UnprocessedItems?.[table] ?? []) as typeof requests;
        if (requests.length > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      }
    }
  }
}

const keyOf = (i: Record<string, unknown>): ItemKey => ({ pk: String(i['pk']), sk: String(i['sk']) });

function setReplacer(_key: string, value: unknown) {
  return value instanceof Set ? [...value] : value;
}
