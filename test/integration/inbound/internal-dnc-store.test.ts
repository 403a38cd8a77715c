import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { DynamoInternalDncStore } from '#shared/adapters/dynamo/internal-dnc-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { tableName } from '#shared/data/tables.ts';
import {
  DncStoreUnavailableError,
  type InternalDncEntry,
  InvalidDncEntryError,
} from '#shared/domain/internal-dnc.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';

const entry = (over: Partial<InternalDncEntry> = {}): InternalDncEntry => ({
  e164: '+12065550100',
  source: 'ivr',
  addedAt: '2026-11-23T10:00:00.000Z',
  addedBy: 'ivr',
  contactId: 'contact-1',
  ...over,
});

async function auditItems(e164: string) {
  const out = await createDocumentClient().send(
    new QueryCommand({
      TableName: tableName('dnc'),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :a)',
      ExpressionAttributeValues: { ':pk': `DNC#${e164}`, ':a': 'AUDIT#' },
    }),
  );
  return out.Items ?? [];
}

describe('DynamoInternalDncStore against embedded DynamoDB', () => {
  useEmbeddedAws();
  const store = () => new DynamoInternalDncStore(createDocumentClient());

  it('adds a number and reads it back', async () => {
    const result = await store().add(entry({ e164: '+12065550101' }));
    expect(result.outcome).toBe('added');
    expect(await store().get('+12065550101')).toEqual(entry({ e164: '+12065550101' }));
  });

  it('returns undefined for a number that is not listed', async () => {
    expect(await store().get('+12065550199')).toBeUndefined();
  });

  it('keeps the first entry when a later request comes from another channel', async () => {
    const first = entry({ e164: '+12065550102' });
    await store().add(first);
    const later = await store().add(
      entry({
        e164: '+12065550102',
        source: 'agent',
        addedBy: 'agent.jane',
        contactId: 'contact-9',
        addedAt: '2026-11-24T10:00:00.000Z',
      }),
    );
    expect(later).toEqual({ outcome: 'already-listed', entry: first });
    expect(await store().get('+12065550102')).toEqual(first);
  });

  it('records every distinct request in the audit trail', async () => {
    await store().add(entry({ e164: '+12065550103' }));
    await store().add(
      entry({
        e164: '+12065550103',
        source: 'web',
        addedBy: 'web-form',
        contactId: undefined,
        addedAt: '2026-11-25T00:00:00.000Z',
      }),
    );
    const audit = await auditItems('+12065550103');
    expect(audit.map((a) => a['action'])).toEqual(['add', 'add-repeat']);
    expect(audit[1]?.['source']).toBe('web');
  });

  it('treats a retry of the same contact request as one request (no duplicate audit)', async () => {
    await store().add(entry({ e164: '+12065550104' }));
    const retry = await store().add(entry({ e164: '+12065550104', addedAt: '2026-11-23T10:00:02.000Z' }));
    expect(retry.outcome).toBe('already-listed');
    expect(retry.entry.addedAt).toBe('2026-11-23T10:00:00.000Z');
    expect(await auditItems('+12065550104')).toHaveLength(1);
  });

  it('rejects a number that is not E.164 before writing', async () => {
    await expect(store().add(entry({ e164: '2065550100' }))).rejects.toBeInstanceOf(InvalidDncEntryError);
    expect(await store().get('2065550100')).toBeUndefined();
  });

  it('turns a DynamoDB fault into DncStoreUnavailableError with the cause', async () => {
    const db = createDocumentClient();
    const mock = mockClient(db);
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ProvisionedThroughputExceededException',
    });
    mock.onAnyCommand().rejects(throttled);
    const error = await new DynamoInternalDncStore(db).get('+12065550100').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DncStoreUnavailableError);
    expect((error as Error).cause).toBe(throttled);
    mock.restore();
  });
});
