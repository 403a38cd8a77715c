/**
 * The internal (company-specific) do-not-call list: every "don't call me" request, from any channel.
 *
 * Rules it implements (see /work/shared/reference/outbound-compliance.md):
 * - FCC (from 2025-04-11): honour a revocation within 10 business days — Santral honours it immediately:
 *   the opt-out is its own synchronous write, independent of any disposition.
 * - A later disposition, a repeated request or a retry never removes or rewrites an entry: the first
 *   write wins. Only an explicit admin removal (with a reason and an audit record) takes a number off.
 * - TSR 310.4(b)(3): keep each request with who / when / how (the audit trail).
 * - Compliance fails closed: a store that cannot answer throws `DncStoreUnavailableError`; callers
 *   treat that as "on the list" (do not dial).
 */
import { isE164 } from './phone.ts';

export const DNC_SOURCES = ['ivr', 'agent', 'admin', 'web', 'import'] as const;
export type DncSource = (typeof DNC_SOURCES)[number];

export interface InternalDncEntry {
  /** The number, E.164. */
  e164: string;
  /** How the request reached us. */
  source: DncSource;
  /** When the request was made (ISO 8601, UTC). */
  addedAt: string;
  /** Who recorded it: `ivr`, an agent's user name, an admin, an import job id. */
  addedBy: string;
  /** The Connect contact during which the caller asked (IVR / agent button). */
  contactId?: string;
  reason?: string;
}

export type AddDncOutcome = 'added' | 'already-listed';

export interface AddDncResult {
  /** `added`: this request created the entry; `already-listed`: an earlier entry stays in force. */
  outcome: AddDncOutcome;
  /** The entry in force after the call (the first one ever written, never this request's if it came later). */
  entry: InternalDncEntry;
}

export interface InternalDncStore {
  /** Put a number on the list. Idempotent: the first write wins; later adds never overwrite or undo it. */
  add(entry: InternalDncEntry): Promise<AddDncResult>;
  /** The entry in force for a number, or undefined when the number is not listed. */
  get(e164: string): Promise<InternalDncEntry | undefined>;
}

/** The DNC store could not answer (throttled, timed out, unreachable). Callers fail closed. */
export class DncStoreUnavailableError extends Error {
  override readonly name = 'DncStoreUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A request that cannot be recorded as given (not E.164, unknown source, bad time). */
export class InvalidDncEntryError extends Error {
  override readonly name = 'InvalidDncEntryError';
  constructor(
    message: string,
    readonly field: keyof InternalDncEntry,
  ) {
    super(message);
  }
}

/** Check an entry before it is written; throws `InvalidDncEntryError` naming the field. */
export function assertValidDncEntry(entry: InternalDncEntry): void {
  if (!isE164(entry.e164))
    throw new InvalidDncEntryError('e164 must be an E.164 number such as +12065550100', 'e164');
  if (!DNC_SOURCES.includes(entry.source)) {
    throw new InvalidDncEntryError(`source must be one of ${DNC_SOURCES.join(', ')}`, 'source');
  }
  if (Number.isNaN(Date.parse(entry.addedAt)))
    throw new InvalidDncEntryError('addedAt must be an ISO timestamp', 'addedAt');
  if (entry.addedBy.trim().length === 0)
    throw new InvalidDncEntryError('addedBy must not be empty', 'addedBy');
}

/** True when a retried request is the same request as the entry already in force (same contact, same channel). */
export function isSameDncRequest(existing: InternalDncEntry, request: InternalDncEntry): boolean {
  return (
    existing.contactId !== undefined &&
    existing.contactId === request.contactId &&
    existing.source === request.source &&
    existing.addedBy === request.addedBy
  );
}
