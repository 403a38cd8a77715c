/**
 * The compliance gate: one decision for one number at one instant, with the inputs that justified it.
 * Runs at list ingest (scrub) AND again at dial time (a number added mid-campaign must stop the next dial:
 * VICIdial's buffer-only check is the failure this prevents). Order of categories is the ingest order:
 * dnc → noConsent → outsideWindow → accepted.
 *
 * Fails closed: an unreachable store, a missing or stale registry copy, an unknown country (unless the
 * campaign allows it) or an unreadable location hint all mean "do not dial", with the reason recorded.
 */

import type { OutboundConfig } from '#shared/config/schema.ts';
import type { InternalDncEntry } from '#shared/domain/internal-dnc.ts';
import { maskPhoneNumber } from '#shared/domain/phone.ts';
import { isCalendarDate, isInstant, parseInstant } from '../time/strict.ts';
import { AREA_CODE_TABLE_VERSION } from './area-codes.ts';
import {
  type CalleeLocationHints,
  candidateZones,
  evaluateCallingWindow,
  type WindowVerdict,
} from './calling-window.ts';
import type { ConsentRecord, ConsentStore } from './consent.ts';
import { type RegistryReader, registryAgeDays } from './registry.ts';
import { slotAreaOf, slotIndexOf } from './registry-bitset.ts';
import { packCountry, type RulePack, rulePackFor } from './rule-packs.ts';

/** Read side of the internal list the gate needs (the DynamoDB store or an ingest-time snapshot). */
export interface InternalListLookup {
  get(e164: string): Promise<InternalDncEntry | undefined>;
}

export interface GateDeps {
  internalList: InternalListLookup;
  registry: RegistryReader;
  consent: ConsentStore;
  settings: OutboundConfig;
}

export interface CampaignPolicy {
  /** Dial countries without a rule pack (only the internal list and the conservative window apply). */
  allowUnknownCountries?: boolean;
  /** The campaign needs prior express consent (e.g. prerecorded or autodialed calls to mobiles). */
  requireConsent?: boolean;
}

export interface Callee {
  e164: string;
  /** ISO country from phone normalisation. */
  country: string | undefined;
  hints?: CalleeLocationHints;
  /** Consent date from the list (`consentDate` column), when the campaign requires consent. */
  consentDate?: string | undefined;
}

export type GateCategory = 'dnc' | 'noConsent' | 'outsideWindow' | 'accepted';

export interface SourceEvidence {
  source: string;
  status: 'listed' | 'notListed' | 'missing' | 'unsupported' | 'stale' | 'error';
  area?: string;
  versionDate?: string;
  ageDays?: number;
  manifestVersion?: number;
}

export interface GateEvidence {
  number: string;
  evaluatedAt: string;
  country: string | undefined;
  rulePack: { id: string; version: string } | null;
  registryMaxAgeDays: number;
  sources: SourceEvidence[];
  internalList: { listed: boolean; source?: string; addedAt?: string } | { error: string };
  consent?: { status: string; recipientType?: string; consentDate?: string; mirrorVersionDate?: string };
  window?: {
    callable: boolean;
    reason: string;
    window: { start: string; end: string };
    zones: { zone: string; localTime: string; date: string }[];
    unknownZone: boolean;
    basis: string[];
    areaCodeTable: string;
  };
}

export interface GateVerdict {
  category: GateCategory;
  reason: string;
  /** Every reason found (the first one decides the category). */
  reasons: string[];
  evidence: GateEvidence;
}

const errorName = (e: unknown) => (e instanceof Error ? e.name : 'Error');

