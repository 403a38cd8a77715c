/**
 * Contact trace records (CTRs) as Amazon Connect streams them to Kinesis, and the normalised shape we keep
 * on the interaction item (`ctr` attribute). Connect adds fields over time, so parsing is permissive
 * (`.loose()`): only the fields we use are checked; everything else is ignored.
 *
 * Connect delivers CTRs at least once, out of order, and again whenever a contact changes; identity is
 * `ContactId`, recency is `LastUpdateTimestamp` (ISO, second precision).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { toE164 } from '../domain/phone.ts';
import { isInstant, parseInstant } from '../time/strict.ts';

// Strict input (shared/time/strict.ts, the one strict parser): `Date.parse` took "7" as 2001 and rolled
// 2031-02-30 over into March; Connect writes ISO-8601 instants with an offset, nothing else is a timestamp.
const isoTimestamp = z
  .string()
  .refine(isInstant, 'expected an ISO-8601 instant with an offset (e.g. 2026-11-20T15:00:00Z)');
const optionalIso = isoTimestamp.nullish();
// Durations are whole or fractional seconds ≥ 0; the upper bound (the record's own span) is checked below.
const seconds = z.number().min(0, 'expected a duration ≥ 0 seconds').nullish();
/**
 * Connect's contact ids are UUIDs (36 characters). 256 is a generous bound that keeps every key built from an
 * id inside DynamoDB's key limits (partition key ≤ 2048 bytes, sort key ≤ 1024 bytes:
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html).
 */
export const MAX_ID_LENGTH = 256;
const contactIdString = z
  .string()
  .max(MAX_ID_LENGTH, `expected at most ${MAX_ID_LENGTH} characters (a Connect contact id)`);
/** DynamoDB's item size limit (400 KB, same page): a record larger than this can never be stored. */
export const MAX_RECORD_BYTES = 400 * 1024;

const endpointSchema = z
  .object({ Address: z.string().nullish(), Type: z.string().nullish() })
  .loose()
  .nullish();

const recordingSchema = z
  .object({
    Location: z.string().nullish(),
    Status: z.string().nullish(),
    Type: z.string().nullish(),
    StorageType: z.string().nullish(),
  })
  .loose();

export const ctrSchema = z
  .object({
    ContactId: contactIdString.min(1),
    InitialContactId: contactIdString.nullish(),
    PreviousContactId: contactIdString.nullish(),
    NextContactId: contactIdString.nullish(),
    Channel: z.string().nullish(),
    InitiationMethod: z.string().min(1),
    InitiationTimestamp: isoTimestamp,
    LastUpdateTimestamp: isoTimestamp,
    ConnectedToSystemTimestamp: optionalIso,
    DisconnectTimestamp: optionalIso,
    DisconnectReason: z.string().nullish(),
    CustomerEndpoint: endpointSchema,
    SystemEndpoint: endpointSchema,
    Attributes: z.record(z.string(), z.string().nullable()).nullish(),
    Agent: z
      .object({
        Username: z.string().nullish(),
        ConnectedToAgentTimestamp: optionalIso,
        AgentInteractionDuration: seconds,
        CustomerHoldDuration: seconds,
        AfterContactWorkDuration: seconds,
        NumberOfHolds: z.number().nullish(),
        LongestHoldDuration: seconds,
        RoutingProfile: z.object({ Name: z.string().nullish() }).loose().nullish(),
      })
      .loose()
      .nullish(),
    Queue: z
      .object({
        Name: z.string().nullish(),
        ARN: z.string().nullish(),
        EnqueueTimestamp: optionalIso,
        DequeueTimestamp: optionalIso,
        Duration: seconds,
      })
      .loose()
      .nullish(),
    Recording: recordingSchema.nullish(),
    Recordings: z.array(recordingSchema).nullish(),
    TransferredToEndpoint: endpointSchema,
    TransferCompletedTimestamp: optionalIso,
    AnsweringMachineDetectionStatus: z.string().nullish(),
    Campaign: z.object({ CampaignId: z.string().nullish() }).loose().nullish(),
  })
  .loose()
  .superRefine((ctr, ctx) => {
    // A duration longer than the record's own span (initiation → last update, which is after ACW) cannot be
    // true: one duration of 10¹² s would otherwise dominate every average (AHT). 1 s of slack: Connect's
    // timestamps have second precision.
    // Only between valid instants (a malformed timestamp is already reported on its own).
    if (!isInstant(ctr.InitiationTimestamp) || !isInstant(ctr.LastUpdateTimestamp)) return;
    if (ctr.DisconnectTimestamp && !isInstant(ctr.DisconnectTimestamp)) return;
    const start = Date.parse(ctr.InitiationTimestamp);
    const end = Math.max(
      Date.parse(ctr.LastUpdateTimestamp),
      ctr.DisconnectTimestamp ? Date.parse(ctr.DisconnectTimestamp) : Number.NEGATIVE_INFINITY,
    );
    if (Number.isNaN(start) || Number.isNaN(end)) return;
    if (end < start) {
      ctx.addIssue({
        code: 'custom',
        path: ['LastUpdateTimestamp'],
        message: 'expected an instant at or after InitiationTimestamp',
      });
      return;
    }
    const span = (end - start) / 1000 + 1;
    const durations: Array<[string[], number | null | undefined]> = [
      [['Agent', 'AgentInteractionDuration'], ctr.Agent?.AgentInteractionDuration],
      [['Agent', 'CustomerHoldDuration'], ctr.Agent?.CustomerHoldDuration],
      [['Agent', 'AfterContactWorkDuration'], ctr.Agent?.AfterContactWorkDuration],
      [['Agent', 'LongestHoldDuration'], ctr.Agent?.LongestHoldDuration],
      [['Queue', 'Duration'], ctr.Queue?.Duration],
    ];
    for (const [path, value] of durations) {
      if (typeof value === 'number' && value > span)
        ctx.addIssue({
          code: 'custom',
          path,
          message: `expected a duration within the record's span (${Math.floor(span)} s from InitiationTimestamp to LastUpdateTimestamp)`,
        });
    }
  });

