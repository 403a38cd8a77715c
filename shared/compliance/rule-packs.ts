/**
 * Jurisdiction rule packs, chosen by the called number's country. Each pack is versioned data (the
 * version goes into every evidence record) so counsel can review and change rules without code archaeology.
 *
 * - US (and US territories): federal registry + state lists + the internal list; deny-list model.
 *   TSR 310.4(b)(3)(iv): the registry copy must be ≤ registryMaxAgeDays (31) old.
 * - TR: İYS is opt-in: BIREYSEL needs ONAY on channel ARAMA, TACIR is callable unless RET; no record →
 *   do not call. Withdrawals must take effect within 3 business days → mirror at most 3 days old.
 * - GB: TPS (PECR reg. 21) as a registry source; screen at least every 28 days.
 * - Anything else: no pack → do not call unless the campaign allows unknown countries explicitly (then
 *   only the internal list and the conservative window apply).
 */
import { regionOfNpa } from './area-codes.ts';

export interface RulePack {
  id: 'US' | 'TR' | 'GB';
  version: string;
  /** Registry sources that MUST have a fresh copy covering the number (missing or stale → do not call). */
  requiredRegistries: string[];
  /** Registry sources checked when a copy exists (state lists for the callee's candidate states). */
  optionalRegistries: string[];
  /** Maximum registry age in days (the pack's own limit; the config's limit applies when stricter). */
  registryMaxAgeDays: number;
  consent?: { system: 'IYS'; channel: 'ARAMA'; mirrorMaxAgeDays: number };
}

export const RULE_PACK_VERSIONS = { US: 'us-2025.1', TR: 'tr-iys-2025.1', GB: 'gb-tps-2025.1' } as const;

/** States that run their own do-not-call lists (outbound-compliance.md). */
export const STATES_WITH_DNC_LISTS = [
  'CO',
  'FL',
  'IN',
  'LA',
  'MA',
  'MO',
  'OK',
  'PA',
  'TN',
  'TX',
  'WY',
] as const;

const US_TERRITORIES = new Set(['US', 'PR', 'GU', 'VI', 'AS', 'MP']);

/** The country a pack is keyed by (US territories use the US pack). */
export function packCountry(country: string | undefined): 'US' | 'TR' | 'GB' | undefined {
  if (!country) return undefined;
  if (US_TERRITORIES.has(country)) return 'US';
  if (country === 'TR' || country === 'GB') return country;
  return undefined;
}

/** The rule pack for a number, given its country and candidate regions (states). */
export function rulePackFor(
  country: string | undefined,
  e164: string,
  regions: readonly string[],
): RulePack | undefined {
  switch (packCountry(country)) {
    case 'US': {
      const states = new Set(regions);
      const npaRegion = e164.startsWith('+1') ? regionOfNpa(e164.slice(2, 5)) : undefined;
      if (npaRegion) states.add(npaRegion);
      return {
        id: 'US',
        version: RULE_PACK_VERSIONS.US,
        requiredRegistries: ['federal'],
        optionalRegistries: [...states]
          .filter((s) => (STATES_WITH_DNC_LISTS as readonly string[]).includes(s))
          .sort()
          .map((s) => `state:${s}`),
        registryMaxAgeDays: 31,
      };
    }
    case 'TR':
      return {
        id: 'TR',
        version: RULE_PACK_VERSIONS.TR,
        requiredRegistries: [],
        optionalRegistries: [],
        registryMaxAgeDays: 31,
        consent: { system: 'IYS', channel: 'ARAMA', mirrorMaxAgeDays: 3 },
      };
    case 'GB':
      return {
        id: 'GB',
        version: RULE_PACK_VERSIONS.GB,
        requiredRegistries: ['tps'],
        optionalRegistries: [],
        registryMaxAgeDays: 28,
      };
    default:
      return undefined;
  }
}
