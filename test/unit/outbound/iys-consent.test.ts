/**
 * İYS consent exports: consent dates through the one strict parser (#15: `2026-02-30`, `2099-01-01` and `1`
 * counted as consent under `Date.parse`), read as Turkish wall-clock time, and the registry/İYS version-date
 * option refusing impossible dates.
 */
import { describe, expect, it } from 'vitest';
import * as dncCommands from '#infra/cli/commands/dnc.ts';
import { parseIysConsentDate, parseIysExport } from '#shared/compliance/consent.ts';
import { runSantral } from '../../support/cli.ts';

const NOW = new Date('2026-12-01T12:00:00Z');
const bytes = (text: string) => [new TextEncoder().encode(text)];
const HEADER = 'recipient,type,recipientType,status,consentDate,source\n';

describe('İYS consent dates', () => {
  it('reads an export time as Turkish wall-clock time (UTC+3), an explicit offset as written', () => {
    expect(parseIysConsentDate('2025-01-10 12:00:00', NOW)).toEqual({ at: new Date('2025-01-10T09:00:00Z') });
    expect(parseIysConsentDate('2025-01-10T12:00', NOW)).toEqual({ at: new Date('2025-01-10T09:00:00Z') });
    expect(parseIysConsentDate('2025-01-10T12:00:00Z', NOW)).toEqual({
      at: new Date('2025-01-10T12:00:00Z'),
    });
    expect(parseIysConsentDate('2025-01-10', NOW)).toEqual({ at: new Date('2025-01-09T21:00:00Z') });
  });

  it.each([
    ['2026-02-30 10:00:00', /not a date-time/],
    ['1', /not a date-time/],
    ['yesterday', /not a date-time/],
    ['2026-13-01 10:00:00', /not a date-time/],
    ['2099-01-01 00:00:00', /in the future/],
    ['', /missing/],
  ])('refuses %j as a consent date', (text, message) => {
    const r = parseIysConsentDate(text, NOW);
    expect('error' in r && r.error).toMatch(message);
  });

  it('reports every bad date by line and keeps the good rows around them', async () => {
    const csv =
      HEADER +
      '+905321234567,ARAMA,BIREYSEL,ONAY,2025-01-10 12:00:00,HS_WEB\n' +
      '+905321234568,ARAMA,BIREYSEL,ONAY,2026-02-30 12:00:00,HS_WEB\n' +
      '+905321234569,ARAMA,BIREYSEL,ONAY,1,HS_WEB\n' +
      '+905321234570,ARAMA,TACIR,RET,2099-01-01 00:00:00,HS_WEB\n' +
      '+905321234571,ARAMA,BIREYSEL,RET,2026-11-30 23:59:59,HS_WEB\n';
    const parsed = await parseIysExport(bytes(csv), { now: NOW });
    expect(parsed.errors.map((e) => e.line)).toEqual([3, 4, 5]);
    expect(parsed.errors[2]!.message).toMatch(/in the future/);
    expect(parsed.records.map((r) => [r.e164, r.consentDate])).toEqual([
      ['+905321234567', '2025-01-10T09:00:00.000Z'],
      ['+905321234571', '2026-11-30T20:59:59.000Z'],
    ]);
  });
});

describe('--version-date', () => {
  it.each(['2026-02-30', '2026-2-3', 'tomorrow'])('refuses %j before anything is read', async (date) => {
    await expect(
      runSantral([dncCommands], ['dnc', 'consent-import', '/nonexistent.csv', '--version-date', date]),
    ).rejects.toThrow(/is not a date YYYY-MM-DD that exists/);
  });
});
