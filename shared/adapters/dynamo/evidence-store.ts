/**
 * Evidence of every outbound dial or skip decision (table `evidence`, KMS-encrypted, kept ≥ 5 years:
 * 16 CFR 310.5 as amended 2024). Optionally each record is also archived to the evidence bucket, which
 * can carry S3 Object Lock in compliance mode (config.retention.evidenceObjectLock).
 *
 * Item layout:
 * - pk `EVIDENCE#<campaign>` sk `<ISO at>#<id>`  { id, campaign, e164, decision, reason, at, attempt?, callerId?,
 *   clientToken?, contactId?, gate (map: sources + versions + ages, zones + local times, rule pack), caps? }
 *   gsi1pk `NUMBER#<E.164>` / gsi1sk `<ISO at>#<id>`  (an auditor's "every decision about this number")
 *   expiresAt  epoch seconds = at + evidenceYears × 365 + margin days (the table's TTL; EVIDENCE_RETENTION_DAYS)
 * - archive object: `evidence/<campaign>/<YYYY-MM-DD>/<ISO at>-<id>.json`
 * Written with `attribute_not_exists(pk)`: evidence is append-only. A dial decision is written BEFORE its call
 * (shared/outbound/dialer.ts); the one later write is the contact link — `SET contactId` once, conditional on
 * the item existing without one (the role may touch no other attribute: infra/constructs/outbound.ts). The
 * archive object is the decision as made, before the call; the contact id is in the item and the ledger.
 */

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { evidenceRetentionDays, tableName } from '../../data/tables.ts';
import type { DialEvidence, EvidenceSink } from '../../outbound/campaign.ts';

export class EvidenceStoreError extends Error {
  override name = 'EvidenceStoreError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Days evidence is kept: EVIDENCE_RETENTION_DAYS (set by infra from the config), else 5 years + margin. */
export function evidenceRetentionDaysFromEnv(): number {
  const days = Number(process.env['EVIDENCE_RETENTION_DAYS']);
  return Number.isInteger(days) && days > 0 ? days : evidenceRetentionDays(5);
}

export class DynamoEvidenceStore implements EvidenceSink {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string = tableName('evidence'),
    private readonly archive?: { s3: S3Client; bucket: string },
    private readonly retentionDays: number = evidenceRetentionDaysFromEnv(),
  ) {}

  async record(e: DialEvidence): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: `EVIDENCE#${e.campaign}`,
            sk: `${e.at}#${e.id}`,
            gsi1pk: `NUMBER#${e.e164}`,
            gsi1sk: `${e.at}#${e.id}`,
            ...e,
            expiresAt: Math.floor(Date.parse(e.at) / 1000) + this.retentionDays * 86_400,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      if (this.archive) {
        await this.archive.s3.send(
          new PutObjectCommand({
            Bucket: this.archive.bucket,
            Key: `evidence/${e.campaign}/${e.at.slice(0, 10)}/${e.at}-${e.id}.json`,
            Body: JSON.stringify(e),
            ContentType: 'application/json',
          }),
        );
      }
    } catch (err) {
      throw new EvidenceStoreError('evidence write failed', { cause: err });
    }
  }

  async exists(campaign: string, at: string, id: string): Promise<boolean> {
    try {
      const out = await this.db.send(
        new GetCommand({
          TableName: this.table,
          Key: { pk: `EVIDENCE#${campaign}`, sk: `${at}#${id}` },
          ProjectionExpression: 'pk',
          ConsistentRead: true,
        }),
      );
      return out.Item !== undefined;
    } catch (err) {
      throw new EvidenceStoreError('evidence read failed', { cause: err });
    }
  }

  async linkContact(campaign: string, at: string, id: string, contactId: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `EVIDENCE#${campaign}`, sk: `${at}#${id}` },
          UpdateExpression: 'SET contactId = :c',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(contactId)',
          ExpressionAttributeValues: { ':c': contactId },
        }),
      );
    } catch (err) {
      // Already linked (a restart repeating the link), or no such decision: nothing to write either way.
      if (err instanceof ConditionalCheckFailedException) return;
      throw new EvidenceStoreError('evidence contact link failed', { cause: err });
    }
  }

  async forCampaign(campaign: string): Promise<DialEvidence[]> {
    return this.query('pk', `EVIDENCE#${campaign}`);
  }

  async forNumber(e164: string): Promise<DialEvidence[]> {
    return this.query('gsi1pk', `NUMBER#${e164}`, 'gsi1');
  }

  private async query(key: string, value: string, index?: string): Promise<DialEvidence[]> {
    const out: DialEvidence[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          ...(index ? { IndexName: index } : {}),
          KeyConditionExpression: '#k = :v',
          ExpressionAttributeNames: { '#k': key },
          ExpressionAttributeValues: { ':v': value },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const i of page.Items ?? []) {
        const { pk: _p, sk: _s, gsi1pk: _g, gsi1sk: _h, expiresAt: _e, ...rest } = i;
        out.push(rest as DialEvidence);
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
}
