/**
 * Erasure in the `ctr-failures` bucket: CTR batches the Kinesis mapping gave up on are kept there (up to
 * retention.ctrFailuresDays) WITH their records, phone numbers included (shape: shared/interactions/replay.ts —
 * metadata + `payload`, the original Kinesis event as a JSON string, records base64).
 *
 * Per object, a pure decision (`decideFailureObject`): a record concerns the person when its CTR's
 * `CustomerEndpoint.Address` — as written, or normalised to E.164 like the processor does — is one of the
 * person's numbers. A record whose data is not a JSON CTR cannot be checked that way: if its text holds one of
 * the numbers it is removed all the same, otherwise it is kept and counted as unreadable ("could not check").
 * Outcome: keep the object as it is, rewrite it without the person's records (same shape, so
 * `santral ctr replay` still processes it; KinesisBatchInfo.batchSize follows), or delete it (nothing else
 * left). An object that is not a failure object at all is kept and reported as unreadable.
 *
 * `eraseCtrFailures` applies the decisions through a CtrFailureStore. The bucket is versioned: every object
 * VERSION is looked at (a replayed object moved to `replayed/` leaves its old version under `aws/lambda/`);
 * when the current version is rewritten or deleted, every older version (and delete marker) of that key goes
 * too; an older version that concerns the person under a current version that does not is deleted alone.
 */
import { toE164 } from '../domain/phone.ts';

export type FailureObjectAction = 'keep' | 'rewrite' | 'delete';

export interface FailureObjectDecision {
  action: FailureObjectAction;
  /** Records in the object. */
  records: number;
  /** Records of the person (removed). */
  matched: number;
  /** Records that could not be checked (kept). */
  unreadable: number;
  /** The whole object is not a failure object (kept, could not check). */
  unreadableObject?: boolean;
  /** The object without the person's records (action `rewrite`). */
  rewritten?: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Does one record (its kinesis.data, decoded) concern one of `numbers`? `undefined`: could not check. */
export function recordConcerns(data: unknown, numbers: readonly string[]): boolean | undefined {
  if (typeof data !== 'string') return undefined;
  const text = Buffer.from(data, 'base64').toString('utf8');
  const ctr = tryJson(text);
  const endpoint = isObject(ctr) ? ctr['CustomerEndpoint'] : undefined;
  if (!isObject(ctr) || typeof ctr['ContactId'] !== 'string') {
    // Not a CTR: fail closed on a number we can see in the text, else "could not check".
    return numbers.some((n) => text.includes(n)) ? true : undefined;
  }
  const address = isObject(endpoint) ? endpoint['Address'] : undefined;
  if (typeof address !== 'string' || address === '') return false;
  return numbers.includes(address) || numbers.includes(toE164(address) ?? '');
}

/** Decide what to do with one failure object's text for a person's `numbers` (E.164). */
export function decideFailureObject(text: string, numbers: readonly string[]): FailureObjectDecision {
  const unreadableObject = (): FailureObjectDecision => ({
    action: 'keep',
    records: 0,
    matched: 0,
    unreadable: 0,
    unreadableObject: true,
  });
  const doc = tryJson(text);
  if (!isObject(doc) || typeof doc['payload'] !== 'string') return unreadableObject();
  const event = tryJson(doc['payload']);
  const records = isObject(event) ? event['Records'] : undefined;
  if (!isObject(event) || !Array.isArray(records)) return unreadableObject();

  const kept: unknown[] = [];
  let matched = 0;
  let unreadable = 0;
  for (const r of records) {
    const kinesis = isObject(r) ? r['kinesis'] : undefined;
    const concerns = recordConcerns(isObject(kinesis) ? kinesis['data'] : undefined, numbers);
    if (concerns === true) matched++;
    else {
      if (concerns === undefined) unreadable++;
      kept.push(r);
    }
  }
  const base = { records: records.length, matched, unreadable };
  if (matched === 0) return { action: 'keep', ...base };
  if (kept.length === 0) return { action: 'delete', ...base };
  const info = doc['KinesisBatchInfo'];
  const rewritten = {
    ...doc,
    ...(isObject(info) && typeof info['batchSize'] === 'number'
      ? { KinesisBatchInfo: { ...info, batchSize: kept.length } }
      : {}),
    payload: JSON.stringify({ ...event, Records: kept }),
  };
  return { action: 'rewrite', ...base, rewritten: JSON.stringify(rewritten) };
}

/** One version of an object in the bucket (no versionId: an unversioned bucket, or the local emulator). */
export interface FailureObjectVersion {
  versionId?: string;
  latest: boolean;
  deleteMarker: boolean;
}

export interface FailureObjectEntry {
  key: string;
  /** Newest first. */
  versions: FailureObjectVersion[];
}

/** The ctr-failures bucket (shared/adapters/s3/ctr-failure-store.ts). */
export interface CtrFailureStore {
  /** Every key in the bucket (all prefixes, `replayed/` included) with its versions. */
  objects(): Promise<FailureObjectEntry[]>;
  read(key: string, versionId?: string): Promise<string>;
  /** Write `body` as the current version of `key`, then delete every version that existed before. */
  replace(key: string, body: string, older: FailureObjectVersion[]): Promise<void>;
  /** Delete these versions (without version ids: the current object). */
  deleteVersions(key: string, versions: FailureObjectVersion[]): Promise<void>;
}

export interface CtrFailureErasure {
  /** The person's records found (per key: the most in any one version). */
  records: number;
  /** Keys rewritten, deleted, or with old versions deleted. */
  objects: number;
  /** Records that could not be checked (kept). */
  unreadableRecords: number;
  /** Keys with an unreadable record or that are not failure objects at all (no numbers: keys only). */
  unchecked: string[];
}

export async function eraseCtrFailures(
  store: CtrFailureStore,
  numbers: readonly string[],
  options: { dryRun: boolean },
): Promise<CtrFailureErasure> {
  const out: CtrFailureErasure = { records: 0, objects: 0, unreadableRecords: 0, unchecked: [] };
  for (const entry of await store.objects()) {
    const stored = entry.versions.filter((v) => !v.deleteMarker);
    const decisions = new Map<FailureObjectVersion, FailureObjectDecision>();
    for (const v of stored)
      decisions.set(v, decideFailureObject(await store.read(entry.key, v.versionId), numbers));
    const all = [...decisions.values()];
    const records = Math.max(0, ...all.map((d) => d.matched));
    const unreadable = Math.max(0, ...all.map((d) => d.unreadable));
    out.unreadableRecords += unreadable;
    if (unreadable > 0 || all.some((d) => d.unreadableObject)) out.unchecked.push(entry.key);
    if (records === 0) continue;
    out.records += records;
    out.objects++;
    if (options.dryRun) continue;

    const current = stored.find((v) => v.latest);
    const decision = current ? decisions.get(current) : undefined;
    const others = entry.versions.filter((v) => v !== current);
    if (current && decision?.action === 'rewrite' && decision.rewritten !== undefined) {
      await store.replace(entry.key, decision.rewritten, entry.versions);
    } else if (current && decision?.action === 'delete') {
      // Older versions first: a crash part-way leaves the current object to find on a re-run.
      await store.deleteVersions(entry.key, others);
      await store.deleteVersions(entry.key, [current]);
    } else {
      // The current version is not the person's (or the key is deleted): only the old versions that are.
      const theirs = stored.filter((v) => v !== current && (decisions.get(v)?.matched ?? 0) > 0);
      await store.deleteVersions(entry.key, theirs);
    }
  }
  return out;
}
