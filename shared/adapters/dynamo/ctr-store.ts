/**
 * Interaction items written from contact trace records, and the recording links, in the interactions table.
 *
 * Item layouts (contracts.md; other writers own other attributes of the same item, so every write here is
 * an UpdateItem SET of our own attributes, never a Put of the whole item):
 * - contact   pk `CONTACT#<ContactId>` sk `META`
 *     ctr (map, NormalizedCtr), lastUpdate (epoch ms of LastUpdateTimestamp), ctrVersion
 *     (`<lastUpdate, 15 digits>#<content hash>`: sorts like (lastUpdate, hash); the upsert condition),
 *     gsi1pk `INITIAL#<InitialContactId>` / gsi1sk `<InitiationTimestamp>#<ContactId>`   (conversation chain)
 *     gsi2pk `CUSTOMER#<E.164>`           / gsi2sk `<InitiationTimestamp>#<ContactId>`   (history by number)
 *     gsi3pk `DAY#<YYYY-MM-DD>`           / gsi3sk `<InitiationTimestamp>#<ContactId>`   (reports by day)
 *     recordingBucket, recordingKey, recordingIndexedAt, recordingKeys (string set) — the recording indexer
 *     surveyCsat, surveyNps, surveyAt — the survey handler (inbound); tags, disposition — agent actions
 *     retainUntil (epoch seconds = InitiationTimestamp + retention.interactionsDays; the table's TTL
 *     attribute) — written with every CTR version when the store is given a retention
 * - recording access audit pk `RECACCESS#<ContactId>` sk `<ISO>#<requester>` { requester, at, expiresAt, location }
 * - recording pk `RECORDING#<bucket>/<key>` sk `LINK`
 *     contactId (from the CTR's Recording.Location), bucket, key, objectCreatedAt (from the S3 event),
 *     linkedBy (`ctr` | `key`). Both sides write it, so the link forms in either arrival order.
 *     retainUntil (as the contact's) when the CTR side writes it with a retention.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  type NativeAttributeValue,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { NormalizedCtr } from '../../interactions/ctr.ts';
import type {
  CtrStore,
  CtrUpsertResult,
  InteractionReader,
  InteractionRecord,
  RecordingLink,
  RecordingLinkStore,
} from '../../interactions/model.ts';
import { retentionExpiry } from '../../interactions/model.ts';
import type { RecordingAccessAudit } from '../../interactions/recordings.ts';

export const contactKey = (contactId: string) => ({ pk: `CONTACT#${contactId}`, sk: 'META' });
export const recordingLinkKey = (location: string) => ({ pk: `RECORDING#${location}`, sk: 'LINK' });

export class InteractionStoreError extends Error {
  override name = 'InteractionStoreError';
}

/** Environment variable infra sets on the CTR processor: config retention.interactionsDays. */
export const RETENTION_DAYS_ENV = 'INTERACTIONS_RETENTION_DAYS';

/** The retention from the environment (undefined when unset: items are then kept until erased). */
export function retentionDaysFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env[RETENTION_DAYS_ENV];
  if (raw === undefined || raw === '') return undefined;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1)
    throw new InteractionStoreError(
      `${RETENTION_DAYS_ENV}: expected a whole number of days ≥ 1, got "${raw}"`,
    );
  return days;
}

/** TTL value (epoch seconds) for an item of a contact initiated at `initiatedAt` (ISO). */
export function retainUntil(initiatedAt: string, retentionDays: number): number {
  const ms = Date.parse(initiatedAt);
  if (Number.isNaN(ms)) throw new InteractionStoreError(`retention: not a timestamp: ${initiatedAt}`);
  return retentionExpiry(ms, retentionDays);
}

