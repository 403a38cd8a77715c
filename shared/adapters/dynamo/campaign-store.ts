/**
 * DynamoDB adapter for campaigns, their dial queue, the attempt ledger and cap counters (table `campaigns`).
 *
 * Item layouts:
 * - campaign  pk `CAMPAIGN#<name>` sk `META`  { name, status, contactFlow, queue, callerIds, policy, createdAt,
 *             stopReason? }  gsi1pk `CAMPAIGNS` / gsi1sk `<name>`
 * - target    pk `CAMPAIGN#<name>` sk `TARGET#<E.164>`  { e164, country, line, hints, consentDate?, attributes,
 *             state, attempts, nextAttemptAt, lastOutcome?, lastContactId?, rev }
 *             while pending: gsi1pk `DUE#<name>` / gsi1sk `<nextAttemptAt>#<E.164>` (the due index)
 *             while dialing: gsi2pk `INFLIGHT#<name>` / gsi2sk `<E.164>`
 *             Writes are optimistic (`rev`): a concurrent writer's change is never silently overwritten.
 * - attempt   pk `ATTEMPT#<name>#<E.164>` sk `A#<attempt, 3 digits>`  { clientToken, callerId, status,
 *             reservedAt, contactId?, outcome?, disposition?, converted? }
 *             gsi2pk `ATTEMPTS#<name>` / gsi2sk `<reservedAt>#<E.164>#<attempt>`
 *             Put with `attribute_not_exists(pk)` BEFORE StartOutboundVoiceContact: the crash-safe ledger.
 * - cap       pk `CAP#<number|callerId>#<E.164>` sk `DAY#<YYYY-MM-DD>` { count, expiresAt (TTL, +3 days) }
 *             ADD with `attribute_not_exists(#c) OR #c < :cap`: counts never pass the cap.
 * Numbers are stored in clear (the table is KMS-encrypted; the dialer needs them) and never logged.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../data/tables.ts';
import type {
  AttemptRecord,
  Campaign,
  CampaignStatus,
  CampaignStore,
  CampaignTarget,
  TargetState,
} from '../../outbound/campaign.ts';

export class CampaignStoreError extends Error {
  override name = 'CampaignStoreError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const campaignPk = (name: string) => `CAMPAIGN#${name}`;
const targetSk = (e164: string) => `TARGET#${e164}`;
const attemptPk = (name: string, e164: string) => `ATTEMPT#${name}#${e164}`;
const attemptSk = (n: number) => `A#${String(n).padStart(3, '0')}`;
const capPk = (kind: string, id: string) => `CAP#${kind}#${id}`;

const TARGET_FIELDS = [
  'campaign',
  'e164',
  'country',
  'line',
  'hints',
  'consentDate',
  'attributes',
  'state',
  'attempts',
  'nextAttemptAt',
  'lastOutcome',
  'lastContactId',
] as const;

function targetItem(t: CampaignTarget, rev: number): Record<string, unknown> {
  return {
    pk: campaignPk(t.campaign),
    sk: targetSk(t.e164),
    ...t,
    rev,
    ...(t.state === 'pending' ? { gsi1pk: `DUE#${t.campaign}`, gsi1sk: `${t.nextAttemptAt}#${t.e164}` } : {}),
    ...(t.state === 'dialing' ? { gsi2pk: `INFLIGHT#${t.campaign}`, gsi2sk: t.e164 } : {}),
  };
}

function toTarget(item: Record<string, unknown>): CampaignTarget {
  const t: Record<string, unknown> = {};
  for (const f of TARGET_FIELDS) if (item[f] !== undefined) t[f] = item[f];
  return t as unknown as CampaignTarget;
}

export class DynamoCampaignStore implements CampaignStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string = tableName('campaigns'),
  ) {}

  async getCampaign(name: string): Promise<Campaign | undefined> {
    const item = await this.get(campaignPk(name), 'META');
    if (!item) return undefined;
    const { pk: _p, sk: _s, gsi1pk: _g, gsi1sk: _h, ...rest } = item;
    return rest as unknown as Campaign;
  }

  async putCampaign(c: Campaign): Promise<void> {
    await this.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: campaignPk(c.name), sk: 'META', gsi1pk: 'CAMPAIGNS', gsi1sk: c.name, ...c },
      }),
    );
  }

  /** Every campaign (the dialer schedule ticks the active ones). */
  async listCampaigns(): Promise<Campaign[]> {
    const items = await this.query({
      TableName: this.table,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': 'CAMPAIGNS' },
    });
    return items.map((i) => stripKeys<Campaign>(i));
  }

  async setCampaignStatus(name: string, status: CampaignStatus, stopReason?: string): Promise<void> {
    await this.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: campaignPk(name), sk: 'META' },
        UpdateExpression: stopReason ? 'SET #s = :s, stopReason = :r' : 'SET #s = :s REMOVE stopReason',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': status, ...(stopReason ? { ':r': stopReason } : {}) },
      }),
    );
  }

  async addTarget(target: CampaignTarget): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: targetItem(target, 1),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw new CampaignStoreError('target write failed', { cause: err });
    }
  }

  async getTarget(campaign: string, e164: string): Promise<CampaignTarget | undefined> {
    const item = await this.get(campaignPk(campaign), targetSk(e164));
    return item ? toTarget(item) : undefined;
  }

  async dueTargets(campaign: string, now: Date, limit: number): Promise<CampaignTarget[]> {
    const items = await this.query(
      {
        TableName: this.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p AND gsi1sk <= :t',
        ExpressionAttributeValues: { ':p': `DUE#${campaign}`, ':t': `${now.toISOString()}#~` },
      },
      limit,
    );
    return items.map(toTarget);
  }

  async inFlight(campaign: string): Promise<number> {
    return (await this.inFlightTargets(campaign)).length;
  }

  async inFlightTargets(campaign: string): Promise<CampaignTarget[]> {
    const items = await this.query({
      TableName: this.table,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :p',
      ExpressionAttributeValues: { ':p': `INFLIGHT#${campaign}` },
    });
    return items.map(toTarget);
  }

  async countTargets(campaign: string): Promise<Record<TargetState, number>> {
    const counts: Record<TargetState, number> = { pending: 0, dialing: 0, done: 0, skipped: 0, invalid: 0 };
    const items = await this.query({
      TableName: this.table,
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':p': campaignPk(campaign), ':s': 'TARGET#' },
      ProjectionExpression: '#st',
      ExpressionAttributeNames: { '#st': 'state' },
    });
    for (const i of items) counts[i['state'] as TargetState]++;
    return counts;
  }

  async updateTarget(
    campaign: string,
    e164: string,
    change: Partial<
      Pick<CampaignTarget, 'state' | 'attempts' | 'nextAttemptAt' | 'lastOutcome' | 'lastContactId'>
    >,
  ): Promise<boolean> {
    for (let i = 0; i < 5; i++) {
      const item = await this.get(campaignPk(campaign), targetSk(e164));
      // Gone: erased on the person's request (GDPR/KVKK) while a call was in flight, or removed. Nothing to
      // update, and never recreate it: that would bring the erased number back into the dial queue.
      if (!item) return false;
      const rev = Number(item['rev'] ?? 0);
      const next = { ...toTarget(item), ...change };
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.table,
            Item: targetItem(next, rev + 1),
            ConditionExpression: '#rev = :rev',
            ExpressionAttributeNames: { '#rev': 'rev' },
            ExpressionAttributeValues: { ':rev': rev },
          }),
        );
        return true;
      } catch (err) {
        if (!(err instanceof ConditionalCheckFailedException))
          throw new CampaignStoreError('target update failed', { cause: err });
      }
    }
    throw new CampaignStoreError('target update kept conflicting');
  }

  async reserveAttempt(r: AttemptRecord): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: attemptPk(r.campaign, r.e164),
            sk: attemptSk(r.attempt),
            gsi2pk: `ATTEMPTS#${r.campaign}`,
            gsi2sk: `${r.reservedAt}#${r.e164}#${attemptSk(r.attempt)}`,
            ...r,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw new CampaignStoreError('attempt ledger write failed', { cause: err });
    }
  }

  async getAttempt(campaign: string, e164: string, attempt: number): Promise<AttemptRecord | undefined> {
    const item = await this.get(attemptPk(campaign, e164), attemptSk(attempt));
    return item ? stripKeys<AttemptRecord>(item) : undefined;
  }

  async updateAttempt(
    campaign: string,
    e164: string,
    attempt: number,
    change: Partial<Pick<AttemptRecord, 'status' | 'contactId' | 'outcome' | 'disposition' | 'converted'>>,
  ): Promise<void> {
    const entries = Object.entries(change).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return;
    await this.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: attemptPk(campaign, e164), sk: attemptSk(attempt) },
        UpdateExpression: `SET ${entries.map((_, i) => `#k${i} = :v${i}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#k${i}`, k])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])),
      }),
    );
  }

  async listAttempts(campaign: string): Promise<AttemptRecord[]> {
    const items = await this.query({
      TableName: this.table,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :p',
      ExpressionAttributeValues: { ':p': `ATTEMPTS#${campaign}` },
    });
    return items.map((i) => stripKeys<AttemptRecord>(i));
  }

  async attemptsSince(campaign: string, since: Date): Promise<AttemptRecord[]> {
    const items = await this.query({
      TableName: this.table,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :p AND gsi2sk >= :s',
      ExpressionAttributeValues: { ':p': `ATTEMPTS#${campaign}`, ':s': since.toISOString() },
    });
    return items.map((i) => stripKeys<AttemptRecord>(i));
  }

  async reserveCap(kind: 'number' | 'callerId', id: string, day: string, cap: number): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: capPk(kind, id), sk: `DAY#${day}` },
          UpdateExpression: 'ADD #c :one SET expiresAt = :exp',
          ConditionExpression: 'attribute_not_exists(#c) OR #c < :cap',
          ExpressionAttributeNames: { '#c': 'count' },
          ExpressionAttributeValues: {
            ':one': 1,
            ':cap': cap,
            ':exp': Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + 3 * 86_400,
          },
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw new CampaignStoreError('cap reservation failed', { cause: err });
    }
  }

  async releaseCap(kind: 'number' | 'callerId', id: string, day: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: capPk(kind, id), sk: `DAY#${day}` },
          UpdateExpression: 'ADD #c :minus',
          ConditionExpression: '#c > :zero',
          ExpressionAttributeNames: { '#c': 'count' },
          ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
        }),
      );
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return;
      throw new CampaignStoreError('cap release failed', { cause: err });
    }
  }

  async capCount(kind: 'number' | 'callerId', id: string, day: string): Promise<number> {
    const item = await this.get(capPk(kind, id), `DAY#${day}`);
    return Number(item?.['count'] ?? 0);
  }

  private async get(pk: string, sk: string): Promise<Record<string, unknown> | undefined> {
    const out = await this.send(
      new GetCommand({ TableName: this.table, Key: { pk, sk }, ConsistentRead: true }),
    );
    return (out as { Item?: Record<string, unknown> }).Item;
  }

  private async query(
    input: QueryCommandInput,
    limit = Number.POSITIVE_INFINITY,
  ): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = (await this.send(
        new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }),
      )) as { Items?: Record<string, unknown>[]; LastEvaluatedKey?: Record<string, unknown> };
      out.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start && out.length < limit);
    return out.slice(0, limit);
  }

  private async send(command: GetCommand | PutCommand | UpdateCommand | QueryCommand): Promise<unknown> {
    try {
      // biome-ignore lint/suspicious/noExplicitAny: one funnel for the four command types
      return await this.db.send(command as any);
    } catch (err) {
      throw new CampaignStoreError(`campaigns table ${command.constructor.name} failed`, { cause: err });
    }
  }
}

function stripKeys<T>(item: Record<string, unknown>): T {
  const { pk: _p, sk: _s, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, rev: _r, ...rest } = item;
  return rest as T;
}
