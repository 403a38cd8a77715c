/**
 * Toll-fraud guard for any number Santral dials on someone's say-so: external transfers (an agent types a
 * number) and callbacks (a caller keys one in). Fraudsters use contact centers to pump traffic to
 * premium-rate and international numbers they profit from, so only E.164 numbers in allowed countries,
 * of ordinary types, pass — unless an admin allow-listed the exact number. Every verdict carries a reason.
 */
import type { CountryCode } from 'libphonenumber-js';
import { normalizePhoneNumber } from './phone.ts';

export interface TollFraudGuardSettings {
  allowedCountries: readonly string[];
  blockedNumberTypes: readonly string[];
  allowList: readonly string[];
  denyList: readonly string[];
}

export type GuardReason =
  | 'allow-list'
  | 'allowed'
  | 'not-e164'
  | 'invalid-number'
  | 'deny-list'
  | 'country-not-allowed'
  | 'number-type-blocked'
  | 'number-type-unknown';

export type GuardVerdict =
  | { allowed: true; reason: 'allow-list' | 'allowed'; e164: string; country?: string; numberType?: string }
  | {
      allowed: false;
      reason: Exclude<GuardReason, 'allow-list' | 'allowed'>;
      e164?: string;
      country?: string;
      numberType?: string;
    };

/**
 * Check a number before dialling it. `input` must already be E.164 unless `defaultCountry` is given
 * (keypad input from a caller, read in that country's national format).
 */
export function checkDialableNumber(
  input: string,
  guard: TollFraudGuardSettings,
  defaultCountry?: string,
): GuardVerdict {
  const trimmed = input.trim();
  if (!defaultCountry && !/^\+[1-9]\d{6,14}$/.test(trimmed)) return { allowed: false, reason: 'not-e164' };
  const n = normalizePhoneNumber(trimmed, (defaultCountry ?? 'US') as CountryCode);
  if (!n?.valid) return { allowed: false, reason: 'invalid-number', ...(n ? { e164: n.e164 } : {}) };
  const facts = {
    e164: n.e164,
    ...(n.country ? { country: n.country } : {}),
    ...(n.type ? { numberType: n.type } : {}),
  };
  // Explicit lists first: an admin's deny beats everything, an admin's allow beats the generic rules.
  if (guard.denyList.includes(n.e164)) return { allowed: false, reason: 'deny-list', ...facts };
  if (guard.allowList.includes(n.e164)) return { allowed: true, reason: 'allow-list', ...facts };
  if (!n.country || !guard.allowedCountries.includes(n.country)) {
    return { allowed: false, reason: 'country-not-allowed', ...facts };
  }
  // Fail closed: a number libphonenumber cannot classify could be anything, premium rate included.
  if (!n.type) return { allowed: false, reason: 'number-type-unknown', ...facts };
  if (guard.blockedNumberTypes.includes(n.type))
    return { allowed: false, reason: 'number-type-blocked', ...facts };
  return { allowed: true, reason: 'allowed', ...facts };
}
