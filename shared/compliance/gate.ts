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
import { AREA_CODE_TABLE_VERSION, NXX_SPLITS } from './area-codes.ts';
import {
  type CalleeLocationHints,
  type CandidateZones,
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

/**
 * What a verdict takes from the number's NPA-NXX, its country and the list's location hints alone (candidate
 * zones, rule pack) and, for one settings object and one instant, the calling window. A million-row list
 * has a few thousand such shapes and one instant, so each is worked out once: these are pure functions of
 * their key, so a memo answers exactly what a fresh evaluation would (shared parts are frozen).
 */
interface CalleeShape {
  candidates: CandidateZones;
  pack: RulePack | undefined;
  rulePack: GateEvidence['rulePack'];
  /** The pack's registries in the order the gate checks them. */
  registries: readonly string[];
  window?: {
    settings: OutboundConfig;
    at: number;
    verdict: WindowVerdict;
    evidence: NonNullable<GateEvidence['window']>;
  };
}
const shapes = new Map<string, CalleeShape>();
const MAX_SHAPES = 50_000;

/** Area codes some of whose exchanges have their own zone: for them the exchange is part of the shape. */
const NPAS_WITH_SPLITS = new Set(Object.keys(NXX_SPLITS).map((k) => k.slice(0, 3)));

/**
 * Only `+1` numbers of NANP length are memoised: for them the area code (and the exchange, where
 * NXX_SPLITS splits the area code) decides candidate zones and rule pack, with the country and the hints.
 */
function shapeKey(callee: Callee): string | undefined {
  const e = callee.e164;
  if (e.length !== 12 || e.charCodeAt(0) !== 43 || e.charCodeAt(1) !== 49) return undefined;
  const prefix = e.slice(0, NPAS_WITH_SPLITS.has(e.slice(2, 5)) ? 8 : 5);
  const h = callee.hints;
  if (!h?.timezone && !h?.zip && !h?.state) return `${prefix}|${callee.country ?? ''}`;
  const tz = h.timezone ?? '';
  const zip = h.zip ?? '';
  const state = h.state ?? '';
  // Length-prefixed hints: two different hint triples never share a key.
  return `${prefix}|${callee.country ?? ''}|${tz.length}:${tz}${zip.length}:${zip}${state.length}:${state}`;
}

function shapeOf(callee: Callee): CalleeShape {
  const key = shapeKey(callee);
  const hit = key === undefined ? undefined : shapes.get(key);
  if (hit) return hit;
  const candidates = candidateZones(callee.e164, callee.hints);
  Object.freeze(candidates.zones);
  Object.freeze(candidates.regions);
  Object.freeze(candidates.basis);
  Object.freeze(candidates.rejectedHints);
  const pack = rulePackFor(callee.country, callee.e164, candidates.regions);
  const shape: CalleeShape = {
    candidates,
    pack,
    rulePack: pack ? Object.freeze({ id: pack.id, version: pack.version }) : null,
    registries: Object.freeze(pack ? [...pack.requiredRegistries, ...pack.optionalRegistries] : []),
  };
  if (key !== undefined) {
    if (shapes.size >= MAX_SHAPES) shapes.clear();
    shapes.set(key, shape);
  }
  return shape;
}

function windowOf(
  shape: CalleeShape,
  settings: OutboundConfig,
  at: Date,
): NonNullable<CalleeShape['window']> {
  const t = at.getTime();
  const hit = shape.window;
  if (hit && hit.settings === settings && hit.at === t) return hit;
  const verdict = evaluateCallingWindow(settings, shape.candidates, at);
  const evidence = Object.freeze({
    callable: verdict.callable,
    reason: verdict.reason,
    window: verdict.window,
    zones: verdict.zones.map((z) => ({ zone: z.zone, localTime: z.time, date: z.date })),
    unknownZone: verdict.unknownZone,
    basis: verdict.basis,
    areaCodeTable: AREA_CODE_TABLE_VERSION,
  });
  shape.window = { settings, at: t, verdict, evidence };
  return shape.window;
}

let isoAt = Number.NaN;
let isoText = '';
/** `at.toISOString()`, once per instant (a list is evaluated at one instant). */
function isoOf(at: Date): string {
  const t = at.getTime();
  if (t !== isoAt) {
    isoText = at.toISOString();
    isoAt = t;
  }
  return isoText;
}

export async function evaluateGate(
  deps: GateDeps,
  policy: CampaignPolicy,
  callee: Callee,
  at: Date,
): Promise<GateVerdict> {
  const { settings } = deps;
  const shape = shapeOf(callee);
  const pack = shape.pack;
  const maxAge = Math.min(
    settings.registryMaxAgeDays,
    pack?.registryMaxAgeDays ?? settings.registryMaxAgeDays,
  );
  const evidence: GateEvidence = {
    number: maskPhoneNumber(callee.e164),
    evaluatedAt: isoOf(at),
    country: callee.country,
    rulePack: shape.rulePack,
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
    for (const source of shape.registries) {
      const required = pack.requiredRegistries.includes(source);
      try {
        // The loaded, fresh answer when there is one (no await per source per row; the lookup is an
        // integer code, its frozen answer read right after it for the evidence); else the store.
        const code = areaId >= 0 ? deps.registry.lookupSlot(source, areaId, index) : -1;
        const check =
          (code >= 0 ? deps.registry.answerOf(code) : undefined) ??
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

  const { verdict: window, evidence: windowEvidence } = windowOf(shape, settings, at);
  evidence.window = windowEvidence;

  const reasons =
    dnc.length === 0 && noConsent.length === 0 && window.callable
      ? []
      : [...new Set([...dnc, ...noConsent, ...(window.callable ? [] : [window.reason])])];
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
