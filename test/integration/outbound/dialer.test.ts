/**
 * The dialer against the real stores on embedded DynamoDB/S3, Connect mocked (aws-sdk-client-mock).
 * Property tests (fast-check): nothing suppressed is dialled, nothing outside its window, caps hold, and a
 * crash at any point followed by a restart never dials the same attempt twice.
 */
import {
  ConnectClient,
  DescribeContactCommand,
  DestinationNotAllowedException,
  GetCurrentMetricDataCommand,
  InternalServiceException,
  StartOutboundVoiceContactCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-connect';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConnectAgentAvailability, ConnectOutboundCaller } from '#shared/adapters/connect/outbound-caller.ts';
import { DynamoCampaignStore } from '#shared/adapters/dynamo/campaign-store.ts';
import { DynamoConsentStore } from '#shared/adapters/dynamo/consent-store.ts';
import { DynamoContactDispositions } from '#shared/adapters/dynamo/contact-disposition.ts';
import { DynamoEvidenceStore } from '#shared/adapters/dynamo/evidence-store.ts';
import { DynamoInternalDncAdmin } from '#shared/adapters/dynamo/internal-dnc-admin.ts';
import { DynamoInternalDncStore } from '#shared/adapters/dynamo/internal-dnc-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { S3RegistryStore } from '#shared/adapters/s3/registry-store.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import type { GateDeps } from '#shared/compliance/gate.ts';
import { importRegistryFile, RegistryReader } from '#shared/compliance/registry.ts';
import { tableName } from '#shared/data/tables.ts';
import type { Campaign, CampaignStore, CampaignTarget } from '#shared/outbound/campaign.ts';
import { type DialerDeps, recordCallOutcome, runDialerTick } from '#shared/outbound/dialer.ts';
import { SimulatedConnect } from '#shared/outbound/sim-connect.ts';
import { type Clock, TokenBucket } from '#shared/outbound/token-bucket.ts';
import { bytes, outboundSettings } from '../../fixtures/outbound/factories.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';

const connect = mockClient(ConnectClient);
const IDS = {
  instanceId: 'inst-1',
  contactFlowIds: { 'outbound-whisper': 'flow-1' },
  queueIds: { Sales: 'q-1' },
};

/** A clock that only moves when the dialer sleeps (no real waiting in tests). */
function fakeClock(startIso: string): Clock & { slept: number[] } {
  let t = Date.parse(startIso);
  const slept: number[] = [];
  return {
    slept,
    now: () => t,
    sleep: async (ms) => {
      slept.push(ms);
      t += ms;
    },
  };
}

let seq = 0;
const uniqueName = () => `c${Date.now().toString(36)}${(seq++).toString(36)}`;

describe('campaign dialer (embedded DynamoDB + S3, Connect mocked)', () => {
  useEmbeddedAws();
  let db: ReturnType<typeof createDocumentClient>;
  let store: DynamoCampaignStore;
  let evidence: DynamoEvidenceStore;
  let registry: RegistryReader;

  beforeEach(async () => {
    connect.reset();
    db = createDocumentClient();
    store = new DynamoCampaignStore(db);
    evidence = new DynamoEvidenceStore(db);
    const regStore = new S3RegistryStore(createS3Client());
    const manifest = await regStore.readManifest('federal');
    if (!manifest)
      await importRegistryFile(regStore, {
        source: 'federal',
        kind: 'full',
        versionDate: '2025-06-01',
        fileName: 'federal.txt',
        chunks: bytes('2065550100\n2065550101\n'),
      });
    registry = new RegistryReader(regStore);
  });

  function gate(over: Partial<GateDeps['settings']> = {}): GateDeps {
    return {
      internalList: new DynamoInternalDncStore(db),
      registry,
      consent: new DynamoConsentStore(db),
      settings: outboundSettings(over),
    };
  }

  async function campaignWith(numbers: string[], over: Partial<Campaign> = {}): Promise<string> {
    const name = uniqueName();
    await store.putCampaign({
      name,
      status: 'active',
      contactFlow: 'outbound-whisper',
      queue: 'Sales',
      callerIds: ['+12065550900'],
      policy: {},
      createdAt: '2025-06-10T00:00:00Z',
      ...over,
    });
    let line = 2;
    for (const e164 of numbers) {
      const t: CampaignTarget = {
        campaign: name,
        e164,
        country: 'US',
        line: line++,
        hints: {},
        attributes: {},
        state: 'pending',
        attempts: 0,
        nextAttemptAt: '2025-06-10T00:00:00.000Z',
      };
      await store.addTarget(t);
    }
    return name;
  }

  function connectDeps(clock: Clock, over: Partial<GateDeps['settings']> = {}): DialerDeps {
    const client = new ConnectClient({ region: 'us-east-1' });
    return {
      store,
      evidence,
      gate: gate(over),
      caller: new ConnectOutboundCaller(client, IDS),
      agents: new ConnectAgentAvailability(client, IDS),
      bucket: new TokenBucket(2, clock),
      clock,
      random: () => 0.5,
    };
  }

  it('dials only the numbers the gate accepts, with a ClientToken per attempt and evidence for each decision', async () => {
    connect
      .on(GetCurrentMetricDataCommand)
      .resolves({ MetricResults: [{ Collections: [{ Metric: { Name: 'AGENTS_AVAILABLE' }, Value: 5 }] }] });
    let n = 0;
    connect.on(StartOutboundVoiceContactCommand).callsFake(async () => ({ ContactId: `contact-${n++}` }));
    const name = await campaignWith(['+12065550100', '+12065550111', '+12065550112']);
    await new DynamoInternalDncStore(db).add({
      e164: '+12065550112',
      source: 'ivr',
      addedAt: '2025-06-10T18:00:00Z',
      addedBy: 'ivr',
    });
    const clock = fakeClock('2025-06-10T19:00:00Z');

    const tick = await runDialerTick(connectDeps(clock), name);

    expect(tick).toMatchObject({ dialled: 1, skipped: 2 });
    const calls = connect.commandCalls(StartOutboundVoiceContactCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.DestinationPhoneNumber)).toEqual(['+12065550111']);
    expect(calls[0]).toMatchObject({
      InstanceId: 'inst-1',
      ContactFlowId: 'flow-1',
      QueueId: 'q-1',
      SourcePhoneNumber: '+12065550900',
    });
    expect(calls[0]?.ClientToken).toMatch(/^[0-9a-f]{64}$/);
    const ev = await evidence.forCampaign(name);
    expect(ev.map((e) => `${e.decision}:${e.reason}`).sort()).toEqual([
      'dial:accepted',
      'skip:dnc:internalList',
      'skip:dnc:registry:federal',
    ]);
    const dial = ev.find((e) => e.decision === 'dial')!;
    expect(dial.gate.sources[0]).toMatchObject({ source: 'federal', versionDate: '2025-06-01', ageDays: 9 });
    expect(dial.caps).toEqual({ numberToday: 1, numberCap: 2, callerIdToday: 1, callerIdCap: 100 });
    expect(await store.countTargets(name)).toMatchObject({ dialing: 1, skipped: 2 });
  });

  it('a request whose answer is lost (5xx) is never followed by another dial of that number; its evidence came first', async () => {
    connect.on(GetCurrentMetricDataCommand).resolves({ MetricResults: [{ Collections: [{ Value: 5 }] }] });
    connect
      .on(StartOutboundVoiceContactCommand)
      .rejects(new InternalServiceException({ message: 'try later', $metadata: {} }));
    const name = await campaignWith(['+12065550181']);
    const clock = fakeClock('2025-06-10T17:00:00Z');
    expect(await runDialerTick(connectDeps(clock), name)).toMatchObject({ dialled: 0, errors: 1 });
    connect.on(StartOutboundVoiceContactCommand).resolves({ ContactId: 'c-181' });
    for (let i = 0; i < 4; i++) {
      await clock.sleep(61 * 60_000);
      await runDialerTick(connectDeps(clock), name);
    }
    expect(connect.commandCalls(StartOutboundVoiceContactCommand)).toHaveLength(1);
    expect(await store.getTarget(name, '+12065550181')).toMatchObject({
      state: 'done',
      attempts: 1,
      lastOutcome: 'unknownPlacement',
    });
    expect((await store.listAttempts(name))[0]).toMatchObject({
      status: 'unknown',
      outcome: 'unknownPlacement:InternalServiceException',
    });
    const [decision] = await evidence.forCampaign(name);
    expect(decision).toMatchObject({ decision: 'dial', reason: 'accepted' });
    expect(decision).not.toHaveProperty('contactId');
  });

  it('a refused call (DestinationNotAllowedException) skips the number; the placed ones get their contact on the evidence', async () => {
    connect.on(GetCurrentMetricDataCommand).resolves({ MetricResults: [{ Collections: [{ Value: 5 }] }] });
    connect
      .on(StartOutboundVoiceContactCommand, { DestinationPhoneNumber: '+12065550191' })
      .rejects(new DestinationNotAllowedException({ message: 'no', $metadata: {} }))
      .on(StartOutboundVoiceContactCommand, { DestinationPhoneNumber: '+12065550192' })
      .resolves({ ContactId: 'c-192' });
    const name = await campaignWith(['+12065550191', '+12065550192']);
    const tick = await runDialerTick(connectDeps(fakeClock('2025-06-10T19:00:00Z')), name);
    expect(tick).toMatchObject({ dialled: 1, skipped: 1 });
    expect(await store.getTarget(name, '+12065550191')).toMatchObject({
      state: 'skipped',
      lastOutcome: 'connect:DestinationNotAllowedException',
    });
    const byNumber = new Map((await evidence.forCampaign(name)).map((e) => [e.e164, e]));
    expect(byNumber.get('+12065550192')).toMatchObject({ decision: 'dial', contactId: 'c-192' });
    expect(byNumber.get('+12065550191')).not.toHaveProperty('contactId');
  });

  it('sends Connect only the allowed contact attributes (config), per campaign when overridden', async () => {
    connect.on(GetCurrentMetricDataCommand).resolves({ MetricResults: [{ Collections: [{ Value: 5 }] }] });
    connect.on(StartOutboundVoiceContactCommand).resolves({ ContactId: 'c-attr' });
    // A target holding more than config allows now (queued under a broader allow-list).
    const held = {
      firstName: 'Ann',
      language: 'tr',
      email: 'ann@example.com',
      notes: 'owes 30',
      offer: 'X1',
    };
    const name = await campaignWith([]);
    const other = await campaignWith([]);
    for (const [campaign, e164] of [
      [name, '+12065550201'],
      [other, '+12065550202'],
    ] as const)
      await store.addTarget({
        campaign,
        e164,
        country: 'US',
        line: 2,
        hints: {},
        attributes: held,
        state: 'pending',
        attempts: 0,
        nextAttemptAt: '2025-06-10T00:00:00.000Z',
      });
    const settings = {
      contactAttributes: { allow: ['firstName', 'language'], campaigns: { [other]: ['offer'] } },
    };
    await runDialerTick(connectDeps(fakeClock('2025-06-10T19:00:00Z'), settings), name);
    await runDialerTick(connectDeps(fakeClock('2025-06-10T19:00:00Z'), settings), other);
    const sent = connect.commandCalls(StartOutboundVoiceContactCommand).map((c) => c.args[0].input);
    expect(sent.map((c) => c.Attributes)).toEqual([
      { firstName: 'Ann', language: 'tr', campaign: name, attempt: '1' },
      { offer: 'X1', campaign: other, attempt: '1' },
    ]);
  });

  it('paces to available agents: no agent free → no call', async () => {
    connect.on(GetCurrentMetricDataCommand).resolves({ MetricResults: [{ Collections: [{ Value: 0 }] }] });
    const name = await campaignWith(['+12065550111']);
    const tick = await runDialerTick(connectDeps(fakeClock('2025-06-10T19:00:00Z')), name);
    expect(tick.stop).toBe('noAgents');
    expect(connect.commandCalls(StartOutboundVoiceContactCommand)).toHaveLength(0);
  });

  it('backs off with jitter on TooManyRequestsException and retries with the same ClientToken', async () => {
    connect.on(GetCurrentMetricDataCommand).resolves({ MetricResults: [{ Collections: [{ Value: 1 }] }] });
    connect
      .on(StartOutboundVoiceContactCommand)
      .rejectsOnce(new TooManyRequestsException({ message: 'slow down', $metadata: {} }))
      .resolves({ ContactId: 'c-1' });
    const name = await campaignWith(['+12065550111']);
    const clock = fakeClock('2025-06-10T19:00:00Z');
    const tick = await runDialerTick(connectDeps(clock), name);
    expect(tick.dialled).toBe(1);
    const tokens = connect
      .commandCalls(StartOutboundVoiceContactCommand)
      .map((c) => c.args[0].input.ClientToken);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).toBe(tokens[1]);
    expect(clock.slept.length).toBeGreaterThan(0);
  });

  it('stops the campaign when every caller ID is at its cap (never dials uncapped)', async () => {
    connect.on(GetCurrentMetricDataCommand).resolves({ MetricResults: [{ Collections: [{ Value: 10 }] }] });
    connect.on(StartOutboundVoiceContactCommand).resolves({ ContactId: 'c' });
    const callerId = `+1206555${String(1000 + seq).slice(-4)}`;
    const name = await campaignWith(['+12065550121', '+12065550122', '+12065550123'], {
      callerIds: [callerId],
    });
    const tick = await runDialerTick(
      connectDeps(fakeClock('2025-06-10T19:00:00Z'), { perCallerIdPerDay: 2 }),
      name,
    );
    expect(tick).toMatchObject({ dialled: 2, stop: 'callerIdsCapped' });
    expect(connect.commandCalls(StartOutboundVoiceContactCommand)).toHaveLength(2);
    expect((await store.getCampaign(name))?.status).toBe('stopped');
    expect(await store.capCount('callerId', callerId, '2025-06-10')).toBe(2);
  });

  it('retries a no-answer after the delay, up to maxAttempts, and records the outcome', async () => {
    connect.on(GetCurrentMetricDataCommand).resolves({ MetricResults: [{ Collections: [{ Value: 1 }] }] });
    connect.on(StartOutboundVoiceContactCommand).resolves({ ContactId: 'c' });
    const name = await campaignWith(['+12065550131']);
    const clock = fakeClock('2025-06-10T17:00:00Z');
    const settings = outboundSettings({ perNumberPerDay: 5 });
    const deps = connectDeps(clock, { perNumberPerDay: 5 });
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect((await runDialerTick(deps, name)).dialled).toBe(1);
      await recordCallOutcome(store, settings, {
        campaign: name,
        e164: '+12065550131',
        attempt,
        amdStatus: 'AMD_UNANSWERED',
        at: new Date(clock.now()),
      });
      expect((await runDialerTick(deps, name)).dialled).toBe(0); // not before the retry delay
      await clock.sleep(61 * 60_000);
    }
    const t = await store.getTarget(name, '+12065550131');
    expect(t).toMatchObject({ state: 'done', attempts: 3, lastOutcome: 'AMD_UNANSWERED' });
    expect((await store.listAttempts(name)).map((a) => a.outcome)).toEqual([
      'AMD_UNANSWERED',
      'AMD_UNANSWERED',
      'AMD_UNANSWERED',
    ]);
  });

  it('settles in-flight calls through DescribeContact: still ringing counts against agents, ended ones follow the retry policy', async () => {
    connect.on(GetCurrentMetricDataCommand).resolves({ MetricResults: [{ Collections: [{ Value: 1 }] }] });
    connect.on(StartOutboundVoiceContactCommand).resolves({ ContactId: 'c-42' });
    const name = await campaignWith(['+12065550151', '+12065550152']);
    const clock = fakeClock('2025-06-10T19:00:00Z');
    const deps = connectDeps(clock);
    expect((await runDialerTick(deps, name)).dialled).toBe(1);
    connect.on(DescribeContactCommand).resolves({ Contact: { Id: 'c-42' } });
    expect(await runDialerTick(deps, name)).toMatchObject({ dialled: 0, stop: 'noAgents' });
    connect.on(DescribeContactCommand).resolves({
      Contact: {
        Id: 'c-42',
        DisconnectTimestamp: new Date(),
        AnsweringMachineDetectionStatus: 'VOICEMAIL_BEEP',
      },
    });
    expect((await runDialerTick(deps, name)).dialled).toBe(1);
    const first = (await store.listAttempts(name))[0]!;
    expect(await store.getTarget(name, first.e164)).toMatchObject({
      state: 'pending',
      lastOutcome: 'VOICEMAIL_BEEP',
      attempts: 1,
    });
  });

  it('a target erased (GDPR/KVKK) while its call is in flight is not recreated by the dialer’s update', async () => {
    connect.on(GetCurrentMetricDataCommand).resolves({ MetricResults: [{ Collections: [{ Value: 1 }] }] });
    connect.on(StartOutboundVoiceContactCommand).resolves({ ContactId: 'c-77' });
    const name = await campaignWith(['+12065550161']);
    const deps = connectDeps(fakeClock('2025-06-10T19:00:00Z'));
    expect((await runDialerTick(deps, name)).dialled).toBe(1);
    // The erasure deletes the target item (layout: campaign-store.ts) between the dial and its settlement.
    await db.send(
      new DeleteCommand({
        TableName: tableName('campaigns'),
        Key: { pk: `CAMPAIGN#${name}`, sk: 'TARGET#+12065550161' },
      }),
    );
    expect(
      await store.updateTarget(name, '+12065550161', { state: 'done', lastOutcome: 'HUMAN_ANSWERED' }),
    ).toBe(false);
    expect(await store.getTarget(name, '+12065550161')).toBeUndefined();
  });

  it('copies the agent’s disposition onto the attempt after wrap-up; "sale" counts as a conversion', async () => {
    connect.on(GetCurrentMetricDataCommand).resolves({ MetricResults: [{ Collections: [{ Value: 1 }] }] });
    connect.on(StartOutboundVoiceContactCommand).resolves({ ContactId: 'c-sale-1' });
    connect.on(DescribeContactCommand).resolves({
      Contact: {
        Id: 'c-sale-1',
        DisconnectTimestamp: new Date(),
        AgentInfo: { ConnectedToAgentTimestamp: new Date() },
      },
    });
    const name = await campaignWith(['+12065550171']);
    const clock = fakeClock('2025-06-10T19:00:00Z');
    const deps = { ...connectDeps(clock), dispositions: new DynamoContactDispositions(db) };
    await runDialerTick(deps, name);
    await runDialerTick(deps, name); // call ended, no disposition yet
    expect((await store.listAttempts(name))[0]).not.toHaveProperty('disposition');
    // The agent sets the disposition in wrap-up (interactions capability's item layout).
    await db.send(
      new UpdateCommand({
        TableName: tableName('interactions'),
        Key: { pk: 'CONTACT#c-sale-1', sk: 'META' },
        UpdateExpression: 'SET disposition = :d',
        ExpressionAttributeValues: { ':d': 'sale' },
      }),
    );
    await runDialerTick(deps, name);
    expect((await store.listAttempts(name))[0]).toMatchObject({
      outcome: 'HUMAN_ANSWERED',
      disposition: 'sale',
      converted: true,
    });
    expect(await store.getTarget(name, '+12065550171')).toMatchObject({ state: 'done' });
  });

  it('a number added to the internal list after ingest is not dialled (dial-time re-check)', async () => {
    connect.on(GetCurrentMetricDataCommand).resolves({ MetricResults: [{ Collections: [{ Value: 1 }] }] });
    connect.on(StartOutboundVoiceContactCommand).resolves({ ContactId: 'c' });
    const name = await campaignWith(['+12065550141']);
    await new DynamoInternalDncStore(db).add({
      e164: '+12065550141',
      source: 'agent',
      addedAt: '2025-06-10T18:59:00Z',
      addedBy: 'agent-7',
    });
    await runDialerTick(connectDeps(fakeClock('2025-06-10T19:00:00Z')), name);
    expect(connect.commandCalls(StartOutboundVoiceContactCommand)).toHaveLength(0);
    // An admin removal (with a reason) is audited and takes effect at once.
    const admin = new DynamoInternalDncAdmin(db);
    expect(await admin.remove('+12065550141', { admin: 'ops@acme', reason: 'entered by mistake' })).toBe(
      'removed',
    );
    expect((await admin.listNumbers()).has('+12065550141')).toBe(false);
  });

  it('property: suppressed, out-of-window and over-cap numbers are never dialled; a crash anywhere never double-dials', async () => {
    let totalPlaced = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ suffix: fc.integer({ min: 95, max: 130 }), listed: fc.boolean() }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 3 }),
        async (rows, hourUtc, crashAfter, numberCap) => {
          // Suffixes 0095–0130 include +12065550100/0101, which the federal registry lists.
          const byNumber = new Map(
            rows.map((r) => [`+1206555${String(r.suffix).padStart(4, '0')}`, r.listed]),
          );
          const unique = [...byNumber.keys()];
          const internal = new DynamoInternalDncStore(db);
          const listed = new Set<string>(['+12065550100', '+12065550101']);
          for (const [e164, onInternalList] of byNumber) {
            if (!onInternalList) continue;
            listed.add(e164);
            await internal.add({ e164, source: 'admin', addedAt: '2025-06-01T00:00:00Z', addedBy: 'prop' });
          }
          const name = await campaignWith(unique);
          const start = `2025-06-10T${String(hourUtc).padStart(2, '0')}:00:00Z`;
          const clock = fakeClock(start);
          const sim = new SimulatedConnect({ agents: 3, amdMix: { AMD_UNANSWERED: 1 } });
          const placed: { token: string; e164: string; at: number }[] = [];
          const realStart = sim.startCall.bind(sim);
          const caller = {
            startCall: async (input: Parameters<typeof sim.startCall>[0]) => {
              const r = await realStart(input);
              placed.push({ token: input.clientToken, e164: input.destination, at: clock.now() });
              return r;
            },
            callStatus: sim.callStatus.bind(sim),
          };
          let ops = 0;
          const crashing = crashAfterOps(store, () => ++ops >= crashAfter);
          const settings = { perNumberPerDay: numberCap, maxAttempts: 3, retryDelayMinutes: 60 };
          const base: DialerDeps = {
            store,
            evidence,
            gate: gate(settings),
            caller,
            agents: sim,
            bucket: new TokenBucket(2, clock),
            clock,
          };
          try {
            await runDialerTick({ ...base, store: crashing }, name);
          } catch (err) {
            if ((err as Error).name !== 'SimulatedCrash') throw err;
          }
          // Restart and run the campaign for a day with the real store.
          for (let i = 0; i < 30; i++) {
            await runDialerTick(base, name);
            for (const t of unique) {
              const target = await store.getTarget(name, t);
              if (target?.state === 'dialing')
                await recordCallOutcome(store, outboundSettings(settings), {
                  campaign: name,
                  e164: t,
                  attempt: target.attempts,
                  amdStatus: 'AMD_UNANSWERED',
                  at: new Date(clock.now()),
                });
            }
            await clock.sleep(61 * 60_000);
          }
          totalPlaced += placed.length;
          const tokens = placed.map((p) => p.token);
          expect(new Set(tokens).size).toBe(tokens.length); // no attempt placed twice
          for (const p of placed) {
            expect(listed.has(p.e164)).toBe(false);
            const local = new Intl.DateTimeFormat('en-US', {
              timeZone: 'America/Los_Angeles',
              hour: '2-digit',
              hourCycle: 'h23',
            }).format(p.at);
            expect(Number(local)).toBeGreaterThanOrEqual(8);
            expect(Number(local)).toBeLessThan(21);
          }
          const perDay = new Map<string, number>();
          for (const p of placed) {
            const k = `${p.e164}#${new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(p.at)}`;
            perDay.set(k, (perDay.get(k) ?? 0) + 1);
          }
          for (const v of perDay.values()) expect(v).toBeLessThanOrEqual(numberCap);
          for (const e164 of unique)
            expect(placed.filter((p) => p.e164 === e164).length).toBeLessThanOrEqual(3);
        },
      ),
      { numRuns: 12 },
    );
    expect(totalPlaced).toBeGreaterThan(0); // the property was not vacuous
  });
});

/** A store whose every call throws a SimulatedCrash once `crashNow()` says so (a process dying mid-tick). */
function crashAfterOps(store: CampaignStore, crashNow: () => boolean): CampaignStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (typeof v !== 'function') return v;
      return async (...args: unknown[]) => {
        if (crashNow()) {
          const e = new Error('process died');
          e.name = 'SimulatedCrash';
          throw e;
        }
        return (v as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
