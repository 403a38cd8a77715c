/**
 * The per-row fast paths of `campaign preview` (issue 15's dnc bench) change nothing a list's rows get:
 * records read in batches account for every line whatever the chunking; the gate's per-shape memo gives
 * what a fresh evaluation gives; the character tests that replaced regular expressions agree with them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AREA_CODE_TABLE_VERSION } from '#shared/compliance/area-codes.ts';
import { candidateZones, evaluateCallingWindow } from '#shared/compliance/calling-window.ts';
import { evaluateGate } from '#shared/compliance/gate.ts';
import { importRegistryFile, RegistryReader } from '#shared/compliance/registry.ts';
import { rulePackFor } from '#shared/compliance/rule-packs.ts';
import { maskPhoneNumber } from '#shared/domain/phone.ts';
import { type IngestedRow, neutralizeCell, scrubContactList } from '#shared/outbound/ingest.ts';
import { accountingCorpus } from '../../fixtures/outbound/broken-records.ts';
import {
  bytes,
  federalRegistry,
  MemoryConsentStore,
  MemoryInternalList,
  outboundSettings,
} from '../../fixtures/outbound/factories.ts';

const AT = new Date('2025-06-10T19:00:00Z');

async function deps() {
  const store = await federalRegistry('2065550100\n2085550100\n');
  // A state list too, so the rule pack's optional sources show in the evidence.
  await importRegistryFile(store, {
    source: 'state:TX',
    kind: 'full',
    versionDate: '2025-06-01',
    fileName: 'tx.txt',
    chunks: bytes('2145550100\n'),
  });
  return {
    internalList: new MemoryInternalList(),
    registry: new RegistryReader(store),
    consent: new MemoryConsentStore(),
    settings: outboundSettings(),
  };
}

async function scrubIn(data: Uint8Array, cuts: number[]) {
  const chunks: Uint8Array[] = [];
  let at = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    chunks.push(data.subarray(at, c));
    at = c;
  }
  chunks.push(data.subarray(at));
  const rows: Omit<IngestedRow, 'verdict'>[] = [];
  const summary = await scrubContactList(chunks, {
    deps: await deps(),
    at: AT,
    onRow: ({ verdict: _, ...row }) => {
      rows.push(row);
    },
  });
  return { summary, rows };
}

describe('batched record reading', () => {
  it('the whole broken corpus gives the same rows and totals however its bytes are chunked (property)', async () => {
    const corpus = new TextEncoder().encode(accountingCorpus().text);
    const whole = await scrubIn(corpus, []);
    expect(whole.summary.total).toBeGreaterThan(10);
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: corpus.length - 1 }), { maxLength: 40 }),
        async (cuts) => {
          expect(await scrubIn(corpus, cuts)).toEqual(whole);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('one byte at a time, BOM and CRLF included', async () => {
    const text = new TextEncoder().encode(
      '\uFEFFphone,name\r\n+12065550100,"A\r\nB"\r\n\r\n+12125550123,C\r\n"unterminated,D\r\n+13055550100,E',
    );
    const whole = await scrubIn(text, []);
    const bytewise = await scrubIn(
      text,
      Array.from({ length: text.length - 1 }, (_, i) => i + 1),
    );
    expect(bytewise).toEqual(whole);
    expect([whole.summary.total, whole.summary.lines, whole.summary.blankLines]).toEqual([4, 7, 1]);
  });
});

describe('gate memo per callee shape', () => {
  const npa = fc.constantFrom('206', '208', '212', '214', '305', '416', '541', '850', '907', '787', '999');
  const hint = fc.oneof(
    fc.constant(undefined),
    fc.constant(''),
    fc.constantFrom('America/Boise', 'America/Los_Angeles', 'Not/AZone', '98101', '83814', 'ID', 'FL', 'TX'),
    // Separators of the memo's key, inside hints.
    fc.constantFrom('|', '1:', '0:', ':|', 'ID|', '5:98101'),
  );
  it('every verdict equals a fresh evaluation of its zones, rule pack and window (property)', async () => {
    const d = await deps();
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            npa,
            nxx: fc.constantFrom('334', '664', '555', '200'),
            country: fc.constantFrom('US', 'CA', 'PR', undefined),
            timezone: hint,
            zip: hint,
            state: hint,
          }),
          { minLength: 1, maxLength: 30 },
        ),
        async (callees) => {
          for (const c of callees) {
            const e164 = `+1${c.npa}${c.nxx}0100`;
            const hints = { timezone: c.timezone, zip: c.zip, state: c.state };
            const v = await evaluateGate(d, {}, { e164, country: c.country, hints }, AT);
            const candidates = candidateZones(e164, hints);
            const pack = rulePackFor(c.country, e164, candidates.regions);
            const w = evaluateCallingWindow(d.settings, candidates, AT);
            expect(v.evidence.rulePack).toEqual(pack ? { id: pack.id, version: pack.version } : null);
            // An optional source counts only where its list covers the area (here: Texas, area 214 only).
            expect(v.evidence.sources.map((s) => s.source)).toEqual(
              pack
                ? [
                    ...pack.requiredRegistries,
                    ...pack.optionalRegistries.filter((s) => s === 'state:TX' && c.npa === '214'),
                  ]
                : [],
            );
            expect(v.evidence.window).toEqual({
              callable: w.callable,
              reason: w.reason,
              window: w.window,
              zones: w.zones.map((z) => ({ zone: z.zone, localTime: z.time, date: z.date })),
              unknownZone: w.unknownZone,
              basis: w.basis,
              areaCodeTable: AREA_CODE_TABLE_VERSION,
            });
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('character tests that replaced regular expressions', () => {
  it('maskPhoneNumber: the E.164 shortcut masks as the general rule does (property)', () => {
    const general = (value: string) => {
      const digits = value.replace(/[^\d]/g, '');
      return digits.length < 7 ? '***' : `+${digits.slice(0, 4)}***${digits.slice(-4)}`;
    };
    fc.assert(
      fc.property(fc.oneof(fc.stringMatching(/^\+\d{0,15}$/), fc.string({ maxLength: 20 })), (value) => {
        expect(maskPhoneNumber(value)).toBe(general(value));
      }),
      { numRuns: 3000 },
    );
  });

  it('neutralizeCell: quotes exactly the cells starting with = + - @ tab or CR (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 6 }), (value) => {
        expect(neutralizeCell(value)).toBe(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
      }),
      { numRuns: 3000 },
    );
  });
});
