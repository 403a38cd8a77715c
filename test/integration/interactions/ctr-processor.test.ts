import { GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  contactKey,
  DynamoCtrStore,
  RETENTION_DAYS_ENV,
  recordingLinkKey,
  retentionDaysFromEnv,
} from '#shared/adapters/dynamo/ctr-store.ts';
import { DynamoCustomerStore } from '#shared/adapters/dynamo/customer-store.ts';
import { createDocumentClient, createDynamoClient } from '#shared/adapters/dynamo-client.ts';
import { tableName } from '#shared/data/tables.ts';
import { processCtr } from '#shared/interactions/processor.ts';
import { createTable } from '#shared/local/embedded.ts';
import { type CtrDoc, inboundCtr, kinesisEvent, uuid } from '../../fixtures/ctr/factory.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';

describe('CTR processor on embedded DynamoDB', () => {
  useEmbeddedAws();
  let store: DynamoCtrStore;
  let doc: ReturnType<typeof createDocumentClient>;
  let tables = 0;
  beforeAll(() => {
    // As infra sets it on the Lambda (config retention.interactionsDays), before the handler module loads.
    process.env[RETENTION_DAYS_ENV] = '730';
    doc = createDocumentClient();
    store = new DynamoCtrStore(doc, tableName('interactions'));
  });
  /** A store on a new, empty interactions table (same keys and indexes as the real one). */
  const freshStore = async () => {
    const table = `fresh-${tables++}`;
    await createTable(createDynamoClient(), 'interactions', table);
    return new DynamoCtrStore(doc, table);
  };

  it('stores a new CTR with chain, customer and day index keys', async () => {
    const ctr = inboundCtr({ contactId: uuid(1001), customer: '(206) 555-0101', at: '2026-11-03T10:00:00Z' });
    const out = await processCtr(store, ctr);
    expect(out).toMatchObject({ outcome: 'applied', firstVersion: true, contactId: uuid(1001) });
    const rec = await store.get(uuid(1001));
    expect(rec?.ctr?.customerNumber).toBe('+12065550101');
    expect(rec?.ctr?.handled).toBe(true);
    expect((await store.history('+12065550101')).map((r) => r.contactId)).toEqual([uuid(1001)]);
    expect((await store.byDay('2026-11-03')).map((r) => r.contactId)).toContain(uuid(1001));
  });

  it('sets the TTL (retainUntil = initiation + retention days, epoch seconds) on the contact and its recording link', async () => {
    const ttlStore = new DynamoCtrStore(doc, tableName('interactions'), { retentionDays: 30 });
    const location = 'rec-bucket/connect/x/CallRecordings/2026/11/03/ttl.wav';
    await processCtr(
      ttlStore,
      inboundCtr({ contactId: uuid(1101), at: '2026-11-03T10:00:00Z', recording: location }),
    );
    const expected = Date.parse('2026-11-03T10:00:00Z') / 1000 + 30 * 86_400;
    const item = async (key: Record<string, string>) =>
      (await doc.send(new GetCommand({ TableName: tableName('interactions'), Key: key }))).Item;
    expect((await item(contactKey(uuid(1101))))?.['retainUntil']).toBe(expected);
    expect((await item(recordingLinkKey(location)))?.['retainUntil']).toBe(expected);
    // A newer version of the CTR keeps the same expiry (it counts from the contact's initiation).
    await processCtr(
      ttlStore,
      inboundCtr({ contactId: uuid(1101), at: '2026-11-03T10:00:00Z', lastUpdateOffset: 900, talk: 400 }),
    );
    expect((await item(contactKey(uuid(1101))))?.['retainUntil']).toBe(expected);
    // A store without a retention (the sandbox CLI) writes no TTL.
    await processCtr(store, inboundCtr({ contactId: uuid(1102) }));
    expect(await item(contactKey(uuid(1102)))).not.toHaveProperty('retainUntil');
  });

  it('reads the retention from the environment and refuses a malformed one', () => {
    expect(retentionDaysFromEnv({})).toBeUndefined();
    expect(retentionDaysFromEnv({ [RETENTION_DAYS_ENV]: '365' })).toBe(365);
    for (const bad of ['0', '-3', '1.5', 'two'])
      expect(() => retentionDaysFromEnv({ [RETENTION_DAYS_ENV]: bad })).toThrow(RETENTION_DAYS_ENV);
  });

  it('treats an exact duplicate as processed and leaves the item unchanged', async () => {
    const ctr = inboundCtr({ contactId: uuid(1002) });
    await processCtr(store, ctr);
    const before = await store.get(uuid(1002));
    const again = await processCtr(store, JSON.stringify(ctr));
    expect(again.outcome).toBe('duplicate'); // equal timestamp and hash: idempotent rewrite of identical values
    expect(await store.get(uuid(1002))).toEqual(before);
  });

  it('keeps the newer CTR when an older copy arrives later', async () => {
    const newer = inboundCtr({ contactId: uuid(1003), attributes: { step: 'final' }, lastUpdateOffset: 60 });
    const older = inboundCtr({ contactId: uuid(1003), attributes: { step: 'first' } });
    expect((await processCtr(store, newer)).outcome).toBe('applied');
    expect((await processCtr(store, older)).outcome).toBe('stale');
    expect((await store.get(uuid(1003)))?.ctr?.attributes).toEqual({ step: 'final' });
  });

  it('resolves two different CTRs with an equal LastUpdateTimestamp the same way in either order', async () => {
    const a = inboundCtr({ contactId: uuid(1004), attributes: { v: 'a' } });
    const b = inboundCtr({ contactId: uuid(1004), attributes: { v: 'b' } });
    const [s1, s2] = [await freshStore(), await freshStore()];
    await processCtr(s1, a);
    await processCtr(s1, b);
    await processCtr(s2, b);
    const second = await processCtr(s2, a);
    expect((await s1.get(uuid(1004)))?.ctr?.attributes).toEqual((await s2.get(uuid(1004)))?.ctr?.attributes);
    expect(second.outcome === 'stale' || (await s2.get(uuid(1004)))?.ctr?.attributes?.['v'] === 'a').toBe(
      true,
    );
  });

  it('does not clobber attributes other writers set on the same item (survey answers)', async () => {
    await doc.send(
      new UpdateCommand({
        TableName: tableName('interactions'),
        Key: contactKey(uuid(1006)),
        UpdateExpression: 'SET surveyCsat = :c, surveyNps = :n',
        ExpressionAttributeValues: { ':c': 5, ':n': 9 },
      }),
    );
    const out = await processCtr(
      store,
      inboundCtr({ contactId: uuid(1006), attributes: { surveyCsat: '5' } }),
    );
    expect(out.firstVersion).toBe(true);
    const rec = await store.get(uuid(1006));
    expect(rec).toMatchObject({ surveyCsat: 5, surveyNps: 9 });
    expect(rec?.ctr?.attributes).toEqual({ surveyCsat: '5' });
  });

  it('reassembles a transferred conversation through InitialContactId', async () => {
    const first = uuid(1010);
    const second = uuid(1011);
    await processCtr(
      store,
      inboundCtr({
        contactId: second,
        initialContactId: first,
        previousContactId: first,
        method: 'TRANSFER',
        queue: 'Billing',
        at: '2026-11-04T10:05:00Z',
      }),
    );
    await processCtr(
      store,
      inboundCtr({ contactId: first, nextContactId: second, at: '2026-11-04T10:00:00Z' }),
    );
    const chain = await store.chain(first);
    expect(chain.map((r) => [r.contactId, r.ctr?.initiationMethod])).toEqual([
      [first, 'INBOUND'],
      [second, 'TRANSFER'],
    ]);
    expect(chain[1]?.ctr?.previousContactId).toBe(first);
  });

  it('recognises abandoned contacts and does not count a queued callback as abandoned', async () => {
    const gone = await processCtr(
      store,
      inboundCtr({ contactId: uuid(1020), answered: false, queueSeconds: 45 }),
    );
    const callback = await processCtr(
      store,
      inboundCtr({
        contactId: uuid(1021),
        method: 'CALLBACK',
        answered: false,
        disconnectReason: 'CUSTOMER_DISCONNECT',
      }),
    );
    const ivrOnly = await processCtr(store, inboundCtr({ contactId: uuid(1022), queue: null }));
    expect([gone.ctr.abandoned, callback.ctr.abandoned, ivrOnly.ctr.abandoned]).toEqual([true, false, false]);
    expect(gone.ctr.handled).toBe(false);
  });

  it('rejects a malformed CTR with the failing field named', async () => {
    await expect(processCtr(store, { ContactId: 'x', InitiationMethod: 'INBOUND' })).rejects.toThrow(
      /InitiationTimestamp/,
    );
    await expect(processCtr(store, '{not json')).rejects.toMatchObject({ name: 'InvalidCtrError' });
  });

  it('Lambda handler: a poison record fails alone, the rest of the batch is stored', async () => {
    const { handler } = await import('#functions/ctr-processor/handler.ts');
    const good1 = inboundCtr({ contactId: uuid(1030) });
    const good2 = inboundCtr({ contactId: uuid(1031) });
    const event = kinesisEvent([good1, '{"ContactId": 42}', good2]);
    const res = await handler(event, {} as Context);
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: event.Records[1]!.kinesis.sequenceNumber }]);
    expect(await store.get(uuid(1030))).toBeDefined();
    expect(await store.get(uuid(1031))).toBeDefined();
    // The Lambda writes the TTL from INTERACTIONS_RETENTION_DAYS.
    const item = await doc.send(
      new GetCommand({ TableName: tableName('interactions'), Key: contactKey(uuid(1030)) }),
    );
    expect(item.Item?.['retainUntil']).toBe(
      Date.parse(item.Item?.['ctr'].initiationTimestamp) / 1000 + 730 * 86_400,
    );
  });

  it('Lambda handler: notes the handling agent per customer number for sticky routing', async () => {
    const { handler } = await import('#functions/ctr-processor/handler.ts');
    await handler(
      kinesisEvent([inboundCtr({ contactId: uuid(1050), customer: '+12065550155', agent: 'mehmet' })]),
      {} as Context,
    );
    const caller = await new DynamoCustomerStore(doc).lookupCaller('+12065550155');
    expect(caller.activity?.lastAgent).toBe('mehmet');
  });

  it('Lambda handler: publishes queue KPIs as embedded metrics once per contact, center-wide and per queue', async () => {
    const { handler } = await import('#functions/ctr-processor/handler.ts');
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const abandoned = inboundCtr({
      contactId: uuid(1040),
      answered: false,
      queueSeconds: 12,
      queue: 'Orders',
    });
    try {
      await handler(kinesisEvent([abandoned]), {} as Context);
      await handler(kinesisEvent([abandoned]), {} as Context); // re-delivery: no second count
    } finally {
      spy.mockRestore();
    }
    const emf = lines
      .flatMap((l) => l.split('\n'))
      .filter((l) => l.includes('"_aws"'))
      .map(
        (l) =>
          JSON.parse(l) as Record<string, unknown> & {
            _aws: { CloudWatchMetrics: { Dimensions: string[][] }[] };
          },
      );
    const perQueue = emf.filter((e) => e['Queue'] === 'Orders');
    const centerWide = emf.filter((e) => 'ContactsQueued' in e && !('Queue' in e));
    expect(perQueue).toHaveLength(1);
    expect(perQueue[0]).toMatchObject({
      ContactsQueued: 1,
      ContactsAbandoned: 1,
      ContactsHandled: 0,
      ContactsWithinServiceLevel: 1,
    });
    expect(perQueue[0]?._aws.CloudWatchMetrics[0]?.Dimensions[0]).toEqual(
      expect.arrayContaining(['Queue', 'service']),
    );
    expect(centerWide).toHaveLength(1);
    expect(centerWide[0]).toMatchObject({
      ContactsQueued: 1,
      ContactsAbandoned: 1,
      service: 'ctr-processor',
    });
  });

  it('any shuffle with duplicates of a CTR set gives the same final table', async () => {
    // Versions of three contacts: updates at different times, and two versions sharing a timestamp.
    const versions: CtrDoc[] = [
      inboundCtr({ contactId: uuid(1), attributes: { v: '1' } }),
      inboundCtr({ contactId: uuid(1), attributes: { v: '2' }, lastUpdateOffset: 30 }),
      inboundCtr({ contactId: uuid(1), attributes: { v: '3' }, lastUpdateOffset: 30 }),
      inboundCtr({ contactId: uuid(2), answered: false }),
      inboundCtr({
        contactId: uuid(2),
        answered: false,
        attributes: { surveyCsat: '2' },
        lastUpdateOffset: 5,
      }),
      inboundCtr({ contactId: uuid(3), initialContactId: uuid(2), method: 'TRANSFER', queue: 'Billing' }),
      inboundCtr({
        contactId: uuid(3),
        initialContactId: uuid(2),
        method: 'TRANSFER',
        queue: 'Billing',
        acw: 90,
      }),
    ];
    const applyAll = async (order: CtrDoc[]) => {
      const s = await freshStore();
      for (const ctr of order) await processCtr(s, ctr);
      const out = await doc.send(new ScanCommand({ TableName: `fresh-${tables - 1}` }));
      return (out.Items ?? []).sort((x, y) => String(x['pk']).localeCompare(String(y['pk'])));
    };
    const expected = await applyAll(versions);
    expect(expected).toHaveLength(3);
    await fc.assert(
      fc.asyncProperty(
        fc
          .shuffledSubarray(versions, { minLength: versions.length })
          .chain((all) =>
            fc.tuple(fc.constant(all), fc.array(fc.constantFrom(...versions), { maxLength: 5 })),
          )
          .chain(([all, dups]) =>
            fc.shuffledSubarray([...all, ...dups], { minLength: all.length + dups.length }),
          ),
        async (order) => {
          expect(await applyAll(order)).toEqual(expected);
        },
      ),
      { numRuns: 20 },
    );
  });
});
