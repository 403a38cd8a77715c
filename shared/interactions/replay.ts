/**
 * Replay of CTR batches the Kinesis event source mapping gave up on (`santral ctr replay`).
 *
 * The CTR mapping's on-failure destination is an S3 bucket (infra/constructs/interactions.ts). For S3
 * destinations Lambda writes one JSON object per failed invocation: the same metadata an SQS/SNS
 * destination gets (`requestContext` with `condition` RetryAttemptsExhausted | RecordAgeExceeded | …,
 * `responseContext`, `version`, `timestamp`, `KinesisBatchInfo` with shardId, start/endSequenceNumber,
 * batchSize, streamArn) plus `payload`: the original invocation event as an escaped JSON string, i.e.
 * `{"Records":[{"kinesis":{"data":"<base64 CTR>","sequenceNumber":"…",…},"eventID":"…",…}]}`.
 * Object keys: `aws/lambda/<mapping UUID>/<shard id>/YYYY/MM/DD/<timestamp>-<uuid>`.
 * Source: "Retain discarded batch records for a Kinesis Data Streams event source in Lambda",
 * https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html (and the same shape for
 * Kafka with an example, https://docs.aws.amazon.com/lambda/latest/dg/kafka-on-failure.html).
 *
 * Every record goes through the same `processCtr` as the Lambda, so a record whose cause was fixed is
 * applied, and duplicates / older copies stay harmless (conditional upsert on LastUpdateTimestamp). An
 * object whose records all succeed is moved out of the way (`replayed/<original key>`, or a local file into
 * a `replayed/` folder beside it) so a re-run does nothing; an object with a record that still fails stays
 * and is reported with the error and the record's ContactId. Phone numbers never appear in the report.
 *
 * A record that can never parse (InvalidCtrError: not JSON, over the item size, a field out of range) would
 * keep its object "still failing" for good. With `acknowledgeInvalid` (`ctr replay --acknowledge-invalid`),
 * such records are acknowledged instead: the object's other records are applied and the object is moved aside
 * to `acknowledged/<original key>` with a reason document beside it (`….reason.json`: which records, why).
 * Faults (the table unreachable) are never acknowledged. Agent events found in an old failure object (from
 * before agent events had their own stream) are skipped, as the CTR consumer skips them now.
 */
import { isAgentEventText } from '../agents/events.ts';

import { InvalidCtrError, normalizeCtr, parseCtrText } from './ctr.ts';
import type { CtrStore, RecordingLinkStore } from './model.ts';
import { type Clock, systemClock } from './model.ts';
import { type CtrOutcome, type ProcessCtrOptions, processCtr } from './processor.ts';

/** One failure object: where it came from and a way to read it. */
export interface FailureObject {
  /** `s3://bucket/key` or a file path. */
  id: string;
  read(): Promise<string>;
}

/** Where failure objects are listed from and where replayed ones are moved to. */
export interface FailureSource {
  /** Objects not yet replayed, in key order. */
  list(): Promise<FailureObject[]>;
  /** Move (or mark) a fully replayed object so the next run skips it; returns its new location. */
  markReplayed(object: FailureObject): Promise<string>;
  /**
   * Move an object whose remaining failures were acknowledged (never-parsable records) aside, with the
   * reason written beside it; returns its new location.
   */
  markAcknowledged(object: FailureObject, reason: AcknowledgementReason): Promise<string>;
}

/** What is written beside an acknowledged object. */
export interface AcknowledgementReason {
  acknowledgedAt: string;
  object: string;
  reason: string;
  records: RecordFailure[];
}

/** Metadata of the failed batch (as Lambda writes it). */
export interface KinesisBatchInfo {
  shardId?: string;
  startSequenceNumber?: string;
  endSequenceNumber?: string;
  batchSize?: number;
  streamArn?: string;
}

export interface FailureRecord {
  sequenceNumber: string;
  /** The CTR text (base64-decoded Kinesis data). */
  text: string;
}

export interface ParsedFailureObject {
  condition?: string;
  timestamp?: string;
  batch?: KinesisBatchInfo;
  records: FailureRecord[];
}

