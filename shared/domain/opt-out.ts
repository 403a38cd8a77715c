/**
 * IVR opt-out ("press 9 to stop calls"): the caller's number goes on the internal DNC list at once, as
 * its own synchronous write (FCC revocation rule, honoured immediately rather than within 10 business
 * days), with source `ivr`, the time and the ContactId. Idempotent through the store (first write wins).
 */
import type { InternalDncEntry } from './internal-dnc.ts';
import { toE164 } from './phone.ts';

export type OptOutRequest =
  | { status: 'ok'; entry: InternalDncEntry }
  | { status: 'invalid'; reason: 'no-caller-number' };

export function optOutRequest(callerAddress: string | undefined, contactId: string, at: Date): OptOutRequest {
  const e164 = callerAddress ? toE164(callerAddress) : undefined;
  // Withheld or unparseable caller id: there is no number to put on the list.
  if (!e164) return { status: 'invalid', reason: 'no-caller-number' };
  return {
    status: 'ok',
    entry: {
      e164,
      source: 'ivr',
      addedAt: at.toISOString(),
      addedBy: 'ivr',
      contactId,
      reason: 'caller opted out in the IVR',
    },
  };
}
