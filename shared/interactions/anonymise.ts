/**
 * Erasure that keeps the figures: a person's contacts are anonymised, not deleted, so every report over
 * every period is the same before and after an erasure (property test: test/unit/interactions/anonymise.test.ts).
 *
 * Removed: the customer's number (and the history-by-number index), every contact attribute but the survey
 * answers (attributes carry names, case numbers, notes), recording locations, the external number of a
 * transfer, and the contact ids themselves — Connect keeps its own contact records (with the number) for 24
 * months, so a kept contact id would link the figures back to the person. Kept: timings, channel, initiation
 * method, queue, agent, routing profile, disconnect reason, outcome (handled, abandoned, disposition), survey
 * scores, campaign id.
 *
 * Retention is kept: the anonymised item carries the original's TTL (`retainUntil`), or one from
 * `retention.interactionsDays` when the original had none.
 *
 * Ids are replaced by keyed hashes (`erased-<HMAC(id)>`, the erasure secret held outside the table) applied
 * to every id of the person's contacts alike, so conversation chains (InitialContactId), transfers and callback
 * links — and with them FCR and the callback rules — survive, and a re-run writes the very same items.
 * The person's number becomes one keyed pseudonym (`subjectPseudonym`), so repeat-contact figures (FCR) still
 * see the same caller without anyone being able to tell who it was without the secret.
 */
import type { NormalizedCtr } from './ctr.ts';
import { type InteractionRecord, retentionExpiry } from './model.ts';

/** A keyed hash (HMAC) with a secret held outside the tables: KMS GenerateMac in AWS, a sandbox key locally. */
export interface SubjectHasher {
  /** Lowercase hex HMAC-SHA-256 of `message` (UTF-8). */
  mac(message: string): Promise<string>;
}

export interface AnonymisedContact {
  originalContactId: string;
  contactId: string;
  ctr: NormalizedCtr;
  surveyCsat?: number;
  surveyNps?: number;
  disposition?: string;
  /**
   * The TTL (epoch seconds) the anonymised item keeps: the original item's own `retainUntil`, else initiation +
   * `retention.interactionsDays` — an erasure must never turn a contact the table would expire into one kept
   * for good.
   */
  retainUntil?: number;
}

const SURVEY_ATTRIBUTES = ['surveyCsat', 'surveyNps'] as const;
export const ERASED_PREFIX = 'erased-';

export const isAnonymisedId = (id: string) => id.startsWith(ERASED_PREFIX);

export async function anonymiseContacts(
  records: readonly InteractionRecord[],
  subjectE164: string,
  hasher: SubjectHasher,
  options: { retentionDays?: number } = {},
): Promise<AnonymisedContact[]> {
  const ids = new Map<string, string>();
  const pseudonym = async (id: string | undefined) => {
    if (id === undefined) return undefined;
    if (isAnonymisedId(id)) return id;
    let p = ids.get(id);
    if (!p) {
      p = `${ERASED_PREFIX}${(await hasher.mac(`contact:${id}`)).slice(0, 32)}`;
      ids.set(id, p);
    }
    return p;
  };
  const subject = `${ERASED_PREFIX}${(await hasher.mac(`subject:${subjectE164}`)).slice(0, 32)}`;
  const out: AnonymisedContact[] = [];
  for (const r of records) {
    if (!r.ctr) continue;
    const c = r.ctr;
    const attributes: Record<string, string> = {};
    for (const k of SURVEY_ATTRIBUTES) if (c.attributes[k] !== undefined) attributes[k] = c.attributes[k];
    const ctr: NormalizedCtr = {
      ...c,
      contactId: (await pseudonym(c.contactId))!,
      initialContactId: (await pseudonym(c.initialContactId))!,
      attributes,
      recordings: [],
      subjectPseudonym: subject,
    };
    delete ctr.customerNumber;
    const previous = await pseudonym(c.previousContactId);
    const next = await pseudonym(c.nextContactId);
    if (previous) ctr.previousContactId = previous;
    if (next) ctr.nextContactId = next;
    // The target number is a third party's; that the contact was transferred out is kept (abandonment rule).
    if (c.transferredTo) ctr.transferredTo = 'erased';
    const initiated = Date.parse(c.initiationTimestamp);
    const ttl =
      r.retainUntil ??
      (options.retentionDays !== undefined && !Number.isNaN(initiated)
        ? retentionExpiry(initiated, options.retentionDays)
        : undefined);
    out.push({
      originalContactId: r.contactId,
      contactId: ctr.contactId,
      ctr,
      ...(r.surveyCsat !== undefined ? { surveyCsat: r.surveyCsat } : {}),
      ...(r.surveyNps !== undefined ? { surveyNps: r.surveyNps } : {}),
      ...(r.disposition !== undefined ? { disposition: r.disposition } : {}),
      ...(ttl !== undefined ? { retainUntil: ttl } : {}),
    });
  }
  return out;
}
