import { describe, expect, it } from 'vitest';
import { normalizeCtr, parseCtr } from '#shared/interactions/ctr.ts';
import { computeKpis, type KpiContact, type KpiOptions } from '#shared/kpi/engine.ts';
import { queueMetricsFor } from '#shared/kpi/metrics.ts';
import { inboundCtr, uuid } from '../../fixtures/ctr/factory.ts';

type CtrArgs = Parameters<typeof inboundCtr>[0];
const contact = (args: CtrArgs, extra: Omit<KpiContact, 'ctr'> = {}): KpiContact => ({
  ctr: normalizeCtr(parseCtr(inboundCtr(args))),
  ...extra,
});
const n = (last: string) => `+1206555${last}`;

/**
 * Hand-computed data set (see the comments for each expected figure). Period 2026-11-01 .. 2026-11-15,
 * service level 20 s, FCR window 7 days, cost 0.06/min telephony (0.001/s) and 36/h agent (0.01/s).
 */
const data: KpiContact[] = [
  contact({ contactId: uuid(100), at: '2026-10-30T10:00:00Z', customer: n('0104') }), // before the period
  contact(
    {
      contactId: uuid(1),
      at: '2026-11-02T10:00:00Z',
      customer: n('0101'),
      queueSeconds: 10,
      talk: 200,
      hold: 20,
      acw: 30,
    },
    { surveyCsat: 5, surveyNps: 10 },
  ),
  contact({
    contactId: uuid(2),
    at: '2026-11-03T10:00:00Z',
    customer: n('0102'),
    queueSeconds: 30,
    talk: 300,
    acw: 60,
    attributes: { surveyCsat: '4', surveyNps: '6' },
  }),
  contact({
    contactId: uuid(3),
    at: '2026-11-05T09:00:00Z',
    customer: n('0101'),
    queueSeconds: 15,
    answered: false,
  }),
  contact({
    contactId: uuid(4),
    at: '2026-11-06T12:00:00Z',
    customer: n('0103'),
    queueSeconds: 60,
    answered: false,
  }),
  contact(
    {
      contactId: uuid(5),
      at: '2026-11-04T11:00:00Z',
      customer: n('0104'),
      queueSeconds: 5,
      talk: 100,
      acw: 20,
      nextContactId: uuid(6),
    },
    { surveyNps: 8 },
  ),
  contact(
    {
      contactId: uuid(6),
      at: '2026-11-04T11:03:00Z',
      customer: n('0104'),
      method: 'TRANSFER',
      initialContactId: uuid(5),
      previousContactId: uuid(5),
      queue: 'Billing',
      queueSeconds: 25,
      talk: 60,
      hold: 10,
      acw: 10,
    },
    { surveyCsat: 2 },
  ),
  contact(
    {
      contactId: uuid(7),
      at: '2026-11-12T10:00:00Z',
      customer: n('0105'),
      queueSeconds: 20,
      talk: 100,
      acw: 0,
    },
    { surveyNps: 9 },
  ),
  contact({
    contactId: uuid(8),
    at: '2026-11-07T09:00:00Z',
    customer: n('0106'),
    method: 'CALLBACK',
    queueSeconds: 100,
    answered: false,
  }),
  contact({
    contactId: uuid(9),
    at: '2026-11-09T10:00:00Z',
    customer: n('0102'),
    queue: 'Orders',
    queueSeconds: 8,
    talk: 50,
    acw: 10,
  }),
  contact(
    {
      contactId: uuid(11),
      at: '2026-11-09T15:00:00Z',
      customer: n('0201'),
      method: 'OUTBOUND',
      queue: null,
      queueSeconds: 0,
      talk: 120,
      acw: 60,
    },
    { disposition: 'sale' },
  ),
  contact(
    {
      contactId: uuid(12),
      at: '2026-11-10T15:00:00Z',
      customer: n('0202'),
      method: 'OUTBOUND',
      queue: null,
      queueSeconds: 0,
      talk: 60,
      acw: 0,
    },
    { disposition: 'no-sale' },
  ),
];

