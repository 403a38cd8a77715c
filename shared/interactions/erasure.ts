/**
 * Erasure of a person's data on request (GDPR art. 17 / KVKK art. 7), by phone number: the customer profile
 * (and every number on it); the person's contacts are **anonymised, not deleted** (shared/interactions/
 * anonymise.ts: number, attributes, recordings and contact ids removed; timings, queue, agent, outcome and
 * survey scores kept under keyed-hash ids, so every KPI of every period is unchanged), their notes, tags,
 * transfer and audit items deleted; pending callbacks, recording links and recordings —
 * every S3 version, Contact Lens redacted copies too — and the person's outbound campaign data: campaign
 * targets (number, list attributes such as the name; their dial-queue index entries go with them) and
 * attempt-ledger entries (contact ids, outcomes, dispositions); İYS consent-mirror records that are an
 * approval (ONAY); the person's records in the `ctr-failures` bucket (failed CTR batches kept for replay:
 * objects rewritten without them or deleted, every older S3 version too — shared/interactions/erasure-failures.ts).
 * Connect keeps its own contact records for 24 months and cannot delete them: with a
 * ConnectAttributeScrubber the contacts' attributes are blanked there (the report lists the contact ids).
 *
 * Kept on purpose (listed with counts and reasons in the report's `retained`; see RETENTION_REASONS):
 * - internal DNC entries (dnc table, pk `DNC#<E.164>`, with their audit items): a suppression, not a
 *   profile — deleting it would let us call the person again;
 * - İYS refusals (pk `CONSENT#<E.164>`, status RET): same reason as a DNC entry (an ONAY is erased);
 * - dial evidence (evidence table, 5 years: 16 CFR 310.5): number, decision, reason, gate inputs (sources,
 *   consent status, time zones), caller id, contact id — no name, no profile, no list attributes. It is
 *   append-only proof that the number was checked before a call; it is not touched, and after erasure
 *   nothing in our stores links it to a name any more;
 * - daily cap counters (campaigns table, pk `CAP#number#<E.164>`): a count per day, expired by TTL within
 *   3 days; deleting one would re-open today's legal call cap for the number;
 * - a minimal erasure record (what, when, who, counts; the number only as a keyed hash, HMAC with a secret
 *   held outside the table — a KMS HMAC key in AWS — so it cannot be recomputed, nor the number found by
 *   trying every number, without that secret).
 * Safe to re-run: a second run finds nothing to delete.
 */
import { randomUUID } from 'node:crypto';
import type { InternalDncStore } from '../domain/internal-dnc.ts';
import { maskPhoneNumber } from '../domain/phone.ts';
import { type AnonymisedContact, anonymiseContacts, type SubjectHasher } from './anonymise.ts';
import { surveyFromAttributes } from './ctr.ts';
import { type CtrFailureStore, eraseCtrFailures } from './erasure-failures.ts';
import type { Clock, InteractionReader, InteractionRecord } from './model.ts';
import { relatedRecordingPrefixes } from './recording-layout.ts';
import { isRedactedCopy } from './recordings.ts';

export interface ItemKey {
  pk: string;
  sk: string;
}

export interface ProfileMatch {
  /** Customer-table items that belong to the person (profile and per-number items). */
  keys: ItemKey[];
  /** Every number found on those items (the person's other numbers are erased too). */
  numbers: string[];
}

export interface ErasureStore {
  findProfile(e164: string): Promise<ProfileMatch>;
  deleteProfileItems(keys: ItemKey[]): Promise<void>;
  /** Every interactions-table item of a contact (META, NOTE#, TRANSFER#, AUDIT#), plus its access audit. */
  contactItemKeys(contactId: string): Promise<ItemKey[]>;
  /** Pending-callback items for a number (pk CALLBACK#<E.164>#<queue>). */
  callbackKeys(e164: string, queues: readonly string[]): Promise<ItemKey[]>;
  deleteInteractionItems(keys: ItemKey[]): Promise<void>;
  /** The number's items in the campaigns table (every campaign). */
  campaignItems(e164: string): Promise<CampaignMatch>;
  deleteCampaignItems(keys: ItemKey[]): Promise<void>;
  /** The number's İYS consent-mirror records (dnc table, pk `CONSENT#<E.164>`). */
  consents(e164: string): Promise<ConsentMatch[]>;
  /** Deletes consent-mirror items only (the adapter refuses any other key of the dnc table). */
  deleteConsentItems(keys: ItemKey[]): Promise<void>;
  /** How many dial-evidence records name the number (kept; counted for the report). */
  evidenceCount(e164: string): Promise<number>;
  putErasureRecord(record: ErasureRecord): Promise<void>;
  /** Write anonymised contacts (new keys; a re-run writes the very same items). */
  putAnonymisedContacts(contacts: readonly AnonymisedContact[]): Promise<void>;
}

