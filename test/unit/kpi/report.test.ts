import { describe, expect, it } from 'vitest';
import { type AgentState, type AgentStore, processAgentEvents } from '#shared/agents/processor.ts';
import { decodeSegment } from '#shared/agents/timeline.ts';
import { normalizeCtr, parseCtr } from '#shared/interactions/ctr.ts';
import type { KpiContact } from '#shared/kpi/engine.ts';
import {
  type AgentTimeSlice,
  buildKpiReport,
  intervalBoundaries,
  type ReportRequest,
} from '#shared/kpi/report.ts';
import { barChart, reportCsv, reportHtml } from '#shared/kpi/report-format.ts';
import { typicalHalfHour } from '../../fixtures/agents/factory.ts';
import { inboundCtr, uuid } from '../../fixtures/ctr/factory.ts';

const NY = 'America/New_York';
const contact = (args: Parameters<typeof inboundCtr>[0]): KpiContact => ({
  ctr: normalizeCtr(parseCtr(inboundCtr(args))),
});

/** Agent time slices as the agents table holds them, built by the real processor from agent events. */
async function slicesOf(events: Record<string, unknown>[]): Promise<AgentTimeSlice[]> {
  const intervals = new Map<
    string,
    { agentId: string; username?: string; start: number; segs: Set<string> }
  >();
  const store: AgentStore = {
    putStateIfNewer: async (_s: AgentState) => 'applied',
    addIntervalSegments: async (agentId, start, segments, username) => {
      const k = `${agentId}|${start}`;
      const iv = intervals.get(k) ?? {
        agentId,
        start,
        segs: new Set<string>(),
        ...(username ? { username } : {}),
      };
      for (const s of segments) iv.segs.add(s);
      intervals.set(k, iv);
    },
  };
  await processAgentEvents(store, events);
  return [...intervals.values()].map((iv) => ({
    agentId: iv.agentId,
    username: iv.username,
    intervalStart: iv.start,
    segments: [...iv.segs].map(decodeSegment),
  }));
}

const base: Omit<ReportRequest, 'by' | 'from' | 'to'> = {
  timeZone: NY,
  queues: ['Support', 'Billing'],
  serviceLevelSeconds: 20,
  fcrDays: 7,
  cost: { telephonyPerMinute: 0.06, agentPerHour: 36, currency: 'USD' },
};