const options: KpiOptions = {
  from: new Date('2026-11-01T00:00:00Z'),
  to: new Date('2026-11-15T00:00:00Z'),
  serviceLevelSeconds: 20,
  fcrDays: 7,
  cost: { telephonyPerMinute: 0.06, agentPerHour: 36, currency: 'USD' },
};

describe('KPI engine (golden, hand-computed)', () => {
  it('computes every KPI for the whole center', () => {
    expect(computeKpis(data, options)).toEqual({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-15T00:00:00.000Z',
      queue: null,
      channel: 'VOICE',
      contacts: 11, // 12 minus the one before the period
      contactsQueued: 9, // all but the two outbound calls (no EnqueueTimestamp)
      contactsHandled: 8, // connected to an agent, any initiation (Connect): 1, 2, 5, 6, 7, 9 and outbound 11, 12
      contactsAnswered: 6, // queued and connected: 1, 2, 5, 6, 7, 9
      contactsAbandoned: 2, // 3 and 4; the callback (8) is not abandoned
      abandonmentRate: 22.22, // 2 / 9
      queueAnswerRate: 66.67, // 6 / 9
      serviceLevel: 55.56, // removed within 20 s: 1 (10), 3 (15, abandoned), 5 (5), 7 (20), 9 (8) = 5 / 9
      serviceLevelSeconds: 20,
      asa: 16.33, // (10 + 30 + 5 + 25 + 20 + 8) / 6
      aht: 151.25, // (250 + 360 + 120 + 80 + 100 + 60 + 180 (11) + 60 (12)) / 8: agent-dialled calls are handled too
      csatAnswers: 3, // 5, 4 (from the CTR attribute), 2
      csat: 66.67,
      dsat: 33.33,
      npsAnswers: 4, // 10, 6, 8, 9 → promoters 2, detractors 1
      nps: 25,
      fcrDays: 7,
      fcrJudged: 3, // conversations 1, 2 and 5+6; 7 and 9 start within 7 days of `to`
      fcrUnjudged: 2,
      fcr: 33.33, // 1 called again (3), 2 called again (9), 5+6 resolved (the transfer is the same conversation)
      outboundCalls: 2,
      conversions: 1,
      conversionRate: 50,
      outboundCost: 2.618, // 139 s × 0.001 + 180 s × 0.01 = 1.939; 79 s × 0.001 + 60 s × 0.01 = 0.679
      costPerCall: 1.309,
      costPerAcquisition: 2.618,
      currency: 'USD',
      channels: { VOICE: { contacts: 11, contactsQueued: 9, contactsHandled: 8, contactsAbandoned: 2 } },
    });
  });

  it('filters by queue, judging FCR on conversations handled in that queue', () => {
    const r = computeKpis(data, { ...options, queue: 'Billing' });
    expect(r).toMatchObject({
      contacts: 1,
      contactsQueued: 1,
      contactsHandled: 1,
      contactsAnswered: 1,
      contactsAbandoned: 0,
      abandonmentRate: 0,
      queueAnswerRate: 100,
      serviceLevel: 0, // 25 s > 20 s
      asa: 25,
      aht: 80,
      csat: 0,
      dsat: 100,
      nps: null,
      fcrJudged: 1,
      fcr: 100,
      outboundCalls: 0,
      conversionRate: null,
      costPerCall: null,
      costPerAcquisition: null,
    });
  });

  it('returns null for every ratio when nothing happened', () => {
    const r = computeKpis([], options);
    expect([
      r.abandonmentRate,
      r.queueAnswerRate,
      r.serviceLevel,
      r.asa,
      r.aht,
      r.csat,
      r.dsat,
      r.nps,
      r.fcr,
    ]).toEqual(Array(9).fill(null));
    expect(r.contactsQueued).toBe(0);
  });

  it('ignores survey attributes outside their scales', () => {
    const r = computeKpis(
      [contact({ at: '2026-11-02T10:00:00Z', attributes: { surveyCsat: '7', surveyNps: '11' } })],
      options,
    );
    expect([r.csatAnswers, r.npsAnswers]).toEqual([0, 0]);
  });

  it('embedded queue metrics use the same definitions', () => {
    expect(queueMetricsFor(data[3]!.ctr, 20)).toEqual({
      ContactsQueued: 1,
      ContactsHandled: 0,
      ContactsAbandoned: 1,
      ContactsWithinServiceLevel: 1,
    });
    expect(queueMetricsFor(data[10]!.ctr, 20).ContactsQueued).toBe(0);
  });
});

