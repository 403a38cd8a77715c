import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeenNumbers } from '#shared/outbound/seen-numbers.ts';

describe('SeenNumbers (the duplicate check of a list scrub)', () => {
  it('answers as a set of the strings would, for NANP and any other numbers (property)', () => {
    const number = fc.oneof(
      fc.integer({ min: 0, max: 9_999_999_999 }).map((n) => `+1${String(n).padStart(10, '0')}`),
      fc.integer({ min: 2_065_550_100, max: 2_065_550_140 }).map((n) => `+1${n}`), // many repeats
      fc.constantFrom('+905321234567', '+447700900123', '+1206555010', '+1206555010x', ''),
    );
    fc.assert(
      fc.property(fc.array(number, { maxLength: 300 }), (numbers) => {
        const seen = new SeenNumbers();
        const reference = new Set<string>();
        for (const e164 of numbers) {
          expect(seen.addIfNew(e164), e164).toBe(!reference.has(e164));
          reference.add(e164);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keeps every number across table growth (200,000 distinct, then each again)', () => {
    const seen = new SeenNumbers();
    let x = 7;
    const numbers: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      x = (Math.imul(x, 1_103_515_245) + 12_345) >>> 0;
      numbers.push(`+1${2_000_000_000 + ((x * 2) % 7_999_999_999) + (i % 2)}`);
    }
    const distinct = new Set(numbers);
    let added = 0;
    for (const n of numbers) if (seen.addIfNew(n)) added++;
    expect(added).toBe(distinct.size);
    for (const n of distinct) expect(seen.addIfNew(n)).toBe(false);
  });
});
