/**
 * What happens to a number after a call attempt, from its AMD status (Connect's
 * AnswerMachineDetectionStatus) or a placement failure. Retries only for "nobody took it" outcomes, at most
 * `maxAttempts` attempts in all, `retryDelayMinutes` apart; an invalid number is never tried again.
 */
export const AMD_STATUSES = [
  'HUMAN_ANSWERED',
  'VOICEMAIL_BEEP',
  'VOICEMAIL_NO_BEEP',
  'SIT_TONE_BUSY',
  'SIT_TONE_INVALID_NUMBER',
  'FAX_MACHINE_DETECTED',
  'AMD_UNANSWERED',
  'AMD_UNRESOLVED',
  'AMD_ERROR',
  'AMD_NOT_APPLICABLE',
] as const;
export type AmdStatus = (typeof AMD_STATUSES)[number];

export type NextStep =
  | { action: 'done'; reason: string }
  | { action: 'retry'; at: Date; reason: string }
  | { action: 'invalid'; reason: string };

const RETRYABLE = new Set<string>([
  'VOICEMAIL_BEEP',
  'VOICEMAIL_NO_BEEP',
  'SIT_TONE_BUSY',
  'AMD_UNANSWERED',
  'AMD_UNRESOLVED',
  'AMD_ERROR',
  'noAnswer',
  'busy',
  // Not 'unknownPlacement': a call that may have been placed is never followed by another (the dialer ends the
  // number's attempts; a new ClientToken is a new call, and Connect starts a new contact for a repeated token
  // once the first has ended — StartOutboundVoiceContact, ClientToken).
]);

export function nextStepAfter(
  outcome: AmdStatus | 'noAnswer' | 'busy' | 'unknownPlacement',
  attemptsMade: number,
  policy: { maxAttempts: number; retryDelayMinutes: number },
  now: Date,
): NextStep {
  if (outcome === 'SIT_TONE_INVALID_NUMBER') return { action: 'invalid', reason: 'sitToneInvalidNumber' };
  if (outcome === 'HUMAN_ANSWERED' || outcome === 'AMD_NOT_APPLICABLE')
    return { action: 'done', reason: 'answered' };
  if (outcome === 'FAX_MACHINE_DETECTED') return { action: 'done', reason: 'fax' };
  if (!RETRYABLE.has(outcome)) return { action: 'done', reason: outcome };
  if (attemptsMade >= policy.maxAttempts) return { action: 'done', reason: 'maxAttempts' };
  return {
    action: 'retry',
    at: new Date(now.getTime() + policy.retryDelayMinutes * 60_000),
    reason: outcome,
  };
}
