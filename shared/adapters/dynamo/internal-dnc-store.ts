/**
 * DynamoDB adapter for the internal DNC list (table `dnc`, no GSIs).
 *
 * Item layouts:
 * - entry in force:  pk `DNC#<E.164>`, sk `CURRENT`
 *     { e164, source: ivr|agent|admin|web|import, addedAt (ISO), addedBy, contactId?, reason? }
 *   Written with `attribute_not_exists(pk)`: the first request wins, nothing later overwrites it.
 * - audit records:   pk `DNC#<E.164>`, sk `AUDIT#<ISO>#<id>`
 *     { action: 'add' | 'add-repeat' | (admin removal, added by the outbound area), e164, source, at, by,
 *       contactId?, reason? } — one per request (TSR 310.4(b)(3): who/when/how). The audit id of a
 *     contact-bound request is deterministic (`add#<contactId>`), so Connect's retries rewrite the same
 *     record instead of adding copies.
 *
 * Reads are strongly consistent: an opt-out made a second ago must already stop a dial.
 * SDK faults become `DncStoreUnavailableError` (callers fail closed).
 */
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../data/tables.ts';
import {
  type AddDncResult,
  assertValidDncEntry,
  DncStoreUnavailableError,
  type InternalDncEntry,
  type InternalDncStore,
  isSameDncRequest,
} from '../../domain/internal-dnc.ts';

export const dncPk = (e164: string) => `DNC#${e164}`;
export const DNC_CURRENT_SK = 'CURRENT';
export const dncAuditSk = (at: string, id: string) => `AUDIT#${at}#${id}`;

const ENTRY_FIELDS = ['e164', 'source', 'addedAt', 'addedBy', 'contactId', 'reason'] as const;

/** The entry stored in a `CURRENT` item (also read by the caller lookup's batch read). */
export function dncEntryFromItem(item: Record<string, unknown>): InternalDncEntry {
  const entry: Record<string, unknown> = {};
  for (const f of ENTRY_FIELDS) if (typeof item[f] === 'string') entry[f] = item[f];
  return entry as unknown as InternalDncEntry;
}

export class DynamoInternalDncStore implements InternalDncStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string = tableName('dnc'),
  ) {}

  async add(entry: InternalDncEntry): Promise<AddDncResult> {
    assertValidDncEntry(entry);
    return this.addOnce(entry, 0);
  }

  private async addOnce(entry: InternalDncEntry, raced: number): Promise<AddDncResult> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: dncPk(entry.e164), sk: DNC_CURRENT_SK, ...entry },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      await this.audit('add', entry, entry.addedAt);
      return { outcome: 'added', entry };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw this.unavailable('add', error);
    }
    const existing = await this.get(entry.e164);
    if (!existing) {
      // Removed between our write and our read (admin removal): this request now creates the entry.
      if (raced >= 2)
        throw new DncStoreUnavailableError('internal DNC store add: entry keeps changing; try again');
      return this.addOnce(entry, raced + 1);
    }
    if (isSameDncRequest(existing, entry)) {
      // A retry of the request that created the entry: make sure its audit record exists, nothing more.
      await this.audit('add', existing, existing.addedAt);
    } else {
      await this.audit('add-repeat', entry, entry.addedAt);
    }
    return { outcome: 'already-listed', entry: existing };
  }

  async get(e164: string): Promise<InternalDncEntry | undefined> {
    try {
      const out = await this.db.send(
        new GetCommand({
          TableName: this.table,
          Key: { pk: dncPk(e164), sk: DNC_CURRENT_SK },
          ConsistentRead: true,
        }),
      );
      return out.Item ? dncEntryFromItem(out.Item) : undefined;
    } catch (error) {
      throw this.unavailable('get', error);
    }
  }

  private async audit(action: 'add' | 'add-repeat', entry: InternalDncEntry, at: string): Promise<void> {
    const id = entry.contactId ? `${action}#${entry.contactId}` : `${action}#${randomUUID()}`;
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: dncPk(entry.e164),
            sk: dncAuditSk(at, id),
            action,
            e164: entry.e164,
            source: entry.source,
            at,
            by: entry.addedBy,
            ...(entry.contactId ? { contactId: entry.contactId } : {}),
            ...(entry.reason ? { reason: entry.reason } : {}),
          },
        }),
      );
    } catch (error) {
      throw this.unavailable('audit', error);
    }
  }

  private unavailable(op: string, error: unknown): DncStoreUnavailableError {
    if (error instanceof DncStoreUnavailableError) return error;
    const what = error instanceof Error ? error.name : 'unknown error';
    return new DncStoreUnavailableError(`internal DNC store ${op} failed: ${what}`, { cause: error });
  }
}