export interface CampaignMatch {
  /** Targets (pk `CAMPAIGN#<name>` sk `TARGET#<E.164>`): erased. */
  targets: ItemKey[];
  /** Of those, targets being dialled right now (state `dialing`): erased too, reported. */
  targetsInFlight: number;
  /** Attempt-ledger entries (pk `ATTEMPT#<name>#<E.164>`): erased. */
  attempts: ItemKey[];
  /** Daily cap counters (pk `CAP#number#<E.164>`): kept (TTL ≤ 3 days). */
  capCounters: number;
}

export interface ConsentMatch {
  key: ItemKey;
  status: string;
}

/** Why each kind of retained data survives an erasure (printed in the report). */
export const RETENTION_REASONS = {
  dncEntries:
    'internal do-not-call entry (pk DNC#): a suppression, not a profile; erasing it would let the number be called again',
  consentRefusals:
    'İYS refusal (RET): kept like a DNC entry so the number is not called; approvals (ONAY) are erased',
  evidenceRecords:
    'dial evidence (number, decision, gate inputs; no name or profile): telemarketing records kept 5 years (16 CFR 310.5), append-only',
  capCounters:
    'daily call-cap counters: a count per number and day, expire by TTL within 3 days; erasing one would re-open the day’s legal cap',
} as const;

export interface RetainedData {
  what: keyof typeof RETENTION_REASONS;
  count: number;
  why: string;
}

export interface ObjectVersion {
  bucket: string;
  key: string;
  versionId?: string;
}

export interface RecordingEraser {
  /** Every version of an object (and its delete markers). */
  versions(bucket: string, key: string): Promise<ObjectVersion[]>;
  /** Objects under a prefix whose key contains the contact id (redacted copies, analysis files). */
  related(bucket: string, prefix: string, contactId: string): Promise<ObjectVersion[]>;
  deleteVersions(objects: ObjectVersion[]): Promise<void>;
}

/** Blanks a contact's user-defined attributes in Connect (which keeps its contact records 24 months). */
export interface ConnectAttributeScrubber {
  scrub(contactId: string, keys: readonly string[]): Promise<'scrubbed' | 'not-found'>;
}

export interface ErasureCounts {
  profileItems: number;
  contacts: number;
  /** Of those, kept for the figures as anonymised contacts (shared/interactions/anonymise.ts). */
  contactsAnonymised: number;
  contactItems: number;
  notes: number;
  surveyAnswers: number;
  callbacks: number;
  recordingLinks: number;
  recordingObjects: number;
  campaignTargets: number;
  /** Targets that were being dialled when erased (the dialer then finds them gone). */
  campaignTargetsInFlight: number;
  campaignAttempts: number;
  /** İYS approvals (ONAY) erased. */
  consents: number;
  /** Contacts whose attributes were blanked in Connect (0 without a Connect instance, e.g. the sandbox). */
  connectContactsScrubbed: number;
  /** The person's CTRs in failed batches (ctr-failures bucket) removed. */
  ctrFailureRecords: number;
  /** Failure objects rewritten without them or deleted (with their older versions). */
  ctrFailureObjects: number;
  /** Records in failure objects that could not be checked (not a CTR): kept, see `uncheckedCtrFailures`. */
  ctrFailureUnreadable: number;
}

export interface ErasureRecord {
  erasureId: string;
  at: string;
  requestedBy: string;
  /**
   * HMAC-SHA-256 of the number with the erasure secret (KMS HMAC key / sandbox key): proves which request this
   * was without keeping the number; nothing in the table allows recomputing it.
   */
  subjectHash: string;
  dryRun: boolean;
  dncEntryKept: boolean;
  counts: ErasureCounts;
  /** What was kept on purpose, by kind (see RETENTION_REASONS). */
  kept: Record<keyof typeof RETENTION_REASONS, number>;
}

