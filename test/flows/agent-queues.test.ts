/**
 * Agents' personal queues in the simulator (USER quick connects → transfer-to-agent): the queue has an ARN
 * `…/queue/agent/<user id>` and no name, only its agent is routed its contacts, and Check staffing follows the
 * agent's simulated state (check-staffing.html). The end-to-end scenarios are in
 * contact-flows/scenarios/transfers.yaml; these tests pin the engine's side.
 */
import { describe, expect, it } from 'vitest';
import {
  agentOfQueueName,
  agentQueueName,
  agentQueueState,
  answeringAgent,
  type SimAgentState,
  simulatedAgents,
  UnknownSimAgentError,
} from '#shared/simulator/agents.ts';
import { runCall } from '#shared/simulator/engine.ts';
import {
  LOCAL_INSTANCE_ARN,
  localAgentArn,
  localAgentId,
  localAgentQueueArn,
  parseLocalAgentArn,
  parseLocalArn,
} from '#shared/simulator/local-arns.ts';
import { act, demoConfig, fixtureWorld, flow, hangUp, next, say } from './fixtures/flows.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A transfer-to-agent flow in miniature: speak the queue's name and ARN, check staffing, queue. */
const agentTransfer = flow(
  'to-agent',
  [
    say('name', 'Queue name [$.Queue.Name] arn [$.Queue.ARN]', 'check'),
    act(
      'check',
      'CheckMetricData',
      { MetricType: 'NumberOfAgentsAvailable' },
      {
        NextAction: 'queue',
        Conditions: [{ NextAction: 'queue', Condition: { Operator: 'NumberGreaterThan', Operands: ['0'] } }],
        Errors: [
          { ErrorType: 'NoMatchingCondition', NextAction: 'unavailable' },
          { ErrorType: 'NoMatchingError', NextAction: 'bye' },
        ],
      },
    ),
    act(
      'queue',
      'TransferContactToQueue',
      {},
      { Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'bye' }] },
    ),
    say('unavailable', 'Not available.', 'bye'),
    hangUp(),
  ],
  'AGENT_TRANSFER',
);

function world(states: Record<string, SimAgentState> = {}) {
  return { ...fixtureWorld([agentTransfer]), agents: simulatedAgents(demoConfig(), states) };
}
const call = (login: string) => ({
  flow: 'to-agent',
  from: '+12065550100',
  to: '+12065550000',
  queue: agentQueueName(login),
});

describe('agent queues: ids and ARNs', () => {
  it('gives each login a stable UUID and Connect-shaped agent and agent-queue ARNs', () => {
    const id = localAgentId('maria');
    expect(id).toMatch(UUID);
    expect(localAgentId('maria')).toBe(id);
    expect(localAgentId('ayse')).not.toBe(id);
    expect(localAgentArn('maria')).toBe(`${LOCAL_INSTANCE_ARN}/agent/${id}`);
    expect(localAgentQueueArn('maria')).toBe(`${LOCAL_INSTANCE_ARN}/queue/agent/${id}`);
  });

  it('maps agent and agent-queue ARNs back to the login, and nothing else', () => {
    expect(parseLocalAgentArn(localAgentQueueArn('maria'))).toBe('maria');
    expect(parseLocalAgentArn(localAgentArn('maria'))).toBe('maria');
    expect(parseLocalAgentArn(localAgentId('maria'))).toBe('maria');
    expect(parseLocalAgentArn(`${LOCAL_INSTANCE_ARN}/queue/agent/00000000-0000-5000-8000-000000000000`)).toBe(
      undefined,
    );
    expect(parseLocalArn(localAgentQueueArn('maria'))).toBe(undefined);
  });

  it('names agent queues agent/<login>, which no config queue name can be', () => {
    expect(agentOfQueueName(agentQueueName('maria'))).toBe('maria');
    expect(agentOfQueueName('Support')).toBe(undefined);
  });
});

