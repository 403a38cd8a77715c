/**
 * The CTR pipeline's domain step, shared by the Kinesis Lambda (functions/ctr-processor), the sandbox's
 * `santral ctr ingest` and the benchmark: parse → normalise → conditional upsert → recording link.
 *
 * Outcomes are data: `applied` (this CTR is now stored) or `stale` (a duplicate or an older copy: already
 * have newer, counts as processed). A malformed CTR is a fault (InvalidCtrError): the batch reports it and
 * the event source mapping's bounded retries send it to the on-failure destination.
 */
import type { CustomerStore } from '../domain/customers.ts';
import { ctrVersion, type NormalizedCtr, normalizeCtr, parseCtr, parseCtrText } from './ctr.ts';
import type { Clock, CtrStore, CtrUpsertResult, RecordingLinkStore } from './model.ts';
import { systemClock } from './model.ts';
import { isRedactedCopy } from './recordings.ts';

export interface CtrOutcome extends CtrUpsertResult {
  contactId: string;
  ctr: NormalizedCtr;
  recordingsLinked: number;
}

export interface ProcessCtrOptions {
  /** Sticky routing: note the agent who handled a customer's contact (inbound area's customer store). */
  agents?: Pick<CustomerStore, 'recordAgentContact'>;
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
  if (result.outcome !== 'applied') return { ...result, contactId: ctr.contactId, ctr, recordingsLinked: 0 };
  // The recording links and the sticky-agent note touch different items: written concurrently.
  const [recordingsLinked] = await Promise.all([
    linkRecordings(store, ctr, clock),
    options.agents && ctr.handled && ctr.customerNumber && ctr.agent?.username
      ? // The store keeps the newest agent per number ("older news never wins"), so replays are harmless.
        options.agents.recordAgentContact(ctr.customerNumber, {
          contactId: ctr.contactId,
          agent: ctr.agent.username,
          at: new Date(ctr.agent.connectedAt ?? ctr.initiationTimestamp),
        })
      : undefined,
  ]);
  return { ...result, contactId: ctr.contactId, ctr, recordingsLinked };
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