export class DynamoCtrStore implements CtrStore, InteractionReader, RecordingLinkStore, RecordingAccessAudit {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    /** retentionDays: sets `retainUntil` (the TTL) on the items written from CTRs. */
    private readonly options: { retentionDays?: number } = {},
  ) {}

  async upsertCtr(
    ctr: NormalizedCtr,
    version: { lastUpdate: number; hash: string; version: string },
  ): Promise<CtrUpsertResult> {
    const sortKey = `${ctr.initiationTimestamp}#${ctr.contactId}`;
    const values: Record<string, NativeAttributeValue> = {
      ':ctr': ctr,
      ':ts': version.lastUpdate,
      ':v': version.version,
      ':g1': `INITIAL#${ctr.initialContactId}`,
      ':sk': sortKey,
      ':g3': `DAY#${ctr.initiationTimestamp.slice(0, 10)}`,
    };
    let set =
      'SET ctr = :ctr, lastUpdate = :ts, ctrVersion = :v, gsi1pk = :g1, gsi1sk = :sk, gsi3pk = :g3, gsi3sk = :sk';
    if (this.options.retentionDays !== undefined) {
      set += ', retainUntil = :ttl';
      values[':ttl'] = retainUntil(ctr.initiationTimestamp, this.options.retentionDays);
    }
    let remove = '';
    if (ctr.customerNumber) {
      set += ', gsi2pk = :g2, gsi2sk = :sk';
      values[':g2'] = `CUSTOMER#${ctr.customerNumber}`;
    } else remove = ' REMOVE gsi2pk, gsi2sk';
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: contactKey(ctr.contactId),
          UpdateExpression: set + remove,
          // Newer wins (lastUpdate < :ts); equal timestamps: the larger content hash wins; the same CTR
          // re-applies identically. ctrVersion encodes exactly that order in one string comparison.
          ConditionExpression: 'attribute_not_exists(ctrVersion) OR ctrVersion <= :v',
          ExpressionAttributeValues: values,
          ReturnValues: 'UPDATED_OLD',
        }),
      );
      const old = out.Attributes ?? {};
      // Equal timestamp and hash: the very same CTR again (a re-delivery) — rewritten with identical values.
      const duplicate = old['ctrVersion'] === version.version;
      return { outcome: duplicate ? 'duplicate' : 'applied', firstVersion: old['ctrVersion'] === undefined };
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return { outcome: 'stale', firstVersion: false };
      throw new InteractionStoreError(`upsert of contact ${ctr.contactId} failed`, { cause: err });
    }
  }

  async get(contactId: string): Promise<InteractionRecord | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: contactKey(contactId), ConsistentRead: true }),
    );
    return out.Item ? toRecord(out.Item) : undefined;
  }

  /** Every contact of a conversation (InitialContactId), oldest first. */
  async chain(initialContactId: string): Promise<InteractionRecord[]> {
    return this.queryAll('gsi1', `INITIAL#${initialContactId}`, true);
  }

  /** A customer's contacts by E.164, newest first. */
  async history(e164: string, limit = 50): Promise<InteractionRecord[]> {
    return this.queryAll('gsi2', `CUSTOMER#${e164}`, false, limit);
  }

  /** Contacts initiated on a UTC day (YYYY-MM-DD), oldest first. */
  async byDay(day: string): Promise<InteractionRecord[]> {
    return this.queryAll('gsi3', `DAY#${day}`, true);
  }

  private async queryAll(index: string, pk: string, forward: boolean, limit?: number) {
    const items: InteractionRecord[] = [];
    let start: Record<string, NativeAttributeValue> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: index,
          KeyConditionExpression: `${index}pk = :pk`,
          ExpressionAttributeValues: { ':pk': pk },
          ScanIndexForward: forward,
          ExclusiveStartKey: start,
          ...(limit ? { Limit: limit - items.length } : {}),
        }),
      );
      for (const item of out.Items ?? []) items.push(toRecord(item));
      start = out.LastEvaluatedKey;
    } while (start && (limit === undefined || items.length < limit));
    return items;
  }

  async recordLocationFromCtr(
    location: string,
    contactId: string,
    initiatedAt?: string,
  ): Promise<RecordingLink> {
    const [bucket, key] = splitLocation(location);
    const ttl =
      initiatedAt !== undefined && this.options.retentionDays !== undefined
        ? { ':ttl': retainUntil(initiatedAt, this.options.retentionDays) }
        : undefined;
    const out = await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: recordingLinkKey(location),
        UpdateExpression: `SET contactId = :c, #b = :b, #k = :k, linkedBy = :by${ttl ? ', retainUntil = :ttl' : ''}`,
        ExpressionAttributeNames: { '#b': 'bucket', '#k': 'key' },
        ExpressionAttributeValues: { ':c': contactId, ':b': bucket, ':k': key, ':by': 'ctr', ...ttl },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toLink(out.Attributes ?? {}, location);
  }

  async recordObjectCreated(location: string, at: string): Promise<RecordingLink> {
    const [bucket, key] = splitLocation(location);
    const out = await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: recordingLinkKey(location),
        UpdateExpression: 'SET objectCreatedAt = if_not_exists(objectCreatedAt, :t), #b = :b, #k = :k',
        ExpressionAttributeNames: { '#b': 'bucket', '#k': 'key' },
        ExpressionAttributeValues: { ':t': at, ':b': bucket, ':k': key },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toLink(out.Attributes ?? {}, location);
  }

  async setLinkContact(location: string, contactId: string, linkedBy: 'ctr' | 'key'): Promise<void> {
    await this.doc
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: recordingLinkKey(location),
          // A link from the CTR is authoritative; a key-parsed guess never replaces it.
          UpdateExpression: 'SET contactId = :c, linkedBy = :by',
          ConditionExpression: 'attribute_not_exists(contactId) OR linkedBy <> :ctr',
          ExpressionAttributeValues: { ':c': contactId, ':by': linkedBy, ':ctr': 'ctr' },
        }),
      )
      .catch((err) => {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
      });
  }

  /** Set the recording attributes on the contact item (never touches `ctr`, so either order is safe). */
  async linkRecordingToContact(contactId: string, bucket: string, key: string, at: string, redacted = false) {
    const ks = new Set([`${bucket}/${key}`]);
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: contactKey(contactId),
        UpdateExpression: redacted
          ? 'ADD recordingKeys :ks'
          : 'SET recordingBucket = :b, recordingKey = :k, recordingIndexedAt = if_not_exists(recordingIndexedAt, :t) ADD recordingKeys :ks',
        ExpressionAttributeValues: redacted
          ? { ':ks': ks }
          : { ':b': bucket, ':k': key, ':t': at, ':ks': ks },
      }),
    );
  }

  /** Audit of signed recording access: pk `RECACCESS#<ContactId>` sk `<ISO>#<requester>`. */
  async recordAccess(e: {
    contactId: string;
    requester: string;
    at: string;
    expiresAt: string;
    location: string;
  }) {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: `RECACCESS#${e.contactId}`, sk: `${e.at}#${e.requester}`, ...e },
      }),
    );
  }
}

