/**
 * The simulator's front door: from the contact-center config and the flow files to a simulated world,
 * and one call through it. Used by `santral sim call`, the sandbox, the scenario runner and the benchmark.
 *
 * Local resolution (issue 5): `${Queue:X}` → a local pseudo-ARN that the route Lambda also returns (its
 * QUEUE_ARNS env is set to the same map), `${Lambda:x}` → functions/x/handler.ts run in-process,
 * `${Hours:…}` → config hours, `${HoursText:Main:en-US}` → the opening hours spoken from config, `${Prompt:…}` → the config prompt's transcript.
 */
import { randomUUID } from 'node:crypto';
import { type ContactCenterConfig, servedQueues } from '#shared/config/schema.ts';
import { hoursText } from '#shared/flows/hours-text.ts';
import { type FlowFile, type LoadedFlow, loadAllFlows } from '#shared/flows/model.ts';
import { type ReferenceKind, resolveReferences } from '#shared/flows/references.ts';
import {
  INBOUND_FUNCTIONS,
  type InboundFunctionName,
  inboundEnvironment,
} from '#shared/middleware/inbound-settings.ts';
import { agentQueueName, type SimAgentState, simulatedAgents, UnknownSimAgentError } from './agents.ts';
import { type ConnectDocument, simulatedAgentEvents, simulatedContactRecord } from './connect-records.ts';
import { useConnectStandIn } from './connect-stand-in.ts';
import { type CallSetup, runCall } from './engine.ts';
import { isFlowFilePath, loadForeignFlow } from './foreign-flow.ts';
import { InProcessLambdaInvoker } from './lambda-invoker.ts';
import { localArn, localQueueArns } from './local-arns.ts';
import type { CallResult, Keypad, LambdaInvoker, QueueState, SimWorld } from './types.ts';

export class SimulationSetupError extends Error {
  override name = 'SimulationSetupError';
}

export interface ResolvedFlows {
  flows: Map<string, FlowFile>;
  /** Flows whose references could not be resolved, with the reason. */
  problems: Map<string, string>;
}

/** Resolve every flow's `${Kind:name}` references to local pseudo-ARNs (unknown names are problems). */
export function resolveFlowsLocally(config: ContactCenterConfig, flows: readonly FlowFile[]): ResolvedFlows {
  const queues = new Set(config.queues.map((q) => q.name));
  const hours = new Set(config.hours.map((h) => h.name));
  const flowNames = new Set(flows.map((f) => f.name));
  const resolver = (kind: ReferenceKind, name: string): string | undefined => {
    switch (kind) {
      case 'Queue':
        return queues.has(name) ? localArn(kind, name) : undefined;
      case 'Hours':
        return hours.has(name) ? localArn(kind, name) : undefined;
      case 'HoursText':
        return hoursText(config, name);
      case 'Flow':
      case 'Module':
        return flowNames.has(name) ? localArn(kind, name) : undefined;
      default:
        // Lambdas fail at invocation with a clear message when functions/<name>/handler.ts is missing;
        // prompts without a config transcript are spoken as "(prompt name)".
        return localArn(kind, name);
    }
  };
  const out: ResolvedFlows = { flows: new Map(), problems: new Map() };
  for (const f of flows) {
    try {
      const content = resolveReferences(f.content, resolver, f.name);
      out.flows.set(f.name, { name: f.name, type: f.type, description: f.description, content });
    } catch (err) {
      out.problems.set(f.name, (err as Error).message);
    }
  }
  return out;
}

/** Agents: one number for every queue, or per queue. */
export type AgentsSpec = number | Record<string, Partial<QueueState> | number>;

/**
 * Staffing as the config implies it: a queue has agents only if a routing profile serves it (agents on
 * that profile receive its contacts, as in Connect); how many is `simulator.queues[name]` or
 * `simulator.agentsPerQueue` until agents are configured as code. A queue no profile serves gets none.
 */
export function staffingFromConfig(
  config: Pick<ContactCenterConfig, 'routingProfiles' | 'queues' | 'simulator'>,
): Record<string, number> {
  const served = servedQueues(config);
  return Object.fromEntries(
    config.queues.map((q) => [
      q.name,
      served.has(q.name) ? (config.simulator.queues[q.name] ?? config.simulator.agentsPerQueue) : 0,
    ]),
  );
}

/** Queue states for a call: `agents` (sim call --agents, a scenario's agents) overrides the config's staffing. */
export function queueStates(config: ContactCenterConfig, agents?: AgentsSpec): Map<string, QueueState> {
  const out = new Map<string, QueueState>();
  const fromConfig = staffingFromConfig(config);
  for (const q of config.queues) {
    const spec =
      agents === undefined
        ? (fromConfig[q.name] ?? 0)
        : typeof agents === 'number'
          ? agents
          : (agents[q.name] ?? agents['*'] ?? 0);
    const state: QueueState =
      typeof spec === 'number'
        ? { staffed: spec, available: spec }
        : { staffed: spec.staffed ?? spec.available ?? 0, available: spec.available ?? 0, ...spec };
    out.set(q.name, { hours: q.hours, ...state });
  }
  return out;
}

