import type { LambdaFunctionURLEventWithIAMAuthorizer as LambdaFunctionURLEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoCtrStore } from '#shared/adapters/dynamo/ctr-store.ts';
import { DynamoInternalDncStore } from '#shared/adapters/dynamo/internal-dnc-store.ts';
import { DynamoNotesStore } from '#shared/adapters/dynamo/notes-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { tableName } from '#shared/data/tables.ts';
import { performAgentAction } from '#shared/interactions/agent-actions.ts';
import { processCtr } from '#shared/interactions/processor.ts';
import { inboundCtr, uuid } from '../../fixtures/ctr/factory.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';

const clock = { now: () => new Date('2026-11-20T12:00:00Z') };
const caller = { actor: 'arn:aws:sts::111122223333:assumed-role/Agent/ayse', requestId: 'req-1' };

describe('agent actions on embedded DynamoDB', () => {
  useEmbeddedAws();
  let deps: Parameters<typeof performAgentAction>[0];
  let ctrStore: DynamoCtrStore;
  beforeAll(() => {
    const doc = createDocumentClient();
    ctrStore = new DynamoCtrStore(doc, tableName('interactions'));
    deps = {
      notes: new DynamoNotesStore(doc, tableName('interactions')),
      interactions: ctrStore,
      dnc: new DynamoInternalDncStore(doc, tableName('dnc')),
      clock,
    };
  });

  it('adds a note once even when the request is retried', async () => {
    const req = {
      action: 'addNote',
      contactId: uuid(1),
      agent: 'ayse',
      noteId: 'note-0001',
      text: 'Refund promised',
    };
    const first = await performAgentAction(deps, req, caller);
    const retry = await performAgentAction(deps, req, { ...caller, requestId: 'req-2' });
    expect(first).toMatchObject({ ok: true, result: { outcome: 'created' } });
    expect(retry).toMatchObject({ ok: true, result: { outcome: 'exists' } });
    expect(await deps.notes.listNotes(uuid(1))).toHaveLength(1);
    const read = await performAgentAction(
      deps,
      { action: 'notes', contactId: uuid(1), agent: 'ayse' },
      caller,
    );
    expect(read).toMatchObject({
      ok: true,
      result: { notes: [{ noteId: 'note-0001', text: 'Refund promised' }] },
    });
  });

  it('adds tags and a disposition without touching the stored CTR', async () => {
    await processCtr(ctrStore, inboundCtr({ contactId: uuid(2), customer: '+12065550177' }));
    await performAgentAction(
      deps,
      { action: 'addTags', contactId: uuid(2), agent: 'ayse', tags: ['refund', 'vip'] },
      caller,
    );
    await performAgentAction(
      deps,
      { action: 'addTags', contactId: uuid(2), agent: 'ayse', tags: ['refund'] },
      caller,
    );
    await performAgentAction(
      deps,
      { action: 'setDisposition', contactId: uuid(2), agent: 'ayse', disposition: 'resolved' },
      caller,
    );
    const rec = await ctrStore.get(uuid(2));
    expect(rec).toMatchObject({ tags: ['refund', 'vip'], disposition: 'resolved' });
    expect(rec?.ctr?.customerNumber).toBe('+12065550177');
    // A later CTR version keeps the agent's attributes.
    await processCtr(
      ctrStore,
      inboundCtr({ contactId: uuid(2), customer: '+12065550177', lastUpdateOffset: 100 }),
    );
    expect(await ctrStore.get(uuid(2))).toMatchObject({ tags: ['refund', 'vip'], disposition: 'resolved' });
  });

  it('reads a customer history by any number format', async () => {
    const r = await performAgentAction(
      deps,
      { action: 'history', agent: 'ayse', phoneNumber: '(206) 555-0177' },
      caller,
    );
    expect(r.ok && (r.result['interactions'] as { contactId: string }[]).map((i) => i.contactId)).toEqual([
      uuid(2),
    ]);
  });

  it('puts the customer on the internal DNC list, idempotently', async () => {
    const req = { action: 'doNotCall', contactId: uuid(2), agent: 'ayse', phoneNumber: '+12065550177' };
    expect(await performAgentAction(deps, req, caller)).toMatchObject({
      ok: true,
      result: { outcome: 'added' },
    });
    expect(await performAgentAction(deps, req, caller)).toMatchObject({
      ok: true,
      result: { outcome: 'already-listed' },
    });
    expect(await deps.dnc.get('+12065550177')).toMatchObject({ source: 'agent', addedBy: 'ayse' });
  });

  it('rejects invalid requests with field paths', async () => {
    const r = await performAgentAction(
      deps,
      { action: 'setDisposition', contactId: uuid(2), agent: 'ayse', disposition: 'maybe' },
      caller,
    );
    expect(r).toMatchObject({ ok: false, error: 'invalid' });
    expect(!r.ok && r.issues[0]).toMatch(/^disposition:/);
  });

  it('handler: requires an IAM identity and answers 400 on bad JSON', async () => {
    const { handler } = await import('#functions/agent-actions/handler.ts');
    const base = {
      version: '2.0',
      rawPath: '/',
      rawQueryString: '',
      headers: {},
      isBase64Encoded: false,
      requestContext: {
        requestId: 'r1',
        http: { method: 'POST' },
        authorizer: { iam: { userArn: caller.actor } },
      },
    } as unknown as LambdaFunctionURLEvent;
    expect((await handler({ ...base, body: '{oops' })).statusCode).toBe(400);
    const anon = {
      ...base,
      requestContext: { ...base.requestContext, authorizer: undefined },
    } as unknown as LambdaFunctionURLEvent;
    expect((await handler({ ...anon, body: '{}' })).statusCode).toBe(403);
    const ok = await handler({
      ...base,
      body: JSON.stringify({ action: 'addTags', contactId: uuid(3), agent: 'ayse', tags: ['x1'] }),
    });
    expect(ok.statusCode).toBe(200);
  });
});
