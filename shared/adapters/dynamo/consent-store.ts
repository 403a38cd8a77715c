/**
 * DynamoDB adapter for the İYS consent mirror (table `dnc`, beside the internal list; no GSIs).
 *
 * Item layouts:
 * - consent:        pk `CONSENT#<E.164>`, sk `IYS#<channel>` { e164, channel, recipientType, status, consentDate, source? }
 *                   written only when newer than the stored consentDate (a replayed old export never undoes a RET).
 * - mirror version: pk `CONSENT#MIRROR`, sk `IYS` { versionDate, importedAt, sha256, records }
 * Reads are strongly consistent (a RET imported a second ago must stop the next dial).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  type ConsentMirrorVersion,
  type ConsentRecord,
  type ConsentStore,
  ConsentStoreUnavailableError,
} from '../../compliance/consent.ts';
import { tableName } from '../../data/tables.ts';

export class DynamoConsentStore implements ConsentStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string = tableName('dnc'),
  ) {}

  async get(e164: string, channel: string): Promise<ConsentRecord | undefined> {
    const item = await this.read(`CONSENT#${e164}`, `IYS#${channel}`);
    if (!item) return undefined;
    const { pk: _pk, sk: _sk, ...rest } = item;
    return rest as unknown as ConsentRecord;
  }

  async putAll(records: readonly ConsentRecord[]): Promise<void> {
    for (const r of records) {
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.table,
            Item: { pk: `CONSENT#${r.e164}`, sk: `IYS#${r.channel}`, ...r },
            ConditionExpression: 'attribute_not_exists(pk) OR consentDate <= :d',
            ExpressionAttributeValues: { ':d': r.consentDate },
          }),
        );
      } catch (err) {
        if (err instanceof ConditionalCheckFailedException) continue; // a newer record is in force
        throw new ConsentStoreUnavailableError('consent write failed', { cause: err });
      }
    }
  }

  async mirrorVersion(): Promise<ConsentMirrorVersion | undefined> {
    const item = await this.read('CONSENT#MIRROR', 'IYS');
    if (!item) return undefined;
    return {
      versionDate: String(item['versionDate']),
      importedAt: String(item['importedAt']),
      sha256: String(item['sha256']),
      records: Number(item['records']),
    };
  }

  async setMirrorVersion(version: ConsentMirrorVersion): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({ TableName: this.table, Item: { pk: 'CONSENT#MIRROR', sk: 'IYS', ...version } }),
      );
    } catch (err) {
      throw new ConsentStoreUnavailableError('consent mirror version write failed', { cause: err });
    }
  }

  private async read(pk: string, sk: string): Promise<Record<string, unknown> | undefined> {
    try {
      const out = await this.db.send(
        new GetCommand({ TableName: this.table, Key: { pk, sk }, ConsistentRead: true }),
      );
      return out.Item;
    } catch (err) {
      throw new ConsentStoreUnavailableError('consent read failed', { cause: err });
    }
  }
}
