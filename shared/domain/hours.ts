/**
 * Hours of operation: is an hours config (infra/config › hours[]) open at an instant? Pure, reused by the
 * config schema (parsing windows and holiday rules), the flow simulator (CheckHoursOfOperation), routing,
 * the spoken hours and infra (Connect overrides).
 *
 * Semantics, matching Amazon Connect hours of operation with overrides:
 * - A day has one or more windows ("09:00-12:00,13:00-18:00": split shifts, a lunch break) in the hours'
 *   own IANA time zone; start is inclusive, end exclusive ("09:00-18:00" is open at 09:00 and closed at
 *   18:00). An end of "23:59" means "through the end of the day" so that "00:00-23:59" on every day is
 *   always open (Connect's own 24-hour convention).
 * - A holiday covers local dates: one `date`, a closure `from`…`to`, or a `yearly` rule ("12-25", "last
 *   MONDAY of MAY") between `from` and `to` (default {@link RECURRENCE_DEFAULT_FROM}…
 *   {@link RECURRENCE_DEFAULT_TO}). On a covered date it replaces the weekly windows: closed all day, or
 *   open only within its `open` windows (reduced hours). The schema rejects two holidays covering one
 *   date, so at most one applies.
 */
import type { HoursConfig, Weekday } from '../config/schema.ts';
import { didYouMean } from '../config/suggest.ts';
import { InvalidDateTimeError, parseCalendarDate, parseClockTime, parseMonthDay } from '../time/strict.ts';

export interface LocalTime {
  /** Local calendar date "YYYY-MM-DD" in the hours' time zone. */
  date: string;
  weekday: Weekday;
  /** Minutes since local midnight. */
  minutes: number;
}

const WEEKDAY_LIST: readonly Weekday[] = [
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
  'SUNDAY',
];

const WEEKDAY_BY_SHORT: Record<string, Weekday> = {
  Mon: 'MONDAY',
  Tue: 'TUESDAY',
  Wed: 'WEDNESDAY',
  Thu: 'THURSDAY',
  Fri: 'FRIDAY',
  Sat: 'SATURDAY',
  Sun: 'SUNDAY',
};

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Results by zone and UTC minute: the answer has minute resolution and every offset in use since 1972 is a
 * whole number of minutes, so one Intl.formatToParts (the costly part: calls, hours checks and the
 * simulator ask for the same minute again and again) serves every instant of that minute. Bounded.
 */
const localTimes = new Map<string, LocalTime>();
const MAX_LOCAL_TIMES = 1024;

/** The local date, weekday and minute of `at` in `timeZone`. */
export function localTime(at: Date, timeZone: string): LocalTime {
  const ms = at.getTime();
  const key = `${timeZone}|${Math.floor(ms / 60_000)}`;
  const cached = Number.isFinite(ms) ? localTimes.get(key) : undefined;
  if (cached) return { ...cached };
  const result = computeLocalTime(at, timeZone);
  if (localTimes.size >= MAX_LOCAL_TIMES) localTimes.delete(localTimes.keys().next().value as string);
  localTimes.set(key, result);
  return { ...result };
}

function computeLocalTime(at: Date, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(at)) parts[p.type] = p.value;
  const weekday = WEEKDAY_BY_SHORT[parts['weekday'] ?? ''];
  if (!weekday) throw new RangeError(`cannot determine the weekday of ${at.toISOString()} in ${timeZone}`);
  return {
    date: `${parts['year']}-${parts['month']}-${parts['day']}`,
    weekday,
    minutes: Number(parts['hour']) * 60 + Number(parts['minute']),
  };
}

// ---------------------------------------------------------------------------------------------------
// Windows

/** One opening window in minutes since local midnight; `end` 1440 is "through the end of the day". */
export interface ClockWindow {
  start: number;
  end: number;
}

export class InvalidHoursError extends Error {
  override readonly name = 'InvalidHoursError';
}

const END_OF_DAY = 24 * 60;
const WINDOW_EXAMPLE = 'e.g. "09:00-18:00", or "09:00-12:00, 13:00-18:00" for a lunch break';

