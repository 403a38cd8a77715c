/** fast-check properties of the gate and the windows (the dialer's properties run on embedded AWS). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KNOWN_NPAS } from '#shared/compliance/area-codes.ts';
import { candidateZones, evaluateCallingWindow, localTimeIn } from '#shared/compliance/calling-window.ts';
import { evaluateGate } from '#shared/compliance/gate.ts';
import { RegistryReader } from '#shared/compliance/registry.ts';
import {
  federalRegistry,
  MemoryConsentStore,
  MemoryInternalList,
  outboundSettings,
} from '../../fixtures/outbound/factories.ts';

const settings = outboundSettings();
const instant = fc
  .integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2026-12-31T00:00:00Z') })
  .map((t) => new Date(t));
const npa = fc.constantFrom(...KNOWN_NPAS, '555', '999');
const line = fc.integer({ min: 2_000_000, max: 9_999_999 });
const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

describe('properties', () => {
  it('no number is callable unless every candidate zone’s local time is inside the window (minus the stop margin)', () => {
    fc.assert(
      fc.property(
        npa,
        line,
        instant,
        fc.constantFrom(undefined, 'America/Chicago', 'Pacific/Honolulu'),
        (a, l, at, tz) => {
          const e164 = `+1${a}${l}`;
          const c = candidateZones(e164, { timezone: tz });
          const v = evaluateCallingWindow(settings, c, at);
          if (!v.callable) return;
          const zones = c.zones.length > 0 ? c.zones : [settings.unknownZoneWindow.timeZone];
          for (const z of zones) {
            const m = localTimeIn(z, at).minutesOfDay;
            expect(m).toBeGreaterThanOrEqual(toMinutes(v.window.start));
            expect(m).toBeLessThan(toMinutes(v.window.end) - settings.stopMinutesBeforeClose);
            expect(m).toBeGreaterThanOrEqual(8 * 60);
            expect(m).toBeLessThan(21 * 60);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a registry copy older than the limit blocks every number it governs; a fresh one does not by itself', async () => {
    const store = await federalRegistry('2065550100\n3125550100\n');
    const deps = {
      internalList: new MemoryInternalList(),
      registry: new RegistryReader(store),
      consent: new MemoryConsentStore(),
      settings,
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('206', '312'),
        line,
        fc.integer({ min: 0, max: 120 }),
        async (a, l, days) => {
          const at = new Date(Date.parse('2025-06-01T18:00:00Z') + days * 86_400_000);
          const v = await evaluateGate(deps, {}, { e164: `+1${a}${l}`, country: 'US' }, at);
          expect(v.reasons.includes('registryStale')).toBe(days > 31);
          if (days > 31) expect([v.category, v.reason]).toEqual(['dnc', 'registryStale']);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a number on any suppression source is never accepted', async () => {
    const store = await federalRegistry('2065550100\n');
    const internal = new MemoryInternalList();
    const deps = {
      internalList: internal,
      registry: new RegistryReader(store),
      consent: new MemoryConsentStore(),
      settings,
    };
    await fc.assert(
      fc.asyncProperty(
        line,
        fc.boolean(),
        fc.integer({ min: 0, max: 24 * 60 - 1 }),
        async (l, onInternal, minute) => {
          const e164 = `+1206${l}`;
          if (onInternal) internal.add(e164);
          else internal.entries.delete(e164);
          const at = new Date(Date.parse('2025-06-10T00:00:00Z') + minute * 60_000);
          const v = await evaluateGate(deps, {}, { e164, country: 'US' }, at);
          if (onInternal || l === 5_550_100) expect(v.category).toBe('dnc');
        },
      ),
      { numRuns: 200 },
    );
  });
});
