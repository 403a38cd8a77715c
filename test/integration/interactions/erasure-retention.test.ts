/**
 * An anonymised contact keeps the retention expiry its original had: the interactions table's TTL attribute
 * (`retainUntil`) is carried over, and a contact written without one gets initiation +
 * `retention.interactionsDays`. Without this an erasure turned contacts the table would expire into items kept
 * for good. Real erasure (eraseByPhone) on embedded DynamoDB/S3.
 */
import { randomBytes } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoCtrStore } from '#shared/adapters/dynamo/ctr-store.ts';
import { DynamoErasureStore } from '#shared/adapters/dynamo/erasure-store.ts';
import { DynamoInternalDncStore } from '#shared/adapters/dynamo/internal-dnc-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { LocalSubjectHasher } from '#shared/adapters/kms/subject-hasher.ts';
import { S3RecordingEraser } from '#shared/adapters/s3/recording-store.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import { tableName } from '#shared/data/tables.ts';
import { anonymiseContacts } from '#shared/interactions/anonymise.ts';
import { eraseByPhone } from '#shared/interactions/erasure.ts';
import type { InteractionRecord } from '#shared/interactions/model.ts';
import { processCtr } from '#shared/interactions/processor.ts';
import { inboundCtr, uuid } from '../../fixtures/ctr/factory.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';

const PERSON = '+12065550177';
const clock = { now: () => new Date('2026-11-20T12:00:00Z') };
const epoch = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const DAY = 86_400;

describe('erasure keeps the retention expiry (TTL) of anonymised contacts', () => {
  useEmbeddedAws();
  const ids = { withTtl: uuid(7701), withoutTtl: uuid(7702) };
  let anonymised: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const doc = createDocumentClient();
    // One contact written by the Lambda's store (TTL from 400 days' retention), one by a store with none.
    await processCtr(
      new DynamoCtrStore(doc, tableName('interactions'), { retentionDays: 400 }),
      inboundCtr({ contactId: ids.withTtl, customer: PERSON, at: '2026-11-02T14:00:00Z' }),
    );
    await processCtr(
      new DynamoCtrStore(doc, tableName('interactions')),
      inboundCtr({ contactId: ids.withoutTtl, customer: PERSON, at: '2026-11-05T09:30:00Z' }),
    );
    await eraseByPhone(
      {
        store: new DynamoErasureStore(doc, {
          customers: tableName('customers'),
          interactions: tableName('interactions'),
        }),
        interactions: new DynamoCtrStore(doc, tableName('interactions')),
        recordings: new S3RecordingEraser(createS3Client()),
        dnc: new DynamoInternalDncStore(doc, tableName('dnc')),
        clock,
        queues: ['Support'],
        hasher: new LocalSubjectHasher(randomBytes(32)),
        retentionDays: 90,
      },
      PERSON,
      { requestedBy: 'dpo@example.com', dryRun: false },
    );
    const scan = await doc.send(
      new ScanCommand({
        TableName: tableName('interactions'),
        FilterExpression: 'anonymised = :t',
        ExpressionAttributeValues: { ':t': true },
      }),
    );
    anonymised = (scan.Items ?? []) as Record<string, unknown>[];
  });

  const byInitiation = (iso: string) =>
    anonymised.find((i) => (i['ctr'] as { initiationTimestamp: string }).initiationTimestamp === iso);

  it('anonymises both contacts', () => {
    expect(
      anonymised.map((i) => (i['ctr'] as { initiationTimestamp: string }).initiationTimestamp).sort(),
    ).toEqual(['2026-11-02T14:00:00.000Z', '2026-11-05T09:30:00.000Z']);
  });

  it('keeps the very TTL the original item had (initiation + 400 days)', () => {
    expect(byInitiation('2026-11-02T14:00:00.000Z')?.['retainUntil']).toBe(
      epoch('2026-11-02T14:00:00Z') + 400 * DAY,
    );
  });

  it('gives a contact that had no TTL one from retention.interactionsDays (90)', () => {
    expect(byInitiation('2026-11-05T09:30:00.000Z')?.['retainUntil']).toBe(
      epoch('2026-11-05T09:30:00Z') + 90 * DAY,
    );
  });
});

describe('anonymiseContacts: retention', () => {
  const hasher = new LocalSubjectHasher(randomBytes(32));
  const record = (over: Partial<InteractionRecord>): InteractionRecord => ({
    contactId: uuid(1),
    ctr: {
      contactId: uuid(1),
      initialContactId: uuid(1),
      channel: 'VOICE',
      initiationMethod: 'INBOUND',
      initiationTimestamp: '2026-11-02T14:00:00.000Z',
      lastUpdateTimestamp: '2026-11-02T14:10:00.000Z',
      customerNumber: PERSON,
      attributes: {},
      recordings: [],
    } as unknown as NonNullable<InteractionRecord['ctr']>,
    lastUpdate: 0,
    surveyCsat: undefined,
    surveyNps: undefined,
    recordingBucket: undefined,
    recordingKey: undefined,
    recordingKeys: [],
    tags: [],
    disposition: undefined,
    ...over,
  });

  it('prefers the original TTL over the configured retention', async () => {
    const [a] = await anonymiseContacts([record({ retainUntil: 1_900_000_000 })], PERSON, hasher, {
      retentionDays: 1,
    });
    expect(a?.retainUntil).toBe(1_900_000_000);
  });

  it('without either, sets none (the sandbox without retention)', async () => {
    const [a] = await anonymiseContacts([record({})], PERSON, hasher);
    expect(a?.retainUntil).toBeUndefined();
  });
});
