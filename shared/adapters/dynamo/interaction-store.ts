/**
 * DynamoDB adapter for the inbound parts of the interactions table: survey answers and transfer records
 * (the CTR, recording, notes and erasure parts are the interactions area's). Never a Put of the whole
 * contact item: UpdateItem SET on our own attributes only, so writers never clobber each other.
 *
 * Item layouts (table `interactions`):
 * - contact item: pk `CONTACT#<ContactId>`, sk `META` — this adapter sets only
 *     surveyCsat (number), surveyNps (number), surveyAt (ISO, first answer time, kept on retries).
 * - transfer:     pk `CONTACT#<ContactId>`, sk `TRANSFER#<ISO>#<transferId>`
 *     { transferId, contactId, at, mode: warm|cold, fromAgent, reason, note, tags: [..], target: {kind, queueName|e164, …}, guardReason? }
 * - transfer key: pk `TRANSFERKEY#<transferId>`, sk `KEY` { contactId, transferSk } — written first with
 *     `attribute_not_exists(pk)`; a retried request finds it and reuses the first record's sort key, so
 *     Connect's retries record one transfer (no transactions: dynalite has none).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../data/tables.ts';
import type { InteractionStore } from '../../domain/interactions.ts';
import type { SurveyAnswers } from '../../domain/survey.ts';
import type { TransferRecord } from '../../domain/transfer.ts';

export const contactPk = (contactId: string) => `CONTACT#${contactId}`;
export const CONTACT_META_SK = 'META';
export const transferSk = (at: string, transferId: string) => `TRANSFER#${at}#${transferId}`;
const transferKeyPk = (transferId: string) => `TRANSFERKEY#${transferId}`;

const opts = (signal?: AbortSignal) => (signal ? { abortSignal: signal } : {});

export class DynamoInteractionStore implements InteractionStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string = tableName('interactions'),
  ) {}

  async saveSurvey(contactId: string, answers: SurveyAnswers, at: Date, signal?: AbortSignal): Promise<void> {
    const sets = ['surveyAt = if_not_exists(surveyAt, :at)'];
    const values: Record<string, unknown> = { ':at': at.toISOString() };
    if (answers.csat !== undefined) {
      sets.push('surveyCsat = :csat');
      values[':csat'] = answers.csat;
    }
    if (answers.nps !== undefined) {
      sets.push('surveyNps = :nps');
      values[':nps'] = answers.nps;
    }
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: contactPk(contactId), sk: CONTACT_META_SK },
        UpdateExpression: `SET ${sets.join(', ')}`,
        ExpressionAttributeValues: values,
      }),
      opts(signal),
    );
  }

  async recordTransfer(record: TransferRecord, signal?: AbortSignal): Promise<TransferRecord> {
    let stored = record;
    let sk = transferSk(record.at, record.transferId);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: transferKeyPk(record.transferId),
            sk: 'KEY',
            contactId: record.contactId,
            transferSk: sk,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
        opts(signal),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // A retry: the first attempt chose the sort key; write (or rewrite) the record under it.
      const key = await this.db.send(
        new GetCommand({
          TableName: this.table,
          Key: { pk: transferKeyPk(record.transferId), sk: 'KEY' },
          ConsistentRead: true,
        }),
        opts(signal),
      );
      const existingSk = key.Item?.['transferSk'];
      if (typeof existingSk === 'string') {
        sk = existingSk;
        const at = existingSk.split('#')[1];
        if (at) stored = { ...record, at };
      }
    }
    await this.db.send(
      new PutCommand({ TableName: this.table, Item: { pk: contactPk(record.contactId), sk, ...stored } }),
      opts(signal),
    );
    return stored;
  }
}
