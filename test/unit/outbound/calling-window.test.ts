import { describe, expect, it } from 'vitest';
import { KNOWN_NPAS, stateOfZip, zonesOfNanpNumber, zonesOfRegion } from '#shared/compliance/area-codes.ts';
import {
  candidateZones,
  evaluateCallingWindow,
  isValidTimeZone,
  isWithinCallingWindow,
  type WindowSettings,
} from '#shared/compliance/calling-window.ts';

const settings: WindowSettings = {
  callingWindow: { start: '08:00', end: '21:00' },
  stateWindows: { FL: { start: '08:00', end: '20:00' } },
  unknownZoneWindow: { start: '14:00', end: '20:00', timeZone: 'America/New_York' },
  stopMinutesBeforeClose: 10,
};
const at = (iso: string) => new Date(iso);

describe('area-code → zones table', () => {
  it('holds about 400 NPAs, every zone a valid IANA zone', () => {
    expect(KNOWN_NPAS.length).toBeGreaterThanOrEqual(380);
    for (const npa of KNOWN_NPAS) {
      const zones = zonesOfNanpNumber(`${npa}5550100`);
      expect(zones.length, npa).toBeGreaterThan(0);
      for (const z of zones) expect(isValidTimeZone(z), `${npa} ${z}`).toBe(true);
    }
  });

  it('gives every zone of a split area code, and one zone for a known exchange', () => {
    expect(zonesOfNanpNumber('2085550100').sort()).toEqual(['America/Boise', 'America/Los_Angeles']);
    expect(zonesOfNanpNumber('2086641234')).toEqual(['America/Los_Angeles']);
    expect(zonesOfNanpNumber('9155550100')).toEqual(['America/Denver']);
  });

  it('lists every area code the reference names as spanning zones with more than one candidate', () => {
    const spanning = [
      '208',
      '541',
      '775',
      '308',
      '605',
      '620',
      '701',
      '785',
      '219',
      '574',
      '812',
      '270',
      '606',
      '423',
      '906',
      '850',
      '928',
      '907',
    ];
    for (const npa of spanning) expect(zonesOfNanpNumber(`${npa}5550100`).length, npa).toBeGreaterThan(1);
    // Arizona's other codes keep Phoenix time only; El Paso (915) is Mountain in a Central state.
    for (const npa of ['480', '520', '602', '623'])
      expect(zonesOfNanpNumber(`${npa}5550100`)).toEqual(['America/Phoenix']);
    expect(zonesOfNanpNumber('2145550100')).toEqual(['America/Chicago']);
  });

  it('maps ZIP codes to states and states to all their zones', () => {
    expect(stateOfZip('98101')).toBe('WA');
    expect(stateOfZip('33101-1234')).toBe('FL');
    expect(stateOfZip('ABCDE')).toBeUndefined();
    expect(zonesOfRegion('FL').sort()).toEqual(['America/Chicago', 'America/New_York']);
  });
});

