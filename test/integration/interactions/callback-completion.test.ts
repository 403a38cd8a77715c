/**
 * Callback lifecycle: the real callback handler records a pending callback, the CTR processor completes it
 * when the CALLBACK contact for that number and queue reached an agent, and leaves it pending otherwise.
 * Embedded DynamoDB (dynalite), real handlers and stores.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CALLBACK_PENDING_SK,
  callbackPk,
  DynamoCallbackStore,
} from '#shared/adapters/dynamo/callback-store.ts';
import { DynamoCtrStore } from '#shared/adapters/dynamo/ctr-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { tableName } from '#shared/data/tables.ts';
import { normalizeCtr, parseCtr } from '#shared/interactions/ctr.ts';
import { callbackCompletionFor, processCtr } from '#shared/interactions/processor.ts';
import { inboundCtr, uuid } from '../../fixtures/ctr/factory.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';
import { contactFlowEvent, lambdaContext } from '../../unit/inbound/fixtures.ts';
import { demoQueueArns, handlerEnv } from '../../unit/inbound/settings.ts';

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('callback completion from CALLBACK CTRs on embedded DynamoDB', () => {
  useEmbeddedAws();
  let store: DynamoCtrStore;
  let callbacks: DynamoCallbackStore;
  beforeAll(() => {
    Object.assign(process.env, { ...handlerEnv('transfer'), QUEUE_ARNS: JSON.stringify(demoQueueArns()) });
    const doc = createDocumentClient();
    store = new DynamoCtrStore(doc, tableName('interactions'));
    callbacks = new DynamoCallbackStore(doc, tableName('interactions'));
  });

  const request = async (contactId: string, national: string, queue = 'Support') => {
    const { handler } = await import('#functions/callback/handler.ts');
    return (
      await handler(
        contactFlowEvent({ contactId, parameters: { callbackNumber: national, queue } }),
        lambdaContext(),
      )
    ).callbackStatus;
  };
  const pending = async (e164: string, queue = 'Support') =>
    (
      await createDocumentClient().send(
        new GetCommand({
          TableName: tableName('interactions'),
          Key: { pk: callbackPk(e164, queue), sk: CALLBACK_PENDING_SK },
        }),
      )
    ).Item;
  /** The callback contact Connect creates for `requestedBy`, starting `afterMs` after now. */
  const callbackCtr = (
    n: number,
    customer: string,
    o: {
      requestedBy?: string;
      answered?: boolean;
      afterMs?: number;
      lastUpdateOffset?: number;
      queue?: string;
    } = {},
  ) =>
    inboundCtr({
      contactId: uuid(n),
      method: 'CALLBACK',
      customer,
      at: iso(Date.now() + (o.afterMs ?? 1_000)),
      answered: o.answered ?? true,
      ...(o.queue ? { queue: o.queue } : {}),
      ...(o.requestedBy ? { previousContactId: o.requestedBy } : {}),
      ...(o.lastUpdateOffset !== undefined ? { lastUpdateOffset: o.lastUpdateOffset } : {}),
    });
  const ingest = (ctr: unknown) => processCtr(store, ctr, undefined, { callbacks });

  it('a connected callback contact completes the pending callback: a new request is accepted at once', async () => {
    expect(await request('req-1', '2065550401')).toBe('ok');
    expect(await request('req-2', '2065550401')).toBe('duplicate');
    const out = await ingest(callbackCtr(4001, '+12065550401', { requestedBy: 'req-1' }));
    expect(out).toMatchObject({ outcome: 'applied', callbackCompleted: true });
    expect(await pending('+12065550401')).toBeUndefined();
    expect(await request('req-3', '2065550401')).toBe('ok');
  });

  it('completes without PreviousContactId when the request predates the callback contact', async () => {
    expect(await request('req-10', '2065550410')).toBe('ok');
    expect((await ingest(callbackCtr(4010, '+12065550410'))).callbackCompleted).toBe(true);
    expect(await request('req-11', '2065550410')).toBe('ok');
  });

  it('a callback contact that never reached an agent leaves the callback pending (duplicate refused)', async () => {
    expect(await request('req-20', '2065550420')).toBe('ok');
    const out = await ingest(callbackCtr(4020, '+12065550420', { requestedBy: 'req-20', answered: false }));
    expect(out).toMatchObject({ outcome: 'applied', callbackCompleted: false });
    expect(await pending('+12065550420')).toMatchObject({ contactId: 'req-20' });
    expect(await request('req-21', '2065550420')).toBe('duplicate');
  });

  it('only the callback queue is completed, and non-CALLBACK contacts complete nothing', async () => {
    expect(await request('req-30', '2065550430', 'Support')).toBe('ok');
    expect(await request('req-31', '2065550430', 'Billing')).toBe('ok');
    expect((await ingest(callbackCtr(4030, '+12065550430', { queue: 'Billing' }))).callbackCompleted).toBe(
      true,
    );
    expect(await pending('+12065550430', 'Billing')).toBeUndefined();
    expect(await pending('+12065550430', 'Support')).toMatchObject({ contactId: 'req-30' });
    // An ordinary inbound call answered in Support is not the callback.
    const inbound = inboundCtr({
      contactId: uuid(4031),
      customer: '+12065550430',
      at: iso(Date.now() + 1_000),
    });
    expect((await ingest(inbound)).callbackCompleted).toBe(false);
    expect(await pending('+12065550430', 'Support')).toMatchObject({ contactId: 'req-30' });
  });

  it('a re-delivered or older copy of a served callback never clears a newer request', async () => {
    // Requested ten minutes ago, called back nine minutes ago; the customer asks again now.
    const first = { e164: '+12065550440', queueName: 'Support', contactId: 'req-40' };
    await callbacks.requestCallback({ ...first, requestedAt: new Date(Date.now() - 600_000).toISOString() });
    const connected = callbackCtr(4040, '+12065550440', {
      requestedBy: 'req-40',
      afterMs: -540_000,
      lastUpdateOffset: 60,
    });
    const older = {
      ...connected,
      LastUpdateTimestamp: iso(Date.parse(connected['LastUpdateTimestamp'] as string) - 30_000),
    };
    expect((await ingest(connected)).callbackCompleted).toBe(true);
    expect(await request('req-41', '2065550440')).toBe('ok');
    const outcomes = [];
    for (const copy of [connected, older, connected]) {
      const out = await ingest(copy);
      outcomes.push(out.outcome);
      expect(out.callbackCompleted).toBe(false);
    }
    expect(outcomes).toEqual(['duplicate', 'stale', 'duplicate']);
    expect(await pending('+12065550440')).toMatchObject({ contactId: 'req-41' });
    expect(await request('req-42', '2065550440')).toBe('duplicate');
  });

  it('an older not-connected copy arriving after the connected one changes nothing', async () => {
    expect(await request('req-50', '2065550450')).toBe('ok');
    const connected = callbackCtr(4050, '+12065550450', { requestedBy: 'req-50', lastUpdateOffset: 120 });
    const ringing = callbackCtr(4050, '+12065550450', { requestedBy: 'req-50', answered: false });
    expect((await ingest(connected)).callbackCompleted).toBe(true);
    expect(await ingest(ringing)).toMatchObject({ outcome: 'stale', callbackCompleted: false });
    expect(await pending('+12065550450')).toBeUndefined();
    expect(await request('req-51', '2065550450')).toBe('ok');
  });

  it('a duplicate delivery still completes when the first attempt stored the CTR but not the completion', async () => {
    expect(await request('req-60', '2065550460')).toBe('ok');
    const ctr = callbackCtr(4060, '+12065550460', { requestedBy: 'req-60' });
    expect((await processCtr(store, ctr)).outcome).toBe('applied'); // as if the completion had failed
    expect(await pending('+12065550460')).toBeDefined();
    expect(await ingest(ctr)).toMatchObject({ outcome: 'duplicate', callbackCompleted: true });
    expect(await request('req-61', '2065550460')).toBe('ok');
  });

  it('callbackCompletionFor picks connected CALLBACK contacts with a number and a queue', () => {
    const at = '2026-11-20T10:00:00Z';
    const norm = (o: Parameters<typeof inboundCtr>[0]) => normalizeCtr(parseCtr(inboundCtr({ at, ...o })));
    expect(
      callbackCompletionFor(norm({ method: 'CALLBACK', customer: '+12065550470', previousContactId: 'p' })),
    ).toEqual({
      e164: '+12065550470',
      queueName: 'Support',
      evidence: { callbackInitiatedAt: '2026-11-20T10:00:00.000Z', requestedBy: 'p' },
    });
    expect(callbackCompletionFor(norm({ method: 'CALLBACK', answered: false }))).toBeUndefined();
    expect(callbackCompletionFor(norm({ method: 'CALLBACK', queue: null }))).toBeUndefined();
    expect(callbackCompletionFor(norm({ method: 'INBOUND' }))).toBeUndefined();
    expect(callbackCompletionFor(norm({ method: 'CALLBACK', customer: 'anonymous' }))).toBeUndefined();
  });
});
