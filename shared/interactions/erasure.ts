/**
 * Erasure of a person's data on request (GDPR art. 17 / KVKK art. 7), by phone number: the customer profile
 * (and every number on it), interactions (contact items with CTR, survey answers, tags, disposition),
 * notes, transfer and audit items of those contacts, pending callbacks, recording links and recordings —
 * every S3 version, Contact Lens redacted copies too. Kept on purpose: the internal DNC entry (a
 * suppression is not a profile; deleting it would let us call the person again) and a minimal erasure
 * record (what, when, who, counts; the number only as a salted hash). Connect keeps its own contact records
 * for 24 months and cannot delete them: with a ConnectAttributeScrubber the contacts' attributes are blanked
 * there (the report lists the contact ids either way). Safe to re-run: a second run finds nothing.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { InternalDncStore } from '../domain/internal-dnc.ts';
import { maskPhoneNumber } from '../domain/phone.ts';
import { surveyFromAttributes } from './ctr.ts';
import type { Clock, InteractionReader, InteractionRecord } from './model.ts';
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
  putErasureRecord(record: ErasureRecord): Promise<void>;
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
  contactItems: number;
  notes: number;
  surveyAnswers: number;
  callbacks: number;
  recordingLinks: number;
  recordingObjects: number;
  /** Contacts whose attributes were blanked in Connect (0 without a Connect instance, e.g. the sandbox). */
  connectContactsScrubbed: number;
}

export interface ErasureRecord {
  erasureId: string;
  at: string;
  requestedBy: string;
  /** sha256(salt + E.164): proves which request this was without keeping the number. */
  subjectHash: string;
  salt: string;
  dryRun: boolean;
  dncEntryKept: boolean;
  counts: ErasureCounts;
}

/** The printed report: the record plus what an operator needs next (not stored: it would re-link the person). */
export interface ErasureReport extends ErasureRecord {
  subject: string;
  /** The person's contact ids in Connect's own records (24 months); scrubbed there when a scrubber is wired. */
  connectContactIds: string[];
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
}

const RECORDING_PREFIXES = [/\/CallRecordings\/(\d{4}\/\d{2}\/\d{2})\/[^/]*$/];

/** Where Contact Lens writes a recording's redacted copy and analysis, from the original's key. */
function relatedPrefixes(key: string): string[] {
  for (const re of RECORDING_PREFIXES) {
    const m = re.exec(key);
    if (m?.[1]) {
      const root = key.slice(0, m.index);
      return [
        `${root}/CallRecordings/${m[1]}/`,
        `${root}/Analysis/Voice/Redacted/${m[1]}/`,
        `${root}/Analysis/Voice/${m[1]}/`,
      ];
    }
  }
  return [key.slice(0, key.lastIndexOf('/') + 1)];
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
    contactItems: 0,
    notes: 0,
    surveyAnswers: 0,
    callbacks: 0,
    recordingLinks: 0,
    recordingObjects: 0,
    connectContactsScrubbed: 0,
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
        for (const prefix of relatedPrefixes(key))
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

  const dncEntryKept = (await Promise.all(numbers.map((n) => deps.dnc.get(n)))).some(Boolean);
  const salt = randomBytes(16).toString('hex');
  const record: ErasureRecord = {
    erasureId: randomUUID(),
    at: deps.clock.now().toISOString(),
    requestedBy: options.requestedBy,
    subjectHash: createHash('sha256')
      .update(salt + e164)
      .digest('hex'),
    salt,
    dryRun: options.dryRun,
    dncEntryKept,
    counts,
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
    await deps.store.deleteInteractionItems(itemKeys);
    await deps.store.deleteProfileItems(profile.keys);
    await deps.store.putErasureRecord(record);
  }
  return { ...record, subject: maskPhoneNumber(e164), connectContactIds: [...contacts.keys()].sort() };
}
