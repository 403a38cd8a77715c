/**
 * Hours of operation: is an hours config (infra/config › hours[]) open at an instant? Pure, reused by the
 * flow simulator (CheckHoursOfOperation), routing and outbound checks.
 *
 * Semantics, matching Amazon Connect hours of operation with overrides:
 * - Windows are in the hours' own IANA time zone; start is inclusive, end exclusive ("09:00-18:00" is open
 *   at 09:00 and closed at 18:00). An end of "23:59" means "through the end of the day" so that
 *   "00:00-23:59" on every day is always open (Connect's own 24-hour convention).
 * - A holiday date (the local date in that zone) replaces the weekly window: closed all day, or open only
 *   within its `open` window when one is given.
 */
import type { HoursConfig, Weekday } from '../config/schema.ts';

export interface LocalTime {
  /** Local calendar date "YYYY-MM-DD" in the hours' time zone. */
  date: string;
  weekday: Weekday;
  /** Minutes since local midnight. */
  minutes: number;
}

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

/** The local date, weekday and minute of `at` in `timeZone`. */
export function localTime(at: Date, timeZone: string): LocalTime {
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

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
};

/** Is `minutes` inside "HH:MM-HH:MM" (start inclusive, end exclusive, "23:59" = end of day)? */
export function isWithinWindow(window: string, minutes: number): boolean {
  const [start, end] = window.split('-') as [string, string];
  const endMinutes = end === '23:59' ? 24 * 60 : toMinutes(end);
  return minutes >= toMinutes(start) && minutes < endMinutes;
}

export interface HoursDecision {
  open: boolean;
  /** The holiday that decided it, when the local date is one. */
  holiday?: string;
  local: LocalTime;
}

/** Decide whether `hours` is open at `at`, and why (holiday or weekly window). */
export function checkHours(
  hours: Pick<HoursConfig, 'timeZone' | 'weekly' | 'holidays'>,
  at: Date,
): HoursDecision {
  const local = localTime(at, hours.timeZone);
  const holiday = hours.holidays.find((h) => h.date === local.date);
  if (holiday) {
    return {
      open: holiday.open !== undefined && isWithinWindow(holiday.open, local.minutes),
      holiday: holiday.name,
      local,
    };
  }
  const window = hours.weekly[local.weekday];
  return { open: window !== undefined && isWithinWindow(window, local.minutes), local };
}

/** Is the hours config open at this instant (holidays included)? */
export function isOpenAt(hours: Pick<HoursConfig, 'timeZone' | 'weekly' | 'holidays'>, at: Date): boolean {
  return checkHours(hours, at).open;
}
