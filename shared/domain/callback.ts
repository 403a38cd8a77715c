/**
 * Queued callbacks requested in the IVR: the caller keys a number, we check it is a real, dialable
 * number in an allowed country and of an ordinary type (the toll-fraud guard — a keyed premium-rate
 * number would make us pay to call it), that it is not on the internal DNC list (a known industry
 * failure is scheduling callbacks past DNC), and keep at most one pending callback per number and queue.
 */
import { checkDialableNumber, type GuardReason, type TollFraudGuardSettings } from './toll-fraud-guard.ts';

export interface CallbackRequest {
  e164: string;
  queueName: string;
  contactId: string;
  requestedAt: string;
}

/** `created` also for a retry of the same contact's request (Connect retries). */
export type CallbackRequestOutcome = 'created' | 'duplicate';

export interface CallbackStore {
  /** Record a pending callback unless another contact's callback is already pending for this number and queue. */
  requestCallback(request: CallbackRequest, signal?: AbortSignal): Promise<CallbackRequestOutcome>;
  /**
   * Clear the pending marker once the callback was made or abandoned. With `evidence` (the callback
   * contact seen in a CTR) only a marker that this callback can have served is cleared: the one its
   * `previousContactId` requested, or one requested no later than the callback contact began (plus
   * CALLBACK_CLOCK_SLACK_MS). A request made after it (a new one) stays pending. Returns whether a marker
   * was cleared; clearing an absent marker is not an error (idempotent).
   */
  completeCallback(e164: string, queueName: string, evidence?: CallbackCompletionEvidence): Promise<boolean>;
}

export interface CallbackCompletionEvidence {
  /** InitiationTimestamp of the callback contact (ISO). */
  callbackInitiatedAt: string;
  /** The contact that requested the callback (the callback contact's PreviousContactId), when known. */
  requestedBy?: string;
}

/**
 * Connect's timestamps have second precision and come from another clock than the callback Lambda's
 * `requestedAt`: a request stamped up to this much after the callback contact's start still counts as served.
 */
export const CALLBACK_CLOCK_SLACK_MS = 2_000;

/** A pending callback older than this no longer blocks a new request (it was made, or lost). */
export const PENDING_CALLBACK_MAX_AGE_HOURS = 24;

export type CallbackNumberCheck =
  | { status: 'ok'; e164: string }
  | { status: 'invalid'; reason: 'no-number' | GuardReason }
  | { status: 'blocked'; reason: GuardReason };

const INVALID: readonly GuardReason[] = ['not-e164', 'invalid-number'];

/**
 * Check the number a caller keyed in. Keypad input is national format in `defaultCountry` unless it
 * starts with the international prefix the flow turns into "+".
 */
export function checkCallbackNumber(
  keyed: string | undefined,
  guard: TollFraudGuardSettings,
  defaultCountry: string,
): CallbackNumberCheck {
  const digits = (keyed ?? '').replace(/[^\d+]/g, '');
  if (!digits) return { status: 'invalid', reason: 'no-number' };
  const verdict = checkDialableNumber(digits, guard, defaultCountry);
  if (verdict.allowed) return { status: 'ok', e164: verdict.e164 };
  return INVALID.includes(verdict.reason)
    ? { status: 'invalid', reason: verdict.reason }
    : { status: 'blocked', reason: verdict.reason };
}