export type RawCtr = z.infer<typeof ctrSchema>;

export interface RecordingRef {
  /** `bucket/key` exactly as the CTR gives it (no `s3://`). */
  location: string;
  bucket: string;
  key: string;
  status?: string;
  type?: string;
}

/** The normalised CTR stored as the `ctr` map on the interaction item. Durations in seconds. */
export interface NormalizedCtr {
  contactId: string;
  initialContactId: string;
  previousContactId?: string;
  nextContactId?: string;
  channel: string;
  initiationMethod: string;
  initiationTimestamp: string;
  lastUpdateTimestamp: string;
  connectedToSystemTimestamp?: string;
  disconnectTimestamp?: string;
  disconnectReason?: string;
  /** E.164 when the customer endpoint is a valid phone number. */
  customerNumber?: string;
  /** Set instead of customerNumber on an erased person's anonymised contacts (shared/interactions/anonymise.ts). */
  subjectPseudonym?: string;
  systemNumber?: string;
  queue?: {
    name?: string;
    arn?: string;
    enqueueTimestamp?: string;
    dequeueTimestamp?: string;
    durationSeconds?: number;
  };
  agent?: {
    username?: string;
    routingProfile?: string;
    connectedAt?: string;
    interactionSeconds: number;
    holdSeconds: number;
    afterContactWorkSeconds: number;
    numberOfHolds: number;
  };
  attributes: Record<string, string>;
  recordings: RecordingRef[];
  transferredTo?: string;
  transferCompletedTimestamp?: string;
  answeringMachineDetectionStatus?: string;
  campaignId?: string;
  /** Queued, connected to an agent. */
  handled: boolean;
  /** Queued, customer hung up before an agent, not a queued callback (see isAbandoned). */
  abandoned: boolean;
}

