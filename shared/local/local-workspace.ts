/**
 * Assembles the local workspace on a running sandbox (embedded DynamoDB/S3 already started): the
 * sandbox's Connect stand-in (SandboxContacts), the switchboard over the simulator, the agent API router
 * with the same DynamoDB adapters the Lambda uses, the sandbox token issuer and its verifier, and the
 * loopback web server. `santral sandbox start` (npm start), the browser tests and the bench use it.
 */

import { createDocumentClient } from '../adapters/dynamo-client.ts';
import { dynamoAgentApiDeps } from '../agent-api/dynamo-deps.ts';
import { createAgentApi } from '../agent-api/router.ts';
import { agentApiSettingsFor } from '../agent-api/settings.ts';
import type { ContactCenterConfig } from '../config/schema.ts';
import { tableName } from '../data/tables.ts';
import { erasureRunnerFor } from '../operator/erasure.ts';
import { operatorServices } from '../operator/services.ts';
import { openOperatorStage } from '../operator/stage.ts';
import { storeBackedSupervisorPorts } from '../operator/supervisor-api.ts';
import { supervisorRoutes } from '../operator/supervisor-routes.ts';
import { supervisorSettingsFor } from '../operator/supervisor-settings.ts';
import { createSimulatorContext, type SimulatorContext } from '../simulator/simulator.ts';
import { DEMO_CUSTOMERS, DEMO_UNKNOWN } from './demo-data.ts';
import { SandboxContacts } from './sandbox-contacts.ts';
import { Switchboard, type SwitchboardAgent, type SwitchboardQuickConnect } from './switchboard.ts';
import { createTokenIssuer, createTokenVerifier, type SandboxUser } from './token-issuer.ts';
import { startWorkspaceServer, type WorkspaceServer } from './workspace-server.ts';

export interface LocalWorkspace {
  url: string;
  server: WorkspaceServer;
  switchboard: Switchboard;
  contacts: SandboxContacts;
  /** A token for a configured agent, as the sandbox sign-in issues it (tests call the API with it). */
  tokenFor(login: string): string;
  close(): Promise<void>;
}

export interface LocalWorkspaceOptions {
  config: ContactCenterConfig;
  /** The built app (workspace/build.ts). */
  distDir: string;
  port?: number;
  /** Reuse a simulator context (the CLI's demo call built one). */
  simulator?: SimulatorContext;
  /** The simulated instant of each call (default: now). */
  callTime?: () => Date;
}

export function sandboxUsers(config: ContactCenterConfig): SandboxUser[] {
  return config.agents.map((a) => ({
    username: a.login,
    name: `${a.firstName} ${a.lastName}`,
    locale: a.locale ?? (a.languages[0]?.toLowerCase().startsWith('tr') ? 'tr' : 'en'),
    groups: a.supervisor ? ['agent', 'supervisor'] : ['agent'],
  }));
}

export function switchboardAgents(config: ContactCenterConfig): SwitchboardAgent[] {
  return config.agents.map((a) => ({
    login: a.login,
    name: `${a.firstName} ${a.lastName}`,
    queues: config.routingProfiles.find((rp) => rp.name === a.routingProfile)?.queues ?? [],
  }));
}

export function switchboardQuickConnects(config: ContactCenterConfig): SwitchboardQuickConnect[] {
  const out: SwitchboardQuickConnect[] = [];
  for (const qc of config.quickConnects) {
    if (qc.type === 'QUEUE') out.push({ type: 'queue', name: qc.name, queue: qc.queue, flow: qc.flow });
    else if (qc.type === 'USER') out.push({ type: 'agent', name: qc.name, agent: qc.agent, flow: qc.flow });
  }
  return out;
}

export async function startLocalWorkspace(options: LocalWorkspaceOptions): Promise<LocalWorkspace> {
  const { config } = options;
  const doc = createDocumentClient();
  const contacts = new SandboxContacts();
  // The supervisor console's routes (/v1/supervisor/...) over the operator services on this sandbox.
  const operator = await openOperatorStage({
    stage: config.stage,
    config,
    deployed: false,
    sandbox: async () => ({ close: async () => {} }),
  });
  const switchboard = new Switchboard({
    simulator: options.simulator ?? createSimulatorContext(config),
    contacts,
    agents: switchboardAgents(config),
    quickConnects: switchboardQuickConnects(config),
    ...(options.callTime ? { callTime: options.callTime } : {}),
  });
  const { report, agents } = storeBackedSupervisorPorts(doc, {
    interactions: tableName('interactions'),
    agents: tableName('agents'),
  });
  const supervisor = supervisorRoutes({
    services: operatorServices(operator),
    settings: supervisorSettingsFor(config),
    erasure: erasureRunnerFor(operator),
    report,
    // The sandbox's live queues: the switchboard's agents and contacts, and whatever the agents table holds.
    live: {
      queueNow: { source: 'sandbox', current: async (queues) => switchboard.queueNow(queues) },
      agents,
    },
  });
  const api = createAgentApi(
    dynamoAgentApiDeps(doc, {
      contacts,
      settings: agentApiSettingsFor(config),
      clock: { now: () => new Date() },
    }),
    supervisor,
  );
  const issuer = createTokenIssuer();
  const verifier = createTokenVerifier(issuer);
  const users = new Map(sandboxUsers(config).map((u) => [u.username, u]));
  const tokenFor = (login: string) => {
    const user = users.get(login);
    if (!user) throw new Error(`${login} is not a configured agent (config agents[].login)`);
    return issuer.issue(user);
  };
  const server = await startWorkspaceServer({
    distDir: options.distDir,
    switchboard,
    api,
    identity: { issue: tokenFor, verify: (t) => verifier.verify(t) },
    callers: [
      ...DEMO_CUSTOMERS.map((c) => ({
        number: c.phone,
        label: `${c.firstName} ${c.lastName ?? ''}`.trim() + (c.tier === 'VIP' ? ' (VIP)' : ''),
      })),
      { number: DEMO_UNKNOWN, label: 'Unknown caller' },
    ],
    ...(options.port !== undefined ? { port: options.port } : {}),
  });
  return {
    url: server.url,
    server,
    switchboard,
    contacts,
    tokenFor,
    close: async () => {
      await server.close();
      await operator.close();
    },
  };
}
