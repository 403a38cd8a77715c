/**
 * Supervisor routes on the agent API router (shared/operator/supervisor-routes.ts), end to end on embedded
 * DynamoDB with tokens from the sandbox issuer: an agent token gets 403 on every supervisor route; a
 * supervisor's pause stops the simulated dialer before its next dial; evidence lookup, DNC admin with reasons,
 * erasure (dry run) and the KPI report by queue.
 */
import {
  ConnectClient,
  GetCurrentMetricDataCommand,
  type GetCurrentMetricDataCommandInput,
  ListQueuesCommand,
} from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConnectLiveQueueMetrics, LIVE_QUEUE_METRICS } from '#shared/adapters/connect/live-queue-metrics.ts';
import { DynamoAgentStore } from '#shared/adapters/dynamo/agent-store.ts';
import { DynamoCtrStore } from '#shared/adapters/dynamo/ctr-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { dynamoAgentApiDeps } from '#shared/agent-api/dynamo-deps.ts';
import { type AgentApi, createAgentApi } from '#shared/agent-api/router.ts';
import { agentApiSettingsFor } from '#shared/agent-api/settings.ts';
import type { ApiResponse } from '#shared/agent-api/types.ts';
import { processAgentEvents } from '#shared/agents/processor.ts';
import { RegistryReader } from '#shared/compliance/registry.ts';
import { loadStageConfig } from '#shared/config/load.ts';
import { tableName } from '#shared/data/tables.ts';
import { processCtr } from '#shared/interactions/processor.ts';
import { SandboxContacts } from '#shared/local/sandbox-contacts.ts';
import { createTokenIssuer, createTokenVerifier, type SandboxUser } from '#shared/local/token-issuer.ts';
import { erasureRunnerFor } from '#shared/operator/erasure.ts';
import { type OperatorServices, operatorServices } from '#shared/operator/services.ts';
import { type OperatorStage, openOperatorStage } from '#shared/operator/stage.ts';
import { storeBackedSupervisorPorts } from '#shared/operator/supervisor-api.ts';
import { supervisorRoutes } from '#shared/operator/supervisor-routes.ts';
import { supervisorSettingsFor } from '#shared/operator/supervisor-settings.ts';
import { runDialerTick } from '#shared/outbound/dialer.ts';
import { SimulatedConnect } from '#shared/outbound/sim-connect.ts';
import { type Clock, TokenBucket } from '#shared/outbound/token-bucket.ts';
import { agentEvents, asConfiguredAgent } from '../../fixtures/agents/factory.ts';
import { inboundCtr, uuid } from '../../fixtures/ctr/factory.ts';
import { federalRegistry, outboundSettings } from '../../fixtures/outbound/factories.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';

const AT = '2025-06-10T18:00:00.000Z';
const INSTANCE_ID = 'aaaaaaaa-bbbb-cccc-dddd-111111111111';
const queueId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const AGENT: SandboxUser = { username: 'john', name: 'John Carter', groups: ['agent'] };
const SUPERVISOR: SandboxUser = { username: 'maria', name: 'Maria Garcia', groups: ['agent', 'supervisor'] };

