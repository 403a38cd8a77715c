/**
 * Kinesis (Connect agent event stream) → agents table: each agent's current state and time per quarter
 * hour (shared/agents/processor.ts). The batch is processed as a whole (writes grouped per agent and
 * interval); a record whose write failed, or that can never parse, is reported in batchItemFailures so the
 * event source mapping retries from it (bisecting, bounded) and finally hands it to the on-failure queue.
 * Writes are idempotent and order-free, so re-processing the records after a failed one is harmless.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { DynamoAgentStore } from '#shared/adapters/dynamo/agent-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { processAgentEvents } from '#shared/agents/processor.ts';
import { tableName } from '#shared/data/tables.ts';
import { createHandlerLogger, loggedHandler } from '#shared/middleware/logging.ts';

const logger = createHandlerLogger('agent-event-processor');
const metrics = new Metrics({ namespace: 'Santral', serviceName: 'agent-event-processor' });
const store = new DynamoAgentStore(createDocumentClient(), tableName('agents'));
const METRIC = {
  applied: 'AgentEventApplied',
  duplicate: 'AgentEventDuplicate',
  stale: 'AgentEventStale',
  invalid: 'AgentEventInvalid',
  failed: 'AgentEventFailed',
} as const;

export const handler = loggedHandler(
  logger,
  async (event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> => {
    try {
      const texts = event.Records.map((r) => Buffer.from(r.kinesis.data, 'base64').toString('utf8'));
      const outcomes = await processAgentEvents(store, texts);
      const batchItemFailures: KinesisStreamBatchResponse['batchItemFailures'] = [];
      outcomes.forEach((o, i) => {
        metrics.addMetric(METRIC[o.outcome], MetricUnit.Count, 1);
        const sequenceNumber = event.Records[i]!.kinesis.sequenceNumber;
        if (o.outcome === 'invalid')
          logger.error('agent event invalid', { sequenceNumber, reason: o.reason });
        if (o.outcome === 'failed')
          logger.error('agent event not stored', { sequenceNumber, error: o.error });
        if (o.outcome === 'invalid' || o.outcome === 'failed')
          batchItemFailures.push({ itemIdentifier: sequenceNumber });
      });
      return { batchItemFailures };
    } finally {
      metrics.publishStoredMetrics();
    }
  },
);
