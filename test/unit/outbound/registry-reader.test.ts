import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importRegistryFile, RegistryReader } from '#shared/compliance/registry.ts';
import { slotAreaOf, slotIndexOf, slotOf } from '#shared/compliance/registry-bitset.ts';
import { bytes, federalRegistry } from '../../fixtures/outbound/factories.ts';

describe('registry slots of E.164 numbers', () => {
  it('decodes digits in place exactly as the numeric reading of the two parts (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\+(1\d{10}|44\d{10})$/), (e164) => {
        const cc = e164.startsWith('+1') ? 1 : 44;
        const at = cc === 1 ? 2 : 3;
        expect(slotOf(e164)).toEqual({
          areaId: cc * 1000 + Number(e164.slice(at, at + 3)),
          index: Number(e164.slice(at + 3)),
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses anything but digits after the country code (fail closed: unsupported, never another area)', () => {
    for (const text of [
      '+1 065550100',
      '+1-20555010',
      '+1206555010x',
      '+12065550100 ',
      '12065550100',
      '+4477009001 3',
    ])
      expect([text, slotAreaOf(text), slotOf(text)]).toEqual([text, -1, undefined]);
    fc.assert(
      fc.property(fc.string({ minLength: 12, maxLength: 13 }), (text) => {
        if (!/^\+(1\d{10}|44\d{10})$/.test(text)) expect(slotAreaOf(text)).toBe(-1);
      }),
      { numRuns: 2000 },
    );
    expect(slotIndexOf('+12065550100')).toBe(5_550_100);
  });
});

describe('RegistryReader: the synchronous hot path agrees with the store path', () => {
  it('answers nothing before the area is loaded, then what check answers, without allocating', async () => {
    const reader = new RegistryReader(await federalRegistry('2065550100\n'));
    expect(reader.peek('federal', '+12065550100')).toBeUndefined();
    const listed = await reader.check('federal', '+12065550100');
    expect(listed).toEqual({
      source: 'federal',
      status: 'listed',
      area: '1-206',
      versionDate: '2025-06-01',
      manifestVersion: 1,
    });
    expect(reader.peek('federal', '+12065550100')).toBe(listed);
    expect(reader.peekSlot('federal', 1206, 5_550_100)).toBe(listed);
    expect(reader.peek('federal', '+12065550101')).toEqual({ ...listed, status: 'notListed' });
    expect(reader.peek('federal', '+12065550101')).toBe(reader.peek('federal', '+12065550199'));
    // Another area or source, or a number outside the layout: only check can say (missing / unsupported).
    expect(reader.peek('federal', '+13055550100')).toBeUndefined();
    expect(reader.peek('state:TX', '+12065550100')).toBeUndefined();
    expect(reader.peek('federal', '+905321234567')).toBeUndefined();
    expect((await reader.check('federal', '+13055550100')).status).toBe('missing');
    expect((await reader.check('federal', '+905321234567')).status).toBe('unsupported');
  });

  it('stops answering when the manifest TTL passes, and then answers from the new copy', async () => {
    const store = await federalRegistry('2065550100\n');
    let now = 0;
    const reader = new RegistryReader(store, { manifestTtlMs: 1000, now: () => now });
    expect((await reader.check('federal', '+12065550100')).status).toBe('listed');
    await importRegistryFile(store, {
      source: 'federal',
      kind: 'change',
      versionDate: '2025-06-02',
      fileName: 'chg',
      chunks: bytes('2065550100,2025-06-02,D\n'),
      now: new Date('2025-06-03T00:00:00Z'),
    });
    now = 999;
    expect(reader.peek('federal', '+12065550100')?.status).toBe('listed'); // within the TTL: the cached copy
    now = 1000;
    expect(reader.peek('federal', '+12065550100')).toBeUndefined();
    const fresh = await reader.check('federal', '+12065550100');
    expect(fresh).toMatchObject({ status: 'notListed', versionDate: '2025-06-02', manifestVersion: 2 });
    expect(reader.peek('federal', '+12065550100')).toBe(fresh);
  });

  it('agrees with check on random numbers of a loaded area (property)', async () => {
    const lines = Array.from({ length: 200 }, (_, i) => `206555${String(i * 37).padStart(4, '0')}`);
    const reader = new RegistryReader(await federalRegistry(`${lines.join('\n')}\n`));
    await reader.check('federal', '+12060000000');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 9_999_999 }), async (index) => {
        const e164 = `+1206${String(index).padStart(7, '0')}`;
        expect(reader.peek('federal', e164)).toEqual(await reader.check('federal', e164));
      }),
      { numRuns: 1000 },
    );
  });
});
