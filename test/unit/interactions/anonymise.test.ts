import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LocalSubjectHasher } from '#shared/adapters/kms/subject-hasher.ts';
import { anonymiseContacts } from '#shared/interactions/anonymise.ts';
import { normalizeCtr, parseCtr } from '#shared/interactions/ctr.ts';
import type { InteractionRecord } from '#shared/interactions/model.ts';
import { computeKpis, type KpiContact } from '#shared/kpi/engine.ts';
import { generateDemoHistory } from '#shared/local/demo-history.ts';

const END = new Date('2026-11-23T00:00:00Z');
const DAY = 86_400_000;

function historyOf(seed: number): InteractionRecord[] {
  return generateDemoHistory({ days: 10, seed, end: END }).map((c) => {
    const ctr = normalizeCtr(parseCtr(c.ctr));
    return {
      contactId: ctr.contactId,
      ctr,
      lastUpdate: undefined,
      surveyCsat: undefined,
      surveyNps: undefined,
      recordingBucket: undefined,
      recordingKey: undefined,
      recordingKeys: [],
      tags: [],
      disposition: c.disposition,
    };
  });
}

/** The person's contacts as erasure collects them: by number, then whole conversations. */
function personsContacts(all: InteractionRecord[], e164: string): InteractionRecord[] {
  const mine = new Map(all.filter((r) => r.ctr?.customerNumber === e164).map((r) => [r.contactId, r]));
  const chains = new Set([...mine.values()].map((r) => r.ctr!.initialContactId));
  for (const r of all)
    if (chains.has(r.ctr!.initialContactId) && (!r.ctr!.customerNumber || r.ctr!.customerNumber === e164))
      mine.set(r.contactId, r);
  return [...mine.values()];
}

const toKpi = (r: InteractionRecord): KpiContact => ({
  ctr: r.ctr!,
  surveyCsat: r.surveyCsat,
  surveyNps: r.surveyNps,
  disposition: r.disposition,
});

describe('erasure keeps the figures (anonymised contacts)', () => {
  it('every KPI over every period, queue and channel is identical before and after erasing a random person', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 10_000 }),
        fc.nat(),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 10 * 24 }), fc.integer({ min: 1, max: 10 * 24 })), {
          minLength: 1,
          maxLength: 4,
        }),
        async (seed, pick, periods) => {
          const all = historyOf(seed);
          const numbers = [
            ...new Set(all.map((r) => r.ctr?.customerNumber).filter((n): n is string => Boolean(n))),
          ];
          // Prefer someone who called more than once (repeat contacts are what FCR looks at).
          const counts = new Map(
            numbers.map((n) => [n, all.filter((r) => r.ctr?.customerNumber === n).length]),
          );
          const repeaters = numbers.filter((n) => (counts.get(n) ?? 0) > 1);
          const pool = repeaters.length > 0 && pick % 2 === 0 ? repeaters : numbers;
          const person = pool[pick % pool.length]!;
          const theirs = personsContacts(all, person);
          const anonymised = await anonymiseContacts(theirs, person, new LocalSubjectHasher(randomBytes(32)));
          const erasedIds = new Set(theirs.map((r) => r.contactId));
          const after: KpiContact[] = [
            ...all.filter((r) => !erasedIds.has(r.contactId)).map(toKpi),
            ...anonymised.map((a) => ({
              ctr: a.ctr,
              surveyCsat: a.surveyCsat,
              surveyNps: a.surveyNps,
              disposition: a.disposition,
            })),
          ];
          const before = all.map(toKpi);
          // Nothing of the person is left in what is stored (originalContactId is only the eraser's pointer).
          const stored = JSON.stringify(anonymised.map(({ originalContactId: _, ...kept }) => kept));
          expect(stored).not.toContain(person);
          for (const c of theirs) expect(stored).not.toContain(c.contactId);
          const start = END.getTime() - 10 * DAY;
          const windows = [
            [start, END.getTime()],
            ...periods.map(([a, len]) => [start + a * 3_600_000, start + (a + len) * 3_600_000]),
          ];
          for (const [from, to] of windows)
            for (const queue of [undefined, 'Support', 'Billing', 'Orders'])
              for (const channel of ['VOICE', 'ALL']) {
                const o = {
                  from: new Date(from!),
                  to: new Date(to!),
                  queue,
                  channel,
                  serviceLevelSeconds: 20,
                  fcrDays: 3,
                  cost: { telephonyPerMinute: 0.018, agentPerHour: 22.5, currency: 'USD' },
                };
                expect(computeKpis(after, o)).toEqual(computeKpis(before, o));
              }
        },
      ),
      // The example is CI's counterexample from 2026-12-01: the anonymised copies sit at the end of the
      // list, and a cost summed in that order differed in the fourth decimal before sums became order-free.
      { numRuns: 25, examples: [[4481, 593210141, [[42, 124]]]] },
    );
  });

  it('the same person erased twice gives the same anonymised items (keyed ids: a re-run writes no second copy)', async () => {
    const all = historyOf(7);
    const person = all.find((r) => r.ctr?.customerNumber)!.ctr!.customerNumber!;
    const hasher = new LocalSubjectHasher(randomBytes(32));
    const a = await anonymiseContacts(personsContacts(all, person), person, hasher);
    const b = await anonymiseContacts(personsContacts(all, person), person, hasher);
    expect(b).toEqual(a);
    expect(a.every((c) => c.contactId.startsWith('erased-') && c.ctr.customerNumber === undefined)).toBe(
      true,
    );
  });
});
