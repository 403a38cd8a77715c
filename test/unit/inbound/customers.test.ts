import { describe, expect, it } from 'vitest';
import {
  type CallerRecord,
  describeCaller,
  isRepeatCaller,
  previousContactAt,
} from '#shared/domain/customers.ts';

const settings = {
  repeatCallerWindowHours: 72,
  defaultLanguage: 'en-US',
  supportedLanguages: ['en-US', 'tr-TR'],
};
const now = new Date('2026-11-23T12:00:00.000Z');
const contact = { contactId: 'c-now', now };
const vip = (over: Partial<CallerRecord> = {}): CallerRecord => ({
  profile: {
    customerId: 'cust-1',
    firstName: 'Ayşe',
    tier: 'VIP',
    preferredLanguage: 'tr-TR',
    openCaseId: 'case-9',
  },
  ...over,
});

describe('describeCaller', () => {
  it('describes a known VIP customer with their language and open case', () => {
    const d = describeCaller(vip(), contact, settings);
    expect(d).toMatchObject({
      lookupStatus: 'ok',
      customerKnown: true,
      customerId: 'cust-1',
      firstName: 'Ayşe',
      tier: 'VIP',
      preferredLanguage: 'tr-TR',
      openCaseId: 'case-9',
      repeatCaller: false,
      onDncList: false,
    });
  });

  it('describes an unknown caller with the default language and standard tier', () => {
    expect(describeCaller({}, contact, settings)).toMatchObject({
      customerKnown: false,
      customerId: '',
      tier: 'standard',
      preferredLanguage: 'en-US',
    });
  });

  it('treats a number that could not be read (withheld caller id) as an unknown caller', () => {
    expect(describeCaller(undefined, contact, settings)).toMatchObject({
      lookupStatus: 'ok',
      customerKnown: false,
    });
  });

  it('falls back to the default language when the profile names an unsupported one', () => {
    const record = vip();
    record.profile!.preferredLanguage = 'de-DE';
    expect(describeCaller(record, contact, settings).preferredLanguage).toBe('en-US');
  });

  it('flags a repeat caller within the window and passes on the last agent', () => {
    const d = describeCaller(
      vip({
        activity: { lastContactId: 'c-old', lastContactAt: '2026-11-22T12:00:00.000Z', lastAgent: 'jane' },
      }),
      contact,
      settings,
    );
    expect(d).toMatchObject({
      repeatCaller: true,
      lastContactAt: '2026-11-22T12:00:00.000Z',
      lastAgent: 'jane',
    });
  });

  it('does not flag a caller whose last contact is older than the window, and drops the last agent', () => {
    const d = describeCaller(
      vip({
        activity: { lastContactId: 'c-old', lastContactAt: '2026-11-19T11:59:00.000Z', lastAgent: 'jane' },
      }),
      contact,
      settings,
    );
    expect(d).toMatchObject({ repeatCaller: false, lastAgent: '' });
  });

  it('reports a number on the internal DNC list', () => {
    const d = describeCaller(
      vip({ dnc: { e164: '+12065550100', source: 'ivr', addedAt: '2026-01-01T00:00:00Z', addedBy: 'ivr' } }),
      contact,
      settings,
    );
    expect(d.onDncList).toBe(true);
  });
});

describe('previousContactAt', () => {
  it('uses the last contact when the read happened before this contact was noted', () => {
    expect(previousContactAt({ lastContactId: 'c-old', lastContactAt: 'T1' }, 'c-now')).toBe('T1');
  });

  it('uses the contact before when the read already sees this contact (parallel write, or a retry)', () => {
    expect(
      previousContactAt({ lastContactId: 'c-now', lastContactAt: 'T2', previousContactAt: 'T1' }, 'c-now'),
    ).toBe('T1');
  });

  it('is undefined for a first-time caller', () => {
    expect(previousContactAt({ lastContactId: 'c-now', lastContactAt: 'T2' }, 'c-now')).toBeUndefined();
  });
});

describe('isRepeatCaller', () => {
  it('ignores timestamps in the future and unparseable ones', () => {
    expect(isRepeatCaller('2026-11-24T00:00:00Z', now, 72)).toBe(false);
    expect(isRepeatCaller('yesterday', now, 72)).toBe(false);
  });
});
