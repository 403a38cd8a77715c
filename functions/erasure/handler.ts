/**
 * Erasure as a Lambda (operators invoke it with IAM; the same code as `santral erase`):
 * `{ "phoneNumber": "+12065550100", "requestedBy": "dpo@example.com", "dryRun": false }` → the report
 * (number masked; `retained` lists what was kept on purpose and why). Invalid input is an `{ ok: false }` answer; faults throw so the invoker sees the failure
 * and can re-run (erasure is safe to repeat).
 */
import { ConnectClient } from '@aws-sdk/client-connect';
import { KMSClient } from '@aws-sdk/client-kms';
import { z } from 'zod';
import { ConnectContactScrubber } from '#shared/adapters/connect/contact-scrubber.ts';
import { DynamoCtrStore, retentionDaysFromEnv } from '#shared/adapters/dynamo/ctr-store.ts';
import { DynamoErasureStore } from '#shared/adapters/dynamo/erasure-store.ts';
import { DynamoInternalDncStore } from '#shared/adapters/dynamo/internal-dnc-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { ERASURE_HMAC_KEY_ENV, KmsSubjectHasher } from '#shared/adapters/kms/subject-hasher.ts';
import { S3CtrFailureStore } from '#shared/adapters/s3/ctr-failure-store.ts';
import { S3RecordingEraser } from '#shared/adapters/s3/recording-store.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import { bucketName, tableName } from '#shared/data/tables.ts';
import { toE164 } from '#shared/domain/phone.ts';
import { eraseByPhone } from '#shared/interactions/erasure.ts';
import { systemClock } from '#shared/interactions/model.ts';
import { createHandlerLogger, loggedHandler } from '#shared/middleware/logging.ts';

const logger = createHandlerLogger('erasure');
const instanceId = process.env['CONNECT_INSTANCE_ID'];
// The erasure secret is a KMS HMAC key (infra grants kms:GenerateMac on it only); without it, no erasure.
const hmacKeyId = process.env[ERASURE_HMAC_KEY_ENV];
if (!hmacKeyId)
  throw new Error(`${ERASURE_HMAC_KEY_ENV} is not set (the erasure HMAC key's ARN, set by infra)`);
const doc = createDocumentClient();
const s3 = createS3Client();
const deps = {
  store: new DynamoErasureStore(doc, {
    customers: tableName('customers'),
    interactions: tableName('interactions'),
    campaigns: tableName('campaigns'),
    dnc: tableName('dnc'),
    evidence: tableName('evidence'),
  }),
  interactions: new DynamoCtrStore(doc, tableName('interactions')),
  recordings: new S3RecordingEraser(s3),
  // Failed CTR batches (CTR_FAILURES_BUCKET) hold raw CTRs with the number: rewritten or deleted too.
  ctrFailures: new S3CtrFailureStore(s3, bucketName('ctr-failures')),
  dnc: new DynamoInternalDncStore(doc, tableName('dnc')),
  clock: systemClock,
  queues: JSON.parse(process.env['QUEUE_NAMES'] ?? '[]') as string[],
  hasher: new KmsSubjectHasher(new KMSClient({ maxAttempts: 5 }), hmacKeyId),
  // Anonymised contacts keep their TTL; one that had none gets initiation + INTERACTIONS_RETENTION_DAYS.
  retentionDays: retentionDaysFromEnv(),
  ...(instanceId
    ? { connect: new ConnectContactScrubber(new ConnectClient({ maxAttempts: 5 }), instanceId) }
    : {}),
};

const requestSchema = z
  .object({
    phoneNumber: z.string().min(3).max(40),
    requestedBy: z.string().min(1).max(200),
    dryRun: z.boolean().default(false),
  })
  .strict();

export const handler = loggedHandler(logger, async (event: unknown) => {
  const req = requestSchema.safeParse(event);
  if (!req.success)
    return { ok: false, issues: req.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  const e164 = toE164(req.data.phoneNumber);
  if (!e164) return { ok: false, issues: ['phoneNumber: not a valid phone number'] };
  const report = await eraseByPhone(deps, e164, {
    requestedBy: req.data.requestedBy,
    dryRun: req.data.dryRun,
  });
  logger.info('erasure done', {
    erasureId: report.erasureId,
    subject: report.subject,
    dryRun: report.dryRun,
    counts: report.counts,
    kept: report.kept,
    uncheckedCtrFailures: report.uncheckedCtrFailures,
  });
  return { ok: true, report };
});
