/**
 * Read-only view of the agent's disposition on a contact (interactions table, item pk `CONTACT#<ContactId>`
 * sk `META`, attribute `disposition`, written by the interactions capability's agent actions). The dialer
 * copies it onto the campaign's attempt record (disposition + conversion).
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../data/tables.ts';
import type { DispositionLookup } from '../../outbound/dialer.ts';

export class DynamoContactDispositions implements DispositionLookup {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string = tableName('interactions'),
  ) {}

  async disposition(contactId: string): Promise<string | undefined> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: `CONTACT#${contactId}`, sk: 'META' },
        ProjectionExpression: 'disposition',
      }),
    );
    const d = out.Item?.['disposition'];
    return typeof d === 'string' ? d : undefined;
  }
}
