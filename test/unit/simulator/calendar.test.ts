import { describe, expect, it } from 'vitest';
import type { HoursConfig } from '#shared/config/schema.ts';
import {
  checkHours,
  holidayDates,
  InvalidHoursError,
  isOpenAt,
  parseWindows,
  parseYearlyRule,
  yearlyDate,
} from '#shared/domain/hours.ts';
import { parseInstant } from '#shared/time/strict.ts';

/** Pacific hours with a lunch break on weekdays. */
const returns = (holidays: HoursConfig['holidays'] = []): HoursConfig => ({
  name: 'Returns',
  timeZone: 'America/Los_Angeles',
  weekly: { MONDAY: '09:00-12:00,13:00-17:00', THURSDAY: '09:00-12:00,13:00-17:00' },
  holidays,
});
const pacific = (local: string) => parseInstant(`${local}-08:00`); // PST (November–March)
const pacificSummer = (local: string) => parseInstant(`${local}-07:00`); // PDT

describe('calendars: split shifts, closures, yearly rules', () => {
  it('closes for lunch between two windows of a split shift', () => {
    expect(isOpenAt(returns(), pacific('2026-11-23T11:59'))).toBe(true);
    expect(isOpenAt(returns(), pacific('2026-11-23T12:00'))).toBe(false);
    expect(isOpenAt(returns(), pacific('2026-11-23T12:59'))).toBe(false);
    expect(isOpenAt(returns(), pacific('2026-11-23T13:00'))).toBe(true);
    expect(isOpenAt(returns(), pacific('2026-11-23T17:00'))).toBe(false);
  });

  it('parses windows strictly, in order, and refuses overlaps and impossible times', () => {
    expect(parseWindows('13:00-17:00, 09:00-12:00')).toEqual([
      { start: 540, end: 720 },
      { start: 780, end: 1020 },
    ]);
    expect(() => parseWindows('09:00-12:00, 13:00-1800')).toThrow(
      /window "13:00-1800": "1800" is not a time of day/,
    );
    expect(() => parseWindows('09:00-13:00,12:00-18:00')).toThrow(/09:00-13:00 and 12:00-18:00 overlap/);
    expect(() => parseWindows('09:00-24:30')).toThrow(InvalidHoursError);
    expect(() => parseWindows('18:00-09:00')).toThrow(/must end after it starts/);
  });

  it('computes "last MONDAY of MAY" and "fourth THURSDAY of NOVEMBER" per year', () => {
    expect(yearlyDate(parseYearlyRule('last MONDAY of MAY'), 2026)).toBe('2026-05-25');
    expect(yearlyDate(parseYearlyRule('last monday of may'), 2027)).toBe('2027-05-31');
    expect(yearlyDate(parseYearlyRule('fourth THURSDAY of NOVEMBER'), 2026)).toBe('2026-11-26');
    expect(yearlyDate(parseYearlyRule('1st FRIDAY of Jan'), 2027)).toBe('2027-01-01');
    expect(yearlyDate(parseYearlyRule('02-29'), 2027)).toBeUndefined();
    expect(yearlyDate(parseYearlyRule('02-29'), 2028)).toBe('2028-02-29');
  });

  it('suggests the word meant in a yearly rule', () => {
    expect(() => parseYearlyRule('last MUNDAY of MAY')).toThrow(
      /"MUNDAY" is not a weekday — did you mean "MONDAY"\?/,
    );
    expect(() => parseYearlyRule('last MONDAY of MAI')).toThrow(
      /"MAI" is not a month — did you mean "MAY"\?/,
    );
    expect(() => parseYearlyRule('02-30')).toThrow(/yearly "02-30": "02-30" is not a day of the year/);
  });

  it('closes on a yearly holiday every year inside its bounds, and not outside them', () => {
    const hours = returns([
      { name: 'Thanksgiving', yearly: 'fourth THURSDAY of NOVEMBER', from: '2026-01-01', to: '2027-12-31' },
    ]);
    expect(checkHours(hours, pacific('2026-11-26T10:00'))).toMatchObject({
      open: false,
      holiday: 'Thanksgiving',
    });
    expect(checkHours(hours, pacific('2027-11-25T10:00'))).toMatchObject({
      open: false,
      holiday: 'Thanksgiving',
    });
    expect(isOpenAt(hours, pacific('2026-11-19T10:00'))).toBe(true); // third Thursday
    expect(isOpenAt(hours, pacific('2028-11-23T10:00'))).toBe(true); // after `to`
    expect(holidayDates(hours.holidays[0]!)).toEqual(['2026-11-26', '2027-11-25']);
  });

  it('closes every day of a multi-day closure and opens the day after', () => {
    const hours = returns([{ name: 'Stocktake', from: '2026-12-28', to: '2026-12-31' }]);
    expect(isOpenAt(hours, pacific('2026-12-28T10:00'))).toBe(false);
    expect(isOpenAt(hours, pacific('2026-12-31T10:00'))).toBe(false);
    expect(holidayDates(hours.holidays[0]!)).toHaveLength(4);
  });

  it('opens only within the reduced windows of a holiday', () => {
    const hours = returns([
      { name: 'Memorial Day', yearly: 'last MONDAY of MAY', open: '10:00-12:00,13:00-14:00' },
    ]);
    expect(isOpenAt(hours, pacificSummer('2026-05-25T09:30'))).toBe(false);
    expect(isOpenAt(hours, pacificSummer('2026-05-25T11:00'))).toBe(true);
    expect(isOpenAt(hours, pacificSummer('2026-05-25T13:30'))).toBe(true);
    expect(isOpenAt(hours, pacificSummer('2026-05-25T15:00'))).toBe(false);
  });
});
