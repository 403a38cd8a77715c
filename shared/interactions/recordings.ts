/**
 * Recordings: link an S3 object to its interaction, and signed, audited access to it.
 *
 * Linking (either arrival order): Connect's file names are not guaranteed to carry the contact id, so the
 * authoritative link is the CTR's Recording(s).Location. The CTR processor records "location → contact";
 * the indexer records "object exists"; whichever comes second links the contact item. Only when no CTR has
 * named the object yet does the indexer fall back to parsing the contact id out of the file name
 * (`<ContactId>_<stamp>_UTC.wav`); a later CTR naming another contact wins. S3 event keys arrive
 * URL-encoded (`:` → `%3A`, space → `+`): decode before use.
 */
import type { Clock, InteractionReader, RecordingLinkStore } from './model.ts';
import { contactIdFromKey, isRedactedCopy } from './recording-layout.ts';

/** S3 event notification keys are URL-encoded with `+` for spaces. */
export const decodeS3EventKey = (key: string) => decodeURIComponent(key.replace(/\+/g, ' '));

export { contactIdFromKey, isRedactedCopy } from './recording-layout.ts';

export type IndexOutcome = 'linked-by-ctr' | 'linked-by-key' | 'pending';

export async function indexRecording(
  store: RecordingLinkStore,
  object: { bucket: string; key: string },
  clock: Clock,
): Promise<{ outcome: IndexOutcome; contactId?: string }> {
  const at = clock.now().toISOString();
  const location = `${object.bucket}/${object.key}`;
  const link = await store.recordObjectCreated(location, at);
  const redacted = isRedactedCopy(object.key);
  if (link.contactId && link.linkedBy === 'ctr') {
    await store.linkRecordingToContact(link.contactId, object.bucket, object.key, at, redacted);
    return { outcome: 'linked-by-ctr', contactId: link.contactId };
  }
  const guessed = contactIdFromKey(object.key);
  if (!guessed) return { outcome: 'pending' };
  await store.setLinkContact(location, guessed, 'key');
  await store.linkRecordingToContact(guessed, object.bucket, object.key, at, redacted);
  return { outcome: 'linked-by-key', contactId: guessed };
}

export interface RecordingAccessAudit {
  recordAccess(entry: {
    contactId: string;
    requester: string;
    at: string;
    expiresAt: string;
    location: string;
  }): Promise<void>;
}

export type Presigner = (bucket: string, key: string, expiresInSeconds: number) => Promise<string>;

/** A short-lived signed GET for a contact's recording; every grant is audited (who, when, until when). */
export async function recordingUrl(
  deps: { interactions: InteractionReader; audit: RecordingAccessAudit; presign: Presigner; clock: Clock },
  contactId: string,
  requester: string,
  expiresInSeconds = 300,
): Promise<{ found: false } | { found: true; url: string; expiresAt: string; bucket: string; key: string }> {
  const rec = await deps.interactions.get(contactId);
  const fromCtr = rec?.ctr?.recordings.find((r) => !isRedactedCopy(r.key));
  const bucket = rec?.recordingBucket ?? fromCtr?.bucket;
  const key = rec?.recordingKey ?? fromCtr?.key;
  if (!bucket || !key) return { found: false };
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + expiresInSeconds * 1000).toISOString();
  await deps.audit.recordAccess({
    contactId,
    requester,
    at: now.toISOString(),
    expiresAt,
    location: `${bucket}/${key}`,
  });
  return { found: true, url: await deps.presign(bucket, key, expiresInSeconds), expiresAt, bucket, key };
}
