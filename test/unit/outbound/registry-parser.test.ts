import { describe, expect, it } from 'vitest';
import {
  areaName,
  clearBit,
  countBits,
  hasBit,
  newAreaBitset,
  setBit,
  slotOf,
} from '#shared/compliance/registry-bitset.ts';
import { type RegistryParseOptions, RegistryParser } from '#shared/compliance/registry-parser.ts';

function parseAll(text: string | Uint8Array, options: RegistryParseOptions, chunk = 7) {
  const out: string[] = [];
  const p = new RegistryParser(options, (area, index, add) =>
    out.push(`${add ? '+' : '-'}${areaName(area)}:${String(index).padStart(7, '0')}`),
  );
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  for (let i = 0; i < bytes.length; i += chunk) p.push(bytes.subarray(i, i + chunk));
  p.end();
  return { out, errors: p.errors, ok: p.ok, lines: p.lines };
}

describe('registry bitset', () => {
  it('sets, tests, clears and counts exact bits', () => {
    const b = newAreaBitset();
    setBit(b, 0);
    setBit(b, 9_999_999);
    setBit(b, 5_550_100);
    expect([hasBit(b, 0), hasBit(b, 9_999_999), hasBit(b, 5_550_101)]).toEqual([true, true, false]);
    clearBit(b, 0);
    expect(countBits(b)).toBe(2);
  });

  it('slots NANP and UK numbers, refuses others', () => {
    expect(slotOf('+12065550100')).toEqual({ areaId: 1206, index: 5_550_100 });
    expect(slotOf('+447700900123')).toEqual({ areaId: 44_770, index: 900_123 });
    expect(slotOf('+905321234567')).toBeUndefined();
  });
});

describe('registry flat-file parser', () => {
  it('reads both full-list shapes, a BOM, CRLF and empty lines, across chunk boundaries', () => {
    const r = parseAll('\uFEFF2065550100\r\n\r\n212,5550199\n\n  \n"3055550100"\n', { kind: 'full' });
    expect(r.ok).toBe(true);
    expect(r.out).toEqual(['+1-206:5550100', '+1-212:5550199', '+1-305:5550100']);
  });

  it('reads change lists with the flag in the last or a configured column', () => {
    const last = parseAll('2065550100,2025-01-02 10:00:00,A\n206,5550101,2025-01-02,Delete\n', {
      kind: 'change',
    });
    expect(last.out).toEqual(['+1-206:5550100', '-1-206:5550101']);
    const second = parseAll('2065550100,d,2025-01-02\n2065550101,ADD,x\n', { kind: 'change', flagColumn: 2 });
    expect(second.out).toEqual(['-1-206:5550100', '+1-206:5550101']);
  });

  it('rejects malformed lines with their line numbers', () => {
    const r = parseAll('2065550100\nhello\n20655501\n1065550100\n2061550100\n', { kind: 'full' });
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => e.line)).toEqual([2, 3, 4, 5]);
    expect(r.errors[0]?.message).toMatch(/10-digit number/);
  });

  it('rejects a change list line with an unknown flag', () => {
    const r = parseAll('2065550100,2025-01-02,X\n', { kind: 'change' });
    expect(r.errors).toEqual([{ line: 1, message: 'column 3: expected A/D or Add/Delete, found "X"' }]);
  });

  it('rejects a 1 MB line without buffering it', () => {
    const big = new Uint8Array(1024 * 1024 + 2).fill(0x37);
    big[big.length - 1] = 10;
    const text = new TextEncoder().encode('2065550100\n');
    const all = new Uint8Array(text.length + big.length + text.length);
    all.set(text, 0);
    all.set(big, text.length);
    all.set(text, text.length + big.length);
    const r = parseAll(all, { kind: 'full' }, 65_536);
    expect(r.errors).toEqual([{ line: 2, message: 'line longer than 512 bytes' }]);
    expect(r.out).toHaveLength(2);
  });

  it('parses UK TPS numbers in national and international form', () => {
    const r = parseAll('07700900123\n+447700900124\n447700900125\n', { kind: 'full', plan: 'GB' });
    expect(r.out).toEqual(['+44-770:0900123', '+44-770:0900124', '+44-770:0900125']);
  });
});
