import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoInternalDncStore } from '#shared/adapters/dynamo/internal-dnc-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { tableName } from '#shared/data/tables.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';
import { contactFlowEvent, lambdaContext } from '../../unit/inbound/fixtures.ts';
import { demoQueueArns, handlerEnv } from '../../unit/inbound/settings.ts';

const db = () => createDocumentClient();
const contactItem = async (contactId: string) =>
  (
    await db().send(
      new GetCommand({
        TableName: tableName('interactions'),
        Key: { pk: `CONTACT#${contactId}`, sk: 'META' },
      }),
    )
  ).Item;
const contactItems = async (contactId: string, prefix: string) =>
  (
    await db().send(
      new QueryCommand({
        TableName: tableName('interactions'),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': `CONTACT#${contactId}`, ':p': prefix },
      }),
    )
  ).Items ?? [];

describe('inbound write handlers against embedded DynamoDB', () => {
  useEmbeddedAws();
  const env = { ...handlerEnv('transfer'), QUEUE_ARNS: JSON.stringify(demoQueueArns()) };

  beforeAll(() => {
    // transfer and callback read the same settings slice (guard + queue names).
    Object.assign(process.env, env);
  });

  describe('survey', () => {
    const survey = async (contactId: string, parameters: Record<string, string>) => {
      const { handler } = await import('#functions/survey/handler.ts');
      return handler(contactFlowEvent({ contactId, parameters }), lambdaContext());
    };

    it('stores CSAT and NPS on the contact item as numbers', async () => {
      expect(await survey('s-1', { csat: '4', nps: '9' })).toEqual({ surveyStatus: 'ok' });
      expect(await contactItem('s-1')).toMatchObject({ surveyCsat: 4, surveyNps: 9 });
    });

    it('is safe under Connect retries: the answer time stays the first one', async () => {
      await survey('s-2', { csat: '5', nps: '10' });
      const first = await contactItem('s-2');
      await survey('s-2', { csat: '5', nps: '10' });
      expect(await contactItem('s-2')).toEqual(first);
    });

    it('rejects out-of-range input and stores nothing', async () => {
      expect(await survey('s-3', { csat: '7', nps: '3' })).toEqual({
        surveyStatus: 'invalid',
        reason: 'csat-out-of-range',
      });
      expect(await contactItem('s-3')).toBeUndefined();
    });

    it('does not clobber attributes other writers set on the contact item', async () => {
      const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
      await db().send(
        new UpdateCommand({
          TableName: tableName('interactions'),
          Key: { pk: 'CONTACT#s-4', sk: 'META' },
          UpdateExpression: 'SET lastUpdate = :t, ctr = :c',
          ExpressionAttributeValues: { ':t': 1, ':c': { channel: 'VOICE' } },
        }),
      );
      await survey('s-4', { csat: '3' });
      expect(await contactItem('s-4')).toMatchObject({
        lastUpdate: 1,
        ctr: { channel: 'VOICE' },
        surveyCsat: 3,
      });
    });
  });

  describe('opt-out', () => {
    const optOut = async (contactId: string, address: string | null) => {
      const { handler } = await import('#functions/opt-out/handler.ts');
      return handler(contactFlowEvent({ contactId, address }), lambdaContext());
    };
    const dnc = () => new DynamoInternalDncStore(db());

    it('puts the caller on the internal DNC list with source ivr and the contact id', async () => {
      expect(await optOut('o-1', '+12065550201')).toEqual({ optOutStatus: 'ok', reason: 'added' });
      expect(await dnc().get('+12065550201')).toMatchObject({
        source: 'ivr',
        contactId: 'o-1',
        addedBy: 'ivr',
      });
    });

    it('is idempotent and a later request never replaces the first entry', async () => {
      await optOut('o-2', '+12065550202');
      const first = await dnc().get('+12065550202');
      expect(await optOut('o-2', '+12065550202')).toEqual({ optOutStatus: 'ok', reason: 'already-listed' });
      expect(await optOut('o-3', '(206) 555-0202')).toEqual({ optOutStatus: 'ok', reason: 'already-listed' });
      expect(await dnc().get('+12065550202')).toEqual(first);
    });

    it('answers optOutStatus=error for a withheld caller id', async () => {
      expect(await optOut('o-4', 'anonymous')).toEqual({ optOutStatus: 'error', reason: 'no-caller-number' });
    });
  });

  describe('transfer', () => {
    const transfer = async (contactId: string, parameters: Record<string, string>) => {
      const { handler } = await import('#functions/transfer/handler.ts');
      return handler(contactFlowEvent({ contactId, parameters }), lambdaContext());
    };

    it('records a warm queue transfer and returns the whisper and target queue', async () => {
      const out = await transfer('t-1', {
        mode: 'warm',
        target: 'Billing',
        fromAgent: 'jane',
        reason: 'refund',
        note: 'double charge on order 42',
        tags: 'refund,priority',
      });
      expect(out).toMatchObject({
        transferStatus: 'ok',
        transferMode: 'warm',
        targetType: 'queue',
        targetQueueName: 'Billing',
        targetQueueArn: demoQueueArns()['Billing'],
      });
      expect(out.whisperText).toContain('double charge on order 42');
      const items = await contactItems('t-1', 'TRANSFER#');
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        mode: 'warm',
        fromAgent: 'jane',
        tags: ['refund', 'priority'],
        note: 'double charge on order 42',
      });
    });

    it('records a retried transfer once', async () => {
      const params = { mode: 'cold', target: 'Support', fromAgent: 'sam', reason: 'tech' };
      const a = await transfer('t-2', params);
      const b = await transfer('t-2', params);
      expect(b.transferId).toBe(a.transferId);
      expect(await contactItems('t-2', 'TRANSFER#')).toHaveLength(1);
    });

    it('blocks an external transfer to a premium-rate number and records nothing', async () => {
      expect(await transfer('t-3', { target: '+19002530000', mode: 'cold' })).toMatchObject({
        transferStatus: 'blocked',
        reason: 'number-type-blocked',
      });
      expect(await contactItems('t-3', 'TRANSFER#')).toHaveLength(0);
    });

    it('allows the allow-listed courier hotline', async () => {
      expect(await transfer('t-4', { target: '+12125550147', mode: 'cold' })).toMatchObject({
        transferStatus: 'ok',
        targetType: 'external',
        targetNumber: '+12125550147',
        reason: 'allow-list',
      });
    });
  });

  describe('callback', () => {
    const callback = async (contactId: string, parameters: Record<string, string>) => {
      const { handler } = await import('#functions/callback/handler.ts');
      return handler(contactFlowEvent({ contactId, parameters }), lambdaContext());
    };

    it('accepts keyed national digits and returns the E.164 number', async () => {
      expect(await callback('cb-1', { callbackNumber: '2065550301', queue: 'Support' })).toEqual({
        callbackStatus: 'ok',
        callbackNumber: '+12065550301',
        reason: 'queued',
      });
    });

    it('keeps at most one pending callback per number and queue; a retry is still ok', async () => {
      await callback('cb-2', { callbackNumber: '2065550302', queue: 'Support' });
      expect(
        (await callback('cb-2', { callbackNumber: '2065550302', queue: 'Support' })).callbackStatus,
      ).toBe('ok');
      expect(
        (await callback('cb-3', { callbackNumber: '2065550302', queue: 'Support' })).callbackStatus,
      ).toBe('duplicate');
      expect(
        (await callback('cb-4', { callbackNumber: '2065550302', queue: 'Billing' })).callbackStatus,
      ).toBe('ok');
    });

    it('rejects an invalid number, an unknown queue, and blocks premium-rate and DNC numbers', async () => {
      expect((await callback('cb-5', { callbackNumber: '123', queue: 'Support' })).callbackStatus).toBe(
        'invalid',
      );
      expect((await callback('cb-6', { callbackNumber: '2065550303', queue: 'Nope' })).callbackStatus).toBe(
        'invalid',
      );
      expect(await callback('cb-7', { callbackNumber: '9002530000', queue: 'Support' })).toMatchObject({
        callbackStatus: 'blocked',
        reason: 'number-type-blocked',
      });
      await new DynamoInternalDncStore(db()).add({
        e164: '+12065550304',
        source: 'web',
        addedAt: new Date().toISOString(),
        addedBy: 'web-form',
      });
      expect(await callback('cb-8', { callbackNumber: '2065550304', queue: 'Support' })).toMatchObject({
        callbackStatus: 'blocked',
        reason: 'internal-dnc',
      });
    });
  });
});
