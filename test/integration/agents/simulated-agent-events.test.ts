/**
 * Simulated calls stream what Connect would: the answering agent's events in the agent event stream's shape
 * and the contact record, through the real agent-event and CTR processors into the sandbox's tables
 * (embedded DynamoDB), so the agents table and `kpi report --by agent` have figures for simulated calls.
 */
import { describe, expect, it } from 'vitest';
import { DynamoAgentStore } from '#shared/adapters/dynamo/agent-store.ts';
import { DynamoCtrStore } from '#shared/adapters/dynamo/ctr-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { activityOf, agentIdOf, parseAgentEvent } from '#shared/agents/events.ts';
import { loadStageConfig } from '#shared/config/load.ts';
import { tableName } from '#shared/data/tables.ts';
import { parseCtr } from '#shared/interactions/ctr.ts';
import { loadKpiContacts } from '#shared/kpi/load.ts';
import { buildKpiReport } from '#shared/kpi/report.ts';
import { seedSandbox } from '#shared/local/sandbox.ts';
import { sandboxRecordSink } from '#shared/local/sandbox-records.ts';
import { localAgentId, localAgentQueueArn } from '#shared/simulator/local-arns.ts';
import {
  createSimulatorContext,
  type SimulatedRecords,
  type SimulatorContext,
  simulateCall,
} from '#shared/simulator/simulator.ts';
import { ScriptedKeypad } from '#shared/simulator/transcript.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';

const config = loadStageConfig('dev');
// A Tuesday in hours with no demo history around it: the figures are this test's calls only.
const AT = new Date('2027-03-02T16:00:00Z');
const DAY = { from: new Date('2027-03-02T05:00:00Z'), to: new Date('2027-03-03T05:00:00Z') };