/**
 * The environment the in-process handlers read: QUEUE_ARNS with the same pseudo-ARNs the flows use,
 * Powertools quiet (their JSON logs and EMF metrics would drown the transcript).
 */
export function prepareHandlerEnvironment(config: ContactCenterConfig): void {
  process.env['QUEUE_ARNS'] = JSON.stringify(localQueueArns(config.queues.map((q) => q.name)));
  process.env['SANTRAL_STAGE'] ??= config.stage;
  process.env['POWERTOOLS_LOG_LEVEL'] ??= 'SILENT';
  process.env['POWERTOOLS_METRICS_DISABLED'] ??= 'true';
  process.env['POWERTOOLS_METRICS_NAMESPACE'] ??= 'Santral';
  process.env['POWERTOOLS_SERVICE_NAME'] ??= 'santral-sim';
  process.env['POWERTOOLS_IDEMPOTENCY_DISABLED'] ??= 'true';
  process.env['AWS_REGION'] ??= config.region;
}

/** Each inbound function's own environment (its slice of the config), as infra sets it. */
export function handlerEnvironment(
  config: ContactCenterConfig,
): (functionName: string) => Record<string, string> {
  const cache = new Map<string, Record<string, string>>();
  return (name) => {
    let env = cache.get(name);
    if (!env) {
      env = (INBOUND_FUNCTIONS as readonly string[]).includes(name)
        ? inboundEnvironment(config, name as InboundFunctionName)
        : {};
      cache.set(name, env);
    }
    return env;
  };
}

/** `--to`: a phone number (simulated address or name of a config number) or a flow name. */
export function resolveDestination(
  config: ContactCenterConfig,
  flows: ReadonlyMap<string, FlowFile>,
  to?: string,
): { flow: string; address: string } {
  const numbers = config.phoneNumbers;
  const main = numbers[0];
  if (!to) {
    if (!main) throw new SimulationSetupError('no phoneNumbers in the config; give --to <flow>');
    return { flow: main.flow, address: main.simulatedAddress ?? '+10000000000' };
  }
  const number = numbers.find((n) => n.simulatedAddress === to || n.name === to);
  if (number) return { flow: number.flow, address: number.simulatedAddress ?? '+10000000000' };
  if (flows.has(to)) return { flow: to, address: main?.simulatedAddress ?? '+10000000000' };
  const known = [
    ...numbers.map((n) => `${n.name} (${n.simulatedAddress ?? 'no simulatedAddress'})`),
    ...[...flows.keys()],
  ];
  throw new SimulationSetupError(`--to ${to}: not a configured number or a flow; known: ${known.join(', ')}`);
}

export interface SimulateCallOptions {
  config: ContactCenterConfig;
  from: string;
  /** Number or flow; default the first configured number. */
  to?: string;
  at?: Date;
  agents?: AgentsSpec;
  keypad: Keypad;
  lambdas?: LambdaInvoker;
  /** Pre-resolved flows (default: contact-flows/ resolved against the config). */
  flows?: ResolvedFlows;
  callerStaysAfterAgent?: boolean;
  onEvent?: SimWorld['onEvent'];
  maxSteps?: number;
  contactId?: string;
  attributes?: Record<string, string>;
  queue?: string;
  /**
   * A USER quick connect: the working queue is this agent's personal queue (config `agents[].login`);
   * `queue` and `agent` are exclusive.
   */
  agent?: string;
  /** The simulated state of configured agents by login (default: every agent Available). */
  agentStates?: Readonly<Record<string, SimAgentState>>;
  /** Outcomes of stand-in blocks by action type (SimWorld.standIns). */
  standIns?: Readonly<Record<string, string>>;
  /** How long the agent and the caller talk (the engine does not simulate the conversation); default 180 s. */
  talkSeconds?: number;
}

/** What Connect would stream about one simulated contact (connect-records.ts). */
export interface SimulatedRecords {
  contactRecord: ConnectDocument;
  agentEvents: ConnectDocument[];
}

/**
 * Where a simulated call's contact record and agent events go (the sandbox: through the CTR and agent-event
 * processors into its tables). Without a sink nothing is emitted (scenarios, the benchmark).
 */
export type SimulatedRecordSink = (records: SimulatedRecords) => Promise<void>;

/** Everything but the keypad: built once, reused for many calls (scenarios, benchmark). */
export interface SimulatorContext {
  config: ContactCenterConfig;
  flows: ResolvedFlows;
  lambdas: LambdaInvoker;
  /** Built once from the config (hours by name, prompt transcripts by name). */
  hours?: ReadonlyMap<string, ContactCenterConfig['hours'][number]>;
  prompts?: ReadonlyMap<string, string>;
  /** Emit each call's contact record and agent events here. */
  records?: SimulatedRecordSink;
}

