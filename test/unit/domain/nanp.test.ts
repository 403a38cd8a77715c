import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { parseNanpFast } from '#shared/domain/nanp.ts';
import { normalizePhoneNumber } from '#shared/domain/phone.ts';

/** What libphonenumber alone says (the authority the fast path must agree with). */
function reference(text: string, defaultCountry: 'US' | 'GB' = 'US') {
  const p = parsePhoneNumberFromString(text, defaultCountry);
  return p ? { e164: p.number, country: p.country, valid: p.isValid() } : undefined;
}

/** Agreement on one input: the fast path answers like libphonenumber, or not at all. */
function agrees(text: string, defaultCountry: 'US' | 'GB' = 'US'): void {
  const fast = parseNanpFast(text, defaultCountry);
  if (!fast) return;
  expect({ e164: fast.e164, country: fast.country, valid: true }, text).toEqual(
    reference(text, defaultCountry),
  );
  expect(fast.national).toBe(Number(fast.e164.slice(2)));
}

const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));

describe('NANP fast path (shared/domain/nanp.ts)', () => {
  it('reads the three digits-only forms of one number alike', () => {
    for (const text of ['+12065550100', '12065550100', '2065550100'])
      expect(parseNanpFast(text, 'US')).toEqual({
        e164: '+12065550100',
        country: 'US',
        national: 2065550100,
      });
    expect(parseNanpFast('+14165550100', 'US')?.country).toBe('CA');
  });

  it('leaves to libphonenumber what NANPA rules or its tables do not cover', () => {
    for (const text of [
      '+12115550100', // N11 area code (service code)
      '+13725550100', // 37X: reserved
      '+12905550100', // N9X: expansion
      '+12061115555', // N11 office code
      '+12061005555', // office code starting 1
      '+12060005555', // office code starting 0
      '+19835550100', // 983: validity varies by exchange
      '+17875550100', // Puerto Rico: another country of +1
      '+15005550100', // personal-communications code
      '+1 2065550100', // punctuation
      '(206) 555-0100',
      '+120655501000', // too long
      '206555010', // too short
      '+22065550100', // another country code
      '２０６５５５０１００', // full-width digits
    ])
      expect(parseNanpFast(text, 'US'), text).toBeUndefined();
    // A national form in another default country's plan is that plan's business.
    expect(parseNanpFast('2065550100', 'GB')).toBeUndefined();
    expect(parseNanpFast('12065550100', 'GB')).toBeUndefined();
    expect(parseNanpFast('+12065550100', 'GB')?.e164).toBe('+12065550100');
  });

  it('agrees with libphonenumber on every area code × every office-code digit', () => {
    let x = 17;
    const next = () => {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      return x;
    };
    let answered = 0;
    for (let npa = 200; npa <= 999; npa++)
      for (let n = 2; n <= 9; n++) {
        const rest = String(next() % 1_000_000).padStart(6, '0');
        const text = `+1${npa}${n}${rest}`;
        if (parseNanpFast(text, 'US')) answered++;
        agrees(text);
      }
    // 365 US + 56 Canadian area codes, each with 8 office-code digits (an N11 draw is left out).
    expect(answered).toBeGreaterThan(421 * 8 * 0.95);
  });

  it('agrees with libphonenumber on random digit strings in every form (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          digits(10),
          digits(10).map((d) => `1${d}`),
          digits(10).map((d) => `+1${d}`),
          digits(11),
          digits(12),
          fc.string({ minLength: 10, maxLength: 12 }),
        ),
        fc.constantFrom<'US' | 'GB'>('US', 'GB'),
        (text, country) => agrees(text, country),
      ),
      { numRuns: 5000 },
    );
  });

  it('agrees on edge inputs: near-miss digits, signs and separators around valid numbers (property)', () => {
    const valid = fc
      .tuple(
        fc.constantFrom('206', '212', '416', '604', '800', '983', '787', '211', '555', '600'),
        fc.integer({ min: 0, max: 999 }),
        digits(4),
      )
      .map(([npa, nxx, line]) => `${npa}${String(nxx).padStart(3, '0')}${line}`);
    fc.assert(
      fc.property(
        valid,
        fc.constantFrom('', '1', '+1', '+', '0', '01', '+01', '11', '+11', ' ', '-'),
        fc.constantFrom('', '0', ' ', '#', 'x'),
        (national, prefix, suffix) => agrees(`${prefix}${national}${suffix}`),
      ),
      { numRuns: 5000 },
    );
  });

  it('leaves normalizePhoneNumber’s answers unchanged, number type included', () => {
    for (const text of ['+12065550100', '2125550123', '18005550100', '+14165550100', ' +12065550100 ']) {
      const n = normalizePhoneNumber(text)!;
      const p = parsePhoneNumberFromString(text.trim(), 'US')!;
      expect({ e164: n.e164, country: n.country, valid: n.valid, type: n.type }).toEqual({
        e164: p.number,
        country: p.country,
        valid: p.isValid(),
        type: p.getType(),
      });
    }
  });
});