/** The printed report: the record plus what an operator needs next (not stored: it would re-link the person). */
export interface ErasureReport extends ErasureRecord {
  subject: string;
  /** Kept data with its reason, for the data-protection officer's answer to the person. */
  retained: RetainedData[];
  /** The person's contact ids in Connect's own records (24 months); scrubbed there when a scrubber is wired. */
  connectContactIds: string[];
  /** Failure objects (keys only) holding records that could not be checked: unreadable, kept — look at them. */
  uncheckedCtrFailures: string[];
}

export interface ErasureDeps {
  store: ErasureStore;
  interactions: InteractionReader;
  recordings: RecordingEraser;
  dnc: Pick<InternalDncStore, 'get'>;
  clock: Clock;
  queues: readonly string[];
  /** Connect attribute scrubbing (the Lambda wires it; the sandbox has no Connect). */
  connect?: ConnectAttributeScrubber;
  /** The ctr-failures bucket (failed CTR batches kept for replay). */
  ctrFailures?: CtrFailureStore;
  /** Keyed hashes (the erasure record's subject hash, the anonymised contacts' ids and pseudonym). */
  hasher: SubjectHasher;
  /** `retention.interactionsDays`: the TTL of an anonymised contact whose original had none. */
  retentionDays?: number;
}

function recordingLocations(r: InteractionRecord): string[] {
  const locs = new Set<string>(r.recordingKeys);
  if (r.recordingBucket && r.recordingKey) locs.add(`${r.recordingBucket}/${r.recordingKey}`);
  for (const ref of r.ctr?.recordings ?? []) locs.add(ref.location);
  return [...locs];
}

