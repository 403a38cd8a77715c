import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoAgentStore } from '#shared/adapters/dynamo/agent-store.ts';
import { DynamoCtrStore } from '#shared/adapters/dynamo/ctr-store.ts';
import { createDocumentClient, createDynamoClient } from '#shared/adapters/dynamo-client.ts';
import { processAgentEvents } from '#shared/agents/processor.ts';
import { addAgentTime, agentTimeOf, emptyAgentTime } from '#shared/agents/timeline.ts';
import { tableName } from '#shared/data/tables.ts';
import { createTable } from '#shared/local/embedded.ts';
import { typicalHalfHour } from '../../fixtures/agents/factory.ts';
import { inboundCtr, kinesisEvent, uuid } from '../../fixtures/ctr/factory.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';

const CORPUS = resolve(import.meta.dirname, '../../../../shared/corpus/aws-samples');
const heartbeatText = () => readFileSync(resolve(CORPUS, 'agent-event.heartbeat.json'), 'utf8');
const T0 = Date.parse('2026-11-03T09:00:00Z');

describe('agent-event processor on embedded DynamoDB', () => {
  useEmbeddedAws();
  let doc: ReturnType<typeof createDocumentClient>;
  let tables = 0;
  beforeAll(() => {
    doc = createDocumentClient();
  });
  const freshStore = async () => {
    const table = `agents-fresh-${tables++}`;
    await createTable(createDynamoClient(), 'agents', table);
    return new DynamoAgentStore(doc, table);
  };
  const totalTime = async (store: DynamoAgentStore, agentId: string) => {
    let t = emptyAgentTime();
    for (const iv of await store.intervals(agentId, T0, T0 + 3_600_000))
      t = addAgentTime(t, agentTimeOf(iv.segments));
    return t;
  };

  it('stores the current state and the quarter-hour time of a half hour of events', async () => {
    const store = await freshStore();
    await processAgentEvents(store, typicalHalfHour('a1', T0));
    expect(await store.state('a1')).toMatchObject({
      activity: 'available',
      status: 'Available',
      username: 'u-a1',
    });
    expect(await totalTime(store, 'a1')).toMatchObject({
      onContact: 290,
      afterContactWork: 60,
      online: 1740,
    });
    const all = await store.intervalsBetween(T0, T0 + 30 * 60_000);
    expect(all.map((i) => [i.agentId, new Date(i.intervalStart).toISOString(), i.username])).toEqual([
      ['a1', '2026-11-03T09:00:00.000Z', 'u-a1'],
      ['a1', '2026-11-03T09:15:00.000Z', 'u-a1'],
    ]);
  });

  it('re-delivered and reversed events leave the same items (newest state wins, time counted once)', async () => {
    const inOrder = await freshStore();
    const reversed = await freshStore();
    const events = typicalHalfHour('a2', T0);
    await processAgentEvents(inOrder, events);
    for (const e of [...events].reverse()) await processAgentEvents(reversed, [e]);
    const again = await processAgentEvents(reversed, events.slice(-1));
    expect(again[0]).toMatchObject({ outcome: 'duplicate' });
    const older = await processAgentEvents(reversed, events.slice(0, 1));
    expect(older[0]).toMatchObject({ outcome: 'stale' });
    expect(await reversed.state('a2')).toEqual(await inOrder.state('a2'));
    expect(await totalTime(reversed, 'a2')).toEqual(await totalTime(inOrder, 'a2'));
  });

  it('Lambda handler: processes a Kinesis batch and reports only the never-parsable record', async () => {
    const { handler } = await import('#functions/agent-event-processor/handler.ts');
    const events = typicalHalfHour('a3', T0);
    const event = kinesisEvent([...events.slice(0, 4), '{"AgentARN": 1}', ...events.slice(4)]);
    const res = await handler(event);
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: event.Records[4]!.kinesis.sequenceNumber }]);
    const store = new DynamoAgentStore(doc, tableName('agents'));
    expect(await store.state('a3')).toMatchObject({ activity: 'available' });
    expect(await totalTime(store, 'a3')).toMatchObject({ onContact: 290, nonProductive: 300 });
  });

  it("Lambda handler: AWS's sample HEART_BEAT sets the agent's state", async () => {
    const { handler } = await import('#functions/agent-event-processor/handler.ts');
    const res = await handler(kinesisEvent([heartbeatText()]));
    expect(res.batchItemFailures).toEqual([]);
    const store = new DynamoAgentStore(doc, tableName('agents'));
    expect(await store.state('agent-ARN')).toMatchObject({
      username: 'aestest',
      status: 'Available',
      activity: 'available',
      routingProfile: 'AgentEventStreamProfile',
      since: '2019-08-13T20:52:30.704Z',
      eventAt: '2019-08-13T20:58:44.031Z',
    });
  });

  it('CTR consumer: an agent event in a mixed batch with CTRs is skipped, not a failure record', async () => {
    const { handler } = await import('#functions/ctr-processor/handler.ts');
    const a = inboundCtr({ contactId: uuid(7001) });
    const b = inboundCtr({ contactId: uuid(7002) });
    const res = await handler(
      kinesisEvent([a, heartbeatText(), b, JSON.stringify(typicalHalfHour('m', T0)[0])]),
      {} as Context,
    );
    expect(res).toEqual({ batchItemFailures: [] });
    const ctrs = new DynamoCtrStore(doc, tableName('interactions'));
    expect((await ctrs.get(uuid(7001)))?.ctr?.contactId).toBe(uuid(7001));
    expect((await ctrs.get(uuid(7002)))?.ctr?.contactId).toBe(uuid(7002));
  });
});