describe('agent queues: staffing follows the agent state', () => {
  const agents = simulatedAgents(demoConfig(), { maria: 'busy', ayse: 'offline', john: 'afterContactWork' });

  it.each([
    ['li', { staffed: 1, available: 1 }],
    ['maria', { staffed: 1, available: 0 }],
    ['john', { staffed: 1, available: 0 }],
    ['ayse', { staffed: 0, available: 0 }],
  ])('%s → %j', (login, expected) => {
    expect(agentQueueState(agents.get(login)!)).toEqual(expected);
  });

  it('refuses a state for an agent the config does not have', () => {
    expect(() => simulatedAgents(demoConfig(), { marai: 'busy' })).toThrow(UnknownSimAgentError);
    expect(() => simulatedAgents(demoConfig(), { marai: 'busy' })).toThrow(/unknown agent "marai"/);
  });

  it('routes an agent queue only to its agent, and a queue to the first available agent serving it', () => {
    expect(answeringAgent(agents, agentQueueName('maria'))?.login).toBe('maria');
    expect(answeringAgent(agents, agentQueueName('ayse'))).toBe(undefined);
    // Support: john and maria (Customer Care) are in ACW / busy, ayse (Turkish Care, Support as overflow) offline.
    expect(answeringAgent(agents, 'Support')).toBe(undefined);
    // Customer Care offers Support at once; Turkish Care only after 30 s (delaySeconds): john before ayse.
    const all = simulatedAgents(demoConfig());
    expect(answeringAgent(all, 'Support')?.login).toBe('john');
    expect(answeringAgent(simulatedAgents(demoConfig(), { john: 'busy' }), 'Support')?.login).toBe('maria');
    expect(
      answeringAgent(simulatedAgents(demoConfig(), { john: 'busy', maria: 'offline' }), 'Support')?.login,
    ).toBe('ayse');
    expect(answeringAgent(all, 'Support TR')?.login).toBe('ayse');
    expect(answeringAgent(all, 'Returns')?.login).toBe('john');
  });
});

describe('agent queues in a flow', () => {
  it('reads $.Queue.ARN as the agent queue ARN and $.Queue.Name as empty (null in Connect)', async () => {
    const r = await runCall(world(), call('maria'));
    expect(r.trace.prompts[0]).toBe(`Queue name [] arn [${localAgentQueueArn('maria')}]`);
  });

  it('queues to an available agent, who answers', async () => {
    const r = await runCall(world(), call('maria'));
    expect(r.trace.outcome).toEqual({ type: 'queued', queue: 'agent/maria', priority: 5, agent: 'maria' });
  });

  it.each(['busy', 'afterContactWork', 'offline'] as const)(
    'takes the unavailable branch of Check staffing when the agent is %s',
    async (state) => {
      const r = await runCall(world({ maria: state }), call('maria'));
      expect(r.trace.prompts).toContain('Not available.');
      expect(r.trace.outcome.type).toBe('disconnected');
    },
  );

  it('sets the working queue to an agent by AgentId (Set working queue › By agent)', async () => {
    const byAgent = flow('by-agent', [
      act(
        'set',
        'UpdateContactTargetQueue',
        { AgentId: localAgentArn('li') },
        next('queue', { NoMatchingError: 'bye' }),
      ),
      act(
        'queue',
        'TransferContactToQueue',
        {},
        { Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'bye' }] },
      ),
      hangUp(),
    ]);
    const w = { ...fixtureWorld([byAgent]), agents: simulatedAgents(demoConfig()) };
    const r = await runCall(w, { flow: 'by-agent', from: '+12065550100', to: '+12065550000' });
    expect(r.trace.outcome).toMatchObject({ type: 'queued', queue: 'agent/li', agent: 'li' });
  });

  it('passes the agent queue to a Lambda with its ARN and a null Name', async () => {
    const { CallSimulation } = await import('#shared/simulator/engine.ts');
    const sim = new CallSimulation(world(), call('maria'));
    expect(sim.lambdaEvent({}).Details.ContactData.Queue).toEqual({
      ARN: localAgentQueueArn('maria'),
      Name: null,
      OutboundCallerId: null,
    });
  });
});