/** The object is not an on-failure record of a Kinesis event source mapping (or has no payload). */
export class InvalidFailureObjectError extends Error {
  override name = 'InvalidFailureObjectError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Parse one failure object (see the shape above). */
export function parseFailureObject(text: string): ParsedFailureObject {
  const doc = parseJson(text, 'not JSON');
  if (!isObject(doc)) throw new InvalidFailureObjectError('not a JSON object');
  const payload = doc['payload'];
  if (typeof payload !== 'string') {
    throw new InvalidFailureObjectError(
      doc['KinesisBatchInfo']
        ? 'no "payload": an SQS/SNS-style pointer record (records must be read from the stream), not an S3 on-failure object'
        : 'no "payload" string: not a Lambda S3 on-failure object',
    );
  }
  const event = parseJson(payload, '"payload" is not JSON');
  const records = isObject(event) ? event['Records'] : undefined;
  if (!Array.isArray(records)) throw new InvalidFailureObjectError('"payload" has no Records array');
  const out: FailureRecord[] = records.map((r, i) => {
    const kinesis = isObject(r) ? r['kinesis'] : undefined;
    if (!isObject(kinesis) || typeof kinesis['data'] !== 'string') {
      throw new InvalidFailureObjectError(`payload Records[${i}] has no kinesis.data`);
    }
    return {
      sequenceNumber: typeof kinesis['sequenceNumber'] === 'string' ? kinesis['sequenceNumber'] : `#${i}`,
      text: Buffer.from(kinesis['data'], 'base64').toString('utf8'),
    };
  });
  const requestContext = isObject(doc['requestContext']) ? doc['requestContext'] : {};
  const batch = isObject(doc['KinesisBatchInfo']) ? (doc['KinesisBatchInfo'] as KinesisBatchInfo) : undefined;
  return {
    ...(typeof requestContext['condition'] === 'string' ? { condition: requestContext['condition'] } : {}),
    ...(typeof doc['timestamp'] === 'string' ? { timestamp: doc['timestamp'] } : {}),
    ...(batch ? { batch } : {}),
    records: out,
  };
}

export interface RecordFailure {
  sequenceNumber: string;
  /** When the CTR text is JSON with a ContactId. */
  contactId?: string;
  error: string;
}

export interface ObjectReport {
  object: string;
  /**
   * replayed: every record applied (or was already there); acknowledged: the rest applied, never-parsable
   * records acknowledged and the object moved aside; failing: some record still fails; unreadable: not a
   * failure object.
   */
  outcome: 'replayed' | 'acknowledged' | 'failing' | 'unreadable';
  condition?: string;
  shardId?: string;
  records: number;
  applied: number;
  duplicate: number;
  stale: number;
  failed: number;
  /** Agent events in the object (skipped, as the CTR consumer skips them). */
  skipped: number;
  failures: RecordFailure[];
  /** Never-parsable records acknowledged (with `acknowledgeInvalid`). */
  acknowledgedRecords: RecordFailure[];
  /** Where the object went (not in a dry run). */
  movedTo?: string;
}

export interface ReplaySummary {
  dryRun: boolean;
  objects: number;
  replayed: number;
  acknowledged: number;
  failing: number;
  unreadable: number;
  records: number;
  applied: number;
  duplicate: number;
  stale: number;
  failed: number;
  skipped: number;
  reports: ObjectReport[];
}

export interface ReplayOptions extends ProcessCtrOptions {
  /** Parse and validate only: nothing is written and nothing is moved. */
  dryRun?: boolean;
  /** Acknowledge never-parsable records (InvalidCtrError) instead of keeping their object failing. */
  acknowledgeInvalid?: boolean;
  clock?: Clock;
  /** Called once with the number of objects, then after each object (progress bar). */
  onStart?: (objects: number) => void;
  onObject?: (report: ObjectReport) => void;
}

/** Replay every failure object of `source` through the CTR processor. */
export async function replayCtrFailures(
  source: FailureSource,
  store: CtrStore & RecordingLinkStore,
  options: ReplayOptions = {},
): Promise<ReplaySummary> {
  const objects = await source.list();
  options.onStart?.(objects.length);
  const summary: ReplaySummary = {
    dryRun: options.dryRun === true,
    objects: objects.length,
    replayed: 0,
    acknowledged: 0,
    failing: 0,
    unreadable: 0,
    records: 0,
    applied: 0,
    duplicate: 0,
    stale: 0,
    failed: 0,
    skipped: 0,
    reports: [],
  };
  const clock = options.clock ?? systemClock;
  for (const object of objects) {
    const report = await replayObject(object, store, options);
    if (report.outcome === 'replayed' && !options.dryRun) report.movedTo = await source.markReplayed(object);
    if (report.outcome === 'acknowledged' && !options.dryRun)
      report.movedTo = await source.markAcknowledged(object, {
        acknowledgedAt: clock.now().toISOString(),
        object: object.id,
        reason:
          'records that can never be parsed were acknowledged by an operator (santral ctr replay --acknowledge-invalid); every other record was applied',
        records: report.acknowledgedRecords,
      });
    summary[report.outcome]++;
    for (const k of ['records', 'applied', 'duplicate', 'stale', 'failed', 'skipped'] as const)
      summary[k] += report[k];
    summary.reports.push(report);
    options.onObject?.(report);
  }
  return summary;
}

async function replayObject(
  object: FailureObject,
  store: CtrStore & RecordingLinkStore,
  options: ReplayOptions,
): Promise<ObjectReport> {
  const report: ObjectReport = {
    object: object.id,
    outcome: 'replayed',
    records: 0,
    applied: 0,
    duplicate: 0,
    stale: 0,
    failed: 0,
    skipped: 0,
    failures: [],
    acknowledgedRecords: [],
  };
  let parsed: ParsedFailureObject;
  try {
    parsed = parseFailureObject(await object.read());
  } catch (err) {
    if (!(err instanceof InvalidFailureObjectError)) throw err;
    return { ...report, outcome: 'unreadable', failures: [{ sequenceNumber: '-', error: err.message }] };
  }
  if (parsed.condition) report.condition = parsed.condition;
  if (parsed.batch?.shardId) report.shardId = parsed.batch.shardId;
  report.records = parsed.records.length;
  for (const record of parsed.records) {
    if (isAgentEventText(record.text)) {
      report.skipped++;
      continue;
    }
    try {
      if (options.dryRun) {
        // Validate exactly as the processor would, without writing.
        normalizeCtr(parseCtrText(record.text));
        report.applied++;
      } else {
        const out: CtrOutcome = await processCtr(store, record.text, options.clock ?? systemClock, options);
        report[out.outcome]++;
      }
    } catch (err) {
      // Any error keeps the object: an invalid CTR (InvalidCtrError) as well as a fault (e.g. the table is
      // unreachable) is reported per record, and the object is tried again on the next run — unless the
      // operator acknowledges never-parsable records.
      const contactId = contactIdOf(record.text);
      const failure = {
        sequenceNumber: record.sequenceNumber,
        ...(contactId ? { contactId } : {}),
        error: describe(err),
      };
      if (options.acknowledgeInvalid && err instanceof InvalidCtrError)
        report.acknowledgedRecords.push(failure);
      else {
        report.failed++;
        report.failures.push(failure);
      }
    }
  }
  if (report.failed > 0) report.outcome = 'failing';
  else if (report.acknowledgedRecords.length > 0) report.outcome = 'acknowledged';
  return report;
}

/** Error text for the report: the CTR's field issues (paths and messages, never values) or name + message. */
function describe(err: unknown): string {
  if (err instanceof Error) {
    const issues = (err as { issues?: unknown }).issues;
    if (Array.isArray(issues) && issues.length > 0) return `${err.name}: ${issues.join('; ')}`;
    const cause = err.cause instanceof Error ? ` (cause: ${err.cause.name}: ${err.cause.message})` : '';
    return `${err.name}: ${err.message}${cause}`;
  }
  return String(err);
}

function contactIdOf(text: string): string | undefined {
  try {
    const doc: unknown = JSON.parse(text);
    const id = isObject(doc) ? doc['ContactId'] : undefined;
    return typeof id === 'string' && id !== '' ? id : undefined;
  } catch {
    return undefined;
  }
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InvalidFailureObjectError(what, { cause: err });
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Build the object Lambda writes to an S3 on-failure destination for a Kinesis batch (tests, the sandbox's
 * fault drills): metadata + `payload` = the invocation event as a JSON string.
 */
export function buildFailureObject(
  ctrTexts: string[],
  meta: { shardId?: string; streamArn?: string; condition?: string; at?: Date; firstSequence?: bigint } = {},
): string {
  const shardId = meta.shardId ?? 'shardId-000000000000';
  const streamArn = meta.streamArn ?? 'arn:aws:kinesis:us-east-1:111122223333:stream/santral-ctr';
  const at = meta.at ?? new Date();
  const first = meta.firstSequence ?? 49_600_000_000_000_000_000_000_000_000_000_000_000_000_000n;
  const seq = (i: number) => String(first + BigInt(i));
  const event = {
    Records: ctrTexts.map((text, i) => ({
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: String(i),
        sequenceNumber: seq(i),
        data: Buffer.from(text, 'utf8').toString('base64'),
        approximateArrivalTimestamp: at.getTime() / 1000,
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `${shardId}:${seq(i)}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: 'arn:aws:iam::111122223333:role/ctr-processor',
      awsRegion: 'us-east-1',
      eventSourceARN: streamArn,
    })),
  };
  return JSON.stringify({
    requestContext: {
      requestId: '00000000-0000-4000-8000-00000000f00d',
      functionArn: 'arn:aws:lambda:us-east-1:111122223333:function:ctr-processor',
      condition: meta.condition ?? 'RetryAttemptsExhausted',
      approximateInvokeCount: 4,
    },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    version: '1.0',
    timestamp: at.toISOString(),
    KinesisBatchInfo: {
      shardId,
      startSequenceNumber: seq(0),
      endSequenceNumber: seq(Math.max(0, ctrTexts.length - 1)),
      approximateArrivalOfFirstRecord: at.toISOString(),
      approximateArrivalOfLastRecord: at.toISOString(),
      batchSize: ctrTexts.length,
      streamArn,
    },
    payload: JSON.stringify(event),
  });
}
