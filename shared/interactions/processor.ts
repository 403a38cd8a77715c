/**
 * The CTR pipeline's domain step, shared by the Kinesis Lambda (functions/ctr-processor), the sandbox's
 * `santral ctr ingest` and the benchmark: parse → normalise → conditional upsert → recording link.
 *
 * Outcomes are data: `applied` (this CTR is now stored) or `stale` (a duplicate or an older copy: already
 * have newer, counts as processed). A malformed CTR is a fault (InvalidCtrError): the batch reports it and
 * the event source mapping's bounded retries send it to the on-failure destination.
 */
import type { CallbackCompletionEvidence, CallbackStore } from '../domain/callback.ts';
import type { CustomerStore } from '../domain/customers.ts';
import { ctrVersion, type NormalizedCtr, normalizeCtr, parseCtr, parseCtrText } from './ctr.ts';
import type { Clock, CtrStore, CtrUpsertResult, RecordingLinkStore } from './model.ts';
import { systemClock } from './model.ts';
import { isRedactedCopy } from './recordings.ts';

export interface CtrOutcome extends CtrUpsertResult {
  contactId: string;
  ctr: NormalizedCtr;
  recordingsLinked: number;
  /** A pending callback (this CTR's number and queue) was cleared because this callback contact was connected. */
  callbackCompleted: boolean;
}

export interface ProcessCtrOptions {
  /** Sticky routing: note the agent who handled a customer's contact (inbound area's customer store). */
  agents?: Pick<CustomerStore, 'recordAgentContact'>;
  /** Queued callbacks: clear the pending marker once the callback contact reached an agent (inbound area's store). */
  callbacks?: Pick<CallbackStore, 'completeCallback'>;
}

/**
 * The pending callback a CTR completes: a queued callback contact (InitiationMethod CALLBACK) that was
 * connected to an agent, with the customer's number and the queue. Not connected → none (Connect retries it,
 * so it stays pending). Any version of such a CTR is true evidence, so stale copies qualify too; the store's
 * condition keeps a late copy from clearing a newer request.
 */
export function callbackCompletionFor(
  ctr: NormalizedCtr,
): { e164: string; queueName: string; evidence: CallbackCompletionEvidence } | undefined {
  if (ctr.initiationMethod !== 'CALLBACK' || !ctr.handled) return undefined;
  if (!ctr.customerNumber || !ctr.queue?.name) return undefined;
  return {
    e164: ctr.customerNumber,
    queueName: ctr.queue.name,
    evidence: {
      callbackInitiatedAt: ctr.initiationTimestamp,
      ...(ctr.previousContactId ? { requestedBy: ctr.previousContactId } : {}),
    },
  };
}

export async function processCtr(
  store: CtrStore & RecordingLinkStore,
  input: unknown,
  clock: Clock = systemClock,
  options: ProcessCtrOptions = {},
): Promise<CtrOutcome> {
  const raw = typeof input === 'string' ? parseCtrText(input) : parseCtr(input);
  const ctr = normalizeCtr(raw);
  const result = await store.upsertCtr(ctr, ctrVersion(ctr));
  // Also for duplicates and stale copies: if completing failed after the upsert, the retried record is a
  // duplicate and must still complete it (conditional, idempotent delete).
  const completion = options.callbacks ? callbackCompletionFor(ctr) : undefined;
  const completing = completion
    ? options.callbacks?.completeCallback(completion.e164, completion.queueName, completion.evidence)
    : undefined;
  if (result.outcome !== 'applied') {
    const callbackCompleted = (await completing) === true;
    return { ...result, contactId: ctr.contactId, ctr, recordingsLinked: 0, callbackCompleted };
  }
  // The recording links, the sticky-agent note and the callback marker touch different items: written concurrently.
  const [recordingsLinked, , callbackCompleted] = await Promise.all([
    linkRecordings(store, ctr, clock),
    options.agents && ctr.handled && ctr.customerNumber && ctr.agent?.username
      ? // The store keeps the newest agent per number ("older news never wins"), so replays are harmless.
        options.agents.recordAgentContact(ctr.customerNumber, {
          contactId: ctr.contactId,
          agent: ctr.agent.username,
          at: new Date(ctr.agent.connectedAt ?? ctr.initiationTimestamp),
        })
      : undefined,
    completing,
  ]);
  return {
    ...result,
    contactId: ctr.contactId,
    ctr,
    recordingsLinked,
    callbackCompleted: callbackCompleted === true,
  };
}

async function linkRecordings(store: RecordingLinkStore, ctr: NormalizedCtr, clock: Clock): Promise<number> {
  let linked = 0;
  for (const ref of ctr.recordings) {
    const link = await store.recordLocationFromCtr(ref.location, ctr.contactId, ctr.initiationTimestamp);
    // The object arrived first: link it now (the indexer could not know the contact from the CTR yet).
    if (link.objectCreatedAt) {
      const at = clock.now().toISOString();
      await store.linkRecordingToContact(ctr.contactId, ref.bucket, ref.key, at, isRedactedCopy(ref.key));
      linked++;
    }
  }
  return linked;
}