/** Normalised CTR from a raw document (the processor's path). */
const fromDoc = (doc: Record<string, unknown>): KpiContact => ({ ctr: normalizeCtr(parseCtr(doc)) });

describe("KPIs equal Connect's definitions", () => {
  /**
   * AWS's queued-callback walk-through (../shared/corpus/aws-samples/ctr.queued-callback-example.aws-doc.md):
   * record-1 INBOUND, queued 11:35, John asks for a callback at 11:37 and the flow disconnects him; record-2 the
   * CALLBACK contact, created 11:37, queued 11:38:39 after the 99 s initial delay, an agent accepts at 11:39:00,
   * Queue Duration 120 s, connected to the agent 11:39:25, John hangs up 11:45. Values the page leaves out
   * (seconds, DisconnectReason, agent durations) follow the data model page; each is marked.
   */
  const day = '2026-11-16';
  const record1 = {
    ContactId: 'record-1',
    InitialContactId: 'record-1',
    NextContactId: 'record-2', // "points to contact record-2"
    Channel: 'VOICE',
    InitiationMethod: 'INBOUND',
    InitiationTimestamp: `${day}T11:35:00Z`,
    ConnectedToSystemTimestamp: `${day}T11:35:00Z`, // "InitiationTimestamp = ConnectedToSystemTimestamp"
    DisconnectTimestamp: `${day}T11:37:00Z`, // "John was disconnected by flow"
    DisconnectReason: 'CONTACT_FLOW_DISCONNECT', // data model: the flow ended the contact
    LastUpdateTimestamp: `${day}T11:37:05Z`, // not in the walk-through: a few seconds after the disconnect
    CustomerEndpoint: { Address: '+12065550199', Type: 'TELEPHONE_NUMBER' },
    Queue: {
      Name: 'InboundQueue',
      EnqueueTimestamp: `${day}T11:35:00Z`,
      DequeueTimestamp: `${day}T11:37:00Z`, // "same as DisconnectedTimestamp"
      Duration: 120,
    },
    Agent: null, // "ConnectedToAgent Timestamp: N/A"
  };
  const record2 = {
    ContactId: 'record-2',
    InitialContactId: 'record-1',
    PreviousContactId: 'record-1', // "points to contact record-1"
    Channel: 'VOICE',
    InitiationMethod: 'CALLBACK',
    InitiationTimestamp: `${day}T11:37:00Z`,
    ConnectedToSystemTimestamp: `${day}T11:39:10Z`,
    DisconnectTimestamp: `${day}T11:45:00Z`, // "John hangs up"
    DisconnectReason: 'CUSTOMER_DISCONNECT',
    LastUpdateTimestamp: `${day}T11:46:00Z`, // not in the walk-through: after ACW
    CustomerEndpoint: { Address: '+12065550199', Type: 'TELEPHONE_NUMBER' },
    Queue: {
      Name: 'CallbackQueue',
      EnqueueTimestamp: `${day}T11:38:39Z`,
      DequeueTimestamp: `${day}T11:39:00Z`,
      Duration: 120, // "the initial delay (99 seconds), plus … 21 seconds"
    },
    Agent: {
      Username: 'agent',
      ConnectedToAgentTimestamp: `${day}T11:39:25Z`,
      AgentInteractionDuration: 335, // 11:39:25 → 11:45:00 (not in the walk-through)
      CustomerHoldDuration: 0,
      AfterContactWorkDuration: 60,
    },
  };
  const walkthrough = [fromDoc(record1), fromDoc(record2)];
  const period = { ...options, from: new Date(`${day}T00:00:00Z`), to: new Date(`${day}T23:59:59Z`) };

  it("the queued-callback walk-through gives Connect's abandonment and service level", () => {
    const r = computeKpis(walkthrough, period);
    // Connect: neither record is abandoned (record-1 requested a callback, record-2 is a callback).
    expect(r).toMatchObject({ contactsQueued: 2, contactsAbandoned: 0, abandonmentRate: 0 });
    // Service level 20 s: record-1 left the queue (callback requested) after 120 s; record-2 after 21 s
    // (enqueue → dequeue; its Queue.Duration 120 s includes the initial delay) → 0 of 2 within 20 s.
    expect(r.serviceLevel).toBe(0);
    // Service level 30 s: record-2's 21 s wait counts → 1 of 2.
    expect(computeKpis(walkthrough, { ...period, serviceLevelSeconds: 30 }).serviceLevel).toBe(50);
    expect(computeKpis(walkthrough, { ...period, serviceLevelSeconds: 120 }).serviceLevel).toBe(100);
    // ASA is Connect's "Average queue answer time" over answered contacts: Queue Duration 120 s.
    expect(r).toMatchObject({ contactsAnswered: 1, contactsHandled: 1, asa: 120, aht: 395 });
  });

  it('counts a queued contact with a null DisconnectReason (a flow ended it) as not abandoned', () => {
    const r = computeKpis(
      [fromDoc({ ...record1, ContactId: 'x', NextContactId: null, DisconnectReason: null })],
      period,
    );
    expect(r.contactsAbandoned).toBe(0);
    const hungUp = computeKpis(
      [fromDoc({ ...record1, ContactId: 'y', NextContactId: null, DisconnectReason: 'CUSTOMER_DISCONNECT' })],
      period,
    );
    expect(hungUp).toMatchObject({ contactsAbandoned: 1, abandonmentRate: 100 });
  });

  it('queued means an EnqueueTimestamp, not a Queue object (an agent-dialled call carries its outbound queue)', () => {
    const outbound = fromDoc({
      ...record2,
      ContactId: 'out-1',
      PreviousContactId: null,
      InitiationMethod: 'OUTBOUND',
      Queue: { Name: 'Support', ARN: 'arn:aws:connect:us-east-1:111122223333:instance/i/queue/q' },
    });
    expect(computeKpis([outbound], period)).toMatchObject({
      contactsQueued: 0,
      contactsHandled: 1,
      outboundCalls: 1,
    });
  });

  it('reports voice by default, another channel on request, and every channel in the breakdown', () => {
    const chat = fromDoc({
      ...record2,
      ContactId: 'chat-1',
      PreviousContactId: null,
      InitiationMethod: 'API',
      Channel: 'CHAT',
    });
    const voice = fromDoc({
      ...record2,
      ContactId: 'voice-1',
      PreviousContactId: null,
      InitiationMethod: 'INBOUND',
    });
    const r = computeKpis([chat, voice], period);
    expect(r).toMatchObject({ channel: 'VOICE', contacts: 1, outboundCalls: 0 });
    expect(r.channels).toEqual({
      CHAT: { contacts: 1, contactsQueued: 1, contactsHandled: 1, contactsAbandoned: 0 },
      VOICE: { contacts: 1, contactsQueued: 1, contactsHandled: 1, contactsAbandoned: 0 },
    });
    expect(computeKpis([chat, voice], { ...period, channel: 'chat' })).toMatchObject({
      channel: 'CHAT',
      contacts: 1,
    });
    expect(computeKpis([chat, voice], { ...period, channel: 'ALL' })).toMatchObject({
      channel: 'ALL',
      contacts: 2,
    });
  });
});
