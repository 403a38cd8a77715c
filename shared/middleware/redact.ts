/**
 * Personal-data redaction for everything a handler logs (ARCHITECTURE principle 7: no personal data in
 * logs). Applied to every value of every log line by the logger's JSON replacer, so a number in a message,
 * an attribute, an error message (and its `cause` chain and stack) or a nested object comes out masked
 * (`+1206***0100`), and a person's name under a name field (`firstName`, `LastName`, `customerName`, …)
 * comes out as its initial (`A***`) — also where such a field appears inside free text
 * (`{"firstName":"Ayşe"}` quoted in an error message, `lastName=Yılmaz`).
 *
 * The number pattern skips digit runs glued to letters, dashes or colons on either side, so UUIDs (contact
 * ids), ARNs, request ids and ISO timestamps stay readable; a bare ISO date is not a number either, nor is
 * a run of 16 or more bare digits (E.164 numbers have at most 15 digits — ITU-T E.164 §6.1; Kinesis
 * sequence numbers have 56). Free-text names outside a name field cannot be recognised and are not masked:
 * handlers log ids, counts and outcomes, never free text from a caller.
 */
import { maskPhoneNumber } from '../domain/phone.ts';

// A run of 7+ digits (with spaces, dots, dashes, parentheses) not glued to letters, digits, dashes or
// colons, or a "+"-led run after a colon ("tel:+1206…"). Digits glued to ":" are ids (account ids in
// ARNs). An underscore separates: `+12065550100_20261102T14:00_UTC.wav` is a number in a file name.
const CANDIDATE = /(?:(?<=:)\+|(?<![A-Za-z0-9\-:])\+?)\d[\d\s().-]{5,}\d(?![A-Za-z0-9\-:])/g;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Powertools' key for the correlation id (`setCorrelationId`). */
const CORRELATION_KEY = 'correlation_id';
/** E.164 §6.1: at most 15 digits. A longer run of bare digits is an id (a Kinesis sequence number). */
const BARE_ID = /^\d{16,}$/;

/** Keys whose string value is a person's name. `name` alone is not one (queues, campaigns, errors). */
const NAME_KEY =
  /^(?:first|last|middle|full|given|family|sur|customer|caller|contact|display|agent|person)[_-]?name$/i;
/** The same keys inside free text: `"firstName":"Ayşe"`, `lastName=Yılmaz`, `customerName: 'Cem'`. */
const NAME_IN_TEXT =
  /\b((?:first|last|middle|full|given|family|sur|customer|caller|contact|display|agent|person)[_-]?name)(\\?["']?\s*[:=]\s*\\?["']?)([^"'\\,;}\]\n]+)/gi;

/** A name reduced to its initial (`Ayşe Yılmaz` → `A***`); an empty value stays empty. */
export function maskName(name: string): string {
  const first = [...name.trim()][0];
  return first === undefined ? name : `${first}***`;
}

/** Replace every phone-number-like run (7+ digits) in free text with its masked form. */
export function redactPhoneNumbers(text: string): string {
  return text.replace(CANDIDATE, (match) => {
    if (ISO_DATE.test(match) || BARE_ID.test(match)) return match;
    return match.replace(/\D/g, '').length >= 7 ? maskPhoneNumber(match) : match;
  });
}

/** Free text with phone numbers masked and the values of name fields quoted in it reduced to initials. */
export function redactText(text: string): string {
  return redactPhoneNumbers(
    text.replace(
      NAME_IN_TEXT,
      (_m, key: string, sep: string, value: string) => `${key}${sep}${maskName(value)}`,
    ),
  );
}

/** JSON replacer for Powertools Logger (`jsonReplacerFn`): redact string values at any depth. */
export function redactingReplacer(key: string, value: unknown): unknown {
  // Built by correlationIdOf from ids only (an S3 key in it is redacted there): kept exactly as AWS wrote them.
  if (key === CORRELATION_KEY) return value;
  if (NAME_KEY.test(key)) {
    if (typeof value === 'string') return maskName(value);
    // A DynamoDB item quoted in an SDK error keeps attribute values marshalled: { firstName: { S: '…' } }.
    const s = (value as { S?: unknown } | null)?.S;
    if (typeof s === 'string') return { ...(value as object), S: maskName(s) };
  }
  return typeof value === 'string' ? redactText(value) : value;
}

/**
 * Redact an error's message and stack in place, down its `cause` chain, before it leaves the handler: the
 * Lambda runtime logs an unhandled error itself (`errorMessage`, `stack`), outside the logger's replacer.
 */
export function redactError(error: unknown, depth = 0): void {
  if (!(error instanceof Error) || depth > 8) return;
  try {
    error.message = redactText(error.message);
    if (error.stack) error.stack = redactText(error.stack);
  } catch {
    // A frozen error keeps its text; the logger's replacer still masks it in our own log lines.
  }
  redactError(error.cause, depth + 1);
}
