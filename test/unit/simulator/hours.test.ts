import { describe, expect, it } from 'vitest';
import type { HoursConfig } from '#shared/config/schema.ts';
import { checkHours, isOpenAt, isWithinWindow, localTime } from '#shared/domain/hours.ts';

const main = (overrides: Partial<HoursConfig> = {}): HoursConfig => ({
  name: 'Main',
  timeZone: 'America/New_York',
  weekly: { MONDAY: '09:00-18:00', SATURDAY: '10:00-14:00' },
  holidays: [{ date: '2026-12-28', name: 'Closed Monday' }],
  ...overrides,
});

describe('hours of operation', () => {
  it('is open inside a weekday window in the hours time zone', () => {
    // 2026-11-23 is a Monday; 11:00 in New York is 16:00 UTC (EST, UTC-5).
    expect(isOpenAt(main(), new Date('2026-11-23T16:00:00Z'))).toBe(true);
  });

  it('treats the window start as open and the end as closed', () => {
    expect(isOpenAt(main(), new Date('2026-11-23T14:00:00Z'))).toBe(true); // 09:00 local
    expect(isOpenAt(main(), new Date('2026-11-23T13:59:00Z'))).toBe(false); // 08:59 local
    expect(isOpenAt(main(), new Date('2026-11-23T23:00:00Z'))).toBe(false); // 18:00 local
  });

  it('is closed on a day without a window', () => {
    // Sunday 2026-11-22, 11:00 New York.
    expect(isOpenAt(main(), new Date('2026-11-22T16:00:00Z'))).toBe(false);
  });

  it('uses the local date, not the UTC date, across midnight', () => {
    // 2026-11-24T03:00Z is still Monday 22:00 in New York → closed, and the weekday is MONDAY.
    const local = localTime(new Date('2026-11-24T03:00:00Z'), 'America/New_York');
    expect(local).toEqual({ date: '2026-11-23', weekday: 'MONDAY', minutes: 22 * 60 });
  });

  it('follows daylight saving time', () => {
    // Monday 2026-06-01, 09:30 New York is 13:30 UTC (EDT, UTC-4).
    expect(isOpenAt(main(), new Date('2026-06-01T13:30:00Z'))).toBe(true);
    expect(isOpenAt(main(), new Date('2026-06-01T13:29:00Z'))).toBe(true);
    expect(isOpenAt(main(), new Date('2026-06-01T12:59:00Z'))).toBe(false);
  });

  it('closes all day on a holiday that would otherwise be open', () => {
    const decision = checkHours(main(), new Date('2026-12-28T16:00:00Z'));
    expect(decision).toMatchObject({ open: false, holiday: 'Closed Monday' });
  });

  it('opens only within the reduced window of a holiday', () => {
    const hours = main({ holidays: [{ date: '2026-12-28', name: 'Short day', open: '10:00-12:00' }] });
    expect(isOpenAt(hours, new Date('2026-12-28T15:30:00Z'))).toBe(true); // 10:30
    expect(isOpenAt(hours, new Date('2026-12-28T17:30:00Z'))).toBe(false); // 12:30
  });

  it('reads "23:59" as the end of the day', () => {
    expect(isWithinWindow('00:00-23:59', 23 * 60 + 59)).toBe(true);
    expect(isWithinWindow('09:00-17:00', 17 * 60)).toBe(false);
  });
});
