import { describe, expect, it } from 'vitest';
import {
  formatInZone,
  InvalidDateTimeError,
  isCalendarDate,
  parseCalendarDate,
  parseClockTime,
  parseInstant,
  parseLocalDateTime,
} from '#shared/time/strict.ts';

describe('strict calendar dates', () => {
  it.each(['2026-02-28', '2028-02-29', '2026-12-31'])('accepts %s', (d) => {
    expect(parseCalendarDate(d)).toBe(d);
  });
  it.each(['2026-02-30', '2027-02-29', '2026-13-01', '2026-00-10', '1', '2026-1-5', ' 2026-01-05', ''])(
    'rejects %j with what was expected',
    (d) => {
      expect(isCalendarDate(d)).toBe(false);
      expect(() => parseCalendarDate(d)).toThrow(InvalidDateTimeError);
      expect(() => parseCalendarDate(d)).toThrow(/calendar date YYYY-MM-DD/);
    },
  );
});

describe('strict clock times', () => {
  it('reads HH:MM as minutes', () => {
    expect(parseClockTime('00:00')).toBe(0);
    expect(parseClockTime('23:59')).toBe(1439);
  });
  it.each(['24:00', '9:00', '09:60', '09:00:00', 'noon'])('rejects %j', (t) => {
    expect(() => parseClockTime(t)).toThrow(/HH:MM/);
  });
});

describe('strict instants', () => {
  it('accepts Z and numeric offsets and fractional seconds', () => {
    expect(parseInstant('2026-11-01T09:00:00Z').toISOString()).toBe('2026-11-01T09:00:00.000Z');
    expect(parseInstant('2026-11-01T12:00:00+03:00').toISOString()).toBe('2026-11-01T09:00:00.000Z');
    expect(parseInstant('2026-11-01T09:00:00.123456Z').toISOString()).toBe('2026-11-01T09:00:00.123Z');
  });
  it.each(['7', '2031-02-30T00:00:00Z', '2026-11-01T09:00:00', '2026-11-01', '2026-11-01T25:00:00Z', 'now'])(
    'rejects %j',
    (t) => {
      expect(() => parseInstant(t)).toThrow(/ISO-8601 instant with an offset/);
    },
  );
});

describe('local date-times in the center zone', () => {
  const NY = 'America/New_York';
  it('reads a time without an offset as wall-clock time in the zone (winter and summer)', () => {
    expect(parseLocalDateTime('2026-12-01T09:00', NY).toISOString()).toBe('2026-12-01T14:00:00.000Z');
    expect(parseLocalDateTime('2026-07-01T09:00:00', NY).toISOString()).toBe('2026-07-01T13:00:00.000Z');
    expect(parseLocalDateTime('2026-12-01', NY).toISOString()).toBe('2026-12-01T05:00:00.000Z');
  });
  it('takes an explicit offset as given', () => {
    expect(parseLocalDateTime('2026-12-01T09:00:00Z', NY).toISOString()).toBe('2026-12-01T09:00:00.000Z');
  });
  it('handles the hours after DST changes', () => {
    // 2026-03-08: 02:00 EST jumps to 03:00 EDT; 03:30 local = 07:30Z
    expect(parseLocalDateTime('2026-03-08T03:30', NY).toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(parseLocalDateTime('2026-11-01T12:00', NY).toISOString()).toBe('2026-11-01T17:00:00.000Z');
  });
  it('rejects impossible dates naming the accepted forms', () => {
    expect(() => parseLocalDateTime('2026-02-30T09:00', NY)).toThrow(/read in America\/New_York/);
  });
  it('prints an instant back in the zone with its offset', () => {
    expect(formatInZone(new Date('2026-12-01T14:00:00Z'), NY)).toBe('2026-12-01T09:00:00-05:00');
    expect(formatInZone(new Date('2026-07-01T13:00:00Z'), NY)).toBe('2026-07-01T09:00:00-04:00');
    expect(formatInZone(new Date('2026-07-01T13:00:00Z'), 'Europe/Istanbul')).toBe(
      '2026-07-01T16:00:00+03:00',
    );
  });
});
