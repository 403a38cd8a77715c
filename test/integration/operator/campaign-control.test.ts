/**
 * Campaign control (shared/operator/campaign-control.ts) on the real campaigns table (embedded DynamoDB): the
 * dialer honours a pause or stop before its next dial, every change is audited with who/when/why, and
 * transitions that do not apply are refused. The dialer runs against the local Connect stand-in.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoCampaignControlStore } from '#shared/adapters/dynamo/campaign-control-store.ts';
import { DynamoCampaignStore } from '#shared/adapters/dynamo/campaign-store.ts';
import { DynamoConsentStore } from '#shared/adapters/dynamo/consent-store.ts';
import { DynamoEvidenceStore } from '#shared/adapters/dynamo/evidence-store.ts';
import { DynamoInternalDncStore } from '#shared/adapters/dynamo/internal-dnc-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { RegistryReader } from '#shared/compliance/registry.ts';
import {
  CampaignNotFoundError,
  controlCampaign,
  MissingReasonError,
  stopAllCampaigns,
} from '#shared/operator/campaign-control.ts';
import type { CampaignTarget } from '#shared/outbound/campaign.ts';
import { type DialerDeps, runDialerTick, type StartCallInput } from '#shared/outbound/dialer.ts';
import { SimulatedConnect } from '#shared/outbound/sim-connect.ts';
import { type Clock, TokenBucket } from '#shared/outbound/token-bucket.ts';
import { federalRegistry, outboundSettings } from '../../fixtures/outbound/factories.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';

let seq = 0;
const uniqueName = () => `ctl${Date.now().toString(36)}${(seq++).toString(36)}`;
// 2025-06-10 11:00 in Seattle: inside every window; the federal copy (2025-06-01) is 9 days old.
const AT = '2025-06-10T18:00:00.000Z';

describe('campaign control and the dialer (embedded DynamoDB)', () => {
  useEmbeddedAws();
  let db: ReturnType<typeof createDocumentClient>;
  let store: DynamoCampaignStore;
  let control: DynamoCampaignControlStore;
  let evidence: DynamoEvidenceStore;
  let t: number;
  const clock: Clock = {
    now: () => t,
    sleep: async (ms) => {
      t += ms;
    },
  };
  const now = () => new Date(t);

  beforeEach(() => {
    db = createDocumentClient();
    store = new DynamoCampaignStore(db);
    control = new DynamoCampaignControlStore(db);
    evidence = new DynamoEvidenceStore(db);
    t = Date.parse(AT);
  });

  async function campaignWith(count: number): Promise<string> {
    const name = uniqueName();
    await store.putCampaign({
      name,
      status: 'active',
      contactFlow: 'outbound-whisper',
      queue: 'Sales',
      callerIds: ['+12065550900'],
      policy: {},
      createdAt: AT,
    });
    for (let i = 0; i < count; i++) {
      const target: CampaignTarget = {
        campaign: name,
        e164: `+1206555${String(2000 + i)}`,
        country: 'US',
        line: i + 2,
        hints: {},
        attributes: {},
        state: 'pending',
        attempts: 0,
        nextAttemptAt: AT,
      };
      await store.addTarget(target);
    }
    return name;
  }

  async function dialerDeps(caller: DialerDeps['caller'], agents: number): Promise<DialerDeps> {
    const sim = new SimulatedConnect({ agents });
    return {
      store,
      evidence,
      gate: {
        internalList: new DynamoInternalDncStore(db),
        registry: new RegistryReader(await federalRegistry('2065550100\n')),
        consent: new DynamoConsentStore(db),
        settings: outboundSettings(),
      },
      caller,
      agents: sim,
      bucket: new TokenBucket(100, clock),
      clock,
    };
  }

  it('a stop between two dials of one tick: no dial after it, and the stop is audited with who/when/why', async () => {
    const name = await campaignWith(6);
    const sim = new SimulatedConnect({ agents: 6, random: () => 0 });
    let stopAt = '';
    // The supervisor stops the campaign right after the second call is placed (the tick is still running).
    const caller: DialerDeps['caller'] = {
      callStatus: (id) => sim.callStatus(id),
      startCall: async (input: StartCallInput) => {
        const out = await sim.startCall(input);
        if (sim.calls.length === 2) {
          t += 1000;
          const r = await controlCampaign({ store: control, now }, name, 'stop', {
            by: 'jane@acme.example',
            reason: 'complaint from a called party',
          });
          stopAt = r.record!.at;
          t += 1000;
        }
        return out;
      },
    };
    const tick = await runDialerTick(await dialerDeps(caller, 6), name);

    expect(sim.calls).toHaveLength(2);
    expect(tick).toMatchObject({ dialled: 2, stop: 'notActive' });
    const decisions = await evidence.forCampaign(name);
    expect(decisions.filter((e) => e.decision === 'dial')).toHaveLength(2);
    expect(decisions.filter((e) => e.at > stopAt)).toEqual([]);
    // The next tick does not dial either.
    expect(await runDialerTick(await dialerDeps(caller, 6), name)).toMatchObject({
      dialled: 0,
      stop: 'notActive',
    });
    expect(sim.calls).toHaveLength(2);

    expect(await store.getCampaign(name)).toMatchObject({
      status: 'stopped',
      stopReason: 'operator',
      control: {
        action: 'stop',
        by: 'jane@acme.example',
        reason: 'complaint from a called party',
        at: stopAt,
      },
    });
    expect(await control.history(name)).toEqual([
      {
        campaign: name,
        action: 'stop',
        from: 'active',
        to: 'stopped',
        by: 'jane@acme.example',
        at: stopAt,
        reason: 'complaint from a called party',
      },
    ]);
  });

  it('pause then resume: no dial while paused, dialling goes on after the resume', async () => {
    const name = await campaignWith(3);
    const sim = new SimulatedConnect({ agents: 3, random: () => 0 });
    await controlCampaign({ store: control, now }, name, 'pause', { by: 'ops', reason: 'script review' });
    expect(await runDialerTick(await dialerDeps(sim, 3), name)).toMatchObject({
      dialled: 0,
      stop: 'notActive',
    });
    expect(sim.calls).toHaveLength(0);
    t += 60_000;
    const resumed = await controlCampaign({ store: control, now }, name, 'resume', {
      by: 'ops',
      reason: 'script approved',
    });
    expect(resumed).toMatchObject({ previous: 'paused', status: 'active', changed: true });
    expect((await runDialerTick(await dialerDeps(sim, 3), name)).dialled).toBe(3);
    expect((await control.history(name)).map((r) => `${r.action}:${r.from}→${r.to}`)).toEqual([
      'pause:active→paused',
      'resume:paused→active',
    ]);
  });

  it('refuses transitions that do not apply, a missing reason, and an unknown campaign (naming the known ones)', async () => {
    const name = await campaignWith(1);
    await expect(
      controlCampaign({ store: control, now }, name, 'stop', { by: 'ops', reason: '  ' }),
    ).rejects.toBeInstanceOf(MissingReasonError);
    const err = await controlCampaign({ store: control, now }, 'nope', 'stop', {
      by: 'ops',
      reason: 'x',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CampaignNotFoundError);
    expect((err as CampaignNotFoundError).known).toContain(name);
    // Stopping a stopped campaign changes nothing and audits nothing.
    await controlCampaign({ store: control, now }, name, 'stop', { by: 'ops', reason: 'x' });
    const again = await controlCampaign({ store: control, now }, name, 'stop', { by: 'ops', reason: 'y' });
    expect(again).toMatchObject({ changed: false, status: 'stopped' });
    expect(await control.history(name)).toHaveLength(1);
    // A stopped campaign cannot be paused (only resumed).
    await expect(
      controlCampaign({ store: control, now }, name, 'pause', { by: 'ops', reason: 'x' }),
    ).rejects.toThrow(`cannot pause campaign "${name}": it is stopped (pause applies to active campaigns)`);
  });

  it('stop --all stops every active and paused campaign under one emergency id, and leaves the others', async () => {
    const a = await campaignWith(1);
    const b = await campaignWith(1);
    const done = await campaignWith(0);
    await controlCampaign({ store: control, now }, b, 'pause', { by: 'ops', reason: 'lunch' });
    await store.setCampaignStatus(done, 'completed');
    const out = await stopAllCampaigns(
      { store: control, now },
      { by: 'cto', reason: 'regulator call' },
      'em-1',
    );
    const mine = out.filter((r) => [a, b, done].includes(r.campaign));
    expect(mine.map((r) => [r.campaign, r.previous, r.status]).sort()).toEqual(
      [
        [a, 'active', 'stopped'],
        [b, 'paused', 'stopped'],
      ].sort(),
    );
    expect((await store.getCampaign(done))?.status).toBe('completed');
    expect((await control.history(b)).at(-1)).toMatchObject({ emergencyId: 'em-1', by: 'cto' });
    for (const c of await store.listCampaigns()) expect(['stopped', 'completed']).toContain(c.status);
  });
});
