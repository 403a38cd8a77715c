/**
 * Phone-number redaction for everything a handler logs (ARCHITECTURE principle 7: no personal data in
 * logs). Applied to every string value of every log line by the logger's JSON replacer, so a number in a
 * message, an attribute, an error message or a nested object comes out masked (`+1206***0100`).
 *
 * The pattern skips digit runs glued to letters or dashes on either side, so UUIDs (contact ids), ARNs,
 * request ids and ISO timestamps stay readable; a bare ISO date is not a number either.
 */
import { maskPhoneNumber } from '../domain/phone.ts';

// A run of 7+ digits (with spaces, dots, dashes, parentheses) not glued to letters, dashes or colons, or
// a "+"-led run after a colon ("tel:+1206…"). Digits glued to ":" are ids (account ids in ARNs).
const CANDIDATE = /(?:(?<=:)\+|(?<![\w\-:])\+?)\d[\d\s().-]{5,}\d(?![\w\-:])/g;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Replace every phone-number-like run (7+ digits) in free text with its masked form. */
export function redactPhoneNumbers(text: string): string {
  return text.replace(CANDIDATE, (match) => {
    if (ISO_DATE.test(match)) return match;
    return match.replace(/\D/g, '').length >= 7 ? maskPhoneNumber(match) : match;
  });
}

/** JSON replacer for Powertools Logger (`jsonReplacerFn`): redact string values at any depth. */
export function redactingReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? redactPhoneNumbers(value) : value;
}