function splitLocation(location: string): [string, string] {
  const i = location.indexOf('/');
  return [location.slice(0, i), location.slice(i + 1)];
}

function toLink(item: Record<string, NativeAttributeValue>, location: string): RecordingLink {
  return {
    location,
    contactId: typeof item['contactId'] === 'string' ? item['contactId'] : undefined,
    objectCreatedAt: typeof item['objectCreatedAt'] === 'string' ? item['objectCreatedAt'] : undefined,
    linkedBy: item['linkedBy'] === 'ctr' || item['linkedBy'] === 'key' ? item['linkedBy'] : undefined,
  };
}

export function toRecord(item: Record<string, NativeAttributeValue>): InteractionRecord {
  const pk = String(item['pk'] ?? '');
  const num = (v: unknown) =>
    typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : undefined;
  const tags = item['tags'];
  const keys = item['recordingKeys'];
  return {
    contactId: pk.replace(/^CONTACT#/, ''),
    ctr: item['ctr'] as NormalizedCtr | undefined,
    lastUpdate: num(item['lastUpdate']),
    surveyCsat: num(item['surveyCsat']),
    surveyNps: num(item['surveyNps']),
    recordingBucket: item['recordingBucket'] as string | undefined,
    recordingKey: item['recordingKey'] as string | undefined,
    recordingKeys: keys instanceof Set ? [...(keys as Set<string>)].sort() : [],
    tags: tags instanceof Set ? [...(tags as Set<string>)].sort() : [],
    disposition: item['disposition'] as string | undefined,
    ...(num(item['retainUntil']) !== undefined ? { retainUntil: num(item['retainUntil'])! } : {}),
  };
}
