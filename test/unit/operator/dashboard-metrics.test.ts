/** The CTR processor's dashboard sums and the trailing-FCR repeat rule (shared/kpi/dashboard-metrics.ts). */
import { describe, expect, it } from 'vitest';
import type { RegistryManifest } from '#shared/compliance/registry.ts';
import { oldestRegistryCopy } from '#shared/compliance/registry-age.ts';
import { type NormalizedCtr, normalizeCtr, parseCtr } from '#shared/interactions/ctr.ts';
import { dashboardMetricsFor, repeatedConversation } from '#shared/kpi/dashboard-metrics.ts';
import { inboundCtr, uuid } from '../../fixtures/ctr/factory.ts';

const ctr = (o: Parameters<typeof inboundCtr>[0]): NormalizedCtr => normalizeCtr(parseCtr(inboundCtr(o)));

describe('dashboard metrics per contact', () => {
  it('a handled contact: handle time, queue wait, CSAT answer 5 counts as satisfied, a new inbound conversation', () => {
    const c = ctr({ queueSeconds: 30, talk: 200, hold: 20, acw: 40, attributes: { surveyCsat: '5' } });
    expect(dashboardMetricsFor(c)).toEqual({
      HandleSeconds: 260,
      QueueSecondsHandled: 30,
      CsatAnswers: 1,
      CsatSatisfied: 1,
      FcrConversations: 1,
    });
  });

  it('an abandoned contact adds no handle time, wait or conversation; a CSAT of 3 is an answer, not satisfied', () => {
    const c = ctr({ answered: false, queueSeconds: 90, attributes: { surveyCsat: '3' } });
    expect(dashboardMetricsFor(c)).toEqual({
      HandleSeconds: 0,
      QueueSecondsHandled: 0,
      CsatAnswers: 1,
      CsatSatisfied: 0,
      FcrConversations: 0,
    });
  });
});

describe('trailing FCR: which earlier conversation a new one repeats', () => {
  const customer = '+12065550100';
  const first = ctr({ contactId: uuid(1), at: '2026-11-02T10:00:00Z', customer });
  const second = ctr({ contactId: uuid(2), at: '2026-11-05T10:00:00Z', customer });
  const third = ctr({ contactId: uuid(3), at: '2026-11-20T10:00:00Z', customer });

  it('a new inbound conversation within fcrDays repeats the most recent earlier handled one (only that one)', () => {
    const again = ctr({ contactId: uuid(4), at: '2026-11-06T09:00:00Z', customer });
    expect(repeatedConversation(again, [first, second], 7)?.contactId).toBe(uuid(2));
  });

  it('nothing within the window, a later contact, or the same conversation is no repeat', () => {
    expect(repeatedConversation(third, [first, second], 7)).toBeUndefined();
    expect(repeatedConversation(first, [second], 7)).toBeUndefined();
    const leg = ctr({ contactId: uuid(5), initialContactId: uuid(2), at: '2026-11-05T10:10:00Z', customer });
    expect(repeatedConversation(leg, [second], 7)).toBeUndefined();
  });

  it('an abandoned earlier contact is no conversation that could fail FCR', () => {
    const abandoned = ctr({ contactId: uuid(6), at: '2026-11-05T10:00:00Z', customer, answered: false });
    const again = ctr({ contactId: uuid(7), at: '2026-11-06T09:00:00Z', customer });
    expect(repeatedConversation(again, [abandoned], 7)).toBeUndefined();
  });
});

describe('oldest registry copy in force', () => {
  const manifest = (source: string, areas: Record<string, string>): RegistryManifest => ({
    schemaVersion: 1,
    source,
    version: 1,
    updatedAt: '2026-11-01T00:00:00Z',
    areas: Object.fromEntries(
      Object.entries(areas).map(([a, v]) => [a, { key: `k/${a}`, sha256: 'x', count: 1, versionDate: v }]),
    ),
    imports: [],
  });

  it('is the oldest area over every imported source, with its age on the evaluation day', async () => {
    const manifests = new Map([
      ['federal', manifest('federal', { '1-206': '2026-11-20', '1-212': '2026-11-02' })],
      ['state:FL', manifest('state:FL', { '1-305': '2026-11-10' })],
    ]);
    const oldest = await oldestRegistryCopy(
      { readManifest: async (s) => manifests.get(s) },
      new Date('2026-11-28T12:00:00Z'),
    );
    expect(oldest).toEqual({ source: 'federal', area: '1-212', versionDate: '2026-11-02', ageDays: 26 });
  });

  it('is undefined when nothing is imported', async () => {
    expect(await oldestRegistryCopy({ readManifest: async () => undefined }, new Date())).toBeUndefined();
  });
});