export async function evaluateGate(
  deps: GateDeps,
  policy: CampaignPolicy,
  callee: Callee,
  at: Date,
): Promise<GateVerdict> {
  const { settings } = deps;
  const candidates = candidateZones(callee.e164, callee.hints);
  const pack: RulePack | undefined = rulePackFor(callee.country, callee.e164, candidates.regions);
  const maxAge = Math.min(
    settings.registryMaxAgeDays,
    pack?.registryMaxAgeDays ?? settings.registryMaxAgeDays,
  );
  const evidence: GateEvidence = {
    number: maskPhoneNumber(callee.e164),
    evaluatedAt: at.toISOString(),
    country: callee.country,
    rulePack: pack ? { id: pack.id, version: pack.version } : null,
    registryMaxAgeDays: maxAge,
    sources: [],
    internalList: { listed: false },
  };
  const dnc: string[] = [];
  const noConsent: string[] = [];

  // The internal list applies to every country, regardless of registry status or relationship.
  try {
    const entry = await deps.internalList.get(callee.e164);
    evidence.internalList = entry
      ? { listed: true, source: entry.source, addedAt: entry.addedAt }
      : { listed: false };
    if (entry) dnc.push('internalList');
  } catch (err) {
    evidence.internalList = { error: errorName(err) };
    dnc.push('storeUnavailable:internalList');
  }

  const country = packCountry(callee.country) ?? callee.country;
  if (!pack) {
    if (!policy.allowUnknownCountries) dnc.push(`noRulePack:${callee.country ?? 'unknown'}`);
  } else if (!settings.allowedCountries.includes(country ?? '')) {
    dnc.push(`countryNotAllowed:${country}`);
  }

  if (pack) {
    // The number's registry slot, decoded once for every source (-1: outside the registry layout).
    const areaId = slotAreaOf(callee.e164);
    const index = areaId < 0 ? 0 : slotIndexOf(callee.e164);
    for (const source of [...pack.requiredRegistries, ...pack.optionalRegistries]) {
      const required = pack.requiredRegistries.includes(source);
      try {
        // The loaded, fresh answer when there is one (no await per source per row); else the store.
        const check =
          (areaId >= 0 ? deps.registry.peekSlot(source, areaId, index) : undefined) ??
          (await deps.registry.check(source, callee.e164));
        if (check.status === 'missing' && !required) continue; // no state list imported for this state
        const ev: SourceEvidence = { source, status: check.status };
        if (check.area) ev.area = check.area;
        if (check.manifestVersion !== undefined) ev.manifestVersion = check.manifestVersion;
        if (check.versionDate) {
          ev.versionDate = check.versionDate;
          ev.ageDays = registryAgeDays(check.versionDate, at);
        }
        evidence.sources.push(ev);
        if (check.status === 'listed') dnc.push(`registry:${source}`);
        else if (check.status === 'missing' || check.status === 'unsupported')
          dnc.push(`registryMissing:${source}`);
        // TSR 310.4(b)(3)(iv): a copy older than the limit on the day of the call governs nothing.
        if (ev.ageDays !== undefined && ev.ageDays > maxAge) {
          ev.status = check.status === 'listed' ? 'listed' : 'stale';
          dnc.push('registryStale');
        }
      } catch {
        // Unreachable store or a bitset that fails its checksum: fail closed, and say which source.
        evidence.sources.push({ source, status: 'error' });
        dnc.push(`storeUnavailable:${source}`);
      }
    }
    if (pack.consent) await checkIys(deps.consent, pack.consent, callee, at, evidence, noConsent);
  }
  if (policy.requireConsent && !pack?.consent) {
    const consent = consentDateStatus(callee.consentDate, at);
    if (consent !== 'ok') noConsent.push(consent);
  }

  const window: WindowVerdict = evaluateCallingWindow(settings, candidates, at);
  evidence.window = {
    callable: window.callable,
    reason: window.reason,
    window: window.window,
    zones: window.zones.map((z) => ({ zone: z.zone, localTime: z.time, date: z.date })),
    unknownZone: window.unknownZone,
    basis: window.basis,
    areaCodeTable: AREA_CODE_TABLE_VERSION,
  };

  const reasons = [...new Set([...dnc, ...noConsent, ...(window.callable ? [] : [window.reason])])];
  const category: GateCategory =
    dnc.length > 0
      ? 'dnc'
      : noConsent.length > 0
        ? 'noConsent'
        : window.callable
          ? 'accepted'
          : 'outsideWindow';
  const reason =
    category === 'dnc'
      ? dnc.includes('registryStale')
        ? 'registryStale'
        : dnc[0]!
      : category === 'noConsent'
        ? noConsent[0]!
        : window.reason;
  return { category, reason, reasons, evidence };
}

async function checkIys(
  store: ConsentStore,
  rule: NonNullable<RulePack['consent']>,
  callee: Callee,
  at: Date,
  evidence: GateEvidence,
  noConsent: string[],
): Promise<void> {
  try {
    const version = await store.mirrorVersion();
    if (!version) {
      evidence.consent = { status: 'mirrorMissing' };
      noConsent.push('consentMirrorMissing');
      return;
    }
    const record: ConsentRecord | undefined = await store.get(callee.e164, rule.channel);
    evidence.consent = {
      status: record?.status ?? 'noRecord',
      mirrorVersionDate: version.versionDate,
      ...(record ? { recipientType: record.recipientType, consentDate: record.consentDate } : {}),
    };
    if (registryAgeDays(version.versionDate, at) > rule.mirrorMaxAgeDays)
      noConsent.push('consentMirrorStale');
    if (!record) noConsent.push('iysNoRecord');
    else if (record.status === 'RET') noConsent.push('iysRefused');
    else if (record.recipientType === 'BIREYSEL' && record.status !== 'ONAY') noConsent.push('iysNoConsent');
  } catch (err) {
    evidence.consent = { status: `error:${errorName(err)}` };
    noConsent.push('storeUnavailable:consent');
  }
}

/**
 * A list's consent date counts only when it is a real date (`YYYY-MM-DD`, or an instant with an offset) no
 * later than the evaluation time: `2026-02-30`, `1` and a date in the future are not consent.
 */
export function consentDateStatus(
  text: string | undefined,
  at: Date,
): 'ok' | 'consentRequired' | 'consentDateInvalid' | 'consentDateInFuture' {
  if (!text) return 'consentRequired';
  let when: number;
  if (isCalendarDate(text)) when = Date.parse(`${text}T00:00:00Z`);
  else if (isInstant(text)) when = parseInstant(text).getTime();
  else return 'consentDateInvalid';
  return when > at.getTime() ? 'consentDateInFuture' : 'ok';
}
