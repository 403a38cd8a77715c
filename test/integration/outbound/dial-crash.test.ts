/**
 * Crash consistency of the dial path, with a kill point at every await that leaves the process: each SDK call
 * (DynamoDB, S3, Connect) of a dialer tick is wrapped so that the k-th call dies before it is sent or after it
 * was carried out but before its answer is seen — a process killed at that instant (every later call dies too).
 * The stores are the real adapters on embedded DynamoDB (dynalite) and S3 (s3rver); Connect is mocked
 * (aws-sdk-client-mock) with the ClientToken semantics of StartOutboundVoiceContact: a repeated token returns
 * the contact while it is active, and starts a NEW contact once it has ended.
 * After the crash the dialer restarts with healthy clients and runs the next ticks. Invariants:
 * 0 double dials, 0 placed calls without evidence, 0 redials of a crashed reservation whose call may have
 * started, and no number left stuck.
 */
import {
  ConnectClient,
  DescribeContactCommand,
  GetCurrentMetricDataCommand,
  ResourceNotFoundException,
  StartOutboundVoiceContactCommand,
} from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConnectAgentAvailability, ConnectOutboundCaller } from '#shared/adapters/connect/outbound-caller.ts';
import { DynamoCampaignStore } from '#shared/adapters/dynamo/campaign-store.ts';
import { DynamoConsentStore } from '#shared/adapters/dynamo/consent-store.ts';
import { DynamoEvidenceStore } from '#shared/adapters/dynamo/evidence-store.ts';
import { DynamoInternalDncStore } from '#shared/adapters/dynamo/internal-dnc-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { S3RegistryStore } from '#shared/adapters/s3/registry-store.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import { importRegistryFile, RegistryReader } from '#shared/compliance/registry.ts';
import { bucketName } from '#shared/data/tables.ts';
import type { AttemptRecord, CampaignTarget } from '#shared/outbound/campaign.ts';
import { type DialerDeps, runDialerTick } from '#shared/outbound/dialer.ts';
import { type Clock, TokenBucket } from '#shared/outbound/token-bucket.ts';
import { bytes, outboundSettings } from '../../fixtures/outbound/factories.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';

const connect = mockClient(ConnectClient);
const IDS = {
  instanceId: 'inst-1',
  contactFlowIds: { 'outbound-whisper': 'flow-1' },
  queueIds: { Sales: 'q-1' },
};
const SETTINGS = { maxAttempts: 3, retryDelayMinutes: 60, perNumberPerDay: 3 };

class SimulatedCrash extends Error {
  override name = 'SimulatedCrash';
}

/** Kill points: the k-th point throws, and so does every point after it (the process is gone). */
class KillSwitch {
  points = 0;
  dead = false;
  constructor(private readonly killAt: number) {}
  point(): void {
    if (this.dead) throw new SimulatedCrash('process is dead');
    if (++this.points === this.killAt) {
      this.dead = true;
      throw new SimulatedCrash(`killed at point ${this.points}`);
    }
  }
}

/** An SDK client whose every `send` has a kill point before it is sent and one after it was carried out. */
function killable<T extends { send: (...args: never[]) => Promise<unknown> }>(
  client: T,
  kill: KillSwitch,
): T {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return async (...args: never[]) => {
        kill.point();
        const out = await target.send(...args);
        kill.point();
        return out;
      };
    },
  });
}

