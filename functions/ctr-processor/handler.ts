/**
 * Kinesis (Connect CTR stream) → interactions table. Records are processed in shard order
 * (processInParallel: false); a failing record is reported in batchItemFailures so the event source mapping
 * retries from it (bisecting, bounded) and finally hands it to the on-failure destination, while the rest
 * of the batch counts as done. Duplicates and stale copies are successes (see shared/interactions/processor).
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { DynamoCallbackStore } from '#shared/adapters/dynamo/callback-store.ts';
import { DynamoCtrStore, retentionDaysFromEnv } from '#shared/adapters/dynamo/ctr-store.ts';
import { DynamoCustomerStore } from '#shared/adapters/dynamo/customer-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { isAgentEventText } from '#shared/agents/events.ts';
import { tableName } from '#shared/data/tables.ts';
import { systemClock } from '#shared/interactions/model.ts';
import { processCtr } from '#shared/interactions/processor.ts';
import { dashboardMetricsFor, repeatedConversation } from '#shared/kpi/dashboard-metrics.ts';
import { queueMetricsFor } from '#shared/kpi/metrics.ts';
import { createHandlerLogger, loggedHandler } from '#shared/middleware/logging.ts';

const logger = createHandlerLogger('ctr-processor');
const metrics = new Metrics({ namespace: 'Santral', serviceName: 'ctr-processor' });
const doc = createDocumentClient();
// Every item written from a CTR carries its TTL (retainUntil) when infra sets INTERACTIONS_RETENTION_DAYS.
const store = new DynamoCtrStore(doc, tableName('interactions'), { retentionDays: retentionDaysFromEnv() });
const agents = new DynamoCustomerStore(doc);
// A connected CALLBACK contact clears its pending callback marker (same interactions table).
const callbacks = new DynamoCallbackStore(doc, tableName('interactions'));
const processor = new BatchProcessor(EventType.KinesisDataStreams);
const OUTCOME_METRIC = { applied: 'CtrApplied', duplicate: 'CtrDuplicate', stale: 'CtrStale' } as const;
const serviceLevelSeconds = Number(process.env['SERVICE_LEVEL_SECONDS'] ?? 20);
const fcrDays = Number(process.env['FCR_DAYS'] ?? 7);

async function storeRecord(record: KinesisStreamRecord): Promise<void> {
  const text = Buffer.from(record.kinesis.data, 'base64').toString('utf8');
  // Agent events belong to the agent event stream (functions/agent-event-processor); an instance still
  // configured to send them here must not fill the failure bucket with them (one HEART_BEAT per agent / 120 s).
  if (isAgentEventText(text)) {
    metrics.addMetric('AgentEventSkipped', MetricUnit.Count, 1);
    return;
  }
  const out = await processCtr(store, text, systemClock, { agents, callbacks });
  logger.debug('ctr processed', { contactId: out.contactId, outcome: out.outcome });
  metrics.addMetric(OUTCOME_METRIC[out.outcome], MetricUnit.Count, 1);
  if (out.callbackCompleted) metrics.addMetric('CallbackCompleted', MetricUnit.Count, 1);
  // Queue KPIs once per contact (its first stored version), so re-deliveries do not double count: center-wide
  // (the alarms) and per queue (the dashboard).
  if (out.outcome === 'applied' && out.firstVersion && out.ctr.queue?.name) {
    const counts = Object.entries(queueMetricsFor(out.ctr, serviceLevelSeconds));
    for (const [name, value] of counts) metrics.addMetric(name, MetricUnit.Count, value);
    // One EMF document with the Queue dimension (a singleMetric() would drop the dimension after its first metric).
    const perQueue = new Metrics({
      namespace: 'Santral',
      serviceName: 'ctr-processor',
      defaultDimensions: { Queue: out.ctr.queue.name },
    });
    for (const [name, value] of counts) perQueue.addMetric(name, MetricUnit.Count, value);
    // Supervisor dashboard sums (AHT, ASA, CSAT, trailing FCR: shared/kpi/dashboard-metrics.ts).
    for (const [name, value] of Object.entries(dashboardMetricsFor(out.ctr))) {
      metrics.addMetric(name, MetricUnit.Count, value);
      perQueue.addMetric(name, MetricUnit.Count, value);
    }
    perQueue.publishStoredMetrics();
    const number = out.ctr.customerNumber;
    const earlier = number
      ? repeatedConversation(
          out.ctr,
          (await store.history(number, 20)).flatMap((r) => (r.ctr ? [r.ctr] : [])),
          fcrDays,
        )
      : undefined;
    if (earlier?.queue?.name) {
      metrics.addMetric('FcrRepeats', MetricUnit.Count, 1);
      const repeatQueue = new Metrics({
        namespace: 'Santral',
        serviceName: 'ctr-processor',
        defaultDimensions: { Queue: earlier.queue.name },
      });
      repeatQueue.addMetric('FcrRepeats', MetricUnit.Count, 1);
      repeatQueue.publishStoredMetrics();
    }
  }
}

/** A record that fails is logged (redacted: a broken CTR's error may quote it) and reported to the batch. */
async function recordHandler(record: KinesisStreamRecord): Promise<void> {
  try {
    await storeRecord(record);
  } catch (error) {
    logger.error('ctr not stored', { sequenceNumber: record.kinesis.sequenceNumber, error });
    throw error;
  }
}

export const handler = loggedHandler(logger, async (event: KinesisStreamEvent, context: Context) => {
  try {
    return await processPartialResponse(event, recordHandler, processor, {
      context,
      processInParallel: false,
    });
  } finally {
    metrics.publishStoredMetrics();
  }
});
