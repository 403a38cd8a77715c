import { describe, expect, it } from 'vitest';
import { DynamoCtrStore } from '#shared/adapters/dynamo/ctr-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { tableName } from '#shared/data/tables.ts';
import { computeKpis } from '#shared/kpi/engine.ts';
import { loadKpiContacts } from '#shared/kpi/load.ts';
import { generateDemoHistory, seedDemoHistory } from '#shared/local/demo-history.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';

const end = new Date('2026-11-23T00:00:00Z');

describe('demo history', () => {
  useEmbeddedAws();

  it('is deterministic for a seed and differs for another', () => {
    const a = generateDemoHistory({ end, days: 5, seed: 7 });
    expect(generateDemoHistory({ end, days: 5, seed: 7 })).toEqual(a);
    expect(generateDemoHistory({ end, days: 5, seed: 8 })).not.toEqual(a);
  });

  it('seeds a month that gives every KPI a value', async () => {
    const seeded = await seedDemoHistory({ end, days: 30 });
    expect(seeded.contacts).toBeGreaterThan(800);
    const from = new Date(seeded.from);
    const contacts = await loadKpiContacts(
      new DynamoCtrStore(createDocumentClient(), tableName('interactions')),
      from,
      end,
    );
    expect(contacts).toHaveLength(seeded.contacts);
    const r = computeKpis(contacts, {
      from,
      to: end,
      serviceLevelSeconds: 20,
      fcrDays: 7,
      cost: { telephonyPerMinute: 0.018, agentPerHour: 22.5, currency: 'USD' },
    });
    for (const k of [
      'abandonmentRate',
      'queueAnswerRate',
      'serviceLevel',
      'asa',
      'aht',
      'csat',
      'dsat',
      'nps',
      'fcr',
      'conversionRate',
      'costPerCall',
      'costPerAcquisition',
    ] as const)
      expect(r[k], k).not.toBeNull();
    expect(r.queueAnswerRate! + r.abandonmentRate!).toBeLessThanOrEqual(100);
  });
});
