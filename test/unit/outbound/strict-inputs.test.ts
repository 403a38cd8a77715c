/** Input integrity (issue 15): consent dates and registry imports read with the one strict date parser. */
import { describe, expect, it } from 'vitest';
import { consentDateStatus } from '#shared/compliance/gate.ts';
import { importRegistryFile, isRegistrySource } from '#shared/compliance/registry.ts';
import { bytes, MemoryRegistryStore } from '../../fixtures/outbound/factories.ts';

const AT = new Date('2026-06-10T18:00:00Z');

describe('consent dates from a list', () => {
  it.each([
    ['2026-02-30', 'consentDateInvalid'],
    ['1', 'consentDateInvalid'],
    ['yesterday', 'consentDateInvalid'],
    ['2026-06-10T12:00:00', 'consentDateInvalid'],
    ['2099-01-01', 'consentDateInFuture'],
    ['2026-06-10T19:00:00Z', 'consentDateInFuture'],
    ['', 'consentRequired'],
    ['2026-02-28', 'ok'],
    ['2026-06-10T17:59:00+00:00', 'ok'],
  ])('%j → %s', (text, status) => {
    expect(consentDateStatus(text, AT)).toBe(status);
  });
});

describe('registry imports refuse impossible input', () => {
  const request = (over: Partial<Parameters<typeof importRegistryFile>[1]>) => ({
    source: 'federal',
    kind: 'full' as const,
    versionDate: '2026-06-01',
    fileName: 'f.txt',
    chunks: bytes('2065550100\n'),
    now: AT,
    ...over,
  });

  it('refuses an impossible version date (2026-02-30 is not March 2)', async () => {
    await expect(
      importRegistryFile(new MemoryRegistryStore(), request({ versionDate: '2026-02-30' })),
    ).rejects.toThrow('version date "2026-02-30" is not a real calendar date YYYY-MM-DD');
  });

  it('refuses a version date in the future (it would switch the 31-day rule off)', async () => {
    await expect(
      importRegistryFile(new MemoryRegistryStore(), request({ versionDate: '2099-01-01' })),
    ).rejects.toThrow('version date 2099-01-01 is in the future (today is 2026-06-10)');
  });

  it('refuses a state list nobody consults (state:FK)', async () => {
    expect(isRegistrySource('state:FK')).toBe(false);
    expect(isRegistrySource('state:FL')).toBe(true);
    await expect(
      importRegistryFile(new MemoryRegistryStore(), request({ source: 'state:FK' })),
    ).rejects.toThrow(/unknown registry source "state:FK".*CO, FL/);
  });
});
