/**
 * Calling windows at the called party's location. TSR 310.4(b)(1)(iii)(B) and 47 CFR 64.1200(c)(1): no
 * telemarketing call before 08:00 or after 21:00 local time; states layer stricter windows (FL 08:00–20:00).
 *
 * The called party's zone is uncertain, so we build a set of candidate zones (explicit `timezone` column,
 * NPA-NXX split, NPA, ZIP's state, state column) and allow a call only when EVERY candidate's local time is
 * inside the window (the intersection). No candidate → the conservative "unknown zone" window
 * (14:00–20:00 America/New_York is legal everywhere from Hawaii to Atlantic time). Local time always comes
 * from Intl with IANA zones (DST rules), never from fixed offsets.
 */
import type { OutboundConfig } from '#shared/config/schema.ts';
import { localTime } from '#shared/domain/hours.ts';
import { regionOfNpa, stateOfZip, zonesOfNanpNumber, zonesOfRegion } from './area-codes.ts';

export interface Window {
  start: string;
  end: string;
}

export interface CalleeLocationHints {
  /** An explicit IANA zone from the list (`timezone` column). */
  timezone?: string | undefined;
  zip?: string | undefined;
  /** Two-letter state/province from the list (`state` column). */
  state?: string | undefined;
}

export interface CandidateZones {
  zones: string[];
  /** Regions (states/provinces) the callee may be in: their stricter windows apply. */
  regions: string[];
  /** What produced the candidates, for the evidence record. */
  basis: string[];
  /** A hint that could not be used (an invalid time zone name), recorded as evidence. */
  rejectedHints: string[];
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Candidate zones for an E.164 number plus what the list says about the callee. */
export function candidateZones(e164: string, hints: CalleeLocationHints = {}): CandidateZones {
  const zones = new Set<string>();
  const regions = new Set<string>();
  const basis: string[] = [];
  const rejectedHints: string[] = [];
  if (e164.startsWith('+1') && e164.length === 12) {
    const national = e164.slice(2);
    const fromNumber = zonesOfNanpNumber(national);
    if (fromNumber.length > 0) basis.push(`npa:${national.slice(0, 3)}`);
    for (const z of fromNumber) zones.add(z);
    const region = regionOfNpa(national.slice(0, 3));
    if (region) regions.add(region);
  } else if (e164.startsWith('+90')) {
    zones.add('Europe/Istanbul');
    basis.push('country:TR');
  } else if (e164.startsWith('+44')) {
    zones.add('Europe/London');
    basis.push('country:GB');
  }
  if (hints.zip) {
    const st = stateOfZip(hints.zip);
    if (st) {
      regions.add(st);
      for (const z of zonesOfRegion(st)) zones.add(z);
      basis.push(`zip:${st}`);
    } else rejectedHints.push('zip');
  }
  if (hints.state) {
    const st = hints.state.trim().toUpperCase();
    const z = zonesOfRegion(st);
    if (z.length > 0) {
      regions.add(st);
      for (const zone of z) zones.add(zone);
      basis.push(`state:${st}`);
    } else rejectedHints.push('state');
  }
  if (hints.timezone) {
    const tz = hints.timezone.trim();
    if (isValidTimeZone(tz)) {
      zones.add(tz);
      basis.push(`timezone:${tz}`);
    } else rejectedHints.push('timezone');
  }
  return { zones: [...zones].sort(), regions: [...regions].sort(), basis, rejectedHints };
}

export interface LocalTime {
  zone: string;
  /** YYYY-MM-DD in that zone. */
  date: string;
  /** HH:MM in that zone. */
  time: string;
  weekday: string;
  minutesOfDay: number;
}

const localCache = new Map<string, LocalTime>();
/** Wall-clock time in an IANA zone at an instant (cached per zone and minute: lists share one instant). */
export function localTimeIn(zone: string, at: Date): LocalTime {
  const minute = Math.floor(at.getTime() / 60_000);
  const key = `${zone}|${minute}`;
  const hit = localCache.get(key);
  if (hit) return hit;
  // The same Intl-based conversion the hours of operation use (IANA rules, DST included).
  const local = localTime(new Date(minute * 60_000), zone);
  const lt: LocalTime = {
    zone,
    date: local.date,
    time: fromMinutes(local.minutes),
    weekday: local.weekday.charAt(0) + local.weekday.slice(1, 3).toLowerCase(),
    minutesOfDay: local.minutes,
  };
  if (localCache.size > 10_000) localCache.clear();
  localCache.set(key, lt);
  return lt;
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const fromMinutes = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

export type WindowSettings = Pick<
  OutboundConfig,
  'callingWindow' | 'stateWindows' | 'unknownZoneWindow' | 'stopMinutesBeforeClose'
> & { holidays?: OutboundConfig['holidays'] };

export interface WindowVerdict {
  callable: boolean;
  /** `inside`, `beforeWindow`, `afterWindow`, `closingSoon`, `unknownZoneOutside`. */
  reason: string;
  /** The window applied (after intersecting state rules), in each zone's local time. */
  window: Window;
  zones: LocalTime[];
  unknownZone: boolean;
  basis: string[];
}

/** The window that applies to the callee: the federal window narrowed by every candidate state's rule. */
export function effectiveWindow(settings: WindowSettings, regions: readonly string[]): Window {
  let start = toMinutes(settings.callingWindow.start);
  let end = toMinutes(settings.callingWindow.end);
  for (const r of regions) {
    const w = settings.stateWindows[r];
    if (!w) continue;
    start = Math.max(start, toMinutes(w.start));
    end = Math.min(end, toMinutes(w.end));
  }
  return { start: fromMinutes(start), end: fromMinutes(Math.max(start, end)) };
}

/**
 * Is a call to this callee allowed at `at`? Callable only when every candidate zone's local time lies in
 * [start, end − stopMinutesBeforeClose).
 */
export function evaluateCallingWindow(
  settings: WindowSettings,
  candidates: CandidateZones,
  at: Date,
): WindowVerdict {
  const unknownZone = candidates.zones.length === 0;
  if (candidates.rejectedHints.length > 0) {
    // Fail closed: the list said something about the callee's location that we cannot interpret.
    return {
      callable: false,
      reason: `invalidLocationHint:${candidates.rejectedHints.join(',')}`,
      window: { start: settings.callingWindow.start, end: settings.callingWindow.end },
      zones: [],
      unknownZone,
      basis: candidates.basis,
    };
  }
  const window = unknownZone
    ? { start: settings.unknownZoneWindow.start, end: settings.unknownZoneWindow.end }
    : effectiveWindow(settings, candidates.regions);
  const zones = unknownZone ? [settings.unknownZoneWindow.timeZone] : candidates.zones;
  const start = toMinutes(window.start);
  const end = toMinutes(window.end);
  const lastDispatch = end - settings.stopMinutesBeforeClose;
  const locals = zones.map((z) => localTimeIn(z, at));
  let reason = 'inside';
  for (const lt of locals) {
    if (lt.minutesOfDay < start) reason = 'beforeWindow';
    else if (lt.minutesOfDay >= end) reason = 'afterWindow';
    else if (lt.minutesOfDay >= lastDispatch && reason === 'inside') reason = 'closingSoon';
    if (reason === 'beforeWindow' || reason === 'afterWindow') break;
  }
  if (reason === 'inside') {
    // A no-call date applies when it falls on any candidate zone's local date (and, when it names states,
    // the callee may be in one of them; an unknown location counts as "may be").
    for (const h of settings.holidays ?? []) {
      const stateMatch = !h.states || unknownZone || h.states.some((st) => candidates.regions.includes(st));
      if (stateMatch && locals.some((lt) => lt.date === h.date)) {
        reason = `holiday:${h.date}`;
        break;
      }
    }
  }
  const callable = reason === 'inside';
  return {
    callable,
    reason: callable ? reason : unknownZone ? `unknownZone:${reason}` : reason,
    window,
    zones: locals,
    unknownZone,
    basis: candidates.basis,
  };
}

/** Convenience: candidate zones + window verdict in one call. */
export function isWithinCallingWindow(
  settings: WindowSettings,
  e164: string,
  at: Date,
  hints: CalleeLocationHints = {},
): boolean {
  return evaluateCallingWindow(settings, candidateZones(e164, hints), at).callable;
}