describe('KPI report service', () => {
  it('cuts intervals on the center wall clock, across a DST change', () => {
    // 2026-11-01 is the end of DST in New York: that local day has 25 hours.
    const days = intervalBoundaries(
      new Date('2026-10-31T12:00:00Z'),
      new Date('2026-11-03T00:00:00Z'),
      'day',
      NY,
    );
    expect(days.map((d) => d.toISOString())).toEqual([
      '2026-10-31T04:00:00.000Z',
      '2026-11-01T04:00:00.000Z',
      '2026-11-02T05:00:00.000Z',
    ]);
    const weeks = intervalBoundaries(
      new Date('2026-11-04T12:00:00Z'),
      new Date('2026-11-17T00:00:00Z'),
      'week',
      NY,
    );
    expect(weeks.map((d) => d.toISOString())).toEqual([
      '2026-11-02T05:00:00.000Z',
      '2026-11-09T05:00:00.000Z',
      '2026-11-16T05:00:00.000Z',
    ]);
    const quarter = intervalBoundaries(
      new Date('2026-11-02T14:07:00Z'),
      new Date('2026-11-02T14:40:00Z'),
      '15m',
      'Asia/Kolkata',
    );
    // +05:30: quarter hours of the local clock are :00/:15/:30/:45 local = :30/:45/:00/:15 UTC.
    expect(quarter.map((d) => d.toISOString())).toEqual([
      '2026-11-02T14:00:00.000Z',
      '2026-11-02T14:15:00.000Z',
      '2026-11-02T14:30:00.000Z',
    ]);
  });

  it('by interval: per local hour, printed back with the offset, with trends against the previous period', async () => {
    const contacts = [
      contact({ contactId: uuid(1), at: '2026-11-02T14:10:00Z', queueSeconds: 10 }), // 09:10 local
      contact({ contactId: uuid(2), at: '2026-11-02T15:20:00Z', queueSeconds: 40, answered: false }), // 10:20, abandoned
      contact({ contactId: uuid(3), at: '2026-11-02T12:30:00Z', queueSeconds: 5 }), // previous period (07:30)
    ];
    const r = await buildKpiReport(
      { contacts: async () => contacts, agentTime: async () => [] },
      {
        ...base,
        by: 'interval',
        interval: 'hour',
        from: new Date('2026-11-02T14:00:00Z'),
        to: new Date('2026-11-02T16:00:00Z'),
      },
    );
    expect(r).toMatchObject({
      from: '2026-11-02T09:00:00-05:00',
      to: '2026-11-02T11:00:00-05:00',
      previousFrom: '2026-11-02T07:00:00-05:00',
    });
    expect(
      r.rows.map((x) => [x.label, x.kpis.contacts, x.kpis.contactsAbandoned, x.kpis.serviceLevel]),
    ).toEqual([
      ['2026-11-02T09:00:00-05:00', 1, 0, 100],
      ['2026-11-02T10:00:00-05:00', 1, 1, 0],
    ]);
    expect(r.total).toMatchObject({ contacts: 2, abandonmentRate: 50 });
    expect(r.previousTotal).toMatchObject({ contacts: 1, abandonmentRate: 0 });
    expect(r.trend).toMatchObject({ contacts: 1, abandonmentRate: 50, serviceLevel: -50 });
  });

  it('by queue: one row per configured queue (and any other seen), each with its previous period', async () => {
    const contacts = [
      contact({ contactId: uuid(11), at: '2026-11-02T14:10:00Z' }),
      contact({ contactId: uuid(12), at: '2026-11-02T14:20:00Z', queue: 'Billing', queueSeconds: 30 }),
      contact({ contactId: uuid(13), at: '2026-11-02T14:30:00Z', queue: 'Orders' }),
    ];
    const r = await buildKpiReport(
      { contacts: async () => contacts, agentTime: async () => [] },
      { ...base, by: 'queue', from: new Date('2026-11-02T14:00:00Z'), to: new Date('2026-11-02T15:00:00Z') },
    );
    expect(r.rows.map((x) => [x.key, x.kpis.contacts, x.kpis.serviceLevel, x.previous.contacts])).toEqual([
      ['Support', 1, 100, 0],
      ['Billing', 1, 0, 0],
      ['Orders', 1, 100, 0],
    ]);
  });

  it('by agent: contacts and AHT from contact records, occupancy and utilisation from agent events', async () => {
    // typicalHalfHour: 290 s on the call, 10 s ringing, 60 s ACW, 1080 s available, 300 s break (29 min online).
    const slices = await slicesOf(typicalHalfHour('a1', Date.parse('2026-11-02T14:00:00Z')));
    const contacts = [
      contact({ contactId: uuid(21), at: '2026-11-02T14:02:00Z', agent: 'u-a1', talk: 290, acw: 60 }),
    ];
    const r = await buildKpiReport(
      { contacts: async () => contacts, agentTime: async () => slices },
      { ...base, by: 'agent', from: new Date('2026-11-02T14:00:00Z'), to: new Date('2026-11-02T15:00:00Z') },
    );
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]!.agent).toEqual({
      agent: 'u-a1',
      contactsHandled: 1,
      aht: 350,
      time: {
        onContact: 290,
        incoming: 10,
        afterContactWork: 60,
        available: 1080,
        nonProductive: 300,
        offline: 0,
        online: 1740,
      },
      occupancy: 25, // (290 + 10 + 60) / (360 + 1080)
      utilisation: 20.69, // 360 / 1740
    });
    expect(r.rows[0]!.previousAgent).toMatchObject({ contactsHandled: 0, occupancy: null });
  });

  it('CSV: a header, one line per row and the total; HTML: inline SVG charts, no external assets', async () => {
    const contacts = [contact({ contactId: uuid(31), at: '2026-11-02T14:10:00Z' })];
    const r = await buildKpiReport(
      { contacts: async () => contacts, agentTime: async () => [] },
      { ...base, by: 'queue', from: new Date('2026-11-02T14:00:00Z'), to: new Date('2026-11-02T15:00:00Z') },
    );
    const lines = reportCsv(r).trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^key,label,contacts,contactsQueued,contactsHandled,contactsAbandoned,abandonmentRate,serviceLevel,asa,/,
    );
    expect(lines.map((l) => l.split(',')[0])).toEqual(['key', 'Support', 'Billing', 'TOTAL']);
    const html = reportHtml(r);
    expect(html.match(/<svg /g)).toHaveLength(4);
    for (const title of [
      'Contacts queued by queue',
      'Service level by queue',
      'ASA by queue',
      'Abandonment rate by queue',
    ])
      expect(html).toContain(`aria-label="${title}"`);
    expect(html).not.toMatch(/<(script|link|img)\b|src=|href=/);
    expect(barChart('x<y', ['<b>'], [null], ' %')).not.toContain('<b>');
  });
});
