/**
 * Campaign control on the `campaigns` table (the same META item the dialer reads) and its audit trail.
 *
 * Item layouts:
 * - campaign   pk `CAMPAIGN#<name>` sk `META`: `status` changes with a condition on the current status, and
 *              `control` { action, by, at, reason } names the last operator change; a stop sets
 *              `stopReason: operator`, a resume removes `stopReason`.
 * - audit      pk `CONTROL#<name>` sk `<ISO at>#<action>`  { campaign, action, from, to, by, at, reason,
 *              emergencyId? } — append-only (`attribute_not_exists(pk)`), no phone numbers.
 * The status write comes first: an audit write that fails after it is retried by the operator's re-run, which
 * then finds the campaign already in the target state (the outcome says `changed: false`). Both are single-item
 * conditional writes (no transactions: the embedded DynamoDB has none; see README › Design notes).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../data/tables.ts';
import type { CampaignControlRecord, CampaignControlStore } from '../../operator/campaign-control.ts';
import type { CampaignStatus } from '../../outbound/campaign.ts';
import { DynamoCampaignStore } from './campaign-store.ts';

const ACTIONS = new Set(['pause', 'resume', 'stop']);
const STATUSES = new Set(['active', 'paused', 'completed', 'stopped']);

export class MalformedControlRecordError extends Error {
  override readonly name = 'MalformedControlRecordError';
  constructor(
    readonly key: string,
    readonly problem: string,
  ) {
    super(`malformed campaign control record ${key}: ${problem}`);
  }
}

function parseRecord(item: Record<string, unknown>): CampaignControlRecord {
  const key = `${String(item['pk'])} ${String(item['sk'])}`;
  const str = (f: string) => {
    const v = item[f];
    if (typeof v !== 'string') throw new MalformedControlRecordError(key, `${f} is not a string`);
    return v;
  };
  const action = str('action');
  if (!ACTIONS.has(action)) throw new MalformedControlRecordError(key, `unknown action "${action}"`);
  const from = str('from');
  const to = str('to');
  if (!STATUSES.has(from) || !STATUSES.has(to))
    throw new MalformedControlRecordError(key, `unknown status ${from} → ${to}`);
  return {
    campaign: str('campaign'),
    action: action as CampaignControlRecord['action'],
    from: from as CampaignStatus,
    to: to as CampaignStatus,
    by: str('by'),
    at: str('at'),
    reason: str('reason'),
    ...(typeof item['emergencyId'] === 'string' ? { emergencyId: item['emergencyId'] } : {}),
  };
}

export class DynamoCampaignControlStore implements CampaignControlStore {
  private readonly campaigns: DynamoCampaignStore;
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string = tableName('campaigns'),
  ) {
    this.campaigns = new DynamoCampaignStore(db, table);
  }

  getCampaign(name: string) {
    return this.campaigns.getCampaign(name);
  }

  listCampaigns() {
    return this.campaigns.listCampaigns();
  }

  async transition(record: CampaignControlRecord, allowedFrom: readonly CampaignStatus[]): Promise<boolean> {
    const from = Object.fromEntries(allowedFrom.map((s, i) => [`:f${i}`, s]));
    const stopping = record.to === 'stopped';
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `CAMPAIGN#${record.campaign}`, sk: 'META' },
          UpdateExpression: stopping
            ? 'SET #s = :to, #c = :c, stopReason = :operator'
            : 'SET #s = :to, #c = :c REMOVE stopReason',
          ConditionExpression: `attribute_exists(pk) AND #s IN (${Object.keys(from).join(', ')})`,
          ExpressionAttributeNames: { '#s': 'status', '#c': 'control' },
          ExpressionAttributeValues: {
            ':to': record.to,
            ':c': { action: record.action, by: record.by, at: record.at, reason: record.reason },
            ...(stopping ? { ':operator': 'operator' } : {}),
            ...from,
          },
        }),
      );
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: `CONTROL#${record.campaign}`, sk: `${record.at}#${record.action}`, ...record },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  }

  async history(campaign: string): Promise<CampaignControlRecord[]> {
    const out: CampaignControlRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': `CONTROL#${campaign}` },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const i of page.Items ?? []) out.push(parseRecord(i));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
}