export class InvalidCtrError extends Error {
  override name = 'InvalidCtrError';
  constructor(
    message: string,
    readonly issues: string[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Parse one CTR document (already JSON-decoded). Throws InvalidCtrError with field paths on bad input. */
export function parseCtr(input: unknown): RawCtr {
  const result = ctrSchema.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new InvalidCtrError(`invalid CTR: ${issues.join('; ')}`, issues, { cause: result.error });
  }
  return result.data;
}

/** Parse a CTR from its text form (a Kinesis record payload or a JSONL line). */
export function parseCtrText(text: string): RawCtr {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_RECORD_BYTES) {
    const issue = `(root): record is ${bytes} bytes; a stored record must fit DynamoDB's ${MAX_RECORD_BYTES}-byte item limit`;
    throw new InvalidCtrError(`invalid CTR: ${issue}`, [issue]);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new InvalidCtrError('CTR payload is not JSON', ['(root): not JSON'], { cause: err });
  }
  return parseCtr(doc);
}

/** `bucket/key` (Connect's Recording.Location, no scheme) → parts; tolerates an `s3://` prefix. */
export function parseRecordingLocation(location: string): RecordingRef | undefined {
  const loc = location.replace(/^s3:\/\//, '');
  const slash = loc.indexOf('/');
  if (slash <= 0 || slash === loc.length - 1) return undefined;
  return { location: loc, bucket: loc.slice(0, slash), key: loc.slice(slash + 1) };
}

/** A copy of `o` without undefined/null properties (in key order). */
function defined<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const k in o) {
    const v = o[k];
    if (v !== undefined && v !== null) out[k] = v;
  }
  return out as T;
}

/**
 * toE164 of customer addresses, memoised (bounded, oldest out): Connect sends several CTR versions per
 * contact and the same callers come back, and libphonenumber's parse/validate is the costliest step of
 * normalising a CTR. Same answers as toE164 (a pure function of its input).
 */
const E164_CACHE_SIZE = 2_000;
const e164Cache = new Map<string, string | undefined>();
function customerE164(address: string): string | undefined {
  if (e164Cache.has(address)) return e164Cache.get(address);
  const e164 = toE164(address);
  if (e164Cache.size >= E164_CACHE_SIZE) e164Cache.delete(e164Cache.keys().next().value as string);
  e164Cache.set(address, e164);
  return e164;
}

const nn = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

/**
 * Abandoned (Connect's "Contacts abandoned": disconnected by the customer while in queue,
 * https://docs.aws.amazon.com/connect/latest/adminguide/metrics-definitions.html › Abandonment rate): queued
 * (EnqueueTimestamp), never connected to an agent, not a queued callback ("contacts queued for callback are not
 * counted as abandoned"), not transferred out of the queue, and DisconnectReason CUSTOMER_DISCONNECT (a null
 * reason is not the customer's hang-up: Connect leaves it null for contacts a flow ended). The KPI engine applies
 * the same rule and also excludes the contact that requested a callback (shared/kpi/engine.ts).
 */
export function isAbandoned(ctr: RawCtr): boolean {
  if (!ctr.Queue?.EnqueueTimestamp) return false;
  if (ctr.Agent?.ConnectedToAgentTimestamp) return false;
  if (ctr.InitiationMethod === 'CALLBACK') return false;
  if (ctr.TransferredToEndpoint?.Address) return false;
  return ctr.DisconnectReason === 'CUSTOMER_DISCONNECT';
}

