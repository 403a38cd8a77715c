/**
 * Phone numbers: normalisation to E.164 (libphonenumber-js, full metadata for number types) and masking
 * for logs. Every module that touches a number goes through here, so "+1 (206) 555-0100", "2065550100"
 * and "+12065550100" are the same caller everywhere.
 */
import { type CountryCode, type NumberType, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { parseNanpFast } from './nanp.ts';

export interface NormalizedNumber {
  e164: string;
  country: CountryCode | undefined;
  /** libphonenumber's type: MOBILE, FIXED_LINE, FIXED_LINE_OR_MOBILE, TOLL_FREE, PREMIUM_RATE, … */
  type: NumberType | undefined;
  /** A valid, dialable number for its country (not just the right length). */
  valid: boolean;
}

/**
 * Parse what a caller, a list or a CTR gave us. Returns undefined when it is not a phone number at all.
 * `defaultCountry` applies to national-format input without a leading "+".
 */
export function normalizePhoneNumber(
  input: string,
  defaultCountry: CountryCode = 'US',
): NormalizedNumber | undefined {
  const trimmed = input.trim();
  if (trimmed.length === 0 || trimmed.length > 40) return undefined;
  // Digits-only US/CA numbers whose libphonenumber result is known exactly (shared/domain/nanp.ts): a
  // million-row list costs character tests instead of a libphonenumber parse per row.
  const fast = parseNanpFast(trimmed, defaultCountry);
  if (fast) return new FastNanpNumber(fast.e164, fast.country);
  const parsed = parsePhoneNumberFromString(trimmed, defaultCountry);
  if (!parsed) return undefined;
  // The number type is worked out only when asked (the toll-fraud guard does; list scrubbing does not).
  let type: NumberType | undefined | null = null;
  return {
    e164: parsed.number,
    country: parsed.country,
    valid: parsed.isValid(),
    get type() {
      if (type === null) type = parsed.getType();
      return type;
    },
  };
}

/** A fast-path result: valid by construction; the number type (rarely asked) still comes from libphonenumber. */
class FastNanpNumber implements NormalizedNumber {
  readonly valid = true;
  private kind: NumberType | undefined | null = null;
  constructor(
    readonly e164: string,
    readonly country: CountryCode,
  ) {}
  get type(): NumberType | undefined {
    if (this.kind === null) this.kind = parsePhoneNumberFromString(this.e164)?.getType();
    return this.kind;
  }
}

/** E.164 for a valid number, else undefined. */
export function toE164(input: string, defaultCountry: CountryCode = 'US'): string | undefined {
  const n = normalizePhoneNumber(input, defaultCountry);
  return n?.valid ? n.e164 : undefined;
}

const E164_PATTERN = /^\+[1-9]\d{6,14}$/;
export const isE164 = (value: string): boolean => E164_PATTERN.test(value);

/**
 * Mask a number for logs and traces: keep the country/area prefix and the last 4 digits,
 * e.g. "+12065550100" → "+1206***0100". Anything that is not a number is fully masked.
 */
export function maskPhoneNumber(value: string): string {
  // An E.164 string (every row of a list, every evidence record): the digits are all but the '+'.
  if (isPlusDigits(value)) return value.length < 8 ? '***' : `${value.slice(0, 5)}***${value.slice(-4)}`;
  const digits = value.replace(/[^\d]/g, '');
  if (digits.length < 7) return '***';
  return `+${digits.slice(0, 4)}***${digits.slice(-4)}`;
}

function isPlusDigits(value: string): boolean {
  if (value.charCodeAt(0) !== 43) return false;
  for (let i = 1; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return value.length > 1;
}

/** Replace every phone-number-like run of digits in free text with its masked form. */
export function maskPhoneNumbersInText(text: string): string {
  return text.replace(/\+?\d[\d\s().-]{6,}\d/g, (m) =>
    m.replace(/\D/g, '').length >= 7 ? maskPhoneNumber(m) : m,
  );
}
