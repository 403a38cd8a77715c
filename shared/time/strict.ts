/**
 * One strict date/time parser for every input Santral reads: config, CLI options, CSV cells, CTRs.
 *
 * `Date.parse` is lenient in ways that hurt a contact center: `2026-02-30` becomes March 2, `"7"` becomes
 * 2001-07-01, `2099-01-01` passes as a consent date. Every function here accepts exactly one written form,
 * checks that the calendar fields exist (a date that does not round-trip is rejected) and returns a
 * typed error that says what was expected, so callers can name the file, line or option in front of it.
 *
 * Forms:
 * - calendar date: `YYYY-MM-DD` (ISO 8601 extended, a real day of the Gregorian calendar)
 * - clock time: `HH:MM` (00:00–23:59)
 * - day of the year: `MM-DD` (yearly holidays; 02-29 is real in leap years)
 * - instant: `YYYY-MM-DDTHH:MM[:SS[.fff…]](Z|±HH:MM)` — ISO 8601 / RFC 3339 with an explicit offset
 * - local date-time (CLI `--at/--from/--to`): an instant, or the same without an offset (or a bare date),
 *   read in a given IANA time zone (the center's main zone) and printed back with the offset.
 */
import { localTime } from '../domain/hours.ts';

export class InvalidDateTimeError extends Error {
  override readonly name = 'InvalidDateTimeError';
  constructor(
    readonly input: string,
    readonly expected: string,
  ) {
    super(`"${input.length > 40 ? `${input.slice(0, 40)}…` : input}" is not ${expected}`);
  }
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATETIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}:?\d{2})?$/;

const DATE_EXPECTED = 'a calendar date YYYY-MM-DD that exists (e.g. 2026-02-28)';
const CLOCK_EXPECTED = 'a time of day HH:MM between 00:00 and 23:59';
const INSTANT_EXPECTED = 'an ISO-8601 instant with an offset (e.g. 2026-11-01T09:00:00Z or …+03:00)';

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validYmd(y: number, m: number, d: number): boolean {
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** Is `text` a real calendar date `YYYY-MM-DD`? */
export function isCalendarDate(text: string): boolean {
  const m = DATE_RE.exec(text);
  return m !== null && validYmd(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** `YYYY-MM-DD` that exists, returned unchanged; throws {@link InvalidDateTimeError} otherwise. */
export function parseCalendarDate(text: string): string {
  if (!isCalendarDate(text)) throw new InvalidDateTimeError(text, DATE_EXPECTED);
  return text;
}

const MONTH_DAY_RE = /^(\d{2})-(\d{2})$/;
const MONTH_DAY_EXPECTED = 'a day of the year MM-DD that exists in some year (e.g. 12-25, 02-29)';

/** `MM-DD` (a yearly date; 02-29 allowed, it exists in leap years); throws {@link InvalidDateTimeError}. */
export function parseMonthDay(text: string): { month: number; day: number } {
  const m = MONTH_DAY_RE.exec(text);
  // 2024 is a leap year: every MM-DD that exists in some year exists in it.
  if (!m || !validYmd(2024, Number(m[1]), Number(m[2])))
    throw new InvalidDateTimeError(text, MONTH_DAY_EXPECTED);
  return { month: Number(m[1]), day: Number(m[2]) };
}

/** Minutes since midnight of `HH:MM`; throws {@link InvalidDateTimeError} otherwise. */
export function parseClockTime(text: string): number {
  const m = CLOCK_RE.exec(text);
  if (!m) throw new InvalidDateTimeError(text, CLOCK_EXPECTED);
  return Number(m[1]) * 60 + Number(m[2]);
}

interface DateTimeFields {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
  /** Offset in minutes east of UTC, or undefined when the text carries none. */
  offset: number | undefined;
}

function fields(text: string): DateTimeFields | undefined {
  const m = DATETIME_RE.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, off] = m;
  const f: DateTimeFields = {
    y: Number(y),
    mo: Number(mo),
    d: Number(d),
    h: Number(h),
    mi: Number(mi),
    s: s === undefined ? 0 : Number(s),
    ms: frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000),
    offset: undefined,
  };
  if (!validYmd(f.y, f.mo, f.d) || f.h > 23 || f.mi > 59 || f.s > 59) return undefined;
  if (off !== undefined) {
    if (off === 'Z' || off === 'z') f.offset = 0;
    else {
      const digits = off.slice(1).replace(':', '');
      const oh = Number(digits.slice(0, 2));
      const om = Number(digits.slice(2));
      if (oh > 23 || om > 59) return undefined;
      f.offset = (off[0] === '-' ? -1 : 1) * (oh * 60 + om);
    }
  }
  return f;
}

const utcMs = (f: DateTimeFields) => Date.UTC(f.y, f.mo - 1, f.d, f.h, f.mi, f.s, f.ms);

/** Is `text` an ISO-8601 instant with an explicit offset whose fields all exist? */
export function isInstant(text: string): boolean {
  const f = fields(text);
  return f !== undefined && f.offset !== undefined;
}

/** An ISO-8601 instant with an explicit offset (`Z` or `±HH:MM`); throws {@link InvalidDateTimeError}. */
export function parseInstant(text: string): Date {
  const f = fields(text);
  if (!f || f.offset === undefined) throw new InvalidDateTimeError(text, INSTANT_EXPECTED);
  return new Date(utcMs(f) - f.offset * 60_000);
}

/** Offset (minutes east of UTC) of `timeZone` at instant `ms`. */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
  const lt = localTime(new Date(ms), timeZone);
  const [y, mo, d] = lt.date.split('-').map(Number) as [number, number, number];
  const localAsUtc = Date.UTC(y, mo - 1, d) + lt.minutes * 60_000;
  return Math.round((localAsUtc - Math.floor(ms / 60_000) * 60_000) / 60_000);
}

/** The instant at which the wall clock in `timeZone` shows the given fields (DST gaps move forward). */
function instantOfLocal(f: DateTimeFields, timeZone: string): Date {
  const wall = utcMs(f);
  let guess = wall - zoneOffsetMinutes(wall, timeZone) * 60_000;
  // Two refinements settle every real zone, including the hour after a DST change.
  for (let i = 0; i < 2; i++) guess = wall - zoneOffsetMinutes(guess, timeZone) * 60_000;
  return new Date(guess);
}

/**
 * A CLI time: an instant with an offset is taken as is; `YYYY-MM-DDTHH:MM[:SS]` or `YYYY-MM-DD` without an
 * offset is read as wall-clock time in `timeZone` (a bare date is its local midnight). Throws
 * {@link InvalidDateTimeError} naming the accepted forms.
 */
export function parseLocalDateTime(text: string, timeZone: string): Date {
  const value = text.trim();
  const bare = DATE_RE.exec(value);
  const f = bare ? fields(`${value}T00:00`) : fields(value);
  if (!f)
    throw new InvalidDateTimeError(
      text,
      `a date-time: YYYY-MM-DD, YYYY-MM-DDTHH:MM (read in ${timeZone}) or an instant with an offset (…Z, …+03:00)`,
    );
  return f.offset === undefined ? instantOfLocal(f, timeZone) : new Date(utcMs(f) - f.offset * 60_000);
}

/** `2026-12-01T09:00:00-05:00`: `at` as wall-clock time in `timeZone` with its offset (for printing back). */
export function formatInZone(at: Date, timeZone: string): string {
  const off = zoneOffsetMinutes(at.getTime(), timeZone);
  const local = new Date(Math.floor(at.getTime() / 1000) * 1000 + off * 60_000).toISOString().slice(0, 19);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}
