/**
 * Read side of the `evidence` table for operators (layout: shared/adapters/dynamo/evidence-store.ts):
 * by campaign (the table key), by number (gsi1 `NUMBER#<E.164>`), and by contact id. A contact id has no index
 * of its own: the contact's customer number comes from the interactions table when its CTR has arrived, then
 * gsi1; otherwise (a dial whose CTR is not in yet) a filtered scan — slow on a large table, and said so.
 */
import { type DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../data/tables.ts';
import type { EvidenceReader } from '../../operator/evidence.ts';
import type { DialEvidence } from '../../outbound/campaign.ts';

const DECISIONS = new Set(['dial', 'skip']);

export class MalformedEvidenceError extends Error {
  override readonly name = 'MalformedEvidenceError';
  constructor(
    readonly key: string,
    readonly problem: string,
  ) {
    super(`malformed evidence item ${key}: ${problem}`);
  }
}

/** Parse an evidence item at the boundary: the fields every reader relies on must be there. */
export function parseEvidenceItem(item: Record<string, unknown>): DialEvidence {
  const key = `${String(item['pk'])} ${String(item['sk'])}`;
  for (const f of ['id', 'campaign', 'e164', 'reason', 'at'] as const)
    if (typeof item[f] !== 'string') throw new MalformedEvidenceError(key, `${f} is not a string`);
  if (!DECISIONS.has(String(item['decision'])))
    throw new MalformedEvidenceError(key, `decision "${String(item['decision'])}" is not dial or skip`);
  const gate = item['gate'];
  if (typeof gate !== 'object' || gate === null || !Array.isArray((gate as { sources?: unknown }).sources))
    throw new MalformedEvidenceError(key, 'gate is missing or has no sources');
  const { pk: _p, sk: _s, gsi1pk: _g, gsi1sk: _h, ...rest } = item;
  return rest as unknown as DialEvidence;
}

export class DynamoEvidenceReader implements EvidenceReader {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string = tableName('evidence'),
    /** Finds a contact's customer number (interactions table), when its CTR has arrived. */
    private readonly contactNumber?: (contactId: string) => Promise<string | undefined>,
  ) {}

  forCampaign(campaign: string): Promise<DialEvidence[]> {
    return this.query({
      KeyConditionExpression: 'pk = :v',
      ExpressionAttributeValues: { ':v': `EVIDENCE#${campaign}` },
    });
  }

  forNumber(e164: string): Promise<DialEvidence[]> {
    return this.query({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :v',
      ExpressionAttributeValues: { ':v': `NUMBER#${e164}` },
    });
  }

  async forContact(contactId: string): Promise<DialEvidence[]> {
    const number = await this.contactNumber?.(contactId);
    if (number) {
      const found = (await this.forNumber(number)).filter((e) => e.contactId === contactId);
      if (found.length > 0) return found;
    }
    const out: DialEvidence[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new ScanCommand({
          TableName: this.table,
          FilterExpression: 'contactId = :c',
          ExpressionAttributeValues: { ':c': contactId },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const i of page.Items ?? []) out.push(parseEvidenceItem(i));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  private async query(
    input: Pick<
      ConstructorParameters<typeof QueryCommand>[0],
      'IndexName' | 'KeyConditionExpression' | 'ExpressionAttributeValues'
    >,
  ): Promise<DialEvidence[]> {
    const out: DialEvidence[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({ TableName: this.table, ...input, ...(start ? { ExclusiveStartKey: start } : {}) }),
      );
      for (const i of page.Items ?? []) out.push(parseEvidenceItem(i));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
}
