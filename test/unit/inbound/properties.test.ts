import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskPhoneNumber, toE164 } from '#shared/domain/phone.ts';
import { redactPhoneNumbers } from '#shared/middleware/redact.ts';
import {
  InvalidStringMapError,
  MAX_STRING_MAP_BYTES,
  STRING_MAP_KEY,
  type StringMapInput,
  toStringMap,
} from '#shared/middleware/string-map.ts';

// US numbers libphonenumber accepts as valid: NXX-NXX-XXXX with N = 2–9 (the 555-01xx range included).
const usNumber = fc
  .tuple(
    fc.integer({ min: 2, max: 9 }),
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 2, max: 9 }),
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 0, max: 9999 }),
  )
  .map(
    ([a, b, c, d, e]) =>
      `${a}${String(b).padStart(2, '0')}${c}${String(d).padStart(2, '0')}${String(e).padStart(4, '0')}`,
  )
  .filter((n) => toE164(`+1${n}`) !== undefined);

describe('number normalisation (property)', () => {
  it('gives the same E.164 for every way a caller id or a keypad can write a number', () => {
    fc.assert(
      fc.property(usNumber, (n) => {
        const e164 = `+1${n}`;
        const formats = [
          e164,
          n,
          `1${n}`,
          `(${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6)}`,
          `+1 ${n.slice(0, 3)}.${n.slice(3, 6)}.${n.slice(6)}`,
        ];
        for (const f of formats) expect(toE164(f)).toBe(e164);
      }),
    );
  });

  it('masks keep the last four digits and never the full number', () => {
    fc.assert(
      fc.property(usNumber, (n) => {
        const masked = maskPhoneNumber(`+1${n}`);
        expect(masked.endsWith(n.slice(-4))).toBe(true);
        expect(masked.replace(/\D/g, '')).not.toContain(n);
      }),
    );
  });

  it('redaction leaves no full number in free text', () => {
    fc.assert(
      fc.property(
        usNumber,
        fc.string(),
        fc.string(),
        fc.constantFrom('', '+1', '+1 ', '1-'),
        (n, before, after, prefix) => {
          const pretty = `(${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6)}`;
          for (const written of [`${prefix}${n}`, pretty]) {
            const out = redactPhoneNumbers(`${before} ${written} ${after}`);
            expect(out.replace(/\D/g, '')).not.toContain(n);
            expect(out).toContain('***');
          }
        },
      ),
    );
  });
});

const flatValue = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);
const key = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
const input: fc.Arbitrary<StringMapInput> = fc.letrec((tie) => ({
  node: fc.dictionary(
    key,
    fc.oneof({ depthSize: 'small' }, flatValue, fc.array(flatValue, { maxLength: 3 }), tie('node')),
    {
      maxKeys: 6,
    },
  ),
})).node as fc.Arbitrary<StringMapInput>;

describe('STRING_MAP flattening (property)', () => {
  it('yields a flat map of valid keys to strings, or rejects the input with InvalidStringMapError', () => {
    fc.assert(
      fc.property(input, (value) => {
        let out: Record<string, string>;
        try {
          out = toStringMap(value);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidStringMapError);
          return;
        }
        for (const [k, v] of Object.entries(out)) {
          expect(k).toMatch(STRING_MAP_KEY);
          expect(typeof v).toBe('string');
        }
        expect(Buffer.byteLength(JSON.stringify(out))).toBeLessThanOrEqual(MAX_STRING_MAP_BYTES);
      }),
    );
  });

  it('keeps every top-level string value as it is', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          key,
          fc
            .string({ maxLength: 40 })
            .map((s) => [...s].filter((c) => c.charCodeAt(0) > 31 && c.charCodeAt(0) !== 127).join('')),
        ),
        (value) => {
          expect(toStringMap(value)).toEqual(value);
        },
      ),
    );
  });

  it('rejects a response over 32 KB', () => {
    expect(() => toStringMap({ big: 'x'.repeat(MAX_STRING_MAP_BYTES) })).toThrow(InvalidStringMapError);
  });
});
