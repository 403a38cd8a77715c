/**
 * DynamoDB adapter for IVR callback requests (table `interactions`).
 *
 * Item layouts:
 * - pending marker: pk `CALLBACK#<E.164>#<queue>`, sk `PENDING`
 *     { e164, queueName, contactId, requestedAt (ISO) } — conditional put: at most one pending callback per
 *     number and queue. The same contact may rewrite it (Connect retries); a marker older than
 *     PENDING_CALLBACK_MAX_AGE_HOURS no longer blocks (the table has no TTL).
 * - request record: pk `CALLBACK#<E.164>#<queue>`, sk `REQUEST#<ContactId>`
 *     { e164, queueName, contactId, requestedAt, outcome: created|duplicate } — one per contact, idempotent.
 *   Cleared by completeCallback: the CTR processor does it when a CALLBACK contact for this number and queue
 *   was connected to an agent (conditional on the request being the one that callback served).
 * The agent workspace's card reads the pending markers of a number (findPendingCallback: one BatchGetItem).
 * Erasure: these items hold the caller's number; they are found by number and the configured queue names.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../data/tables.ts';
import {
  CALLBACK_CLOCK_SLACK_MS,
  type CallbackCompletionEvidence,
  type CallbackRequest,
  type CallbackRequestOutcome,
  type CallbackStore,
  PENDING_CALLBACK_MAX_AGE_HOURS,
} from '../../domain/callback.ts';

export const callbackPk = (e164: string, queueName: string) => `CALLBACK#${e164}#${queueName}`;
export const CALLBACK_PENDING_SK = 'PENDING';

const opts = (signal?: AbortSignal) => (signal ? { abortSignal: signal } : {});

export class DynamoCallbackStore implements CallbackStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string = tableName('interactions'),
  ) {}

  async requestCallback(request: CallbackRequest, signal?: AbortSignal): Promise<CallbackRequestOutcome> {
    const pk = callbackPk(request.e164, request.queueName);
    const staleBefore = new Date(
      Date.parse(request.requestedAt) - PENDING_CALLBACK_MAX_AGE_HOURS * 3_600_000,
    );
    let outcome: CallbackRequestOutcome = 'created';
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk, sk: CALLBACK_PENDING_SK, ...request },
          ConditionExpression: 'attribute_not_exists(pk) OR contactId = :cid OR requestedAt < :stale',
          ExpressionAttributeValues: { ':cid': request.contactId, ':stale': staleBefore.toISOString() },
        }),
        opts(signal),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      outcome = 'duplicate';
    }
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk, sk: `REQUEST#${request.contactId}`, ...request, outcome },
      }),
      opts(signal),
    );
    return outcome;
  }

  async completeCallback(
    e164: string,
    queueName: string,
    evidence?: CallbackCompletionEvidence,
  ): Promise<boolean> {
    const served = evidence
      ? new Date(Date.parse(evidence.callbackInitiatedAt) + CALLBACK_CLOCK_SLACK_MS).toISOString()
      : undefined;
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { pk: callbackPk(e164, queueName), sk: CALLBACK_PENDING_SK },
          ...(served
            ? {
                // Conditional: a CTR re-delivered or arriving late never clears a newer request's marker.
                ConditionExpression: evidence?.requestedBy
                  ? 'attribute_exists(pk) AND (contactId = :by OR requestedAt <= :served)'
                  : 'attribute_exists(pk) AND requestedAt <= :served',
                ExpressionAttributeValues: {
                  ':served': served,
                  ...(evidence?.requestedBy ? { ':by': evidence.requestedBy } : {}),
                },
              }
            : { ConditionExpression: 'attribute_exists(pk)' }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** The newest pending callback of a number on any of these queues (markers older than the max age ignored). */
  async findPendingCallback(
    e164: string,
    queueNames: readonly string[],
    now: Date = new Date(),
  ): Promise<{ queue: string; requestedAt: string } | undefined> {
    if (queueNames.length === 0) return undefined;
    const staleBefore = new Date(now.getTime() - PENDING_CALLBACK_MAX_AGE_HOURS * 3_600_000).toISOString();
    const found: { queue: string; requestedAt: string }[] = [];
    // BatchGetItem takes at most 100 keys per request.
    for (let i = 0; i < queueNames.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = queueNames
        .slice(i, i + 100)
        .map((q) => ({ pk: callbackPk(e164, q), sk: CALLBACK_PENDING_SK }));
      for (let attempt = 0; keys && keys.length > 0 && attempt < 5; attempt++) {
        const out: BatchGetCommandOutput = await this.db.send(
          new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of out.Responses?.[this.table] ?? []) {
          const queue = item['queueName'];
          const requestedAt = item['requestedAt'];
          if (typeof queue === 'string' && typeof requestedAt === 'string' && requestedAt >= staleBefore)
            found.push({ queue, requestedAt });
        }
        keys = out.UnprocessedKeys?.[this.table]?.Keys;
      }
    }
    return found.sort((a, b) => b.requestedAt.localeCompare(a.requestedAt))[0];
  }
}