describe('calling windows', () => {
  it('allows 10:00 Seattle and refuses 07:59 Seattle', () => {
    expect(isWithinCallingWindow(settings, '+12065550100', at('2025-06-10T17:00:00Z'))).toBe(true);
    expect(isWithinCallingWindow(settings, '+12065550100', at('2025-06-10T14:59:00Z'))).toBe(false);
  });

  it('stops dispatching before the window closes', () => {
    const v = evaluateCallingWindow(settings, candidateZones('+12125550100'), at('2025-06-10T00:55:00Z'));
    expect(v.callable).toBe(false);
    expect(v.reason).toBe('closingSoon');
  });

  it('applies the stricter Florida window', () => {
    // 20:30 in Miami: inside the federal window, outside Florida's.
    const v = evaluateCallingWindow(settings, candidateZones('+13055550100'), at('2025-06-11T00:30:00Z'));
    expect(v.window).toEqual({ start: '08:00', end: '20:00' });
    expect(v.callable).toBe(false);
  });

  it('split NPA 208: callable only when both Boise and Los Angeles are inside', () => {
    // 08:30 Boise = 07:30 Los Angeles → refused; an hour later both are inside.
    expect(isWithinCallingWindow(settings, '+12085550100', at('2025-06-10T14:30:00Z'))).toBe(false);
    expect(isWithinCallingWindow(settings, '+12085550100', at('2025-06-10T15:30:00Z'))).toBe(true);
    // A panhandle exchange is Pacific only: 08:30 Pacific is fine.
    expect(isWithinCallingWindow(settings, '+12086641234', at('2025-06-10T15:30:00Z'))).toBe(true);
  });

  it('Arizona keeps standard time in summer (Phoenix = UTC−7 all year)', () => {
    // 15:30Z in July: Phoenix 08:30 (callable), Denver would be 09:30.
    const v = evaluateCallingWindow(settings, candidateZones('+16025550100'), at('2025-07-01T15:30:00Z'));
    expect(v.zones.map((z) => z.time)).toEqual(['08:30']);
    expect(v.callable).toBe(true);
    // Navajo Nation candidate on 928 observes DST: 14:30Z = Phoenix 07:30 → refused.
    expect(isWithinCallingWindow(settings, '+19285550100', at('2025-07-01T14:30:00Z'))).toBe(false);
  });

  it('DST change day: New York on 2025-03-09 (spring forward) and 2025-11-02 (fall back)', () => {
    // 12:30Z on 9 March = 08:30 EDT (after the change); on 8 March it was 07:30 EST.
    expect(isWithinCallingWindow(settings, '+12125550100', at('2025-03-09T12:30:00Z'))).toBe(true);
    expect(isWithinCallingWindow(settings, '+12125550100', at('2025-03-08T12:30:00Z'))).toBe(false);
    // 12:30Z on 2 November = 07:30 EST → refused; the day before it was 08:30 EDT.
    expect(isWithinCallingWindow(settings, '+12125550100', at('2025-11-02T12:30:00Z'))).toBe(false);
    expect(isWithinCallingWindow(settings, '+12125550100', at('2025-11-01T12:30:00Z'))).toBe(true);
  });

  it('Newfoundland is half an hour off (UTC−2:30 in summer)', () => {
    const v = evaluateCallingWindow(settings, candidateZones('+17095550100'), at('2025-07-01T10:40:00Z'));
    const stJohns = v.zones.find((z) => z.zone === 'America/St_Johns');
    expect(stJohns?.time).toBe('08:10');
    // Goose Bay (Labrador, the other 709 candidate) is 07:40 → not yet.
    expect(v.callable).toBe(false);
  });

  it('unknown area code → the conservative 14:00–20:00 New York window', () => {
    const c = candidateZones('+15555550100');
    expect(c.zones).toEqual([]);
    expect(evaluateCallingWindow(settings, c, at('2025-06-10T17:30:00Z')).callable).toBe(false); // 13:30 NY
    const v = evaluateCallingWindow(settings, c, at('2025-06-10T18:30:00Z')); // 14:30 NY
    expect(v.callable).toBe(true);
    expect(v.unknownZone).toBe(true);
  });

  it('an explicit timezone column narrows nothing away: it is one more candidate', () => {
    // Seattle number, list says New York: 08:30 NY = 05:30 Seattle → refused.
    expect(
      isWithinCallingWindow(settings, '+12065550100', at('2025-06-10T12:30:00Z'), {
        timezone: 'America/New_York',
      }),
    ).toBe(false);
  });

  it('fails closed on an unreadable timezone column', () => {
    const v = evaluateCallingWindow(
      settings,
      candidateZones('+12065550100', { timezone: 'Mars/Olympus' }),
      at('2025-06-10T18:00:00Z'),
    );
    expect(v.callable).toBe(false);
    expect(v.reason).toBe('invalidLocationHint:timezone');
  });

  it('no calls on a configured holiday at the callee’s location (state-scoped or everywhere)', () => {
    const withHolidays: WindowSettings = {
      ...settings,
      holidays: [
        { date: '2025-07-04', name: 'Independence Day' },
        { date: '2025-06-10', name: 'State day', states: ['FL'] },
      ],
    };
    const noon = at('2025-07-04T17:00:00Z');
    const v = evaluateCallingWindow(withHolidays, candidateZones('+12065550100'), noon);
    expect([v.callable, v.reason]).toEqual([false, 'holiday:2025-07-04']);
    // The FL-only date blocks a Miami number but not a Seattle one.
    expect(isWithinCallingWindow(withHolidays, '+13055550100', at('2025-06-10T16:00:00Z'))).toBe(false);
    expect(isWithinCallingWindow(withHolidays, '+12065550100', at('2025-06-10T17:00:00Z'))).toBe(true);
  });
});