function parseWindow(text: string): ClockWindow {
  const m = /^(\S+?)\s*-\s*(\S+)$/.exec(text.trim());
  if (!m) throw new InvalidHoursError(`"${text.trim()}" is not a window "HH:MM-HH:MM" (${WINDOW_EXAMPLE})`);
  let start: number;
  let end: number;
  try {
    start = parseClockTime(m[1]!);
    end = m[2] === '23:59' ? END_OF_DAY : parseClockTime(m[2]!);
  } catch (err) {
    if (!(err instanceof InvalidDateTimeError)) throw err;
    throw new InvalidHoursError(`window "${text.trim()}": ${err.message}`, { cause: err });
  }
  if (end <= start)
    throw new InvalidHoursError(
      `window "${text.trim()}" must end after it starts (overnight: end at 23:59 and start the next day at 00:00)`,
    );
  return { start, end };
}

/**
 * Windows of a day from "09:00-12:00, 13:00-18:00" or a list of windows: each real, none overlapping,
 * returned in order. Throws {@link InvalidHoursError} naming the window at fault.
 */
export function parseWindows(spec: string | readonly string[]): ClockWindow[] {
  const parts = (typeof spec === 'string' ? spec.split(',') : spec).map((p) => p.trim());
  if (parts.length === 0 || parts.some((p) => p === ''))
    throw new InvalidHoursError(`expected one or more windows "HH:MM-HH:MM" (${WINDOW_EXAMPLE})`);
  const windows = parts.map(parseWindow).sort((a, b) => a.start - b.start);
  for (let i = 1; i < windows.length; i++) {
    const prev = windows[i - 1]!;
    const cur = windows[i]!;
    if (cur.start < prev.end)
      throw new InvalidHoursError(
        `windows ${formatWindow(prev)} and ${formatWindow(cur)} overlap; merge them into one`,
      );
  }
  return windows;
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** "09:00-18:00"; the end of the day prints as "23:59" (Connect's convention). */
export function formatWindow(w: ClockWindow): string {
  return `${hhmm(w.start)}-${w.end === END_OF_DAY ? '23:59' : hhmm(w.end)}`;
}

/** The canonical spec the validated config holds: "09:00-12:00,13:00-18:00". */
export function formatWindows(ws: readonly ClockWindow[]): string {
  return ws.map(formatWindow).join(',');
}

/** Is `minutes` inside any window of `spec` (start inclusive, end exclusive, "23:59" = end of day)? */
export function isWithinWindow(spec: string, minutes: number): boolean {
  return parseWindows(spec).some((w) => minutes >= w.start && minutes < w.end);
}

// ---------------------------------------------------------------------------------------------------
// Holidays

export type Holiday = HoursConfig['holidays'][number];

/** Recurring holidays without `from`/`to` apply in these years (Connect needs both ends of an override). */
export const RECURRENCE_DEFAULT_FROM = '2026-01-01';
export const RECURRENCE_DEFAULT_TO = '2035-12-31';
/** A closure longer than a year is not a holiday: change the weekly hours instead. */
export const MAX_CLOSURE_DAYS = 366;

const MONTHS = [
  'JANUARY',
  'FEBRUARY',
  'MARCH',
  'APRIL',
  'MAY',
  'JUNE',
  'JULY',
  'AUGUST',
  'SEPTEMBER',
  'OCTOBER',
  'NOVEMBER',
  'DECEMBER',
] as const;
const OCCURRENCES: Record<string, number> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  last: -1,
};

/**
 * A yearly rule, in the two forms Connect's override `RecurrenceConfig` can express with YEARLY frequency
 * (API_RecurrencePattern: ByMonth + ByMonthDay, or ByMonth + ByWeekdayOccurrence with the weekday in the
 * override's Day; ByMonthDay and ByWeekdayOccurrence cannot be combined).
 */
export type YearlyRule =
  | { kind: 'date'; month: number; day: number }
  | { kind: 'weekday'; month: number; weekday: Weekday; occurrence: 1 | 2 | 3 | 4 | -1 };

const RULE_EXAMPLE =
  'write "12-25", or "<first|second|third|fourth|last> <WEEKDAY> of <MONTH>" such as "last MONDAY of MAY"';

/** "12-25" or "last MONDAY of MAY" (case-insensitive); throws {@link InvalidHoursError} with a suggestion. */
export function parseYearlyRule(text: string): YearlyRule {
  const t = text.trim();
  if (/^\d{2}-\d{2}$/.test(t)) {
    try {
      return { kind: 'date', ...parseMonthDay(t) };
    } catch (err) {
      throw new InvalidHoursError(`yearly "${t}": ${(err as Error).message}`, { cause: err });
    }
  }
  const m = /^(\S+)\s+(\S+)\s+of\s+(\S+)$/i.exec(t);
  if (!m) throw new InvalidHoursError(`"${t}" is not a yearly rule; ${RULE_EXAMPLE}`);
  const [, nth, day, month] = m as unknown as [string, string, string, string];
  const occurrence = OCCURRENCES[nth.toLowerCase()];
  if (occurrence === undefined)
    throw new InvalidHoursError(
      `yearly "${t}": "${nth}" is not an occurrence${didYouMean(nth.toLowerCase(), Object.keys(OCCURRENCES))}; use first, second, third, fourth or last`,
    );
  const weekday = WEEKDAY_LIST.find((w) => w === day.toUpperCase());
  if (!weekday)
    throw new InvalidHoursError(
      `yearly "${t}": "${day}" is not a weekday${didYouMean(day.toUpperCase(), WEEKDAY_LIST)}`,
    );
  const upper = month.toUpperCase();
  const monthIndex = MONTHS.findIndex((n) => n === upper || (upper.length === 3 && n.startsWith(upper)));
  if (monthIndex < 0)
    throw new InvalidHoursError(`yearly "${t}": "${month}" is not a month${didYouMean(upper, MONTHS)}`);
  return { kind: 'weekday', month: monthIndex + 1, weekday, occurrence: occurrence as 1 | 2 | 3 | 4 | -1 };
}

const ymd = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The weekday of a calendar date (UTC noon avoids any zone arithmetic: the date itself is local). */
export function weekdayOf(isoDate: string): Weekday {
  return WEEKDAY_LIST[(new Date(`${isoDate}T12:00:00Z`).getUTCDay() + 6) % 7]!;
}

/** The date a yearly rule falls on in `year`, or undefined (02-29 in a common year: skipped, as Connect does). */
export function yearlyDate(rule: YearlyRule, year: number): string | undefined {
  if (rule.kind === 'date')
    return rule.day <= daysIn(year, rule.month) ? ymd(year, rule.month, rule.day) : undefined;
  const target = WEEKDAY_LIST.indexOf(rule.weekday);
  const last = daysIn(year, rule.month);
  if (rule.occurrence === -1) {
    const lastWeekday = WEEKDAY_LIST.indexOf(weekdayOf(ymd(year, rule.month, last)));
    return ymd(year, rule.month, last - ((lastWeekday - target + 7) % 7));
  }
  const firstWeekday = WEEKDAY_LIST.indexOf(weekdayOf(ymd(year, rule.month, 1)));
  return ymd(year, rule.month, 1 + ((target - firstWeekday + 7) % 7) + (rule.occurrence - 1) * 7);
}

const addDays = (isoDate: string, n: number) =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** Days from `a` to `b` (calendar dates). */
export const daysBetween = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** The first and last date a holiday can cover (its Connect EffectiveFrom / EffectiveTill). */
export function holidaySpan(h: Holiday): { from: string; to: string } {
  if (h.date) return { from: h.date, to: h.date };
  if (h.yearly) return { from: h.from ?? RECURRENCE_DEFAULT_FROM, to: h.to ?? RECURRENCE_DEFAULT_TO };
  return { from: h.from ?? '', to: h.to ?? h.from ?? '' };
}

/** Every local date a (validated) holiday covers, in order. */
export function holidayDates(h: Holiday): string[] {
  const { from, to } = holidaySpan(h);
  if (!h.yearly) {
    const n = daysBetween(from, to);
    return Array.from({ length: n + 1 }, (_, i) => addDays(from, i));
  }
  const rule = parseYearlyRule(h.yearly);
  const out: string[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    const d = yearlyDate(rule, y);
    if (d && d >= from && d <= to) out.push(d);
  }
  return out;
}

/** Does a (validated) holiday cover this local date? */
export function holidayCovers(h: Holiday, date: string): boolean {
  const { from, to } = holidaySpan(h);
  if (date < from || date > to) return false;
  if (!h.yearly) return true;
  return yearlyDate(parseYearlyRule(h.yearly), Number(date.slice(0, 4))) === date;
}

/** The holiday covering a local date, if any. */
export function holidayOn(hours: Pick<HoursConfig, 'holidays'>, date: string): Holiday | undefined {
  return hours.holidays.find((h) => holidayCovers(h, date));
}

/**
 * Structural checks of one holiday (the schema reports each at its path): exactly one of `date`,
 * `from`/`to` or `yearly`; real dates; a closure that ends after it starts and lasts at most a year.
 */
export function holidayProblems(h: {
  date?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  yearly?: string | undefined;
}): { key: string; message: string }[] {
  const problems: { key: string; message: string }[] = [];
  const date = (key: 'date' | 'from' | 'to') => {
    const v = h[key];
    if (v === undefined) return true;
    try {
      parseCalendarDate(v);
      return true;
    } catch (err) {
      problems.push({ key, message: (err as Error).message });
      return false;
    }
  };
  const datesOk = [date('date'), date('from'), date('to')].every(Boolean);
  const forms = [
    h.date !== undefined,
    h.yearly !== undefined,
    h.date === undefined && h.yearly === undefined && (h.from !== undefined || h.to !== undefined),
  ].filter(Boolean).length;
  if (forms !== 1 || (h.date !== undefined && (h.from !== undefined || h.to !== undefined))) {
    problems.push({
      key: '',
      message:
        'give one of: "date" (one day), "from" and "to" (a closure of several days), or "yearly" (a rule such as "12-25" or "last MONDAY of MAY", optionally between "from" and "to")',
    });
    return problems;
  }
  if (h.yearly !== undefined) {
    try {
      parseYearlyRule(h.yearly);
    } catch (err) {
      problems.push({ key: 'yearly', message: (err as Error).message });
    }
  } else if (h.date === undefined) {
    if (h.from === undefined || h.to === undefined)
      problems.push({
        key: h.from === undefined ? 'from' : 'to',
        message: 'a closure needs both "from" and "to"',
      });
  }
  if (datesOk && h.from !== undefined && h.to !== undefined) {
    if (h.to < h.from) problems.push({ key: 'to', message: `${h.to} is before "from" (${h.from})` });
    else if (h.yearly === undefined && daysBetween(h.from, h.to) >= MAX_CLOSURE_DAYS)
      problems.push({
        key: 'to',
        message: `a closure of more than ${MAX_CLOSURE_DAYS} days is not a holiday; change the weekly hours instead`,
      });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------
// Decisions

export interface HoursDecision {
  open: boolean;
  /** The holiday that decided it, when the local date is one. */
  holiday?: string;
  local: LocalTime;
}

/** Decide whether `hours` is open at `at`, and why (holiday or weekly windows). */
export function checkHours(
  hours: Pick<HoursConfig, 'timeZone' | 'weekly' | 'holidays'>,
  at: Date,
): HoursDecision {
  const local = localTime(at, hours.timeZone);
  const holiday = holidayOn(hours, local.date);
  if (holiday) {
    return {
      open: holiday.open !== undefined && isWithinWindow(holiday.open, local.minutes),
      holiday: holiday.name,
      local,
    };
  }
  const windows = hours.weekly[local.weekday];
  return { open: windows !== undefined && isWithinWindow(windows, local.minutes), local };
}

/** Is the hours config open at this instant (holidays included)? */
export function isOpenAt(hours: Pick<HoursConfig, 'timeZone' | 'weekly' | 'holidays'>, at: Date): boolean {
  return checkHours(hours, at).open;
}
