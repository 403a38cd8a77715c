/**
 * The sandbox's stand-in for Connect's data streaming: each simulated call's contact record and agent events
 * (shared/simulator/connect-records.ts) go through the same routing and processors as `santral ctr ingest`
 * (shared/interactions/ingest.ts → the CTR processor and the agent-event processor) into the sandbox's
 * interactions and agents tables, so `santral kpi report --by agent` and the agents table reflect the calls
 * placed with `npm start`, `santral sim call` and the CCP stand-in.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAgentStore } from '../adapters/dynamo/agent-store.ts';
import { DynamoCallbackStore } from '../adapters/dynamo/callback-store.ts';
import { DynamoCtrStore } from '../adapters/dynamo/ctr-store.ts';
import { createDocumentClient } from '../adapters/dynamo-client.ts';
import { tableName } from '../data/tables.ts';
import { type IngestSummary, ingestLines } from '../interactions/ingest.ts';
import type { SimulatedRecordSink } from '../simulator/simulator.ts';

/** A simulated record the processors refused: a bug in the simulator's records, never the caller's input. */
export class SimulatedRecordError extends Error {
  override readonly name = 'SimulatedRecordError';
  constructor(readonly errors: IngestSummary['errors']) {
    super(
      `the simulator emitted records the processors refused: ${errors.map((e) => `#${e.line}: ${e.reason}`).join('; ')}`,
    );
  }
}

export function sandboxRecordSink(
  doc: DynamoDBDocumentClient = createDocumentClient(),
  onIngested?: (summary: IngestSummary) => void,
): SimulatedRecordSink {
  const deps = {
    ctrs: new DynamoCtrStore(doc, tableName('interactions')),
    agents: new DynamoAgentStore(doc, tableName('agents')),
    callbacks: new DynamoCallbackStore(doc, tableName('interactions')),
  };
  return async ({ contactRecord, agentEvents }) => {
    const lines = [...agentEvents, contactRecord].map((d, i) => ({ line: i + 1, text: JSON.stringify(d) }));
    const summary = await ingestLines(lines, deps);
    if (summary.invalid > 0) throw new SimulatedRecordError(summary.errors);
    onIngested?.(summary);
  };
}