/** A clock that only moves when told (no real waiting). */
function fakeClock(startIso: string): Clock & { advance(ms: number): void } {
  let t = Date.parse(startIso);
  return {
    now: () => t,
    sleep: async (ms) => {
      t += ms;
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

interface Contact {
  id: string;
  token: string;
  e164: string;
  active: boolean;
}

/** Connect's side: contacts by id and by ClientToken, and every StartOutboundVoiceContact request seen. */
class ConnectLedger {
  readonly contacts = new Map<string, Contact>();
  readonly byToken = new Map<string, string>();
  readonly requests: { token: string; e164: string; phase: string }[] = [];
  phase = 'crash';
  private n = 0;

  install(): void {
    connect.on(GetCurrentMetricDataCommand).resolves({ MetricResults: [{ Collections: [{ Value: 3 }] }] });
    connect.on(StartOutboundVoiceContactCommand).callsFake(async (input) => {
      const token = String(input.ClientToken);
      const e164 = String(input.DestinationPhoneNumber);
      this.requests.push({ token, e164, phase: this.phase });
      // "If a contact is already started, the contact ID is returned. If the contact is disconnected, a new
      // contact is started." (StartOutboundVoiceContact, ClientToken)
      const existing = this.byToken.get(token);
      if (existing && this.contacts.get(existing)?.active) return { ContactId: existing };
      const id = `contact-${this.n++}`;
      this.contacts.set(id, { id, token, e164, active: true });
      this.byToken.set(token, id);
      return { ContactId: id };
    });
    connect.on(DescribeContactCommand).callsFake(async (input) => {
      const c = this.contacts.get(String(input.ContactId));
      if (!c) throw new ResourceNotFoundException({ message: 'no such contact', $metadata: {} });
      return {
        Contact: {
          Id: c.id,
          ...(c.active
            ? {}
            : { DisconnectTimestamp: new Date(), AnsweringMachineDetectionStatus: 'AMD_UNANSWERED' }),
        },
      };
    });
  }

  /** Every call placed so far ends (nobody answers). */
  hangUpAll(): void {
    for (const c of this.contacts.values()) c.active = false;
  }
}

let seq = 0;
const uniqueName = () => `k${Date.now().toString(36)}${(seq++).toString(36)}`;
// Fresh numbers for every run (caps count per number and day across campaigns); 206-555-2xxx is not listed.
let nextNumber = 2000;
const freshNumber = () => `+1206555${String(nextNumber++).padStart(4, '0')}`;

describe('dial path crash consistency (kill points at every SDK call; dynalite + s3rver, Connect mocked)', () => {
  useEmbeddedAws();

  beforeEach(async () => {
    connect.reset();
    const regStore = new S3RegistryStore(createS3Client());
    if (!(await regStore.readManifest('federal')))
      await importRegistryFile(regStore, {
        source: 'federal',
        kind: 'full',
        versionDate: '2025-06-01',
        fileName: 'federal.txt',
        chunks: bytes('2065550100\n2065550101\n'),
      });
  });

  function depsFor(kill: KillSwitch | undefined, clock: Clock): DialerDeps {
    const wrap = <T extends { send: (...args: never[]) => Promise<unknown> }>(c: T) =>
      kill ? killable(c, kill) : c;
    const db = wrap(createDocumentClient());
    const s3 = wrap(createS3Client());
    const client = wrap(new ConnectClient({ region: 'us-east-1' }));
    return {
      store: new DynamoCampaignStore(db),
      evidence: new DynamoEvidenceStore(db, undefined, { s3, bucket: bucketName('evidence') }),
      gate: {
        internalList: new DynamoInternalDncStore(db),
        registry: new RegistryReader(new S3RegistryStore(s3)),
        consent: new DynamoConsentStore(db),
        settings: outboundSettings(SETTINGS),
      },
      caller: new ConnectOutboundCaller(client, IDS),
      agents: new ConnectAgentAvailability(client, IDS),
      bucket: new TokenBucket(2, clock),
      clock,
      random: () => 0.5,
    };
  }

  async function campaignWith(numbers: string[], onInternalList: ReadonlySet<string>): Promise<string> {
    const db = createDocumentClient();
    const store = new DynamoCampaignStore(db);
    const name = uniqueName();
    await store.putCampaign({
      name,
      status: 'active',
      contactFlow: 'outbound-whisper',
      queue: 'Sales',
      // Fresh caller IDs too: their per-day caps would otherwise fill up over the trials of this file.
      callerIds: [freshNumber(), freshNumber()],
      policy: {},
      createdAt: '2025-06-10T00:00:00Z',
    });
    for (const [i, e164] of numbers.entries()) {
      const t: CampaignTarget = {
        campaign: name,
        e164,
        country: 'US',
        line: i + 2,
        hints: {},
        attributes: { segment: 'a' },
        state: 'pending',
        attempts: 0,
        nextAttemptAt: '2025-06-10T00:00:00.000Z',
      };
      await store.addTarget(t);
      if (onInternalList.has(e164))
        await new DynamoInternalDncStore(db).add({
          e164,
          source: 'admin',
          addedAt: '2025-06-01T00:00:00Z',
          addedBy: 'crash-test',
        });
    }
    return name;
  }

  /**
   * One trial: a tick killed at point `killAt` (or not at all when it has fewer points), a restart, then the
   * next ticks over the day. Returns the kill points the crashed tick reached and the first attempt's ledger.
   */
  async function trial(
    numbers: string[],
    listed: ReadonlySet<string>,
    killAt: number,
  ): Promise<{ points: number; first?: AttemptRecord }> {
    const name = await campaignWith(numbers, listed);
    const connectSide = new ConnectLedger();
    connectSide.install();
    // 10:00 in Seattle: inside the window, with time for every retry before 21:00.
    const clock = fakeClock('2025-06-10T17:00:00Z');
    const kill = new KillSwitch(killAt);
    try {
      await runDialerTick(depsFor(kill, clock), name);
    } catch (err) {
      // Adapters wrap what the SDK threw (CampaignStoreError, EvidenceStoreError: cause SimulatedCrash).
      if (!kill.dead) throw err;
    }
    const store = new DynamoCampaignStore(createDocumentClient());
    const evidence = new DynamoEvidenceStore(createDocumentClient());
    // What the crash left behind: reservations that never got a result.
    const crashed = (await store.listAttempts(name)).filter((a) => a.status === 'reserved');
    const requestedBeforeRestart = new Set(connectSide.requests.map((r) => r.token));
    const decisionsBeforeRestart = await evidence.forCampaign(name);

    // Restart: healthy clients, the next ticks (one a little over an hour apart), calls ending in between.
    connectSide.phase = 'restart';
    connectSide.hangUpAll();
    for (let i = 0; i < 8; i++) {
      clock.advance(61 * 60_000);
      await runDialerTick(depsFor(undefined, clock), name);
      connectSide.hangUpAll();
    }
    clock.advance(61 * 60_000);
    await runDialerTick(depsFor(undefined, clock), name); // settles the last calls

    const decisions = await evidence.forCampaign(name);
    const attempts = await store.listAttempts(name);

    // 0 double dials: one contact per ClientToken, and never more contacts for a number than attempts allowed.
    const contacts = [...connectSide.contacts.values()];
    const perToken = countBy(contacts.map((c) => c.token));
    expect(Math.max(0, ...perToken.values()), 'contacts for one ClientToken').toBeLessThanOrEqual(1);
    for (const e164 of numbers)
      expect(contacts.filter((c) => c.e164 === e164).length).toBeLessThanOrEqual(SETTINGS.maxAttempts);

    // 0 placed calls without evidence: every contact Connect started has its dial decision stored.
    for (const c of contacts) {
      const dial = decisions.filter((e) => e.decision === 'dial' && e.clientToken === c.token);
      expect(dial, `evidence for ${c.id}`).toHaveLength(1);
    }
    // … and every call the ledger knows as placed is linked to its contact on that evidence.
    for (const a of attempts.filter((x) => x.status === 'placed')) {
      const dial = decisions.find((e) => e.decision === 'dial' && e.clientToken === a.clientToken);
      expect(dial?.contactId, `contact link of attempt ${a.attempt}`).toBe(a.contactId);
    }

    // 0 redials of a crashed reservation whose call may have started (its request reached Connect, or its
    // dial decision — written just before the request — is stored): no later request for that number at all.
    for (const r of crashed) {
      const mayHaveStarted =
        requestedBeforeRestart.has(r.clientToken) ||
        decisionsBeforeRestart.some((e) => e.decision === 'dial' && e.clientToken === r.clientToken);
      const later = connectSide.requests.filter((q) => q.phase === 'restart' && q.e164 === r.e164);
      if (mayHaveStarted) expect(later, `requests after the crash for attempt ${r.attempt}`).toEqual([]);
      expect(resolved(attempts, r), 'the crashed reservation is resolved').not.toBe('reserved');
    }

    // Nothing is left stuck: every number has ended, or waits for a time still to come (a cap the crash
    // over-counted defers it to the next day: fewer calls, never more).
    const targets = await Promise.all(numbers.map((n) => store.getTarget(name, n)));
    const now = new Date(clock.now()).toISOString();
    for (const t of targets) {
      const settled = ['done', 'skipped', 'invalid'].includes(String(t?.state));
      const waiting = t?.state === 'pending' && t.nextAttemptAt > now;
      expect(settled || waiting, `kill point ${killAt}: ${JSON.stringify({ t, attempts })}`).toBe(true);
    }
    for (const e164 of listed) expect(connectSide.requests.filter((q) => q.e164 === e164)).toEqual([]);
    return { points: kill.points, first: attempts.find((a) => a.attempt === 1) };
  }

  it('a tick killed at every single kill point of a one-number dial, then restarted: the invariants hold at each', async () => {
    // Count the kill points of an uncrashed tick of the same shape (a fresh number: same path, same calls).
    const { points: total } = await trial([freshNumber()], new Set(), Number.POSITIVE_INFINITY);
    expect(total).toBeGreaterThan(20); // the dial path's SDK calls, before and after each
    const outcomes = new Map<string, number>();
    for (let k = 1; k <= total; k++) {
      const { first } = await trial([freshNumber()], new Set(), k);
      const key = first ? `${first.status}:${first.outcome ?? ''}` : 'noAttempt';
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    }
    // The sweep went through both kinds of crashed reservation: one whose call never started (dialled again
    // as a new attempt) and one whose call may have started (never dialled again).
    expect([...outcomes.keys()].some((k) => k.startsWith('failed:crashBeforeCall'))).toBe(true);
    expect([...outcomes.keys()].some((k) => k.startsWith('unknown:crashBeforeResult'))).toBe(true);
  }, 600_000);

  it('property: a kill point anywhere in a tick over several numbers (some on the internal list), then restart', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (onList, where) => {
          const shape = () => {
            const numbers = onList.map(() => freshNumber());
            return { numbers, listed: new Set(numbers.filter((_, i) => onList[i])) };
          };
          // The kill points of an uncrashed tick of this shape (fresh numbers: the same path and calls) …
          const dry = shape();
          const { points } = await trial(dry.numbers, dry.listed, Number.POSITIVE_INFINITY);
          // … then the same shape killed at one of them.
          const run = shape();
          await trial(run.numbers, run.listed, 1 + Math.min(points - 1, Math.floor(where * points)));
        },
      ),
      { numRuns: 15 },
    );
  }, 600_000);
});

function countBy(values: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

function resolved(attempts: AttemptRecord[], r: AttemptRecord): string | undefined {
  return attempts.find((a) => a.e164 === r.e164 && a.attempt === r.attempt)?.status;
}