export function createSimulatorContext(
  config: ContactCenterConfig,
  options: { flows?: readonly LoadedFlow[]; lambdas?: LambdaInvoker; records?: SimulatedRecordSink } = {},
): SimulatorContext {
  prepareHandlerEnvironment(config);
  return {
    ...(options.records ? { records: options.records } : {}),
    config,
    flows: resolveFlowsLocally(config, options.flows ?? loadAllFlows()),
    lambdas: options.lambdas ?? new InProcessLambdaInvoker(undefined, {}, handlerEnvironment(config)),
    hours: new Map(config.hours.map((h) => [h.name, h])),
    prompts: new Map(config.prompts.map((p) => [p.name, p.transcript ?? `(prompt ${p.name})`])),
  };
}

export function buildWorld(
  ctx: SimulatorContext,
  options: Pick<
    SimulateCallOptions,
    'at' | 'agents' | 'keypad' | 'callerStaysAfterAgent' | 'onEvent' | 'agentStates'
  > & {
    lambdas?: LambdaInvoker;
  },
): SimWorld {
  const { config } = ctx;
  let agents: SimWorld['agents'];
  try {
    agents = simulatedAgents(config, options.agentStates);
  } catch (err) {
    if (err instanceof UnknownSimAgentError) throw new SimulationSetupError(err.message, { cause: err });
    throw err;
  }
  return {
    startAt: options.at ?? new Date(),
    flows: ctx.flows.flows,
    hours: ctx.hours ?? new Map(config.hours.map((h) => [h.name, h])),
    queues: queueStates(config, options.agents),
    agents,
    prompts:
      ctx.prompts ?? new Map(config.prompts.map((p) => [p.name, p.transcript ?? `(prompt ${p.name})`])),
    keypad: options.keypad,
    lambdas: options.lambdas ?? ctx.lambdas,
    ...(options.callerStaysAfterAgent !== undefined
      ? { callerStaysAfterAgent: options.callerStaysAfterAgent }
      : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  };
}

/** Place one simulated call. */
export async function simulateCall(
  ctx: SimulatorContext,
  options: Omit<SimulateCallOptions, 'config' | 'flows'>,
): Promise<CallResult & { flow: string; to: string; contactId: string }> {
  // `--to path/to/flow.json`: a flow from anywhere, its unresolvable references met by stand-ins.
  const foreign =
    options.to && isFlowFilePath(options.to)
      ? loadForeignFlow(options.to, ctx.config, [...ctx.flows.flows.keys()])
      : undefined;
  const flows = foreign ? new Map([...ctx.flows.flows, [foreign.name, foreign]]) : ctx.flows.flows;
  const dest = foreign
    ? { flow: foreign.name, address: ctx.config.phoneNumbers[0]?.simulatedAddress ?? '+10000000000' }
    : resolveDestination(ctx.config, ctx.flows.flows, options.to);
  const problem = foreign ? undefined : ctx.flows.problems.get(dest.flow);
  if (problem) throw new SimulationSetupError(problem);
  const built = buildWorld(ctx, options);
  const world: SimWorld = {
    ...built,
    flows,
    ...(foreign ? { standInReferences: true } : {}),
    ...(options.standIns ? { standIns: options.standIns } : {}),
  };
  useConnectStandIn(world.queues);
  if (options.agent !== undefined && options.queue !== undefined)
    throw new SimulationSetupError('give queue or agent (a USER quick connect), not both');
  if (options.agent !== undefined && !world.agents?.has(options.agent))
    throw new SimulationSetupError(
      new UnknownSimAgentError(options.agent, [...(world.agents?.keys() ?? [])]).message,
    );
  const queue = options.agent !== undefined ? agentQueueName(options.agent) : options.queue;
  const setup: CallSetup = {
    flow: dest.flow,
    from: options.from,
    to: dest.address,
    ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}),
    contactId: options.contactId ?? randomUUID(),
    ...(options.attributes ? { attributes: options.attributes } : {}),
    ...(queue ? { queue } : {}),
    languageCode: ctx.config.languages.default,
  };
  const result = await runCall(world, setup);
  const contactId = setup.contactId!;
  if (ctx.records) {
    const contact = {
      contactId,
      from: options.from,
      to: dest.address,
      startAt: world.startAt,
      result,
      ...(result.agentLeg ? { agent: world.agents?.get(result.agentLeg.agent) } : {}),
      ...(options.talkSeconds !== undefined ? { talkSeconds: options.talkSeconds } : {}),
    };
    await ctx.records({
      contactRecord: simulatedContactRecord(contact),
      agentEvents: simulatedAgentEvents(contact),
    });
  }
  return { ...result, flow: dest.flow, to: dest.address, contactId };
}