export function normalizeCtr(ctr: RawCtr): NormalizedCtr {
  const recordings: RecordingRef[] = [];
  // Recordings[] (RecordingsInfo) entries name files only when StorageType is S3 (KINESIS_VIDEO_STREAM entries
  // are live media streams, not objects; ctr-data-model.html › RecordingsInfo). The older Recording
  // (RecordingInfo) object has no StorageType: its Location is always an S3 location.
  const files = (ctr.Recordings ?? []).filter((r) => r.StorageType === 'S3');
  for (const r of [...files, ...(ctr.Recording ? [ctr.Recording] : [])]) {
    const ref = r.Location ? parseRecordingLocation(r.Location) : undefined;
    if (ref && !recordings.some((x) => x.location === ref.location)) {
      recordings.push(defined({ ...ref, status: nn(r.Status), type: nn(r.Type) }));
    }
  }
  // Sorted keys: the normalised CTR serialises the same way whatever order Connect sent (see ctrVersion).
  const attributes: Record<string, string> = {};
  for (const k of Object.keys(ctr.Attributes ?? {}).sort()) {
    const v = ctr.Attributes?.[k];
    if (typeof v === 'string') attributes[k] = v;
  }
  const address = ctr.CustomerEndpoint?.Address;
  const handled = Boolean(ctr.Queue && ctr.Agent?.ConnectedToAgentTimestamp);
  return defined({
    contactId: ctr.ContactId,
    initialContactId: ctr.InitialContactId || ctr.ContactId,
    previousContactId: nn(ctr.PreviousContactId) || undefined,
    nextContactId: nn(ctr.NextContactId) || undefined,
    channel: ctr.Channel ?? 'VOICE',
    initiationMethod: ctr.InitiationMethod,
    initiationTimestamp: parseInstant(ctr.InitiationTimestamp).toISOString(),
    lastUpdateTimestamp: parseInstant(ctr.LastUpdateTimestamp).toISOString(),
    connectedToSystemTimestamp: nn(ctr.ConnectedToSystemTimestamp),
    disconnectTimestamp: nn(ctr.DisconnectTimestamp),
    disconnectReason: nn(ctr.DisconnectReason),
    customerNumber: address ? customerE164(address) : undefined,
    systemNumber: nn(ctr.SystemEndpoint?.Address),
    queue: ctr.Queue
      ? defined({
          name: nn(ctr.Queue.Name),
          arn: nn(ctr.Queue.ARN),
          enqueueTimestamp: nn(ctr.Queue.EnqueueTimestamp),
          dequeueTimestamp: nn(ctr.Queue.DequeueTimestamp),
          durationSeconds: nn(ctr.Queue.Duration),
        })
      : undefined,
    agent: ctr.Agent
      ? defined({
          username: nn(ctr.Agent.Username),
          routingProfile: nn(ctr.Agent.RoutingProfile?.Name),
          connectedAt: nn(ctr.Agent.ConnectedToAgentTimestamp),
          interactionSeconds: ctr.Agent.AgentInteractionDuration ?? 0,
          holdSeconds: ctr.Agent.CustomerHoldDuration ?? 0,
          afterContactWorkSeconds: ctr.Agent.AfterContactWorkDuration ?? 0,
          numberOfHolds: ctr.Agent.NumberOfHolds ?? 0,
        })
      : undefined,
    attributes,
    recordings,
    transferredTo: nn(ctr.TransferredToEndpoint?.Address),
    transferCompletedTimestamp: nn(ctr.TransferCompletedTimestamp),
    answeringMachineDetectionStatus: nn(ctr.AnsweringMachineDetectionStatus),
    campaignId: nn(ctr.Campaign?.CampaignId),
    handled,
    abandoned: isAbandoned(ctr),
  });
}

/**
 * Version of a CTR for the conditional upsert: epoch millis of LastUpdateTimestamp, plus a content hash
 * that breaks ties. LastUpdateTimestamp has second precision, so two different CTRs of one contact can
 * carry the same timestamp; the larger hash wins, which makes the final item independent of arrival order,
 * and re-applying the very same CTR (equal timestamp and hash) is an idempotent rewrite of identical values.
 * `version` packs both into one string that sorts like (lastUpdate, hash): one comparison in the condition.
 */
export function ctrVersion(ctr: NormalizedCtr): { lastUpdate: number; hash: string; version: string } {
  const lastUpdate = Date.parse(ctr.lastUpdateTimestamp);
  // normalizeCtr builds its objects in a fixed key order (attributes sorted), so JSON.stringify is canonical.
  const hash = createHash('sha256').update(JSON.stringify(ctr)).digest('hex').slice(0, 32);
  return { lastUpdate, hash, version: `${String(lastUpdate).padStart(15, '0')}#${hash}` };
}

/** Survey answers carried as CTR attributes (`surveyCsat` 1–5, `surveyNps` 0–10); invalid values ignored. */
export function surveyFromAttributes(attributes: Record<string, string>): { csat?: number; nps?: number } {
  const num = (v: string | undefined, min: number, max: number) => {
    if (v === undefined || !/^\d{1,2}$/.test(v.trim())) return undefined;
    const n = Number(v.trim());
    return n >= min && n <= max ? n : undefined;
  };
  return defined({ csat: num(attributes['surveyCsat'], 1, 5), nps: num(attributes['surveyNps'], 0, 10) });
}
