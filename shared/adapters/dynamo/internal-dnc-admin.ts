/**
 * Admin side of the internal DNC list (table `dnc`), beside the inbound capability's
 * `DynamoInternalDncStore` (same item layout, which it documents): removal only by an admin with a reason,
 * audited; and a full listing used as the ingest-time snapshot (dial time re-reads each number strongly
 * consistently through the store itself).
 *
 * Items written here:
 * - removal audit: pk `DNC#<E.164>` sk `AUDIT#<ISO>#admin-remove#<uuid>`
 *     { action: 'admin-remove', e164, at, by, reason, removed: the entry that was in force }
 *   written BEFORE the entry is deleted: there is never a removal without its audit record.
 */
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../data/tables.ts';
import { DncStoreUnavailableError, type InternalDncEntry } from '../../domain/internal-dnc.ts';
import { isE164 } from '../../domain/phone.ts';
import { DNC_CURRENT_SK, DynamoInternalDncStore, dncAuditSk, dncPk } from './internal-dnc-store.ts';

export type RemoveDncOutcome = 'removed' | 'not-listed';

export class DncRemovalRefusedError extends Error {
  override name = 'DncRemovalRefusedError';
}

export class DynamoInternalDncAdmin {
  private readonly store: DynamoInternalDncStore;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string = tableName('dnc'),
  ) {
    this.store = new DynamoInternalDncStore(db, table);
  }

  /** Remove a number (admin only, with a reason). The audit record is written first. */
  async remove(
    e164: string,
    request: { admin: string; reason: string; at?: Date },
  ): Promise<RemoveDncOutcome> {
    if (!isE164(e164)) throw new DncRemovalRefusedError('expected an E.164 number such as +12065550100');
    if (request.admin.trim().length === 0)
      throw new DncRemovalRefusedError('removal needs the admin who asks for it');
    if (request.reason.trim().length < 3)
      throw new DncRemovalRefusedError('removal needs a reason (at least 3 characters)');
    const current = await this.store.get(e164);
    if (!current) return 'not-listed';
    const at = (request.at ?? new Date()).toISOString();
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: dncPk(e164),
            sk: dncAuditSk(at, `admin-remove#${randomUUID()}`),
            action: 'admin-remove',
            e164,
            at,
            by: request.admin,
            reason: request.reason,
            removed: current,
          },
        }),
      );
      await this.db.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { pk: dncPk(e164), sk: DNC_CURRENT_SK },
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
      return 'removed';
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return 'not-listed';
      throw new DncStoreUnavailableError('internal DNC removal failed', { cause: err });
    }
  }

  /** Every number in force (a paged scan): the ingest-time snapshot. */
  async listNumbers(): Promise<Map<string, InternalDncEntry>> {
    const out = new Map<string, InternalDncEntry>();
    let start: Record<string, unknown> | undefined;
    try {
      do {
        const page = await this.db.send(
          new ScanCommand({
            TableName: this.table,
            FilterExpression: 'sk = :c AND begins_with(pk, :p)',
            ExpressionAttributeValues: { ':c': DNC_CURRENT_SK, ':p': 'DNC#' },
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const item of page.Items ?? []) {
          const e164 = String(item['e164']);
          out.set(e164, {
            e164,
            source: item['source'],
            addedAt: String(item['addedAt']),
            addedBy: String(item['addedBy']),
            ...(item['contactId'] ? { contactId: String(item['contactId']) } : {}),
            ...(item['reason'] ? { reason: String(item['reason']) } : {}),
          } as InternalDncEntry);
        }
        start = page.LastEvaluatedKey;
      } while (start);
    } catch (err) {
      throw new DncStoreUnavailableError('internal DNC listing failed', { cause: err });
    }
    return out;
  }
}

/** An in-memory lookup over a listing (ingest-time snapshot). */
export function snapshotLookup(entries: Map<string, InternalDncEntry>): {
  get(e164: string): Promise<InternalDncEntry | undefined>;
} {
  return { get: async (e164) => entries.get(e164) };
}
