import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
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

describe('RegistryReader.lookupSlot: the integer answer the gate reads per source', () => {
  it('answers a code whose low bit is "listed", and answerOf gives the frozen answer check gives', async () => {
    const reader = new RegistryReader(await federalRegistry('2065550100\n'));
    expect(reader.lookupSlot('federal', 1206, 5_550_100)).toBe(-1); // nothing read yet
    const listed = await reader.check('federal', '+12065550100');
    const code = reader.lookupSlot('federal', 1206, 5_550_100);
    expect(code).toBeGreaterThanOrEqual(0);
    expect(code & 1).toBe(1);
    expect(reader.answerOf(code)).toBe(listed);
    const other = reader.lookupSlot('federal', 1206, 5_550_101);
    expect(other & 1).toBe(0);
    expect(other).toBe(reader.lookupSlot('federal', 1206, 9_999_999)); // one answer per area and bit
    expect(reader.answerOf(other)).toEqual({ ...listed, status: 'notListed' });
    expect(reader.answerOf(other)).toBe(reader.peekSlot('federal', 1206, 5_550_101));
    expect(reader.answerOf(-1)).toBeUndefined();
    expect(reader.answerOf(code + 2)).toBeUndefined(); // an area slot nothing was loaded at
  });

  it('fails closed: unknown source, unloaded area, a slot outside the layout, a malformed index', async () => {
    const reader = new RegistryReader(await federalRegistry('2065550100\n3055550100\n'));
    await reader.check('federal', '+12065550100');
    expect(reader.lookupSlot('state:TX', 1206, 5_550_100)).toBe(-1); // a source never read
    expect(reader.lookupSlot('tps', 1206, 5_550_100)).toBe(-1);
    expect(reader.lookupSlot('federal', 1305, 5_550_100)).toBe(-1); // in the manifest, not loaded yet
    expect(reader.lookupSlot('federal', 1212, 5_550_100)).toBe(-1); // not in the manifest
    for (const areaId of [-1, 0, 999, 2000, 1206.5, 7206, 43_999, 45_000, Number.NaN])
      expect([areaId, reader.lookupSlot('federal', areaId, 5_550_100)]).toEqual([areaId, -1]);
    for (const index of [-1, 10_000_000, 2 ** 32, 5_550_100.5, Number.NaN])
      expect([index, reader.lookupSlot('federal', 1206, index)]).toEqual([index, -1]);
    // What lookupSlot cannot answer, check still does (and then lookupSlot can).
    expect((await reader.check('federal', '+13055550100')).status).toBe('listed');
    expect(reader.lookupSlot('federal', 1305, 5_550_100) & 1).toBe(1);
    expect((await reader.check('federal', '+12125550100')).status).toBe('missing');
    expect(reader.lookupSlot('federal', 1212, 5_550_100)).toBe(-1);
  });

  it('answers UK (TPS) areas from their own slots, never a NANP area with the same digits', async () => {
    const store = await federalRegistry('2065550100\n');
    await importRegistryFile(store, {
      source: 'tps',
      kind: 'full',
      versionDate: '2025-06-01',
      fileName: 'tps.txt',
      chunks: bytes('07700900100\n'),
    });
    const reader = new RegistryReader(store);
    const tps = await reader.check('tps', '+447700900100');
    expect(tps.status).toBe('listed');
    const code = reader.lookupSlot('tps', slotAreaOf('+447700900100'), slotIndexOf('+447700900100'));
    expect(reader.answerOf(code)).toBe(tps);
    expect(reader.lookupSlot('tps', 1770, 900_100)).toBe(-1);
    expect(reader.lookupSlot('federal', 44_770, 900_100)).toBe(-1);
  });

  it('stops answering at the manifest TTL; an old code then names the copy in force', async () => {
    const store = await federalRegistry('2065550100\n3055550100\n');
    let now = 0;
    const reader = new RegistryReader(store, { manifestTtlMs: 1000, now: () => now });
    await reader.check('federal', '+12065550100');
    await reader.check('federal', '+13055550100');
    const code206 = reader.lookupSlot('federal', 1206, 5_550_100);
    const code305 = reader.lookupSlot('federal', 1305, 5_550_100);
    await importRegistryFile(store, {
      source: 'federal',
      kind: 'full',
      versionDate: '2025-06-02',
      fileName: 'f2',
      chunks: bytes('2065550199\n'), // a new copy of 206; 305 stays as it was
      now: new Date('2025-06-03T00:00:00Z'),
    });
    now = 999;
    expect(reader.lookupSlot('federal', 1206, 5_550_100)).toBe(code206); // within the TTL
    now = 1000;
    expect(reader.lookupSlot('federal', 1206, 5_550_100)).toBe(-1); // stale: only check may answer
    expect(reader.lookupSlot('federal', 1305, 5_550_100)).toBe(-1);
    expect(await reader.check('federal', '+12065550100')).toMatchObject({
      status: 'notListed',
      manifestVersion: 2,
    });
    expect(reader.answerOf(code206 | 1)).toMatchObject({ status: 'listed', versionDate: '2025-06-02' });
    // 305's object did not change: it stays loaded, its answers name the new manifest version.
    expect(reader.lookupSlot('federal', 1305, 5_550_100)).toBe(code305);
    expect(reader.answerOf(code305)).toMatchObject({ status: 'listed', manifestVersion: 2 });
  });

  it('with the real clock, trusts one fresh reading for at most 4096 lookups of one event-loop turn', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setImmediate'], now: new Date('2025-06-10T00:00:00Z') });
    const t0 = Date.now();
    try {
      const reader = new RegistryReader(await federalRegistry('2065550100\n'), { manifestTtlMs: 1000 });
      await reader.check('federal', '+12065550100');
      vi.setSystemTime(t0 + 10); // a new turn: the clock is read, fresh
      await vi.runAllTimersAsync();
      expect(reader.lookupSlot('federal', 1206, 5_550_100) & 1).toBe(1);
      vi.setSystemTime(t0 + 5000); // the TTL passed within the turn
      let answered = 0;
      while (reader.lookupSlot('federal', 1206, 5_550_100) >= 0) answered++;
      expect(answered).toBe(4095); // the rest of that reading's 4096
      expect(reader.lookupSlot('federal', 1206, 5_550_100)).toBe(-1);
      await vi.runAllTimersAsync(); // the next turn: no budget is left to trust
      vi.setSystemTime(t0 + 900);
      expect(reader.lookupSlot('federal', 1206, 5_550_100) & 1).toBe(1); // fresh again (clock read)
      await vi.runAllTimersAsync();
      vi.setSystemTime(t0 + 5000);
      expect(reader.lookupSlot('federal', 1206, 5_550_100)).toBe(-1); // next turn, stale: at once
    } finally {
      vi.useRealTimers();
    }
  });
});
