/**
 * The ONE recording key layout, shared by the stack (the CALL_RECORDINGS storage config's BucketPrefix), the
 * recording indexer, erasure, the sandbox's demo data and the test fixtures.
 *
 * What Connect writes:
 * - The storage config's `S3Config.BucketPrefix` is the whole prefix of the recordings
 *   (AWS::Connect::InstanceStorageConfig S3Config, "The S3 bucket prefix", 1–128 characters:
 *   https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-connect-instancestorageconfig-s3config.html).
 *   The console's default for an instance is `connect/<instance alias>/CallRecordings`; we give the stack the
 *   same, so a deployed instance and one set up by hand lay recordings out alike.
 * - Under it, one folder per UTC day and a file named after the contact:
 *   `<BucketPrefix>/YYYY/MM/DD/<ContactId>_<YYYYMMDD>T<HH:MM>_UTC.wav` (../shared/reference/interactions-data.md ›
 *   Recordings; file names are not guaranteed to carry the contact id: the CTR's Recording(s).Location is the
 *   link, the name only a fallback).
 * - Contact Lens writes its analysis and redacted copies beside them, under the instance root
 *   (`connect/<alias>`): `Analysis/Voice/YYYY/MM/DD/…` and `Analysis/Voice/Redacted/YYYY/MM/DD/…_call_recording_redacted_…wav`
 *   (https://docs.aws.amazon.com/connect/latest/adminguide/example-contact-lens-output-locations.html:
 *   "To delete a recording, you must delete the files for both the redacted and unredacted recordings").
 */

export const CALL_RECORDINGS = 'CallRecordings';

/** The instance root of Connect's files in the bucket: `connect/<alias>`. */
export const instanceRoot = (alias: string): string => `connect/${alias}`;

/** The CALL_RECORDINGS BucketPrefix the stack configures (the console's default): `connect/<alias>/CallRecordings`. */
export const callRecordingsPrefix = (alias: string): string => `${instanceRoot(alias)}/${CALL_RECORDINGS}`;

const p2 = (n: number) => String(n).padStart(2, '0');

/** `YYYY/MM/DD` of an instant, in UTC (Connect's day folders are UTC). */
export function recordingDay(at: Date): string {
  return `${at.getUTCFullYear()}/${p2(at.getUTCMonth() + 1)}/${p2(at.getUTCDate())}`;
}

/** The key Connect writes for a contact's recording under `bucketPrefix`, for a recording started at `at`. */
export function recordingKeyFor(bucketPrefix: string, contactId: string, at: Date): string {
  const stamp = `${at.getUTCFullYear()}${p2(at.getUTCMonth() + 1)}${p2(at.getUTCDate())}T${p2(at.getUTCHours())}:${p2(at.getUTCMinutes())}`;
  return `${bucketPrefix.replace(/\/+$/, '')}/${recordingDay(at)}/${contactId}_${stamp}_UTC.wav`;
}

export interface RecordingKeyParts {
  /** The instance root (`connect/<alias>`): everything before `/CallRecordings/`. */
  root: string;
  /** The BucketPrefix the key was written under (`<root>/CallRecordings`). */
  prefix: string;
  /** `YYYY/MM/DD`. */
  day: string;
  file: string;
}

const KEY = /^(.+)\/CallRecordings\/(\d{4})\/(\d{2})\/(\d{2})\/([^/]+)$/;

/** Parse a call-recording key of this layout; undefined for any other key (a redacted copy, another file). */
export function parseRecordingKey(key: string): RecordingKeyParts | undefined {
  const m = KEY.exec(key);
  if (!m) return undefined;
  const [, root, y, mo, d, file] = m as unknown as [string, string, string, string, string, string];
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return { root, prefix: `${root}/${CALL_RECORDINGS}`, day: `${y}/${mo}/${d}`, file };
}

const CONTACT_ID_IN_NAME = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_/i;

/**
 * The contact id a file name starts with (`<ContactId>_<stamp>_UTC.wav`, Contact Lens'
 * `<ContactId>_call_recording_redacted_…`), lower-cased; undefined when the name does not start with one
 * (Connect does not guarantee it: the CTR's Recording(s).Location is the link).
 */
export function contactIdFromKey(key: string): string | undefined {
  const name = key.slice(key.lastIndexOf('/') + 1);
  return CONTACT_ID_IN_NAME.exec(name)?.[1]?.toLowerCase();
}

/** Contact Lens writes redacted copies beside the originals (…/Analysis/Voice/Redacted/…). */
export const isRedactedCopy = (key: string) => /\/Redacted\//i.test(key) || /_redacted/i.test(key);

/**
 * Where a recording and what Contact Lens made of it live, from the original's key: the day folders of the
 * recording, its redacted copy and its analysis. Erasure lists these for the contact's files. A key outside
 * the layout gives its own folder only.
 */
export function relatedRecordingPrefixes(key: string): string[] {
  const parts = parseRecordingKey(key);
  if (!parts) return [key.slice(0, key.lastIndexOf('/') + 1)];
  return [
    `${parts.prefix}/${parts.day}/`,
    `${parts.root}/Analysis/Voice/Redacted/${parts.day}/`,
    `${parts.root}/Analysis/Voice/${parts.day}/`,
  ];
}