describe('simulated calls → agent events and contact records → the sandbox tables', () => {
  useEmbeddedAws();
  const emitted: SimulatedRecords[] = [];
  let ctx: SimulatorContext | undefined;
  const context = () => {
    if (!ctx) {
      const sink = sandboxRecordSink();
      ctx = createSimulatorContext(config, {
        records: async (r) => {
          emitted.push(r);
          await sink(r);
        },
      });
    }
    return ctx;
  };
  const vipCall = (contactId: string, at = AT) =>
    simulateCall(context(), {
      from: '+12065550100',
      at,
      keypad: new ScriptedKeypad('1'),
      contactId,
      talkSeconds: 240,
    });

  it('emits Connect-shaped agent events: offered, connected, ACW, cleared, with heartbeats between', async () => {
    await seedSandbox({ history: false });
    const r = await vipCall('5e1f0000-0000-4000-8000-000000000001');
    expect(r.trace.outcome).toMatchObject({ type: 'queued', queue: 'Support', agent: 'john' });
    const { agentEvents } = emitted.at(-1)!;
    const events = agentEvents.map((e) => parseAgentEvent(e));
    expect(new Set(events.map(agentIdOf))).toEqual(new Set([localAgentId('john')]));
    expect(events.map((e) => `${e.EventType}:${activityOf(e.CurrentAgentSnapshot)}`)).toEqual([
      'STATE_CHANGE:incoming',
      'STATE_CHANGE:onContact',
      'HEART_BEAT:onContact', // 120 s into the 240 s conversation
      'STATE_CHANGE:afterContactWork',
      'STATE_CHANGE:available',
    ]);
    expect(events[0]!.CurrentAgentSnapshot?.Configuration?.Username).toBe('john');
    expect(events[0]!.CurrentAgentSnapshot?.Contacts?.[0]).toMatchObject({
      ContactId: r.contactId,
      State: 'CONNECTING',
      Queue: { Name: 'Support' },
    });
    // ACW: john's afterContactWorkSeconds (120) after a 240 s conversation.
    const ended = Date.parse(events[3]!.EventTimestamp);
    expect(Date.parse(events[4]!.EventTimestamp) - ended).toBe(120_000);
    expect(ended - Date.parse(events[1]!.EventTimestamp)).toBe(240_000);
  });

  it('writes the agent state and time into the agents table and the contact into the interactions table', async () => {
    const doc = createDocumentClient();
    const agents = new DynamoAgentStore(doc, tableName('agents'));
    const state = await agents.state(localAgentId('john'));
    expect(state).toMatchObject({ username: 'john', activity: 'available', routingProfile: 'Customer Care' });
    const report = await buildKpiReport(
      {
        contacts: (a, b) => loadKpiContacts(new DynamoCtrStore(doc, tableName('interactions')), a, b),
        agentTime: (a, b) => agents.intervalsBetween(a.getTime(), b.getTime()),
      },
      {
        ...DAY,
        by: 'agent',
        timeZone: 'America/New_York',
        queues: ['Support'],
        ...config.kpi,
        cost: config.cost,
      },
    );
    const john = report.rows.find((row) => row.key === 'john');
    expect(john?.agent).toMatchObject({
      contactsHandled: 1,
      aht: 360, // 240 s talk + 120 s ACW
      time: { onContact: 240, afterContactWork: 120 },
    });
    expect(john?.agent?.occupancy).toBeGreaterThan(90);
    expect(john?.agent?.occupancy).toBeLessThan(100);
    expect(john?.agent?.time.available).toBeGreaterThan(0);
  });

  it('the contact record is a valid CTR: queued, answered by the agent, talk and ACW', () => {
    const ctr = parseCtr(emitted[0]!.contactRecord);
    expect(ctr.Queue).toMatchObject({ Name: 'Support' });
    expect(ctr.Agent).toMatchObject({
      Username: 'john',
      AgentInteractionDuration: 240,
      AfterContactWorkDuration: 120,
    });
    expect(ctr.DisconnectReason).toBe('CUSTOMER_DISCONNECT');
  });

  it('re-emitting the same simulated contact changes nothing (idempotent processors)', async () => {
    const doc = createDocumentClient();
    const agents = new DynamoAgentStore(doc, tableName('agents'));
    const before = await agents.intervalsBetween(DAY.from.getTime(), DAY.to.getTime());
    await context().records!(emitted[0]!);
    expect(await agents.intervalsBetween(DAY.from.getTime(), DAY.to.getTime())).toEqual(before);
  });

  it("a USER quick connect: the receiving agent's events carry their personal queue (ARN, no name)", async () => {
    await simulateCall(context(), {
      from: '+12065550101',
      to: 'transfer-to-agent',
      agent: 'maria',
      at: new Date(AT.getTime() + 3_600_000),
      keypad: new ScriptedKeypad(''),
      attributes: { transferFromAgent: 'john', transferReason: 'refund' },
      contactId: '5e1f0000-0000-4000-8000-000000000002',
    });
    const events = emitted.at(-1)!.agentEvents.map((e) => parseAgentEvent(e));
    expect(events[0]!.CurrentAgentSnapshot?.Configuration?.Username).toBe('maria');
    expect(events[0]!.CurrentAgentSnapshot?.Contacts?.[0]?.Queue).toEqual({
      ARN: localAgentQueueArn('maria'),
      Name: null,
    });
    const ctr = parseCtr(emitted.at(-1)!.contactRecord);
    expect(ctr.Agent?.Username).toBe('maria');
    expect(ctr.Queue).toMatchObject({ ARN: localAgentQueueArn('maria'), Name: null });
  });

  it('a call no configured agent answers emits no agent events; its record is not handled', async () => {
    const before = emitted.length;
    const r = await simulateCall(context(), {
      from: '+12065550199',
      at: new Date(AT.getTime() + 7_200_000),
      agents: 0,
      keypad: new ScriptedKeypad('1'),
    });
    expect(emitted.length).toBe(before + 1);
    expect(r.agentLeg).toBeUndefined();
    expect(emitted.at(-1)!.agentEvents).toEqual([]);
    expect(parseCtr(emitted.at(-1)!.contactRecord).Agent).toBeNull();
  });
});
