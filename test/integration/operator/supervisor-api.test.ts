/**
 * Supervisor routes on the agent API router (shared/operator/supervisor-routes.ts), end to end on embedded
 * DynamoDB with tokens from the sandbox issuer: an agent token gets 403 on every supervisor route; a
 * supervisor's pause stops the simulated dialer before its next dial; evidence lookup, DNC admin with reasons,
 * erasure (dry run) and the KPI report by queue.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoAgentStore } from '#shared/adapters/dynamo/agent-store.ts';
import { DynamoCallbackStore } from '#shared/adapters/dynamo/callback-store.ts';
import { DynamoCtrStore } from '#shared/adapters/dynamo/ctr-store.ts';
import { DynamoCustomerStore } from '#shared/adapters/dynamo/customer-store.ts';
import { DynamoInternalDncStore } from '#shared/adapters/dynamo/internal-dnc-store.ts';
import { DynamoNotesStore } from '#shared/adapters/dynamo/notes-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { type AgentApi, createAgentApi } from '#shared/agent-api/router.ts';
import { agentApiSettingsFor } from '#shared/agent-api/settings.ts';
import type { ApiResponse } from '#shared/agent-api/types.ts';
import { RegistryReader } from '#shared/compliance/registry.ts';
import { loadStageConfig } from '#shared/config/load.ts';
import { tableName } from '#shared/data/tables.ts';
import { processCtr } from '#shared/interactions/processor.ts';
import { loadKpiContacts } from '#shared/kpi/load.ts';
import { SandboxContacts } from '#shared/local/sandbox-contacts.ts';
import { createTokenIssuer, createTokenVerifier, type SandboxUser } from '#shared/local/token-issuer.ts';
import { erasureRunnerFor } from '#shared/operator/erasure.ts';
import { type OperatorServices, operatorServices } from '#shared/operator/services.ts';
import { type OperatorStage, openOperatorStage } from '#shared/operator/stage.ts';
import { supervisorRoutes } from '#shared/operator/supervisor-routes.ts';
import { runDialerTick } from '#shared/outbound/dialer.ts';
import { SimulatedConnect } from '#shared/outbound/sim-connect.ts';
import { type Clock, TokenBucket } from '#shared/outbound/token-bucket.ts';
import { inboundCtr, uuid } from '../../fixtures/ctr/factory.ts';
import { federalRegistry, outboundSettings } from '../../fixtures/outbound/factories.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';

const AT = '2025-06-10T18:00:00.000Z';
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
    const notes = new DynamoNotesStore(doc, tableName('interactions'));
    const ctrStore = new DynamoCtrStore(doc, tableName('interactions'));
    const contacts = new SandboxContacts();
    api = createAgentApi(
      {
        contacts,
        attributes: contacts,
        workspace: notes,
        audit: notes,
        interactions: ctrStore,
        callers: new DynamoCustomerStore(doc),
        dnc: new DynamoInternalDncStore(doc, tableName('dnc')),
        callbacks: new DynamoCallbackStore(doc, tableName('interactions')),
        settings: agentApiSettingsFor(config),
        clock: { now: () => new Date(t) },
      },
      supervisorRoutes({
        services,
        config,
        erasure: erasureRunnerFor(stage),
        report: {
          contacts: (a, b) => loadKpiContacts(ctrStore, a, b),
          agentTime: (a, b) =>
            new DynamoAgentStore(doc, tableName('agents')).intervalsBetween(a.getTime(), b.getTime()),
        },
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
});
