/**
 * EventBridge schedule (every minute) → one dialer tick per active campaign (shared/outbound/dialer.ts).
 * Reserved concurrency 1 (infra): ticks never overlap; all state is in DynamoDB, so a crashed tick loses
 * nothing and the next one resumes. Faults fail the invocation (EventBridge retries it).
 */

import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { ConnectClient } from '@aws-sdk/client-connect';
import type { Context } from 'aws-lambda';
import {
  ConnectAgentAvailability,
  ConnectOutboundCaller,
  connectIdsFromEnv,
} from '#shared/adapters/connect/outbound-caller.ts';
import { DynamoContactDispositions } from '#shared/adapters/dynamo/contact-disposition.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import { oldestRegistryCopy } from '#shared/compliance/registry-age.ts';
import { createHandlerLogger, loggedHandler } from '#shared/middleware/logging.ts';
import { runDialerTick } from '#shared/outbound/dialer.ts';
import { createOutboundRuntime } from '#shared/outbound/runtime.ts';
import { outboundSettingsFromEnv } from '#shared/outbound/settings.ts';
import { TokenBucket } from '#shared/outbound/token-bucket.ts';

const logger = createHandlerLogger('campaign-dialer');
const metrics = new Metrics({ namespace: 'Santral', serviceName: 'campaign-dialer' });
const settings = outboundSettingsFromEnv();
const db = createDocumentClient();
const dispositions = new DynamoContactDispositions(db);
const rt = createOutboundRuntime(db, createS3Client(), {
  archiveEvidence: process.env['ARCHIVE_EVIDENCE'] === 'true',
});
const connect = new ConnectClient({ maxAttempts: 1 });
const ids = connectIdsFromEnv();
// One bucket per container: with reserved concurrency 1 it is the account-wide dial rate.
const bucket = new TokenBucket(settings.requestsPerSecond);

export const handler = loggedHandler(logger, async (_event: unknown, context: Context) => {
  const deadline = Date.now() + context.getRemainingTimeInMillis() - 10_000;
  // The age of the oldest registry copy in force (alarm RegistryCopyAge: import before the 31-day rule bites).
  const oldest = await oldestRegistryCopy(rt.registryStore, new Date());
  if (oldest) {
    metrics.addMetric('RegistryCopyAgeDays', MetricUnit.Count, oldest.ageDays);
    metrics.publishStoredMetrics();
  }
  const results = [];
  for (const campaign of await rt.campaigns.listCampaigns()) {
    if (campaign.status !== 'active') continue;
    const deps = {
      store: rt.campaigns,
      evidence: rt.evidence,
      gate: rt.dialGate(settings),
      caller: new ConnectOutboundCaller(connect, ids),
      agents: new ConnectAgentAvailability(connect, ids),
      bucket,
      dispositions,
    };
    const result = await runDialerTick(deps, campaign.name, { deadline });
    logger.info('dialer tick', { ...result });
    results.push(result);
  }
  return results;
});
