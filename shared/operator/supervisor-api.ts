/**
 * The supervisor console's API on a deployed stage (functions/supervisor-api): the supervisor routes only
 * (shared/operator/supervisor-routes.ts) on their own router, over ports built from the function's environment —
 * never from CloudFormation outputs (the function has no cloudformation:DescribeStacks):
 * - the tables infra granted (TABLES[k].envVar, `tablesFromEnvironment`) for the operator services, the audit
 *   (interactions table, as the agent API audits), the KPI report (the interactions day index and the agents
 *   table's quarter hours) and the live view's agents;
 * - `SANTRAL_SUPERVISOR_API`: the config slice (shared/operator/supervisor-settings.ts);
 * - `ERASURE_FUNCTION_NAME`: the stage's erasure Lambda, invoked for erasure requests (LambdaErasureRunner);
 * - `CONNECT_INSTANCE_ID` and `QUEUE_ARNS`: the live view's GetCurrentMetricData, with the queue ids known at
 *   synth (no ListQueues).
 * The sandbox wires the same routes in shared/local/local-workspace.ts; both share `storeBackedSupervisorPorts`.
 */
import type { ConnectClient } from '@aws-sdk/client-connect';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConnectLiveQueueMetrics, queueIdsFromArns } from '#shared/adapters/connect/live-queue-metrics.ts';
import { DynamoAgentStore } from '#shared/adapters/dynamo/agent-store.ts';
import { DynamoCtrStore } from '#shared/adapters/dynamo/ctr-store.ts';
import { DynamoNotesStore } from '#shared/adapters/dynamo/notes-store.ts';
import { type AgentApi, createApiRouter } from '#shared/agent-api/router.ts';
import { type Clock, systemClock } from '#shared/interactions/model.ts';
import { loadKpiContacts } from '#shared/kpi/load.ts';
import type { ReportPorts } from '#shared/kpi/report.ts';
import { readQueueArns } from '#shared/middleware/inbound-settings.ts';
import { LambdaErasureRunner } from './erasure.ts';
import type { AgentStates } from './live-queues.ts';
import { ResourceEnvironmentError, tablesFromEnvironment } from './resources.ts';
import { operatorServices } from './services.ts';
import { supervisorRoutes } from './supervisor-routes.ts';
import { ERASURE_FUNCTION_ENV, readSupervisorSettings } from './supervisor-settings.ts';

/** The tables the supervisor-api function is granted (infra/constructs/supervisor-api.ts). */
export const SUPERVISOR_TABLES = ['interactions', 'campaigns', 'evidence', 'dnc', 'agents'] as const;

/** The KPI report and the live view's agents over the interactions and agents tables (sandbox and deployed). */
export function storeBackedSupervisorPorts(
  doc: DynamoDBDocumentClient,
  tables: { interactions: string; agents: string },
): { report: ReportPorts; agents: AgentStates } {
  const contacts = new DynamoCtrStore(doc, tables.interactions);
  const agents = new DynamoAgentStore(doc, tables.agents);
  return {
    report: {
      contacts: (from, to) => loadKpiContacts(contacts, from, to),
      agentTime: (from, to) => agents.intervalsBetween(from.getTime(), to.getTime()),
    },
    agents,
  };
}

export interface SupervisorApiClients {
  doc: DynamoDBDocumentClient;
  s3: S3Client;
  connect: ConnectClient;
  lambda: LambdaClient;
}

export function supervisorApiFromEnvironment(
  clients: SupervisorApiClients,
  env: NodeJS.ProcessEnv = process.env,
  clock: Clock = systemClock,
): AgentApi {
  const tables = tablesFromEnvironment(SUPERVISOR_TABLES, env);
  const required = (name: string, what: string) => {
    const value = env[name];
    if (!value)
      throw new ResourceEnvironmentError(`${name} (${what}) is not set: infra sets it on supervisor-api`);
    return value;
  };
  const erasureFunction = required(ERASURE_FUNCTION_ENV, 'the erasure function');
  const instanceId = required('CONNECT_INSTANCE_ID', 'the Connect instance');
  const settings = readSupervisorSettings(env);
  const { report, agents } = storeBackedSupervisorPorts(clients.doc, tables);
  const routes = supervisorRoutes({
    services: operatorServices({ doc: clients.doc, s3: clients.s3, resources: { tables } }, () =>
      clock.now(),
    ),
    settings,
    report,
    erasure: new LambdaErasureRunner(clients.lambda, erasureFunction),
    live: {
      queueNow: new ConnectLiveQueueMetrics(
        clients.connect,
        instanceId,
        queueIdsFromArns(readQueueArns(env)),
      ),
      agents,
    },
  });
  return createApiRouter({ audit: new DynamoNotesStore(clients.doc, tables.interactions), clock }, routes);
}