describe('supervisor API (embedded DynamoDB, sandbox tokens)', () => {
  useEmbeddedAws();
  const issuer = createTokenIssuer();
  const verifier = createTokenVerifier(issuer);
  const config = loadStageConfig('dev');
  let api: AgentApi;
  let stage: OperatorStage;
  let services: OperatorServices;
  let t = Date.parse(AT);
  const clock: Clock = {
    now: () => t,
    sleep: async (ms) => {
      t += ms;
    },
  };

  // Connect has no emulator: GetCurrentMetricData and ListQueues answered by aws-sdk-client-mock.
  const connectClient = new ConnectClient({ region: 'us-east-1' });
  const connect = mockClient(connectClient);

  const call = async (user: SandboxUser, method: string, path: string, body?: unknown) => {
    const claims = await verifier.verify(issuer.issue(user));
    // biome-ignore lint/suspicious/noExplicitAny: the tests read the JSON answers field by field
    return (await api.handle({ method, path, claims, body })) as ApiResponse & { body: Record<string, any> };
  };

  beforeAll(async () => {
    stage = await openOperatorStage({
      stage: 'dev',
      config,
      deployed: false,
      sandbox: async () => ({ close: async () => {} }),
      osUser: 'test',
    });
    services = operatorServices(stage, () => new Date(t));
    const doc = createDocumentClient();
    const contacts = new SandboxContacts();
    const { report, agents } = storeBackedSupervisorPorts(doc, {
      interactions: tableName('interactions'),
      agents: tableName('agents'),
    });
    api = createAgentApi(
      dynamoAgentApiDeps(doc, {
        contacts,
        settings: agentApiSettingsFor(config),
        clock: { now: () => new Date(t) },
      }),
      supervisorRoutes({
        services,
        settings: supervisorSettingsFor(config),
        erasure: erasureRunnerFor(stage),
        report,
        live: { queueNow: new ConnectLiveQueueMetrics(connectClient, INSTANCE_ID), agents },
      }),
    );
    await services.outbound.campaigns.putCampaign({
      name: 'spring',
      status: 'active',
      contactFlow: 'outbound-whisper',
      queue: 'Support',
      callerIds: ['+12065550900'],
      policy: {},
      createdAt: AT,
    });
    for (let i = 0; i < 3; i++)
      await services.outbound.campaigns.addTarget({
        campaign: 'spring',
        e164: `+1206555${3000 + i}`,
        country: 'US',
        line: i + 2,
        hints: {},
        attributes: {},
        state: 'pending',
        attempts: 0,
        nextAttemptAt: AT,
      });
  });

  it('an agent token gets 403 on every supervisor route', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', '/v1/supervisor/campaigns'],
      ['POST', '/v1/supervisor/campaigns/spring/control', { action: 'pause', reason: 'x' }],
      ['POST', '/v1/supervisor/campaigns/stop-all', { reason: 'x' }],
      ['GET', '/v1/supervisor/evidence/+12065553000'],
      ['GET', '/v1/supervisor/dnc'],
      ['POST', '/v1/supervisor/dnc', { phone: '+12065553001', reason: 'x' }],
      ['POST', '/v1/supervisor/dnc/+12065553001/remove', { reason: 'x' }],
      ['POST', '/v1/supervisor/erasures', { phone: '+12065553001' }],
      ['POST', '/v1/supervisor/kpis', { from: '2025-06-01', to: '2025-06-11' }],
      ['GET', '/v1/supervisor/live'],
    ];
    for (const [method, path, body] of routes) {
      const r = await call(AGENT, method, path, body);
      expect([path, r.status, r.body.error?.code]).toEqual([path, 403, 'forbidden']);
    }
    expect((await services.outbound.campaigns.getCampaign('spring'))?.status).toBe('active');
  });

  it('a supervisor’s pause stops the simulated dialer before its next dial; resume lets it go on', async () => {
    const deps = async (sim: SimulatedConnect) => ({
      store: services.outbound.campaigns,
      evidence: services.outbound.evidence,
      gate: {
        internalList: services.outbound.internalDnc,
        registry: new RegistryReader(await federalRegistry('2065550100\n')),
        consent: services.outbound.consent,
        settings: outboundSettings(),
      },
      caller: sim,
      agents: sim,
      bucket: new TokenBucket(100, clock),
      clock,
    });
    const paused = await call(SUPERVISOR, 'POST', '/v1/supervisor/campaigns/spring/control', {
      action: 'pause',
      reason: 'script review',
    });
    expect(paused).toMatchObject({
      status: 200,
      body: { previous: 'active', status: 'paused', changed: true },
    });
    expect(paused.body.record).toMatchObject({ by: 'maria', reason: 'script review' });
    const sim = new SimulatedConnect({ agents: 3, random: () => 0 });
    expect(await runDialerTick(await deps(sim), 'spring')).toMatchObject({ dialled: 0, stop: 'notActive' });
    expect(sim.calls).toHaveLength(0);

    const again = await call(SUPERVISOR, 'POST', '/v1/supervisor/campaigns/spring/control', {
      action: 'pause',
      reason: 'x',
    });
    expect(again.body).toMatchObject({ changed: false });
    const bad = await call(SUPERVISOR, 'POST', '/v1/supervisor/campaigns/spring/control', {
      action: 'pause',
    });
    expect(bad.status).toBe(400);
    const unknown = await call(SUPERVISOR, 'POST', '/v1/supervisor/campaigns/nope/control', {
      action: 'stop',
      reason: 'x',
    });
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });

    await call(SUPERVISOR, 'POST', '/v1/supervisor/campaigns/spring/control', {
      action: 'resume',
      reason: 'ok',
    });
    expect((await runDialerTick(await deps(sim), 'spring')).dialled).toBe(3);
    const list = await call(SUPERVISOR, 'GET', '/v1/supervisor/campaigns');
    expect(list.body.campaigns[0]).toMatchObject({
      name: 'spring',
      status: 'active',
      evidence: { dial: 3 },
      control: [
        { action: 'pause', by: 'maria' },
        { action: 'resume', by: 'maria' },
      ],
    });
  });

  it('evidence by number: the decisions with their readable inputs', async () => {
    const r = await call(SUPERVISOR, 'GET', '/v1/supervisor/evidence/+12065553000');
    expect(r.body.count).toBe(1);
    expect(r.body.decisions[0].text).toMatch(
      /DIAL \+1206\*\*\*3000 spring attempt 1 \(accepted\): 11:00 America\/Los_Angeles inside 08:00–21:00 \(npa 206\); federal \[1-206\] copy 2025-06-01, 9 days old/,
    );
    expect((await call(SUPERVISOR, 'GET', '/v1/supervisor/evidence/nope')).status).toBe(400);
  });

  it('DNC admin: add and remove with a reason (audited with who); removal of an unlisted number is a 404', async () => {
    const added = await call(SUPERVISOR, 'POST', '/v1/supervisor/dnc', {
      phone: '+12065553009',
      reason: 'letter',
    });
    expect(added).toMatchObject({
      status: 201,
      body: { outcome: 'added', entry: { addedBy: 'maria', reason: 'letter' } },
    });
    const list = await call(SUPERVISOR, 'GET', '/v1/supervisor/dnc');
    expect(list.body.entries.map((e: { e164: string }) => e.e164)).toContain('+12065553009');
    const noReason = await call(SUPERVISOR, 'POST', '/v1/supervisor/dnc/+12065553009/remove', {
      reason: ' ',
    });
    expect(noReason.status).toBe(400);
    const removed = await call(SUPERVISOR, 'POST', '/v1/supervisor/dnc/+12065553009/remove', {
      reason: 'entered by mistake',
    });
    expect(removed).toMatchObject({ status: 200, body: { outcome: 'removed' } });
    expect(
      (await call(SUPERVISOR, 'POST', '/v1/supervisor/dnc/+12065553009/remove', { reason: 'again' })).status,
    ).toBe(404);
  });

  it('erasure request (dry run by default) names the supervisor as requester', async () => {
    await processCtr(
      new DynamoCtrStore(createDocumentClient(), tableName('interactions')),
      inboundCtr({ contactId: uuid(0x7771), customer: '+12065553010' }),
    );
    const r = await call(SUPERVISOR, 'POST', '/v1/supervisor/erasures', { phone: '+12065553010' });
    expect(r).toMatchObject({
      status: 200,
      body: { dryRun: true, requestedBy: 'maria', counts: { contacts: 1 } },
    });
  });

  it('KPIs by queue for a period read in the center zone', async () => {
    await processCtr(
      new DynamoCtrStore(createDocumentClient(), tableName('interactions')),
      inboundCtr({ contactId: uuid(0x7781), queue: 'Billing', at: '2026-11-02T14:00:00Z' }),
    );
    const r = await call(SUPERVISOR, 'POST', '/v1/supervisor/kpis', {
      from: '2026-11-02',
      to: '2026-11-03',
      by: 'queue',
    });
    expect(r.status).toBe(200);
    const billing = r.body.rows.find((row: { key: string }) => row.key === 'Billing');
    expect(billing?.kpis.contactsHandled).toBe(1);
    expect(
      (await call(SUPERVISOR, 'POST', '/v1/supervisor/kpis', { from: '2026-02-30', to: '2026-03-01' }))
        .status,
    ).toBe(400);
  });

  it('live queues: Connect’s current metrics per queue and the agents from the agents table', async () => {
    // Two pages of queues (NextToken), standard queues only.
    const names = config.queues.map((q) => q.name);
    connect.on(ListQueuesCommand).callsFake((input: { NextToken?: string; QueueTypes?: string[] }) => {
      expect(input.QueueTypes).toEqual(['STANDARD']);
      const all = names.map((n, i) => ({ Name: n, Id: queueId(i + 1), QueueType: 'STANDARD' }));
      return input.NextToken
        ? { QueueSummaryList: all.slice(3) }
        : { QueueSummaryList: all.slice(0, 3), NextToken: 'page-2' };
    });
    const support = queueId(names.indexOf('Support') + 1);
    const billing = queueId(names.indexOf('Billing') + 1);
    const requests: GetCurrentMetricDataCommandInput[] = [];
    connect.on(GetCurrentMetricDataCommand).callsFake((input: GetCurrentMetricDataCommandInput) => {
      requests.push(input);
      const row = (id: string, v: Record<string, number | null>) => ({
        Dimensions: {
          Queue: {
            Id: id,
            Arn: `arn:aws:connect:us-east-1:123456789012:instance/${INSTANCE_ID}/queue/${id}`,
          },
        },
        Collections: (input.CurrentMetrics ?? []).map((m) => ({ Metric: m, Value: v[m.Name!] ?? 0 })),
      });
      // Queues with nobody and nothing have no row at all.
      return {
        MetricResults: [
          row(support, {
            CONTACTS_IN_QUEUE: 3,
            OLDEST_CONTACT_AGE: 95,
            AGENTS_STAFFED: 2,
            AGENTS_AVAILABLE: 0,
            AGENTS_ON_CONTACT: 1,
            AGENTS_AFTER_CONTACT_WORK: 1,
          }),
          row(billing, {
            CONTACTS_IN_QUEUE: 0,
            OLDEST_CONTACT_AGE: null,
            AGENTS_STAFFED: 2,
            AGENTS_AVAILABLE: 1,
          }),
        ],
      };
    });
    // As the agent-event processor stores them: one on a call since 4 min, one in ACW, one Turkish Care agent
    // available, one logged out (not shown).
    const base = t - 10 * 60_000;
    const m = (min: number) => base + min * 60_000;
    const store = new DynamoAgentStore(createDocumentClient(), tableName('agents'));
    const inProfile = (docs: ReturnType<typeof agentEvents>, routingProfile: string) =>
      asConfiguredAgent(docs, {
        username: (docs[0]!['CurrentAgentSnapshot'] as { Configuration: { Username: string } }).Configuration
          .Username,
        routingProfile,
      });
    const events = [
      ...inProfile(
        agentEvents(
          'a1',
          [
            { at: m(0), status: 'Available' },
            { at: m(6), contact: 'c-a1', state: 'CONNECTED' },
          ],
          m(9),
        ),
        'Customer Care',
      ),
      ...inProfile(
        agentEvents(
          'a2',
          [
            { at: m(0), status: 'Available' },
            { at: m(2), contact: 'c-a2', state: 'CONNECTED' },
            { at: m(8), contact: 'c-a2', state: 'ENDED' },
          ],
          m(9),
        ),
        'Customer Care',
      ),
      ...inProfile(agentEvents('a3', [{ at: m(1), status: 'Available' }], m(9)), 'Turkish Care'),
      ...inProfile(
        agentEvents(
          'a4',
          [
            { at: m(0), status: 'Available' },
            { at: m(3), status: 'Offline' },
          ],
          m(9),
        ),
        'Customer Care',
      ),
    ];
    const outcomes = await processAgentEvents(store, events);
    expect(outcomes.filter((o) => o.outcome === 'failed' || o.outcome === 'invalid')).toEqual([]);

    const r = await call(SUPERVISOR, 'GET', '/v1/supervisor/live');
    expect(r.status).toBe(200);
    expect(r.body.source).toBe('connect');
    expect(r.body.queues.map((q: { queue: string }) => q.queue)).toEqual(names);
    const byName = (n: string) => r.body.queues.find((q: { queue: string }) => q.queue === n);
    expect(byName('Support')).toMatchObject({
      contactsInQueue: 3,
      oldestContactAgeSeconds: 95,
      agentsStaffed: 2,
      agentsAvailable: 0,
      agentsOnContact: 1,
      agentsAfterContactWork: 1,
    });
    // On contact first, then ACW, then available; the logged-out agent is left out.
    expect(byName('Support').agents).toEqual([
      {
        agent: 'u-a1',
        activity: 'onContact',
        status: 'Available',
        since: new Date(m(6)).toISOString(),
        forSeconds: 240,
      },
      {
        agent: 'u-a2',
        activity: 'afterContactWork',
        status: 'Available',
        since: new Date(m(8)).toISOString(),
        forSeconds: 120,
      },
      {
        agent: 'u-a3',
        activity: 'available',
        status: 'Available',
        since: new Date(m(1)).toISOString(),
        forSeconds: 540,
      },
    ]);
    expect(byName('Billing')).toMatchObject({
      agentsStaffed: 2,
      agentsAvailable: 1,
      oldestContactAgeSeconds: null,
    });
    expect(byName('Billing').agents.map((a: { agent: string }) => a.agent)).toEqual(['u-a1', 'u-a2']);
    expect(byName('Outbound')).toMatchObject({ contactsInQueue: 0, agentsStaffed: 0, agents: [] });
    // One request for the seven queues, by id, grouped by queue (OLDEST_CONTACT_AGE is then in seconds).
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      InstanceId: INSTANCE_ID,
      Groupings: ['QUEUE'],
      Filters: { Channels: ['VOICE'], Queues: names.map((_, i) => queueId(i + 1)) },
      CurrentMetrics: LIVE_QUEUE_METRICS,
    });
    // The queue ids are looked up once per adapter.
    await call(SUPERVISOR, 'GET', '/v1/supervisor/live');
    expect(connect.commandCalls(ListQueuesCommand)).toHaveLength(2);
  });

  it('live queues: a queue the instance does not have is named; KPIs by interval for one queue', async () => {
    connect.on(ListQueuesCommand).resolves({ QueueSummaryList: [{ Name: 'Support', Id: queueId(1) }] });
    const fresh = new ConnectLiveQueueMetrics(connectClient, INSTANCE_ID);
    await expect(fresh.current(['Support', 'Billing'])).rejects.toThrow(
      /queue\(s\) Billing not found in Connect instance aaaaaaaa-/,
    );
    await processCtr(
      new DynamoCtrStore(createDocumentClient(), tableName('interactions')),
      inboundCtr({ contactId: uuid(0x7791), queue: 'Support', at: '2026-11-04T15:10:00Z' }),
    );
    await processCtr(
      new DynamoCtrStore(createDocumentClient(), tableName('interactions')),
      inboundCtr({ contactId: uuid(0x7792), queue: 'Billing', at: '2026-11-04T15:20:00Z' }),
    );
    const r = await call(SUPERVISOR, 'POST', '/v1/supervisor/kpis', {
      from: '2026-11-04T09:00',
      to: '2026-11-04T12:00',
      by: 'interval',
      interval: 'hour',
      queue: 'Support',
    });
    expect(r.status).toBe(200);
    expect(
      r.body.rows.map((row: { label: string; kpis: { contactsHandled: number } }) => [
        row.label,
        row.kpis.contactsHandled,
      ]),
    ).toEqual([
      ['2026-11-04T09:00:00-05:00', 0],
      ['2026-11-04T10:00:00-05:00', 1],
      ['2026-11-04T11:00:00-05:00', 0],
    ]);
    const unknownQueue = await call(SUPERVISOR, 'POST', '/v1/supervisor/kpis', {
      from: '2026-11-04',
      to: '2026-11-05',
      by: 'interval',
      queue: 'Nope',
    });
    expect(unknownQueue).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringMatching(/queue: "Nope" is not a configured queue/) } },
    });
    const tooMany = await call(SUPERVISOR, 'POST', '/v1/supervisor/kpis', {
      from: '2026-01-01',
      to: '2026-12-01',
      by: 'interval',
      interval: '15m',
    });
    expect(tooMany).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringMatching(/intervals of 15m .* at most 800/) } },
    });
  });
});
