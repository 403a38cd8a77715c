/**
 * DynamoDB side of erasure (shared/interactions/erasure.ts).
 *
 * - customers table: its layout belongs to the inbound area's customer store; to stay correct whatever that
 *   layout is, the person's items are found by a (paginated) scan for items holding the number in any
 *   attribute, then every item sharing those items' customer id. Erasure is rare; a scan is acceptable.
 * - interactions table: contact items are Query pk `CONTACT#<id>` (META, NOTE#, TRANSFER#, AUDIT#), the
 *   transfer idempotency keys pk `TRANSFERKEY#<transferId>` sk `KEY`, the access audit pk `RECACCESS#<id>`,
 *   callbacks pk `CALLBACK#<E.164>#<queue>` (PENDING and REQUEST#<ContactId>).
 * - erasure record: pk `ERASURE#<erasureId>` sk `RECORD` { at, requestedBy, subjectHash, salt, counts, … }.
 */
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ErasureRecord, ErasureStore, ItemKey, ProfileMatch } from '../../interactions/erasure.ts';

const E164_IN_TEXT = /\+[1-9]\d{6,14}/g;

export class DynamoErasureStore implements ErasureStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tables: { customers: string; interactions: string },
  ) {}

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

  async deleteInteractionItems(keys: ItemKey[]): Promise<void> {
    await this.deleteAll(this.tables.interactions, keys);
  }

  async putErasureRecord(record: ErasureRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tables.interactions,
        Item: { pk: `ERASURE#${record.erasureId}`, sk: 'RECORD', ...record },
      }),
    );
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

function setReplacer(_key: string, value: unknown) {
  return value instanceof Set ? [...value] : value;
}
