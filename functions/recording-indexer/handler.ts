/**
 * S3 object-created (recordings bucket, Connect's CallRecordings and Contact Lens redacted copies) →
 * link the recording to its interaction (shared/interactions/recordings.ts). Idempotent: S3 may deliver an
 * event more than once; every write is a SET/ADD of the same values. A fault fails the invocation so the
 * asynchronous invoke retries and then lands in the function's on-failure destination.
 */
import type { S3Event } from 'aws-lambda';
import { DynamoCtrStore } from '#shared/adapters/dynamo/ctr-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { tableName } from '#shared/data/tables.ts';
import { systemClock } from '#shared/interactions/model.ts';
import { decodeS3EventKey, indexRecording } from '#shared/interactions/recordings.ts';
import { createHandlerLogger, loggedHandler } from '#shared/middleware/logging.ts';

const logger = createHandlerLogger('recording-indexer');
const store = new DynamoCtrStore(createDocumentClient(), tableName('interactions'));

export const handler = loggedHandler(logger, async (event: S3Event) => {
  const results = [];
  for (const record of event.Records) {
    const object = { bucket: record.s3.bucket.name, key: decodeS3EventKey(record.s3.object.key) };
    const out = await indexRecording(store, object, systemClock);
    // The key names the recording an operator looks for; the logger masks any number in a custom name.
    logger.info('recording indexed', { outcome: out.outcome, contactId: out.contactId, key: object.key });
    results.push(out);
  }
  return results;
});