export async function eraseByPhone(
  deps: ErasureDeps,
  e164: string,
  options: { requestedBy: string; dryRun: boolean },
): Promise<ErasureReport> {
  const profile = await deps.store.findProfile(e164);
  const numbers = [...new Set([e164, ...profile.numbers])];

  const contacts = new Map<string, InteractionRecord>();
  for (const n of numbers)
    for (const r of await deps.interactions.history(n, 10_000)) contacts.set(r.contactId, r);
  // Whole conversations: transfers of the person's calls carry the same number, but be sure.
  for (const r of [...contacts.values()]) {
    if (!r.ctr) continue;
    for (const c of await deps.interactions.chain(r.ctr.initialContactId)) {
      if (!c.ctr?.customerNumber || numbers.includes(c.ctr.customerNumber)) contacts.set(c.contactId, c);
    }
  }

  const itemKeys: ItemKey[] = [];
  const objects = new Map<string, ObjectVersion>();
  const counts: ErasureCounts = {
    profileItems: profile.keys.length,
    contacts: contacts.size,
    contactsAnonymised: 0,
    contactItems: 0,
    notes: 0,
    surveyAnswers: 0,
    callbacks: 0,
    recordingLinks: 0,
    recordingObjects: 0,
    campaignTargets: 0,
    campaignTargetsInFlight: 0,
    campaignAttempts: 0,
    consents: 0,
    connectContactsScrubbed: 0,
    ctrFailureRecords: 0,
    ctrFailureObjects: 0,
    ctrFailureUnreadable: 0,
  };
  for (const r of contacts.values()) {
    const keys = await deps.store.contactItemKeys(r.contactId);
    counts.contactItems += keys.length;
    counts.notes += keys.filter((k) => k.sk.startsWith('NOTE#')).length;
    const fromCtr = surveyFromAttributes(r.ctr?.attributes ?? {});
    if ([r.surveyCsat, r.surveyNps, fromCtr.csat, fromCtr.nps].some((v) => v !== undefined))
      counts.surveyAnswers++;
    itemKeys.push(...keys);
    for (const loc of recordingLocations(r)) {
      itemKeys.push({ pk: `RECORDING#${loc}`, sk: 'LINK' });
      counts.recordingLinks++;
      const slash = loc.indexOf('/');
      const bucket = loc.slice(0, slash);
      const key = loc.slice(slash + 1);
      for (const v of await deps.recordings.versions(bucket, key))
        objects.set(`${v.bucket}/${v.key}#${v.versionId ?? ''}`, v);
      if (!isRedactedCopy(key)) {
        for (const prefix of relatedRecordingPrefixes(key))
          for (const v of await deps.recordings.related(bucket, prefix, r.contactId))
            objects.set(`${v.bucket}/${v.key}#${v.versionId ?? ''}`, v);
      }
    }
  }
  for (const n of numbers) {
    const cb = await deps.store.callbackKeys(n, deps.queues);
    counts.callbacks += cb.length;
    itemKeys.push(...cb);
  }
  counts.recordingObjects = objects.size;

  const campaignKeys: ItemKey[] = [];
  const consentKeys: ItemKey[] = [];
  const kept: Record<keyof typeof RETENTION_REASONS, number> = {
    dncEntries: 0,
    consentRefusals: 0,
    evidenceRecords: 0,
    capCounters: 0,
  };
  for (const n of numbers) {
    const campaign = await deps.store.campaignItems(n);
    counts.campaignTargets += campaign.targets.length;
    counts.campaignTargetsInFlight += campaign.targetsInFlight;
    counts.campaignAttempts += campaign.attempts.length;
    campaignKeys.push(...campaign.targets, ...campaign.attempts);
    kept.capCounters += campaign.capCounters;
    for (const c of await deps.store.consents(n)) {
      // A refusal suppresses calls like a DNC entry: kept. Anything else (an approval) is erased.
      if (c.status === 'RET') kept.consentRefusals++;
      else {
        consentKeys.push(c.key);
        counts.consents++;
      }
    }
    kept.evidenceRecords += await deps.store.evidenceCount(n);
  }

  // Failed CTR batches: only counted in a dry run; rewritten/deleted with the recordings below (the record's
  // `counts` is this same object, so it carries the figures).
  const eraseFailures = async (dryRun: boolean) => {
    const f = deps.ctrFailures ? await eraseCtrFailures(deps.ctrFailures, numbers, { dryRun }) : undefined;
    counts.ctrFailureRecords = f?.records ?? 0;
    counts.ctrFailureObjects = f?.objects ?? 0;
    counts.ctrFailureUnreadable = f?.unreadableRecords ?? 0;
    return f?.unchecked ?? [];
  };
  let failures = options.dryRun ? await eraseFailures(true) : [];

  // The keep-list is the internal DNC entries only (pk DNC#<E.164>): nothing else in the dnc table is kept
  // because of it.
  kept.dncEntries = (await Promise.all(numbers.map((n) => deps.dnc.get(n)))).filter(Boolean).length;
  const dncEntryKept = kept.dncEntries > 0;
  const anonymised = await anonymiseContacts(
    [...contacts.values()],
    e164,
    deps.hasher,
    deps.retentionDays !== undefined ? { retentionDays: deps.retentionDays } : {},
  );
  counts.contactsAnonymised = anonymised.length;
  const record: ErasureRecord = {
    erasureId: randomUUID(),
    at: deps.clock.now().toISOString(),
    requestedBy: options.requestedBy,
    subjectHash: await deps.hasher.mac(`erasure-record:${e164}`),
    dryRun: options.dryRun,
    dncEntryKept,
    counts,
    kept,
  };
  if (!options.dryRun) {
    // Connect first (needs the attribute names we are about to delete), then recordings, then the items
    // that point at them, then the profile: a crash part-way leaves pointers to re-run from.
    if (deps.connect) {
      for (const r of contacts.values()) {
        const keys = Object.keys(r.ctr?.attributes ?? {});
        if (keys.length > 0 && (await deps.connect.scrub(r.contactId, keys)) === 'scrubbed')
          counts.connectContactsScrubbed++;
      }
    }
    await deps.recordings.deleteVersions([...objects.values()]);
    failures = await eraseFailures(false);
    // The anonymised copies first, then the originals: a crash in between leaves the originals to re-run
    // from, and the re-run writes the same anonymised items (keyed-hash ids), never a second copy.
    await deps.store.putAnonymisedContacts(anonymised);
    await deps.store.deleteInteractionItems(itemKeys);
    await deps.store.deleteCampaignItems(campaignKeys);
    await deps.store.deleteConsentItems(consentKeys);
    await deps.store.deleteProfileItems(profile.keys);
    await deps.store.putErasureRecord(record);
  }
  const retained = (Object.keys(RETENTION_REASONS) as (keyof typeof RETENTION_REASONS)[])
    .filter((what) => kept[what] > 0)
    .map((what) => ({ what, count: kept[what], why: RETENTION_REASONS[what] }));
  return {
    ...record,
    subject: maskPhoneNumber(e164),
    retained,
    connectContactIds: [...contacts.keys()].sort(),
    uncheckedCtrFailures: failures,
  };
}
